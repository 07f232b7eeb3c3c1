"""A Sphinx extension that makes each web page load only what it uses.

Measured with Lighthouse on a phone profile, the theme's pages spent most of their time on
scripts they did not need (see ``bench/lighthouse.py``). This extension:

* drops Font Awesome's JavaScript (1.5 MB; it swaps each ``<i class="fa-...">`` for an inline
  SVG) from every page: the theme's stylesheet already draws the same icons from its webfont;
* drops the search index and Sphinx's search scripts from every page but ``search.html``:
  search-as-you-type is off, so the search box on other pages only sends the reader there;
* loads every classic script ``defer``, so that none of them holds up the first paint (but
  ``documentation_options.js``, which the page's inline scripts read as they run, and those
  of the search page, whose search script runs at once and needs them);
* drops the widget manager (1.8 MB) and the widget state from any page that shows no widget;
* adds the explorer's script and stylesheet to the page that holds the explorer, and to no
  other;
* serves the page's stylesheets (eleven files, one of them importing another) as one file,
  ``_static/site-<checksum>.css``, less the rules for the thousands of Font Awesome icons
  that neither the themes nor the book use: on a phone connection, each stylesheet the browser
  must fetch before it paints costs a round trip;
* points that stylesheet's icon fonts at copies cut down to the icons it can still show
  (``_static/site-icons-<checksum>.woff``, a few kilobytes instead of 156 KB).

The first two are done in the page template (``templates/layout.html`` extends the theme's
own and filters its output), the rest in ``html-page-context``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.config import Config

TEMPLATES = Path(__file__).with_name("templates")
#: Scripts no page loads.
DROPPED_EVERYWHERE = ("_static/scripts/fontawesome.js",)
#: The theme's stylesheets, which its template writes into every page itself.
THEME_CSS = ("_static/styles/theme.css", "_static/styles/pydata-sphinx-theme.css")
#: Scripts only the search page loads.
SEARCH_ONLY = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")
#: Scripts that must run where they stand: inline scripts after them read what they define.
KEEP_BLOCKING = ("_static/documentation_options.js",)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: What marks the page that holds the explorer (see ``explorer_page``), and what it loads.
EXPLORER_MARK = "data-explorer-records"
EXPLORER_JS, EXPLORER_CSS = "_static/explorer.js", "_static/explorer.css"


def drop_assets(html: str, names: Iterable[str]) -> Markup:
    """``html`` without the ``<script src=...>`` and ``<link href=...>`` elements that load any
    of ``names`` (a path under the site's root, matched at the end of the address, before any
    query)."""
    for name in names:
        address = rf'="(?:[^"]*/)?{re.escape(name)}(?:\?[^"]*)?"'
        html = re.sub(rf"<script\b[^>]*\ssrc{address}[^>]*>\s*</script>\s*", "", html)
        html = re.sub(rf"<link\b[^>]*\shref{address}[^>]*>\s*", "", html)
    return Markup(html)


#: One icon rule of Font Awesome's stylesheet: ``.fa-bars:before,.fa-navicon:before{content:..}``.
ICON_RULE = re.compile(r'(?:\.fa-[a-z0-9-]+:(?:before|after),?)+\{content:"[^"]*"\}')
ICON_NAME = re.compile(r"fa-[a-z0-9-]+")
CSS_URL = re.compile(r"""url\((['"]?)([^)'"]+)\1\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?['"]?([^'")]+)['"]?\)?\s*;""")


def icons_in_use(srcdir: Path) -> frozenset[str]:
    """Every ``fa-...`` name that the themes' code and templates or the book's sources
    mention: the icons a page can show (the themes' buttons are named in their Python)."""
    names: set[str] = set()
    roots = [srcdir / "book"] if (srcdir / "book").is_dir() else [srcdir]
    for package in ("pydata_sphinx_theme", "sphinx_book_theme"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            roots.append(Path(spec.origin).parent)
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix not in (".py", ".html", ".js", ".md") or "fontawesome" in path.name:
                continue
            names.update(ICON_NAME.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return frozenset(names)


def without_unused_icons(css: str, used: frozenset[str]) -> str:
    """The stylesheet less the icon rules whose every selector names an icon not in ``used``."""

    def keep(rule: re.Match[str]) -> str:
        names = set(ICON_NAME.findall(rule.group(0).split("{", 1)[0]))
        return rule.group(0) if names & used else ""

    return ICON_RULE.sub(keep, css)


def inlined_css(static: Path, name: str, seen: frozenset[str] = frozenset()) -> str:
    """The stylesheet ``name`` (a path under ``static``) with its ``@import``s inlined and its
    relative ``url()``s rewritten to be relative to ``static`` itself."""
    folder = posixpath.dirname(name)
    text = re.sub(r'@charset\s+"[^"]*";', "", (static / name).read_text(encoding="utf-8"))

    def rebase(target: str) -> str:
        return posixpath.normpath(posixpath.join(folder, target))

    def url(match: re.Match[str]) -> str:
        quote, target = match.groups()
        if re.match(r"^(?:[a-z]+:|/|#)", target):
            return match.group(0)
        return f"url({quote}{rebase(target)}{quote})"

    imports: list[str] = []

    def imported(match: re.Match[str]) -> str:
        target = rebase(match.group(1))
        inner = "" if target in seen else inlined_css(static, target, seen | {name})
        imports.append(inner)
        return f"/*@import {len(imports) - 1}*/"

    text = CSS_URL.sub(url, CSS_IMPORT.sub(imported, text))
    return re.sub(r"/\*@import (\d+)\*/", lambda m: imports[int(m.group(1))], text)


def _local_file(static: Path, name: str) -> bool:
    """Whether ``_static/<name>`` is in the output; MyST-NB's stylesheet is copied there only
    when the build finishes, so it is copied now from the package."""
    if (static / name).is_file():
        return True
    if re.fullmatch(r"mystnb\.[0-9a-f]+\.css", name):
        spec = importlib.util.find_spec("myst_nb")
        if spec is not None and spec.origin is not None:
            source = Path(spec.origin).parent / "static" / "mystnb.css"
            if source.is_file():
                static.mkdir(parents=True, exist_ok=True)
                (static / name).write_bytes(source.read_bytes())
                return True
    return False


FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,6})")


def icon_codepoints(css: str) -> set[int]:
    """The private-use code points a stylesheet can show: written as characters or escapes."""
    found = {ord(c) for c in css if 0xE000 <= ord(c) <= 0xF8FF}
    found |= {int(h, 16) for h in CSS_ESCAPE.findall(css)}
    return {c for c in found if 0xE000 <= c <= 0xF8FF}


def subset_icon_fonts(static: Path, css: str) -> str:
    """``css`` with each Font Awesome ``@font-face`` pointing at a WOFF copy of its font cut
    down to the code points the stylesheet uses (the font is left as it is if that fails)."""
    wanted = icon_codepoints(css)
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - fontTools comes with matplotlib
        return css

    def face(match: re.Match[str]) -> str:
        block = match.group(0)
        ttf = re.search(r"url\(([^)]+\.ttf)\)", block)
        if "Font Awesome" not in block or ttf is None or not (static / ttf.group(1)).is_file():
            return block
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = []
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = TTFont(static / ttf.group(1), recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        out = io.BytesIO()
        font.flavor = "woff"
        font.save(out)
        data = out.getvalue()
        name = f"site-icons-{hashlib.sha256(data).hexdigest()[:12]}.woff"
        (static / name).write_bytes(data)
        return re.sub(r"src:[^;}]*", f'src:url({name}) format("woff")', block)

    return FONT_FACE.sub(face, css)


_BUNDLES: dict[tuple[str, ...], str] = {}


def _bundled(app: Sphinx, css_files: list[Any]) -> list[Any]:
    """The page's stylesheets as one file (written once per distinct list of stylesheets)."""
    static = Path(app.outdir) / "_static"
    local = []
    for css in css_files:
        attrs, name = _attributes(css), _filename(css)
        plain = set(attrs) <= {"rel", "type"} and attrs.get("rel") == "stylesheet"
        if plain and name.startswith("_static/") and _local_file(static, name[8:]):
            local.append(css)
    if len(local) < 2:
        return css_files
    key = (str(static), *(_filename(c) for c in local))
    if key not in _BUNDLES or not (static / _BUNDLES[key][8:]).is_file():
        used = icons_in_use(Path(app.srcdir))
        text = "\n".join(inlined_css(static, _filename(c)[8:]) for c in local)
        text = '@charset "UTF-8";\n' + without_unused_icons(text, used)
        text = subset_icon_fonts(static, text)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        (static / f"site-{digest}.css").write_text(text, encoding="utf-8")
        _BUNDLES[key] = f"_static/site-{digest}.css"
    first = css_files.index(local[0])
    bundle = type(local[0])(_BUNDLES[key], priority=local[0].priority)
    rest = [c for c in css_files if c not in local]
    return [*rest[:first], bundle, *rest[first:]]


def _add_templates(app: Sphinx, config: Config) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def _attributes(script: Any) -> dict[str, str]:
    return dict(getattr(script, "attributes", {}) or {})


def _filename(script: Any) -> str:
    return str(getattr(script, "filename", "") or "")


def _deferred(script: Any) -> Any:
    """The script with ``defer`` if it is a classic external script that may wait."""
    name, attrs = _filename(script), _attributes(script)
    if not name or "://" in name or name.endswith(KEEP_BLOCKING):
        return script
    if attrs.keys() & {"async", "defer", "type", "body"}:
        return script
    return type(script)(name, priority=script.priority, defer="defer", **attrs)


def _explorer_css(like: Any) -> Any:
    return type(like)(EXPLORER_CSS, priority=900)


def _page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["site_drop_assets"] = drop_assets
    context["site_dropped_here"] = () if pagename == "search" else SEARCH_ONLY
    scripts = list(context.get("script_files") or [])
    body = str(context.get("body") or "")
    if WIDGET_VIEW not in body:
        manager = tuple(getattr(app.config, "nb_ipywidgets_js", {}) or {})
        scripts = [
            s
            for s in scripts
            if _attributes(s).get("type") != WIDGET_STATE
            and not (manager and _filename(s).endswith(manager))
        ]
    explorer = EXPLORER_MARK in body and bool(scripts)
    if explorer:
        scripts.append(type(scripts[0])(EXPLORER_JS, priority=800, defer="defer"))
    # The search page's own scripts (searchtools.js) run at once and need doctools.js first.
    context["script_files"] = scripts if pagename == "search" else [_deferred(s) for s in scripts]
    # Thebe's scripts are gone (dprk_russia.publish.sphinxext): its stylesheet goes too.
    css_files = [c for c in context.get("css_files") or [] if "thebe" not in _filename(c)]
    if explorer and css_files:  # after the shared bundle, which every page then reuses
        context["css_files"] = css_files = [*css_files, _explorer_css(css_files[0])]
    static = Path(app.outdir) / "_static"
    # The theme writes its own two stylesheets into the page ahead of the others.
    theme = [name for name in THEME_CSS if (static / name[8:]).is_file()]
    if css_files and len(theme) == len(THEME_CSS):
        first = min(c.priority for c in css_files) - 1
        css_files = [type(css_files[0])(name, priority=first) for name in theme] + css_files
    bundled = _bundled(app, [c for c in css_files if _filename(c) != EXPLORER_CSS])
    bundled += [c for c in css_files if _filename(c) == EXPLORER_CSS]
    if not any(_filename(c).startswith("_static/site-") for c in bundled):
        # Nothing bundled: the theme's own links stay.
        context["site_dropped_everywhere"] = DROPPED_EVERYWHERE
        return
    context["site_dropped_everywhere"] = (*DROPPED_EVERYWHERE, *THEME_CSS)
    context["css_files"] = bundled


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_templates)
    # After dprk_russia.publish.sphinxext (900), which rewrites the script list it is given.
    app.connect("html-page-context", _page, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
