"""Record text is shown, never interpreted: one escaping function per output, each tested with
the whole hostile corpus (``corpus.ALL``, rejected payloads included: escaping must not rely on
validation), plus the tables and the explorer built from hostile records.

The built outputs (pages in a real browser, the PDF, the CSV downloads) are tested with the
same corpus in ``test_hostile_build.py``.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import re
from pathlib import Path

import ipywidgets as w
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import Editor
from corpus import ALL, Payload
from docutils import nodes
from markdown_it import MarkdownIt

from dprk_russia import read
from dprk_russia.publish.escaping import (
    FORMULA_START,
    LINE_BREAKS,
    REPLACEMENT,
    UNSAFE,
    csv_cell,
    html_text,
    latex_text,
    script_json,
)
from dprk_russia.publish.explorer_page import explorer_html
from dprk_russia.publish.sphinxext import _safe_json_outputs, _safe_json_script
from dprk_russia.publish.table_output import (
    column_shares,
    latex_block,
    table_csv,
    table_html,
    table_latex,
)
from dprk_russia.tables import assessments_table, claims_table, events_table, statements_table
from dprk_russia.widgets import live_filters

HOSTILE = "<script>alert(1)</script> <b>bold</b>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;"
IDS = [p.name for p in ALL]


def shown(text: str, line_break: str) -> str:
    """What an output shows for a text: line breaks as given, never-text characters as U+FFFD."""
    return UNSAFE.sub(REPLACEMENT, LINE_BREAKS.sub(line_break, text))


def hostile_data(data_copy: Path, set_cell: Editor):  # type: ignore[no-untyped-def]
    set_cell("events", "E11", "description", HOSTILE)
    set_cell("troop_claims", "C03", "wording", HOSTILE)
    set_cell("statements", "S01", "summary", HOSTILE)
    set_cell("assessments", "A01", "summary", HOSTILE)
    return read(data_copy)


# --- HTML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_html_text_is_text_in_content_and_attributes(payload: Payload) -> None:
    out = html_text(payload.text)
    assert not set("<>\"'") & set(out)
    assert html.unescape(out) == shown(payload.text, "\n")
    soup = BeautifulSoup(f'<p title="{out}">{out}</p>', "html.parser")
    (p,) = soup.find_all(True)
    assert p.attrs == {"title": shown(payload.text, "\n")}
    assert p.get_text() == shown(payload.text, "\n")


def corpus_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"Id": [f"X{i:02d}" for i in range(len(ALL))], "Text": [p.text for p in ALL], "N": 1}
    )


def test_table_html_holds_the_corpus_as_cell_text() -> None:
    soup = BeautifulSoup(table_html(corpus_frame(), "hostile"), "html.parser")
    cells = [td.get_text() for td in soup.select("tbody td:nth-of-type(2)")]
    assert cells == [shown(p.text, "\n") for p in ALL]
    assert not soup.find_all(lambda t: any(a.startswith("on") for a in t.attrs))
    assert [t.name for t in soup.find_all(["script", "img", "iframe", "svg"])] == ["script"]


def test_tables_escape_record_text(data_copy: Path, set_cell: Editor) -> None:
    data = hostile_data(data_copy, set_cell)
    for name, table in [
        ("events", events_table(data)),
        ("claims", claims_table(data)),
        ("statements", statements_table(data)),
        ("assessments", assessments_table(data)),
    ]:
        page = table_html(table, name).replace("<wbr>", "")  # break points we add
        if name in ("events", "claims"):
            assert ESCAPED in page, name
        assert "<script>alert" not in page and "<b>bold" not in page, name


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
    data = hostile_data(data_copy, set_cell)
    page = explorer_html(data)
    soup = BeautifulSoup(page, "html.parser")
    script = soup.find("script", id="explorer-records")
    assert script is not None
    body = script.string or ""
    assert "<" not in body and ">" not in body and "&" not in body
    texts = [r["text"] for r in json.loads(body)["records"]]
    assert sum(HOSTILE in t for t in texts) == 4  # one event, claim, statement, assessment
    outside = page.replace(body, "")
    assert "<script>alert" not in outside and "<b>bold" not in outside
    # The live (kernel-only) filters escape it too.
    text = _html_of(live_filters(data))
    assert ESCAPED in text
    assert "<script>alert" not in text and "<b>bold" not in text


# --- JSON inside <script> (the explorer's records, widget state) ------------------------


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_script_json_cannot_end_or_restart_its_element(payload: Payload) -> None:
    original = json.dumps({"_options_labels": [payload.text], "nested": {"k": payload.text}})
    out = script_json(original)
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == json.loads(original)


def test_script_json_keeps_any_json_value() -> None:
    value = {"a": ["</script>", "<\\/script>", "\\<", "<!--", "\u2028"], "b": 1.5, "c": None}
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False)):
        assert json.loads(script_json(text)) == value


def test_widget_state_and_views_are_rewritten_with_script_json() -> None:
    from sphinx.builders.html._assets import _JavaScript

    body = json.dumps({"label": "</SCRIPT><img src=x onerror=alert(1)>"})
    state = _JavaScript("", body=body, type="application/vnd.jupyter.widget-state+json")
    safe = _safe_json_script(state)
    assert "<" not in safe.attributes["body"]
    assert json.loads(safe.attributes["body"]) == json.loads(body)
    plain = _JavaScript("x.js", type="module")
    assert _safe_json_script(plain) is plain

    mime = "application/vnd.jupyter.widget-view+json"
    doc = nodes.section()
    raw = f'<script type="{mime}">{body}</script>'
    doc += nodes.raw(text=raw, format="html")
    _safe_json_outputs(None, doc, "x")  # type: ignore[arg-type]
    text = doc.children[0].astext()
    inner = text.removeprefix(f'<script type="{mime}">').removesuffix("</script>")
    assert "<" not in inner and json.loads(inner) == json.loads(body)


# --- LaTeX ----------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\\(textbackslash|textasciitilde|textasciicircum|textasciigrave|allowbreak)\{\}"
    r"|\\[&%$#_{}]|\\cjk\{|."
)
_BACK = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textasciigrave{}": "`",
    r"\allowbreak{}": "",
}


def unlatex(out: str) -> str:
    """Read escaped LaTeX back; fail on any character LaTeX would read as markup."""
    text, depth = [], 0
    for match in _TOKEN.finditer(out):
        token = match.group(0)
        if token in _BACK:
            text.append(_BACK[token])
        elif token == r"\cjk{":
            depth += 1
        elif len(token) == 2 and token[0] == "\\":
            text.append(token[1])
        elif token == "}" and depth:
            depth -= 1
        else:
            assert token not in "\\{}&%$#_~^`", f"unescaped {token!r} in {out!r}"
            text.append(token)
    assert depth == 0
    return "".join(text)


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_latex_text_is_text_on_one_line(payload: Payload) -> None:
    out = latex_text(payload.text)
    assert not LINE_BREAKS.search(out) and "\t" not in out
    assert not UNSAFE.search(out)
    assert unlatex(out) == shown(payload.text, " ").replace("\t", " ")


def test_latex_text_lets_long_words_break() -> None:
    out = latex_text("https://example.org/" + "a" * 100)
    pieces = out.split(r"\allowbreak{}")
    assert max(len(piece) for piece in pieces) <= 10
    assert latex_text("short words stay whole") == "short words stay whole"


def test_a_table_column_is_never_narrower_than_its_longest_word() -> None:
    frame = pd.DataFrame(
        {
            "Id": ["C01", "C02"],
            "Country": ["International", "Multilateral"],
            "Text": ["a long sentence of many ordinary words " * 8, "short"],
            "Address": ["https://example.org/" + "x" * 120, "https://example.org/"],
        }
    )
    shares = column_shares(frame)
    assert sum(shares) <= 0.99 + 1e-9
    floor = (len("International") * 3.8 + 6.0) / 450.0  # 3.8 pt: a generous letter
    assert shares[1] >= floor
    assert shares[2] > shares[1]  # the long text still gets the most room
    assert r"\hspace{0pt}" in table_latex(frame)  # first words may hyphenate


def test_latex_table_travels_in_one_markdown_fence() -> None:
    """MyST reads the PDF's tables as Markdown: no record text may end the fence (a bare CR,
    a newline, a backtick run) and turn the rest of the table into Markdown."""
    frame = corpus_frame()
    tokens = MarkdownIt("commonmark").parse(latex_block(frame))
    assert [t.type for t in tokens] == ["fence"]
    assert tokens[0].info == "{raw} latex"
    assert tokens[0].content == table_latex(frame)


def test_pdf_text_escapes_latex_specials() -> None:
    assert latex_text("50% & $5 #1 {x}_y") == r"50\% \& \$5 \#1 \{x\}\_y"


# --- CSV ------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_csv_cell_neutralises_formulas(payload: Payload) -> None:
    out = csv_cell(payload.text)
    formula = payload.text.lstrip(" ")[:1] in FORMULA_START
    assert out == ("'" + payload.text if formula else payload.text)


def test_csv_download_holds_the_corpus_and_runs_nothing() -> None:
    frame = corpus_frame()
    text = table_csv(frame)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[0] == ["Id", "Text", "N"]
    for row, payload in zip(rows[1:], ALL, strict=True):
        assert row[1] == csv_cell(payload.text)
        assert row[2] == "1"  # numbers stay numbers
        for cell in row:
            assert cell.lstrip(" ")[:1] not in FORMULA_START, cell


def test_table_html_offers_the_csv_download() -> None:
    frame = corpus_frame()
    soup = BeautifulSoup(table_html(frame, "hostile-corpus"), "html.parser")
    (link,) = soup.select("a[download]")
    assert link["download"] == "hostile-corpus.csv"
    prefix = "data:text/csv;charset=utf-8;base64,"
    assert link["href"].startswith(prefix)
    assert base64.b64decode(link["href"][len(prefix) :]).decode("utf-8") == table_csv(frame)
