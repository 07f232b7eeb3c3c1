"""The hostile corpus, built: every accepted payload in every free-text field of every table,
in one build of a copy of the repository (HTML and PDF), checked in every output.

* the HTML pages: no element or event handler from a record, every payload shown as text;
* the explorer and every other page in a real browser (Chromium): no dialog opens, no element
  is injected, also after every control of the explorer has been used, its search run for
  every payload, and a DataTable searched;
* the explorer's embedded records (JSON): no ``<`` in it, every payload in it as data;
* the PDF: the LaTeX source holds no record text as markup, every payload is printed, no line
  runs past the margin;
* the CSV downloads: every payload as the cell's text, no cell a spreadsheet would run;
* the links to sources: every source's address is one of ``corpus.URLS_ACCEPTED`` (addresses
  that pass validation but hold ``&``, ``%``, ``#``, ``_``, ``$``, ``*``, ``--``...), and every
  link of the pages and of the PDF points at exactly one of them.

The payloads are batched into one build (each row gets one or a few of them), which keeps
this module to about a minute and a half.
"""

from __future__ import annotations

import base64
import csv
import functools
import http.server
import io
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import ARTICLE_ID, DATA, ok, read_rows, run_build, write_rows
from corpus import ACCEPTED, MULTILINE_ONLY, URLS_ACCEPTED, Payload, text_fields
from playwright import sync_api as playwright
from pypdf import PdfReader
from test_pdf import overfull_boxes
from test_site import ARGS, CHROMIUM

from dprk_russia import read
from dprk_russia.core.cells import MULTILINE
from dprk_russia.core.schema import tables
from dprk_russia.publish.build import FINISHED, copy_repo
from dprk_russia.publish.escaping import FORMULA_START

#: Needs a built book, and some tests a browser, TeX or whole builds: make test, not make check.
pytestmark = pytest.mark.slow

WIDGET_JSON = (
    "application/vnd.jupyter.widget-state+json",
    "application/vnd.jupyter.widget-view+json",
)

#: The theme's own inline handlers; any other ``on*`` attribute came from a record.
THEME_HANDLERS = {
    ("button", "onclick", "window.print()"),
    ("button", "onclick", "toggleFullScreen()"),
}
PAYLOADS = [*ACCEPTED, *MULTILINE_ONLY]


def payloads_for(field: str) -> list[Payload]:
    return [*ACCEPTED, *(MULTILINE_ONLY if field in MULTILINE else [])]


def field_marker(table: str, field: str) -> str:
    """A short word that says which field a payload was written into (it survives every
    output, and is too short to be broken as a long word)."""
    return f"fld{FIELDS.index((table, field)):02d}x"


#: Every free-text field, in the order that numbers their markers.
FIELDS = text_fields(tables(DATA))
#: Free-text fields that no page, table or chart of the book shows (they travel only in the
#: data files). The hostile checks below are about what is shown; a test keeps this list true.
#: The notes are for maintainers; the summaries of statements and assessments are shown only by
#: the explorer's script, from its JSON (tested on their own below, in a real browser).
NOT_SHOWN: set[tuple[str, str]] = {
    ("sources", "notes"),
    ("actors", "notes"),
    ("events", "notes"),
    ("troop_claims", "notes"),
    ("statements", "summary"),
    ("statements", "notes"),
    ("assessments", "summary"),
    ("assessments", "notes"),
    ("citations", "notes"),
}


def apply_corpus(data: Path) -> dict[tuple[str, str], int]:
    """Append payloads to every free-text cell, so that every payload lands in every field
    at least once (a table with fewer rows than payloads gets several per cell). Appended, not
    replaced: the chapters still find the records they quote. Returns the cells changed per
    field."""
    schema = tables(data)
    changed: dict[tuple[str, str], int] = {}
    for shift, (table, field) in enumerate(text_fields(schema)):
        tag = field_marker(table, field)
        path = data / schema[table].path
        header, rows = read_rows(path)
        payloads = payloads_for(field)
        usable = [
            r
            for r in rows  # quotes of the stored article must stay verbatim in it
            if not (field == "quote" and r["source_id"] == ARTICLE_ID)
        ]
        n, m = len(payloads), len(usable)
        for i, row in enumerate(usable):
            if m < n:
                mine = [p for k, p in enumerate(payloads) if k % m == i]
            else:
                mine = [payloads[(i + shift) % n]]
            row[field] = " ".join([row[field], *(p.text for p in mine), tag]).strip()
        write_rows(path, header, rows)
        changed[(table, field)] = m
    path = data / schema["sources"].path
    header, rows = read_rows(path)
    for i, row in enumerate(rows):  # every source, the article included
        row["url"] = URLS_ACCEPTED[i % len(URLS_ACCEPTED)]
    write_rows(path, header, rows)
    changed[("sources", "url")] = len(rows)
    return changed


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("hostile") / "repo")
    changed = apply_corpus(repo / "data")
    assert len(changed) >= 20 and min(changed.values()) >= 5
    read(repo / "data")  # every accepted payload passes validation
    ok(run_build(repo, "html"))
    ok(run_build(repo, "pdflatex"))
    return repo


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _without_break_points(soup: BeautifulSoup) -> BeautifulSoup:
    """The page with the ``<wbr>`` break points of its table cells taken out, so that a text
    reads as one string again."""
    for wbr in soup.find_all("wbr"):
        wbr.decompose()
    soup.smooth()
    return soup


def chapter_pages(repo: Path) -> dict[str, BeautifulSoup]:
    html = repo / "_build" / "html"
    return {
        str(p.relative_to(html)): _without_break_points(
            BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        )
        for p in sorted((html / "book").glob("*.html"))
    }


def widget_json(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(s["type"], s.string or "") for s in soup.find_all("script", type=WIDGET_JSON)]


def strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)


# --- HTML, as written ----------------------------------------------------------------------


def test_html_pages_hold_no_element_or_handler_from_a_record(hostile: Path) -> None:
    for name, soup in chapter_pages(hostile).items():
        handlers = {
            (tag.name, attr, tag[attr])
            for tag in soup.find_all(True)
            for attr in tag.attrs
            if attr.lower().startswith("on")
        }
        assert handlers <= THEME_HANDLERS, (name, handlers - THEME_HANDLERS)
        assert not soup.select('img[src="x"], iframe, a[href^="javascript"]'), name
        for script in soup.find_all("script"):
            assert "hostile" not in (script.get("src") or ""), name
            if script.get("type") not in (*WIDGET_JSON, "application/json"):
                assert "hostile" not in (script.string or ""), (name, script.get("type"))


def test_html_pages_show_every_payload_as_text(hostile: Path) -> None:
    shown: Counter[str] = Counter()
    for soup in chapter_pages(hostile).values():
        text = norm(soup.get_text(" "))
        for payload in PAYLOADS:
            shown[payload.name] += text.count(norm(payload.text))
    missing = [p.name for p in PAYLOADS if not shown[p.name]]
    assert missing == []


def test_every_free_text_field_is_shown_as_text_or_listed_as_not_shown(hostile: Path) -> None:
    """The checks above prove something only for fields the book shows: each free-text field
    shows a payload as text, with its field's marker, on some page, or is listed in
    NOT_SHOWN (and then shows on none)."""
    pages = chapter_pages(hostile).values()
    for soup in pages:  # what a page shows, not the data its scripts carry
        for tag in soup.find_all(["script", "style"]):
            tag.decompose()
    text = " ".join(norm(soup.get_text(" ")) for soup in pages)
    fields = text_fields(tables(hostile / "data"))
    shown = {(t, f) for t, f in fields if field_marker(t, f) in text}
    as_text = {
        (t, f)
        for t, f in shown
        if any(norm(f"{p.text} {field_marker(t, f)}") in text for p in payloads_for(f))
    }
    assert shown == as_text, shown - as_text
    assert set(fields) - shown == NOT_SHOWN


def test_explorer_records_are_json_without_markup(hostile: Path) -> None:
    soup = chapter_pages(hostile)["book/explorer.html"]
    assert widget_json(soup) == []  # no widget on the page: no widget state either
    found = soup.find_all("script", type="application/json")
    assert [s.get("id") for s in found] == ["explorer-records"]
    body = found[0].string or ""
    assert "<" not in body and ">" not in body and "&" not in body
    values = " ".join(strings_in(json.loads(body)))
    for payload in PAYLOADS:  # record text and actor names, as data, with their '<'
        assert norm(payload.text) in norm(values), payload.name


# --- The browser ----------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(hostile: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(hostile / "_build" / "html"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright.Browser]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


INJECTED = """() => {
  const theme = new Set(["window.print()", "toggleFullScreen()"]);
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) {
      if (attr.toLowerCase().startsWith("on") && !theme.has(el.getAttribute(attr))) {
        bad.push(el.tagName + " " + attr);
      }
    }
  }
  for (const el of document.querySelectorAll('img[src="x"], iframe, a[href^="javascript"]')) {
    bad.push(el.outerHTML.slice(0, 80));
  }
  return bad;
}"""


def _visit(browser: playwright.Browser, url: str, act: object = None) -> dict[str, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog: playwright.Dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("document.readyState === 'complete'")
    extra = act(page) if callable(act) else {}
    injected = page.evaluate(INJECTED)
    context.close()
    return {"dialogs": dialogs, "errors": errors, "injected": injected, **extra}


def _use_the_explorer(page: playwright.Page) -> dict[str, list[str]]:
    """Every control of the explorer: each option of each filter, then the search for each
    payload's marker (which brings that payload's records to the first page)."""
    page.wait_for_selector(".xr-form:not([hidden])", timeout=30000)
    page.locator("details.xr-filters").evaluate("d => d.open = true")
    selects = page.locator(".xr-form select")
    for i in range(selects.count()):
        select = selects.nth(i)
        for value in select.locator("option").evaluate_all("os => os.map(o => o.value)")[:40]:
            select.select_option(value=value)
    page.click(".xr-form button[type=reset]")
    page.wait_for_timeout(100)
    text: list[str] = []
    for payload in PAYLOADS:
        page.fill("#xr-q", payload.marker)
        page.wait_for_timeout(30)
        text += page.locator(".xr-record").all_inner_texts()
    options = page.locator("option").evaluate_all("os => os.map(o => o.textContent)")
    return {"options": options, "text": text}


#: DataTables has redrawn the claims table for a search: every row shown matches it (or the
#: one row says nothing matched).
FILTERED = """marker => [...document.querySelectorAll('#table-claims tbody tr')].every(
    r => r.innerText.toLowerCase().includes(marker.toLowerCase())
      || r.querySelector('.dt-empty'))"""


def _search_the_claims(page: playwright.Page) -> dict[str, list[str]]:
    """DataTables redraws the table from its data: search it for each payload marker."""
    page.locator("#table-claims").scroll_into_view_if_needed()  # DataTables loads when the
    page.locator("#table-claims").hover()  # reader comes to the table
    page.wait_for_selector("#table-claims .dt-search input", timeout=15000)
    rows: list[str] = []
    for payload in ACCEPTED:
        page.fill("#table-claims .dt-search input", payload.marker)
        page.wait_for_function(FILTERED, arg=payload.marker)
        rows += page.locator("#table-claims tbody tr").all_inner_texts()
    return {"rows": rows}


def test_no_payload_runs_in_a_browser_on_any_page(
    hostile: Path, site: str, browser: playwright.Browser
) -> None:
    for name in chapter_pages(hostile):
        seen = _visit(browser, urljoin(site, name))
        assert seen["dialogs"] == [] and seen["injected"] == [], (name, seen)
        assert seen["errors"] == [], (name, seen["errors"])


def test_the_explorer_runs_no_payload_when_every_control_is_used(
    hostile: Path, site: str, browser: playwright.Browser
) -> None:
    seen = _visit(browser, urljoin(site, "book/explorer.html"), _use_the_explorer)
    assert seen["dialogs"] == [] and seen["injected"] == [] and seen["errors"] == [], seen
    options = " ".join(seen["options"])
    text = norm(" ".join(seen["text"]))
    for payload in ACCEPTED:
        assert payload.text in options, payload.name  # actor names, shown as option text
    for payload in PAYLOADS:
        assert norm(payload.text) in text, payload.name  # record text, in the matching records


def test_a_searched_datatable_shows_payloads_as_text(
    hostile: Path, site: str, browser: playwright.Browser
) -> None:
    seen = _visit(browser, urljoin(site, "book/numbers.html"), _search_the_claims)
    assert seen["dialogs"] == [] and seen["injected"] == [] and seen["errors"] == [], seen
    rows = norm(" ".join(seen["rows"]))
    for payload in ACCEPTED:
        assert norm(payload.text) in rows, payload.name


# --- The PDF --------------------------------------------------------------------------------

#: What the LaTeX would hold had a payload been read as markup (LaTeX, Markdown or MyST).
MARKUP = [
    "\\input{/etc/passwd}",
    "\\immediate\\write18",
    "\\textbf{texbold13}",
    "\\textbf{texbold20}",
    "\\textbf{fence12}",
    "\\end{longtable} \\iffalse",
    "\\sphinxstylestrong{mdbold",
    "\\sphinxstyleemphasis{mdem",
    "\\sphinxhref{https://evil.example",
    "\\sphinxurl{https://evil.example",
    "\\sphinxnolinkurl{https://evil.example",
]


def test_the_latex_holds_no_payload_as_markup(hostile: Path) -> None:
    tex = (hostile / "_build" / "latex" / "dprk-troops-in-russia.tex").read_text(encoding="utf-8")
    tex = tex.replace("\\allowbreak{}", "")  # break points in long words
    assert "hostile01" in tex
    for markup in MARKUP:
        assert markup not in tex, markup
    assert "\\textbackslash{}input\\{/etc/passwd\\}" in tex


def _printed(text: str) -> str:
    """PDF text as compared: no whitespace (lines wrap anywhere), TeX's quotes straightened."""
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return re.sub(r"\s+", "", text)


def test_the_pdf_prints_every_payload(hostile: Path) -> None:
    reader = PdfReader(hostile / "_build" / FINISHED["pdflatex"])
    text = _printed(" ".join(page.extract_text() or "" for page in reader.pages))
    for payload in PAYLOADS:
        assert payload.marker in text, payload.name
    for literal in ("\\input{/etc/passwd}", "</SCRIPT><imgsrc=xonerror=alert('P02')>"):
        assert _printed(literal) in text, literal


def test_no_line_of_the_pdf_runs_past_the_margin(hostile: Path) -> None:
    """A 170-character address in every text field, in tables and glued into sentences."""
    widths = overfull_boxes(hostile / "_build" / "latex" / "dprk-troops-in-russia.log")
    assert max(widths, default=0.0) < 5.0, sorted(widths)[-5:]


# --- Links to sources -----------------------------------------------------------------------


def test_every_source_link_of_the_pages_is_one_of_the_addresses_exactly(hostile: Path) -> None:
    found: set[str] = set()
    for name, soup in chapter_pages(hostile).items():
        hrefs = {a["href"] for a in soup.select("a.source-link")}
        assert hrefs <= set(URLS_ACCEPTED), (name, hrefs - set(URLS_ACCEPTED))
        found |= hrefs
    assert found == set(URLS_ACCEPTED)


def test_the_pdf_links_to_exactly_the_addresses(hostile: Path) -> None:
    reader = PdfReader(hostile / "_build" / FINISHED["pdflatex"])
    uris = {
        str(annot.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/URI" in (annot.get_object().get("/A") or {})
    }
    assert uris == set(URLS_ACCEPTED)


# --- The CSV downloads ----------------------------------------------------------------------


def csv_downloads(repo: Path) -> dict[str, list[list[str]]]:
    prefix = "data:text/csv;charset=utf-8;base64,"
    found = {}
    for name, soup in chapter_pages(repo).items():
        for link in soup.select("a[download]"):
            assert link["href"].startswith(prefix)
            text = base64.b64decode(link["href"][len(prefix) :]).decode("utf-8-sig")
            found[f"{name}/{link['download']}"] = list(csv.reader(io.StringIO(text, newline="")))
    return found


def test_csv_downloads_hold_every_payload_and_no_formula(hostile: Path) -> None:
    downloads = csv_downloads(hostile)
    assert len(downloads) >= 10
    cells = [cell for rows in downloads.values() for row in rows for cell in row]
    for cell in cells:
        assert cell.lstrip(" ")[:1] not in FORMULA_START, cell
    text = "\n".join(cells)
    for payload in PAYLOADS:
        assert payload.text in text, payload.name
