"""A source in the prose: ``{eval}`key``` where the chapter glued ``key_url`` too, linked.

A chapter glues a source's publisher under ``key`` (``e37_source``, say) and its address under
``key_url``; the role writes the publisher as a link to that address. The link is built as a
docutils reference node, never parsed from Markdown or HTML: Sphinx escapes its text and its
address in the HTML, and only an address that
:func:`dprk_russia.publish.escaping.link_target` admits (``https``, or ``http`` for a listed
host, nothing that could end an attribute) becomes a link; any other is shown as plain text.

In the PDF the link is written by :func:`~dprk_russia.publish.escaping.latex_link`, as in the
tables (:class:`SourceLinksInLatex`): clickable, its address exactly the source's (Sphinx's
own escaping would turn ``$`` and ``[`` into other characters), and its text able to break
where a long word must.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from myst_nb.core.variables import RetrievalError, format_plain_text
from myst_nb.ext.glue.utils import glue_warning, retrieve_glue_data
from sphinx.transforms.post_transforms import SphinxPostTransform

from .escaping import latex_link, link_target

#: The suffix of the glued name that holds a source's address.
URL_SUFFIX = "_url"


def glued_text(document: nodes.document, key: str) -> str:
    """The glued text of ``key`` (as ``{glue:text}`` shows it); ``RetrievalError`` if none."""
    result = retrieve_glue_data(document, key)
    if "text/plain" not in result.data:
        raise RetrievalError(f"No text/plain found in {key!r} data")
    return str(format_plain_text(result.data["text/plain"], "s"))


def has_address(document: nodes.document, key: str) -> bool:
    """Whether the chapter glued an address beside ``key`` (``key_url``): then it is a source."""
    try:
        glued_text(document, key + URL_SUFFIX)
    except RetrievalError:
        return False
    return True


def source_link(role: Any, key: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """The glued text of ``key``, linked to the address glued as ``key_url`` (plain text where
    that address is empty). ``role`` is the role being run (for the document and its line)."""
    try:
        text = glued_text(role.document, key)
        address = glued_text(role.document, key + URL_SUFFIX)
    except RetrievalError as exc:
        return [], [glue_warning(str(exc), role.document, role.line)]
    pasted = nodes.inline(text, text, classes=["pasted-text"])
    target = link_target(address)
    if target is None:
        if address:
            message = f"{key}: {address!r} is not an address a link may point to"
            return [pasted], [glue_warning(message, role.document, role.line)]
        role.set_source_info(pasted)
        return [pasted], []
    link = nodes.reference("", "", pasted, refuri=target, classes=["source-link"])
    role.set_source_info(link)
    return [link], []


class SourceLinksInLatex(SphinxPostTransform):
    """In the PDF, each link this role made is written by ``latex_link``, like a table's."""

    default_priority = 800  # before BreakLongWords, which leaves raw LaTeX alone
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for ref in list(self.document.findall(nodes.reference)):
            if "source-link" in ref.get("classes", []):
                raw = latex_link(ref.astext(), ref.get("refuri", ""))
                ref.replace_self(nodes.raw("", raw, format="latex"))
