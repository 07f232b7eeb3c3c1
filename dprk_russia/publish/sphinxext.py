"""A small Sphinx extension for the book's HTML: no thebe, no duplicated inline scripts, and
widget JSON that cannot end its script element.

Jupyter Book always loads sphinx-thebe, whose inline configuration script can be written twice
to a page (the browser then logs "Identifier 'THEBE_JS_URL' has already been declared") and
which names a CDN. The report does not offer live code on its pages (readers rerun the
notebooks in JupyterLab), so thebe's scripts are dropped and any duplicate script is removed.

MyST-NB embeds the explorer's widget state (record text in labels and options) as JSON in a
``<script>`` element, guarding only against the exact lower-case ``</script>``: a record
holding ``</SCRIPT><img src=x onerror=...>`` would end the element and run. Every widget JSON
the page embeds is rewritten with :func:`dprk_russia.publish.escaping.script_json` (``<`` as
``\\u003c``, whatever follows it), which leaves its value unchanged.

It also links the sources in the prose (:mod:`dprk_russia.publish.source_role`): a glued
source, linked to its page.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .escaping import script_json, word_pieces

#: The script types whose body is JSON that may hold record text.
WIDGET_JSON = (
    "application/vnd.jupyter.widget-state+json",
    "application/vnd.jupyter.widget-view+json",
)


def _is_thebe(script: Any) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return "thebe" in str(filename) or "THEBE_JS_URL" in body


def _clean_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, str]] = set()
    kept = []
    for script in scripts:
        key = (
            str(getattr(script, "filename", script)),
            str(getattr(script, "attributes", {}).get("body", "")),
        )
        if _is_thebe(script) or key in seen:
            continue
        seen.add(key)
        kept.append(_safe_json_script(script))
    context["script_files"] = kept


def _safe_json_script(script: Any) -> Any:
    """The script, with its body rewritten by ``script_json`` if it is widget JSON."""
    attributes = dict(getattr(script, "attributes", {}) or {})
    if attributes.get("type") not in WIDGET_JSON or "body" not in attributes:
        return script
    attributes["body"] = script_json(str(attributes["body"]))
    return type(script)(script.filename, priority=script.priority, **attributes)


def _safe_json_outputs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Rewrite the widget-view JSON that MyST-NB writes into the page as raw HTML."""
    for node in doctree.findall(nodes.raw):
        if "html" not in node.get("format", "").split():
            continue
        text = node.astext()
        for mime in WIDGET_JSON:
            start, end = f'<script type="{mime}">', "</script>"
            if text.startswith(start) and text.endswith(end):
                body = text[len(start) : -len(end)]
                node[0] = nodes.Text(start + script_json(body) + end)


#: Where text is set as it is, or where LaTeX may not take a break point (links, titles).
_KEEP_WHOLE = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.raw,
    nodes.reference,
    nodes.math,
    nodes.title,
    nodes.comment,
    nodes.target,
)
_WORDS = re.compile(r"(\s+)")


class BreakLongWords(SphinxPostTransform):
    """In the PDF, a long word in running text (an address that a record's text brings into
    a sentence through a glued value) may break across lines instead of running past the
    margin: the same break points as in the tables
    (:func:`dprk_russia.publish.escaping.word_pieces`)."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or self._kept_whole(parent):
                continue
            words = _WORDS.split(str(text))
            if all(len(word_pieces(word)) == 1 for word in words):
                continue
            replacement: list[nodes.Node] = []
            for word in words:
                for i, piece in enumerate(word_pieces(word) if word.strip() else [word]):
                    if i:
                        replacement.append(nodes.raw("", r"\allowbreak{}", format="latex"))
                    replacement.append(nodes.Text(piece))
            parent.replace(text, replacement)

    @staticmethod
    def _kept_whole(node: nodes.Node) -> bool:
        current: nodes.Node | None = node
        while current is not None:
            if isinstance(current, _KEEP_WHOLE):
                return True
            current = current.parent
        return False


def setup(app: Sphinx) -> dict[str, Any]:
    from .source_role import SourceLinksInLatex

    app.add_post_transform(SourceLinksInLatex)
    app.connect("html-page-context", _clean_scripts, priority=900)
    app.connect("doctree-resolved", _safe_json_outputs)
    app.add_post_transform(BreakLongWords)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
