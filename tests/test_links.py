"""Links to sources: only a plain web address becomes a link, and a link shows its text as text
in every output (HTML table cells, LaTeX, the ``{glue:source}`` role), whatever a record holds.

The addresses come from ``corpus.URLS_ACCEPTED`` (pass validation, yet hold characters that
mean something to HTML, LaTeX or Markdown) and ``corpus.URLS_REJECTED`` (refused by validation;
the link functions must refuse them too, without relying on it).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from corpus import ALL, URLS_ACCEPTED, URLS_REJECTED, Payload
from docutils import nodes
from docutils.core import publish_from_doctree
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from test_escaping import shown, unlatex

from dprk_russia.publish import source_role
from dprk_russia.publish.escaping import html_link, latex_link, link_target
from dprk_russia.publish.table_output import table_csv, table_html, table_latex
from dprk_russia.views.table_cells import Cell, dated, joined, linked, numbered, with_ids

IDS = [p.name for p in ALL]
WEB = [u for u in URLS_ACCEPTED if u.startswith(("https://", "http://"))]


# --- Which addresses may be linked ----------------------------------------------------------


@pytest.mark.parametrize("url", URLS_ACCEPTED)
def test_a_web_address_is_a_link_target(url: str) -> None:
    assert link_target(url) == url


@pytest.mark.parametrize("url", URLS_REJECTED)
def test_anything_else_is_never_a_link_target(url: str) -> None:
    assert link_target(url) is None
    assert "<a " not in html_link("text", url)
    assert "sphinxhref" not in latex_link("text", url)


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA, "", 12])
def test_a_missing_address_is_no_link(value: object) -> None:
    assert link_target(value) is None
    assert linked("Publisher", value).links == ()


# --- HTML -----------------------------------------------------------------------------------


def _one_link(fragment: str, allowed: tuple[str, ...] = ("p", "a", "wbr")) -> Any:
    """The one link in an HTML fragment that holds nothing else but ``allowed`` elements."""
    soup = BeautifulSoup(f"<p>{fragment}</p>", "html.parser")
    assert not [t for t in soup.find_all(True) if t.name not in allowed]
    assert not [a for t in soup.find_all(True) for a in t.attrs if a.lower().startswith("on")]
    (link,) = soup.find_all("a")
    return link


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_html_link_text_is_text(payload: Payload) -> None:
    link = _one_link(html_link(payload.text, "https://example.org/a?b=1&c=2"))
    assert link.get_text() == shown(payload.text, "\n")
    assert link["href"] == "https://example.org/a?b=1&c=2"
    assert link["rel"] == ["noopener", "noreferrer"]


@pytest.mark.parametrize("url", WEB)
def test_html_link_address_is_the_address(url: str) -> None:
    assert _one_link(html_link("<b>x</b>", url))["href"] == url


def test_a_link_to_a_row_of_the_book_is_a_record_link() -> None:
    link = _one_link(html_link("E12", "timeline.html#events-E12"))
    assert link["href"] == "timeline.html#events-E12" and link["class"] == ["record-link"]
    assert link_target("timeline.html#events-E12\"onmouseover='x'") is None


# --- LaTeX ----------------------------------------------------------------------------------

_HREF = re.compile(r"\\sphinxhref\{((?:\\.|[^{}\\])*)\}\{(.*)\}\Z", re.DOTALL)


@pytest.mark.parametrize("url", WEB)
def test_latex_link_holds_the_address_escaped(url: str) -> None:
    out = latex_link("SpaceWar (AFP)", url)
    match = _HREF.fullmatch(out)
    assert match, out
    address = match.group(1)
    assert not re.search(r"(?<!\\)[%#&_]", address), address  # TeX would read these
    assert re.sub(r"\\([%#&$_])", r"\1", address) == url
    assert unlatex(match.group(2)) == "SpaceWar (AFP)"


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_latex_link_text_is_text(payload: Payload) -> None:
    match = _HREF.fullmatch(latex_link(payload.text, "https://example.org/x"))
    assert match
    assert unlatex(match.group(2)) == shown(payload.text, " ").replace("\t", " ")


def test_a_row_of_the_book_is_plain_text_in_the_pdf() -> None:
    assert latex_link("E12", "timeline.html#events-E12") == "E12"


# --- Cells and tables -----------------------------------------------------------------------


def test_a_cell_is_its_text_with_links_inside() -> None:
    cell = joined([("TASS", "https://tass.com/1"), ("KBS World", None), ("RT", "javascript:x")])
    assert cell == "TASS; KBS World; RT"
    assert cell.pieces() == [("TASS", "https://tass.com/1"), ("; KBS World; RT", None)]
    quoted = linked('KBS World: "a quote"', "https://world.kbs.co.kr/x", link_chars=9)
    assert quoted.pieces() == [("KBS World", "https://world.kbs.co.kr/x"), (': "a quote"', None)]


def test_dates_and_figures_sort_by_their_value() -> None:
    days = [dated(pd.Timestamp(d), p) for d, p in [("2024-11-12", "day"), ("2024-10-01", "month")]]
    assert days == ["12 November 2024", "October 2024"]
    assert [d.order for d in days] == ["2024-11-12", "2024-10-01"]
    assert dated(None) == "undated" and dated(pd.NaT).order == ""
    assert numbered("about 1,500", 1500).order == 1500.0


def _table() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "Date": [dated(pd.Timestamp(f"2024-{m:02d}-11")) for m in (12, 1, 11)],
            "Figure": [
                numbered(t, v) for t, v in [("about 1,500", 1500), ("900", 900), ("12,000", 12000)]
            ],
            "Source": [linked(p.text, url) for p, url in zip(ALL[:3], WEB[:3], strict=True)],
            "N": [1, 2, 3],
        }
    )
    return with_ids(frame, ["E01", "E02", "E03"])


def test_table_html_links_sources_and_sorts_by_value() -> None:
    soup = BeautifulSoup(table_html(_table(), "t"), "html.parser")
    rows = soup.select("tbody tr")
    assert [r["id"] for r in rows] == ["t-E01", "t-E02", "t-E03"]
    assert [r.td["title"] for r in rows] == ["Id E01", "Id E02", "Id E03"]
    assert [th.get_text() for th in soup.select("thead th")] == ["Date", "Figure", "Source", "N"]
    assert [r.select("td")[0]["data-order"] for r in rows] == [
        "2024-12-11",
        "2024-01-11",
        "2024-11-11",
    ]
    assert [r.select("td")[1]["data-order"] for r in rows] == ["1500", "900", "12000"]
    links = soup.select("tbody a.source-link")
    assert [a["href"] for a in links] == WEB[:3]
    assert [a.get_text() for a in links] == [shown(p.text, "\n") for p in ALL[:3]]


def test_small_tables_have_no_pager_or_search() -> None:
    small = table_html(_table(), "t")
    assert "const small = true;" in small and "report-table-small" in small
    big = pd.DataFrame({"x": range(11)})
    assert "const small = false;" in table_html(big, "u")


def test_csv_gives_ids_as_the_first_column() -> None:
    rows = table_csv(_table()).removeprefix("\ufeff").splitlines()
    assert rows[0] == '"Id","Date","Figure","Source","N"'
    assert rows[1].startswith('"E01","11 December 2024","about 1,500",')


def test_latex_table_links_its_sources() -> None:
    tex = table_latex(_table())
    assert tex.count(r"\sphinxhref{") == 3
    assert "E01" not in tex  # ids are anchors of the web book, not text of the PDF


# --- A source in the prose ({eval} of a name glued with an address) ------------------------


class _Glued:
    def __init__(self, value: str) -> None:
        self.data = {"text/plain": repr(value)}


def _role_output(monkeypatch: pytest.MonkeyPatch, glued: dict[str, str]) -> tuple[str, list[Any]]:
    """The role run on ``x_source`` with these glued values, written by docutils as HTML."""

    def retrieve(document: object, key: str) -> _Glued:
        if key not in glued:
            raise source_role.RetrievalError(f"No key {key!r}")
        return _Glued(glued[key])

    monkeypatch.setattr(source_role, "retrieve_glue_data", retrieve)
    settings = get_default_settings(Parser)
    document = new_document("<test>", settings)

    reporter = document.reporter
    reporter.get_source_and_line = lambda lineno=None: ("<test>", 1)  # type: ignore[attr-defined]

    class Role:  # what source_link reads of the {eval} role that calls it
        line = 1

        def __init__(self) -> None:
            self.document = document

        def set_source_info(self, node: nodes.Node) -> None:
            node.source, node.line = "<test>", 1

    made, messages = source_role.source_link(Role(), "x_source")
    paragraph = nodes.paragraph()
    paragraph += made
    document += paragraph
    out = publish_from_doctree(document, writer_name="html5").decode("utf-8")
    body = out[
        out.index('<p class="first last">') if '<p class="first' in out else out.index("<p>") :
    ]
    return body[: body.index("</p>") + 4], messages


@pytest.mark.parametrize("payload", ALL[:20], ids=IDS[:20])
def test_the_role_links_the_glued_text_as_text(
    monkeypatch: pytest.MonkeyPatch, payload: Payload
) -> None:
    url = WEB[len(payload.name) % len(WEB)]
    out, messages = _role_output(monkeypatch, {"x_source": payload.text, "x_source_url": url})
    assert messages == []
    link = _one_link(out[3:-4], ("p", "a", "span"))
    assert link["href"] == url
    assert link.get_text() == payload.text


@pytest.mark.parametrize("url", URLS_REJECTED)
def test_the_role_never_links_another_address(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    out, messages = _role_output(monkeypatch, {"x_source": "TASS", "x_source_url": url})
    assert "<a " not in out and "TASS" in out
    assert messages, "an address that cannot be linked is reported"


def test_the_role_without_an_address_is_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    out, messages = _role_output(monkeypatch, {"x_source": "TASS", "x_source_url": ""})
    assert "<a " not in out and "TASS" in out and messages == []
    _, missing = _role_output(monkeypatch, {"x_source": "TASS"})
    assert missing, "a glued source without its address is reported (the build fails)"


def test_cells_keep_only_links_they_may_show() -> None:
    cell = Cell("abc", links=[(0, 3, "javascript:alert(1)"), (0, 9, "https://x.example/")])
    assert cell.links == ()


# --- The bibliography -----------------------------------------------------------------------


def test_the_bibliography_lists_own_pages_first_and_never_invents_a_title() -> None:
    from dprk_russia import load
    from dprk_russia.tables import ORIGINS, bibliography

    data = load()
    table = bibliography(data)
    sources = data.sources.set_index("source_id").loc[table.index]
    ranks = [ORIGINS.index(o) for o in sources["origin"].astype(str)]
    assert ranks == sorted(ranks) and ranks[0] == 0 and ranks[-1] == len(ORIGINS) - 1
    for cell, (_, src) in zip(table["Title or address"], sources.iterrows(), strict=True):
        title = src["title"] if isinstance(src["title"], str) else ""
        assert cell == (title or src["url"])  # a title only where the data records one
        assert cell.links == ((0, len(cell), src["url"]),)
    assert (sources["title"].fillna("") != "").any()
