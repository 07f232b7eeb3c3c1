"""Record text is shown, never interpreted: HTML or script in a record renders as literal text
in every table and in the explorer (web and PDF outputs)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
from conftest import Editor

from dprk_russia import read
from dprk_russia.notebook import latex_escape, table_html
from dprk_russia.tables import assessments_table, claims_table, events_table, statements_table
from dprk_russia.widgets import browse

HOSTILE = "<script>alert(1)</script> <b>bold</b>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;"


def hostile_data(data_copy: Path, set_cell: Editor):  # type: ignore[no-untyped-def]
    set_cell("events", "E11", "description", HOSTILE)
    set_cell("troop_claims", "C03", "wording", HOSTILE)
    set_cell("statements", "S01", "summary", HOSTILE)
    set_cell("assessments", "A01", "summary", HOSTILE)
    return read(data_copy)


def test_tables_escape_record_text(data_copy: Path, set_cell: Editor) -> None:
    data = hostile_data(data_copy, set_cell)
    for name, table in [
        ("events", events_table(data)),
        ("claims", claims_table(data)),
        ("statements", statements_table(data)),
        ("assessments", assessments_table(data)),
    ]:
        html = table_html(table, name)
        if name in ("events", "claims"):
            assert ESCAPED in html, name
        assert "<script>alert" not in html and "<b>bold" not in html, name


def _html_of(widget: w.Widget) -> str:
    parts = []
    stack = [widget]
    while stack:
        node = stack.pop()
        if isinstance(node, w.HTML):
            parts.append(node.value)
        stack.extend(getattr(node, "children", ()))
    return "\n".join(parts)


def test_explorer_escapes_record_text(data_copy: Path, set_cell: Editor) -> None:
    text = _html_of(browse(hostile_data(data_copy, set_cell)))
    assert ESCAPED in text
    assert "<script>alert" not in text and "<b>bold" not in text


def test_pdf_text_escapes_latex_specials() -> None:
    assert latex_escape("50% & $5 #1 {x}_y") == r"50\% \& \$5 \#1 \{x\}\_y"
