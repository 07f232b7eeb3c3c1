"""``{glue:source}`key```: a glued source, shown as ``{glue:text}`` shows it, linked to its page.

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
from myst_nb.ext.utils import RoleBase
from sphinx.transforms.post_transforms import SphinxPostTransform

from .escaping import latex_link, link_target

#: The suffix of the glued name that holds a source's address.
URL_SUFFIX = "_url"


class PasteSourceRole(RoleBase):  # type: ignore[misc]  # myst-nb is untyped
    """Paste the glued text of ``key`` (as ``{glue:text}``), linked to the address glued as
    ``key_url`` (plain text where that address is empty)."""

    def _glued_text(self, key: str) -> str:
        result = retrieve_glue_data(self.document, key)
        if "text/plain" not in result.data:
            raise RetrievalError(f"No text/plain found in {key!r} data")
        return str(format_plain_text(result.data["text/plain"], "s"))

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        key = self.text
        try:
            text = self._glued_text(key)
            address = self._glued_text(key + URL_SUFFIX)
        except RetrievalError as exc:
            return [], [glue_warning(str(exc), self.document, self.line)]
        pasted = nodes.inline(text, text, classes=["pasted-text"])
        target = link_target(address)
        if target is None:
            if address:
                message = f"{key}: {address!r} is not an address a link may point to"
                return [pasted], [glue_warning(message, self.document, self.line)]
            self.set_source_info(pasted)
            return [pasted], []
        link = nodes.reference("", "", pasted, refuri=target, classes=["source-link"])
        self.set_source_info(link)
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
