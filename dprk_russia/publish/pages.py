"""A Sphinx extension for the published book: links into the web edition, the download menu,
the pages' social-card metadata, and the PDF's opening chapter.

- ``{web}`text <path>``` links to a file of the published site (``downloads/…``, or a page):
  on a web page a relative link, so the site works at any base path; in the PDF the web
  edition's full address (``html_baseurl``), or the text alone when none is configured.
- The theme's download menu offers the real PDF and the evidence base instead of
  ``window.print()``.
- Each page carries a meta description and Open Graph / Twitter card metadata: title,
  description (the page's first paragraph), and, when the site's address is configured, the
  canonical address and an image: a PNG of the page's first figure (the book's first figure on
  pages without one), which ``python -m dprk_russia.publish.site`` renders next to the SVG.
- In the PDF, the landing page's opening paragraphs go into its first chapter (Key judgments)
  instead of standing alone after the contents under a "Contents" running head.
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath
from typing import Any

from docutils import nodes, utils
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import split_explicit_title

from .site import DATA_ZIP, PDF

#: What a ``{web}`` target may be: a path inside the site.
_TARGET = re.compile(r"[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*(?:#[A-Za-z0-9_-]+)?")
#: How long a description may be (search engines show about this much).
DESCRIPTION_CHARS = 200


class web_link(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A link to a file of the published site, resolved per output by :class:`WebLinks`."""


def web_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    _, title, target = split_explicit_title(utils.unescape(text))
    target = target.strip()
    if not _TARGET.fullmatch(target) or ".." in target.split("/"):
        msg = inliner.reporter.error(
            f"{{web}} needs a path inside the site (letters, digits, ._-/): {target!r}",
            line=lineno,
        )
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [web_link(rawtext, title, target=target)], []


def site_address(base: str) -> str:
    """``html_baseurl`` with one trailing slash ('' when none is configured)."""
    return base.rstrip("/") + "/" if base else ""


class WebLinks(SphinxPostTransform):
    """``{web}`` links: relative on web pages, the full address in the PDF."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        fmt = self.app.builder.format
        base = site_address(self.config.html_baseurl)
        depth = self.env.docname.count("/")
        for node in list(self.document.findall(web_link)):
            title, target = node.astext(), node["target"]
            if fmt == "html":
                ref = nodes.reference(title, title, refuri="../" * depth + target)
                ref["classes"].append("web-link")
                node.replace_self(ref)
            elif fmt == "latex" and base:
                node.replace_self(
                    [
                        nodes.Text(f"{title} ("),
                        nodes.raw("", r"\url{" + base + target + "}", format="latex"),
                        nodes.Text(")"),
                    ]
                )
            else:
                node.replace_self(nodes.Text(title))


class IntroIntoFirstChapter(SphinxPostTransform):
    """In the PDF, the landing page's paragraphs before its first section open that section.

    Sphinx makes the landing page's title the document's title and its sections chapters; what
    stands before the first section would sit alone between the contents and chapter 1.
    """

    default_priority = 30
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        top = next((c for c in self.document.children if isinstance(c, nodes.section)), None)
        if top is None:
            return
        first = next((c for c in top.children if isinstance(c, nodes.section)), None)
        if first is None:
            return
        lead = [
            c
            for c in top.children[: top.index(first)]
            if not isinstance(c, nodes.title | nodes.target | nodes.comment)
        ]
        if not lead:
            return
        for child in lead:
            top.remove(child)
        at = 1 if first.children and isinstance(first[0], nodes.title) else 0
        first[at:at] = lead


# --- The download menu --------------------------------------------------------------------


def _download_menu(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The theme's download menu: the real PDF (not ``window.print()``) and the evidence base."""
    pathto = context.get("pathto")
    if pathto is None:
        return
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = [b for b in group.get("buttons", []) if b.get("label") != "download-pdf-button"]
        buttons.append(
            {
                "type": "link",
                "url": pathto(PDF, 1),
                "text": ".pdf",
                "tooltip": "The whole report as PDF",
                "icon": "fas fa-file-pdf",
                "label": "download-pdf-button",
            }
        )
        buttons.append(
            {
                "type": "link",
                "url": pathto(DATA_ZIP, 1),
                "text": "data (.zip)",
                "tooltip": "The evidence base: CSV tables with datapackage.json",
                "icon": "fas fa-database",
                "label": "download-data-button",
            }
        )
        group["buttons"] = buttons


# --- Social-card metadata -----------------------------------------------------------------

_WEB_IMAGES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
_SKIP = (nodes.Admonition, nodes.figure, nodes.table, nodes.footnote, nodes.caption)


def description(doctree: nodes.Node, limit: int = DESCRIPTION_CHARS) -> str:
    """The page's first paragraph of running text, cut at a word to ``limit`` characters."""
    for para in doctree.findall(nodes.paragraph):
        parent = para.parent
        inside = False
        while parent is not None:
            if isinstance(parent, _SKIP) or "cell_output" in parent.get("classes", []):
                inside = True
                break
            parent = parent.parent
        text = " ".join(para.astext().split())
        if inside or not text:
            continue
        if len(text) <= limit:
            return text
        return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—–-") + "…"
    return ""


def first_figure(env: Any, docname: str) -> tuple[str, str] | None:
    """The file name (in ``_images``) and the alt text of the page's first figure."""
    try:
        doctree = env.get_doctree(docname)
    except (OSError, KeyError):
        return None
    for figure in doctree.findall(nodes.figure):
        # An unresolved page holds each output in every format (MyST-NB picks one per builder
        # later): the web's is the SVG or a bitmap, never the PDF.
        found = [
            image
            for image in figure.findall(nodes.image)
            if image.get("uri", "") in env.images
            and PurePosixPath(image.get("uri", "")).suffix.lower() in _WEB_IMAGES
        ]
        # A chart carries SVG (what the web page shows) and PNG (for an untrusted notebook):
        # the card is drawn from the SVG the page shows, never from the unused PNG.
        found.sort(key=lambda image: PurePosixPath(image["uri"]).suffix.lower() != ".svg")
        if found:
            return str(env.images[found[0]["uri"]][1]), str(found[0].get("alt", ""))
    return None


def _toc_order(env: Any, root: str) -> list[str]:
    order, todo = [], [root]
    while todo:
        doc = todo.pop(0)
        if doc in order:
            continue
        order.append(doc)
        todo[0:0] = env.toctree_includes.get(doc, [])
    return order


def card_image(name: str) -> str:
    """The card image for a figure file: its PNG (rendered by the site step from the SVG)."""
    path = PurePosixPath(name)
    return f"_images/{path.stem}.png" if path.suffix == ".svg" else f"_images/{name}"


def _meta_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None:
        return
    env = app.env
    project = str(app.config.html_title or app.config.project)
    titles = list(doctree.findall(nodes.title))
    page_title = titles[0].astext() if titles else project
    title = page_title if page_title == project else f"{page_title} — {project}"
    desc = description(doctree)
    base = site_address(app.config.html_baseurl)
    figure = first_figure(env, pagename)
    if figure is None:
        cache = getattr(app, "_report_default_figure", None)
        if cache is None:
            cache = next(
                (
                    f
                    for d in _toc_order(env, app.config.root_doc)
                    if (f := first_figure(env, d)) is not None
                ),
                ("", ""),
            )
            app._report_default_figure = cache  # type: ignore[attr-defined]
        figure = cache if cache[0] else None
    tags = [("name", "description", desc)] if desc else []
    tags += [
        ("property", "og:type", "website" if pagename == app.config.root_doc else "article"),
        ("property", "og:site_name", project),
        ("property", "og:title", title),
    ]
    if desc:
        tags.append(("property", "og:description", desc))
    if base:
        tags.append(("property", "og:url", f"{base}{pagename}.html"))
    image = f"{base}{card_image(figure[0])}" if base and figure else None
    if image and figure:
        tags += [("property", "og:image", image)]
        if figure[1]:
            tags.append(("property", "og:image:alt", figure[1]))
    tags += [
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", title),
    ]
    if desc:
        tags.append(("name", "twitter:description", desc))
    if image:
        tags.append(("name", "twitter:image", image))
    lines = [
        f'<meta {attr}="{html.escape(key)}" content="{html.escape(value, quote=True)}" />'
        for attr, key, value in tags
    ]
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(lines) + "\n"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(web_link)
    app.add_role("web", web_role)
    app.add_post_transform(WebLinks)
    app.add_post_transform(IntroIntoFirstChapter)
    app.connect("html-page-context", _download_menu, priority=600)
    app.connect("html-page-context", _meta_tags, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
