"""The built site in a real browser: Debian's Chromium driven by Playwright, served on 127.0.0.1.

Every page: no console errors, no failed requests, no request to any host but the local server,
every image loaded and described, every internal link resolving, no serious or critical
accessibility violation (axe-core). On the explorer, changing a control changes what is shown.
Screenshots of each page go to ``_build/screenshots/`` for people to look at.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import ROOT
from playwright import sync_api as playwright

from dprk_russia import load

#: Needs a built book, and some tests a browser, TeX or whole builds: make test, not make check.
pytestmark = pytest.mark.slow


HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = sorted(str(p.relative_to(HTML)) for p in HTML.rglob("*.html") if "_static" not in p.parts)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    assert HTML.exists(), "run make book first"
    handler = functools.partial(_Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed (make test installs it)"
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class PageLog:
    """What a page did while it loaded: console errors, failures, outside requests."""

    def __init__(self, page: object, base: str) -> None:
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.outside: list[str] = []
        host = urlsplit(base).netloc
        page.on(  # type: ignore[attr-defined]
            "console", lambda m: self.errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda e: self.errors.append(str(e)))  # type: ignore[attr-defined]
        page.on(  # type: ignore[attr-defined]
            "requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}")
        )

        def request(r: object) -> None:
            url = r.url  # type: ignore[attr-defined]
            if url.startswith(("data:", "blob:")):
                return
            if urlsplit(url).netloc != host:
                self.outside.append(url)

        page.on("request", request)  # type: ignore[attr-defined]


def open_page(browser: object, base: str, path: str) -> tuple[object, PageLog]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    log = PageLog(page, base)
    page.goto(urljoin(base, path), wait_until="networkidle")
    page.wait_for_function("document.readyState === 'complete'")  # type: ignore[attr-defined]
    return page, log


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_and_only_from_the_local_server(
    browser: object, server: str, path: str
) -> None:
    page, log = open_page(browser, server, path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / (path.replace("/", "_") + ".png")), full_page=True)  # type: ignore[attr-defined]
    assert log.outside == [], f"requests to other hosts: {log.outside}"
    assert log.failed == [], f"failed requests: {log.failed}"
    assert log.errors == [], f"console errors: {log.errors}"
    images = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "img", "els => els.map(e => [e.src, e.complete && e.naturalWidth > 0, e.alt])"
    )
    for src, loaded, alt in images:
        assert loaded, f"image did not load: {src}"
        assert alt and alt.strip(), f"image without alt text: {src}"
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", PAGES)
def test_every_internal_link_resolves(path: str) -> None:
    from bs4 import BeautifulSoup

    source = HTML / path
    soup = BeautifulSoup(source.read_text(encoding="utf-8"), "html.parser")
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if href.startswith(("http://", "https://", "mailto:", "javascript:", "data:")):
            continue
        target, _, fragment = href.partition("#")
        file = (source.parent / unquote(target)).resolve() if target else source
        assert file.exists(), f"{path}: broken link {href}"
        if fragment and file.suffix == ".html":
            text = file.read_text(encoding="utf-8")
            assert f'id="{fragment}"' in text, f"{path}: link to missing anchor {href}"


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("book/")])
def test_no_serious_accessibility_violations(browser: object, server: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, _ = open_page(browser, server, path)
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.context.close()  # type: ignore[attr-defined]
    assert serious == []


def visible_text(page: object) -> str:
    return page.inner_text("main")  # type: ignore[attr-defined,no-any-return]


def test_explorer_responds_to_its_controls_without_a_kernel(browser: object, server: str) -> None:
    page, log = open_page(browser, server, "book/explorer.html")
    page.wait_for_selector(".widget-dropdown select", timeout=15000)  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "explorer-before.png"), full_page=False)  # type: ignore[attr-defined]
    before = visible_text(page)
    select = page.locator(".widget-dropdown select").first  # type: ignore[attr-defined]
    options = select.locator("option").all_inner_texts()
    select.select_option(label=options[1])  # the country with the most records
    changed = "before => document.querySelector('main').innerText !== before"
    page.wait_for_function(changed, arg=before)  # type: ignore[attr-defined]
    after_country = visible_text(page)
    assert after_country != before, "choosing a country changed nothing"
    page.locator(".widget-toggle-buttons button").last.click()  # the latest year  # type: ignore[attr-defined]
    page.wait_for_function(changed, arg=after_country)  # type: ignore[attr-defined]
    after_period = visible_text(page)
    assert after_period != after_country, "choosing a period changed nothing"
    page.screenshot(path=str(SHOTS / "explorer-after.png"), full_page=False)  # type: ignore[attr-defined]
    assert log.errors == []
    page.context.close()  # type: ignore[attr-defined]


# --- Tables and sources (issue 13) ----------------------------------------------------------

#: The chapter pages; the explorer's own tables and links are the explorer's (widgets.py).
CHAPTERS = [p for p in PAGES if p.startswith("book/") and p != "book/explorer.html"]


def _dates(texts: list[str]) -> list[datetime.date]:
    out = []
    for text in texts:
        text = " ".join(text.split())  # a date breaks only before its year: a no-break space
        fmt = "%d %B %Y" if text[0].isdigit() else "%B %Y"
        out.append(datetime.datetime.strptime(text, fmt).date())
    return out


def _show_all_rows(page: object, table: str) -> None:
    page.select_option(f"#{table} select.dt-input", "500")  # type: ignore[attr-defined]


def test_a_date_column_sorts_in_chronological_order(browser: object, server: str) -> None:
    """The claims are listed oldest first; sorted by the date column, descending then
    ascending, they come in date order (as text, '9 November' would sort after '11 March')."""
    page, log = open_page(browser, server, "book/numbers.html")
    page.wait_for_selector("#table-claims .dt-search input")  # type: ignore[attr-defined]
    _show_all_rows(page, "table-claims")
    header = page.locator("#table-claims thead th").first  # type: ignore[attr-defined]
    cells = "#table-claims tbody td:first-child"
    for expect in ("asc", "desc"):
        header.click()
        page.wait_for_function(  # type: ignore[attr-defined]
            "([s, o]) => document.querySelector(s).closest('table')"
            ".querySelector('thead th').className.includes('dt-ordering-' + o)",
            arg=[cells, expect],
        )
        shown = _dates(page.locator(cells).all_inner_texts())  # type: ignore[attr-defined]
        assert len(shown) == len(load().troop_claims)
        assert shown == sorted(shown, reverse=expect == "desc"), expect
        assert shown[0] != shown[-1]
    assert log.errors == []
    page.context.close()  # type: ignore[attr-defined]


def test_a_figure_column_sorts_by_the_number(browser: object, server: str) -> None:
    page, _ = open_page(browser, server, "book/numbers.html")
    page.wait_for_selector("#table-claims .dt-search input")  # type: ignore[attr-defined]
    _show_all_rows(page, "table-claims")
    header = page.locator("#table-claims thead th", has_text="Figure")  # type: ignore[attr-defined]
    header.click()
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('#table-claims thead th')]"
        ".some(th => th.className.includes('dt-ordering-asc'))"
    )
    cells = page.locator("#table-claims tbody td:nth-child(4)")  # type: ignore[attr-defined]
    values = [float(v) for v in cells.evaluate_all("tds => tds.map(t => t.dataset.order)")]
    assert values == sorted(values) and values[0] < values[-1]
    texts = cells.all_inner_texts()
    assert texts != sorted(texts), "sorted as text, not by the number"
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", CHAPTERS)
def test_every_chapter_page_links_to_its_sources(path: str) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((HTML / path).read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("main a.source-link")]
    assert links, f"{path}: no link to a source"
    hosts = set(load().policy.plain_http_hosts)
    for href in links:
        parts = urlsplit(href)
        assert parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in hosts)


def test_every_source_is_linked_from_the_bibliography() -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((HTML / "book/method.html").read_text(encoding="utf-8"), "html.parser")
    linked = {a["href"] for a in soup.select("#table-bibliography a.source-link")}
    assert linked == set(load().sources["url"].dropna())


def _overflow(page: object) -> dict[str, object]:
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        """() => ({page: document.documentElement.scrollWidth - innerWidth,
          tables: [...document.querySelectorAll('.report-table-wrap')]
            .filter(w => w.scrollWidth > w.clientWidth + 1)
            .map(w => w.id + ' ' + w.scrollWidth + '>' + w.clientWidth)})"""
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_no_table_runs_past_the_text_column(browser: object, server: str, width: int) -> None:
    """At 390 px a table is cards; at 1366 px it fits the text column (nothing cut off)."""
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    found = {}
    for path in CHAPTERS:
        page.goto(urljoin(server, path), wait_until="networkidle")
        page.wait_for_timeout(200)
        seen = _overflow(page)
        if seen["page"] > 0 or seen["tables"]:
            found[path] = seen
    context.close()
    assert found == {}


def test_small_tables_have_no_pager_or_search_box(browser: object, server: str) -> None:
    page, _ = open_page(browser, server, "book/method.html")
    page.wait_for_selector("#table-bibliography .dt-search")  # type: ignore[attr-defined]
    rows = page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('.report-table-wrap')].map(w => [w.id,
          w.querySelectorAll('tbody tr').length, !!w.querySelector('.dt-search, .dt-paging')])"""
    )
    assert any(not controls for _, _, controls in rows)
    for ident, _, controls in rows:
        assert controls == (ident not in SMALL), ident
    page.context.close()  # type: ignore[attr-defined]


#: The tables of the method chapter with at most ten rows (notebook.SMALL_TABLE).
SMALL = {"table-citation-checks"}


def test_a_link_to_a_row_opens_the_page_at_that_row(browser: object, server: str) -> None:
    """The corrections log links each record to its row; a row on a later page of its table is
    brought into view."""
    latest = load().events.sort_values(["date", "event_id"]).iloc[-1]["event_id"]
    page, _ = open_page(browser, server, f"book/timeline.html#events-{latest}")
    row = page.locator(f"#events-{latest}")  # type: ignore[attr-defined]
    row.wait_for(state="visible")
    assert row.is_visible() and page.evaluate("innerHeight") > row.bounding_box()["y"] >= 0  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]
