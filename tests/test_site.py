"""The site folder to publish (``make site``: ``_build/site``) in a real browser: Debian's Chromium
driven by Playwright, served on 127.0.0.1 twice, at ``/`` and under a sub-path (``/dprk-troops/``,
as a GitHub Pages project site is), by servers that answer nothing outside their base.

Every page, at both bases: no console errors, no failed request (nor any answered with an error
status), no request to any host but the local server, every image loaded and described, every
internal link (the downloads included) answering over HTTP. Every internal link also resolves in
the folder itself, anchors included; no serious or critical accessibility violation (axe-core).
The explorer searches and filters its records in the page; the chapter menu opens and leads to
a chapter on a phone and on a laptop. Screenshots of each page go to _build/screenshots/.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import shutil
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from conftest import ROOT
from playwright import sync_api as playwright

from dprk_russia import load

#: Needs a built book, and some tests a browser, TeX or whole builds: make test, not make check.
pytestmark = pytest.mark.slow


HTML = ROOT / "_build" / "site"
#: The base paths the site is served at: a host's root, and a project site's sub-path.
BASES = ["/", "/dprk-troops/"]
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


class _UnderBase(_Quiet):
    """Serves the folder under ``base`` only; anything outside it is a 404, as on a host where
    the site is one project among others."""

    base = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base):
            return str(HTML / "__outside_the_base__")  # no such file: a 404
        return super().translate_path("/" + path[len(self.base) :])


def serve(base: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    assert HTML.exists(), "run make site first"
    handler_class = type("Handler", (_UnderBase,), {"base": base})
    handler = functools.partial(handler_class, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}{base}"


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, str]]:
    """One server per base path: base -> the site's address."""
    running = {base: serve(base) for base in BASES}
    yield {base: url for base, (_, url) in running.items()}
    for httpd, _ in running.values():
        httpd.shutdown()


@pytest.fixture(scope="module")
def server(servers: dict[str, str]) -> str:
    """The site served at the root."""
    return servers["/"]


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
        page.on(  # type: ignore[attr-defined]
            "response",
            lambda r: self.failed.append(f"{r.url} HTTP {r.status}") if r.status >= 400 else None,
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


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_and_only_from_the_local_server(
    browser: object, servers: dict[str, str], path: str, base: str
) -> None:
    page, log = open_page(browser, servers[base], path)
    if base == "/":
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


def internal_links(page_url: str, base_url: str) -> list[str]:
    """The page's links (``<a href>``) that stay on the site, made absolute."""
    from bs4 import BeautifulSoup

    with urlopen(page_url) as response:
        soup = BeautifulSoup(response.read().decode("utf-8"), "html.parser")
    host = urlsplit(base_url).netloc
    links = []
    for a in soup.find_all("a", href=True):
        href = urljoin(page_url, a["href"])
        if href.startswith(("http://", "https://")) and urlsplit(href).netloc == host:
            links.append(href)
    return links


def test_the_sub_path_server_answers_nothing_outside_its_base(servers: dict[str, str]) -> None:
    site = servers["/dprk-troops/"]
    with urlopen(urljoin(site, "book/index.html")) as response:
        assert response.status == 200
    with pytest.raises(HTTPError) as outside:
        urlopen(urljoin(site, "/book/index.html"))
    assert outside.value.code == 404


@pytest.mark.parametrize("base", BASES)
def test_every_internal_link_answers_over_http_at_each_base(
    servers: dict[str, str], base: str
) -> None:
    """A link that leaves the base path (``/downloads/…`` on a sub-path site) is a 404 here."""
    site = servers[base]
    checked: dict[str, str] = {}
    broken = []
    for path in PAGES:
        for link in internal_links(urljoin(site, path), site):
            url, _, fragment = link.partition("#")
            if url not in checked:
                try:
                    with urlopen(url) as response:
                        checked[url] = response.read().decode("utf-8", errors="replace")
                except HTTPError as exc:
                    checked[url] = ""
                    broken.append(f"{path}: {link} (HTTP {exc.code})")
                    continue
            if fragment and url.endswith(".html") and f'id="{fragment}"' not in checked[url]:
                broken.append(f"{path}: {link} (no such anchor)")
    assert broken == []
    assert any(u.endswith("downloads/dprk-troops-evidence.zip") for u in checked), "no data link"


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


def _fold(text: str) -> str:
    """Text as the explorer's search compares it: accents dropped, lower case."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def test_explorer_filters_by_free_text_and_filters_on_the_static_page(
    browser: object, server: str
) -> None:
    page, log = open_page(browser, server, "book/explorer.html")
    page.wait_for_selector(".xr-form:not([hidden])", timeout=15000)  # type: ignore[attr-defined]
    data = page.evaluate(  # type: ignore[attr-defined]
        "JSON.parse(document.getElementById('explorer-records').textContent)"
    )
    total = len(data["records"])
    assert page.locator(".xr-record").count() == data["pageSize"]  # type: ignore[attr-defined]
    assert page.inner_text(".xr-status").startswith(f"All {total} records")  # type: ignore[attr-defined]
    # Every month of the period has a row in the chart, those without records too.
    assert page.locator(".xr-months .xr-row").count() == len(data["months"])  # type: ignore[attr-defined]

    page.fill("#xr-q", "Wonsan")  # type: ignore[attr-defined]
    page.wait_for_timeout(200)  # type: ignore[attr-defined]
    cards = page.locator(".xr-record").all_inner_texts()  # type: ignore[attr-defined]
    expected = [
        r
        for r in data["records"]
        if "wonsan"
        in _fold(" ".join([r["id"], r["when"], r["who"], r["text"], r["src"], data["types"][r["t"]]]
                          + [data["countries"][i] for i in r["c"]]))
    ]  # fmt: skip
    assert 0 < len(expected) < total
    assert len(cards) == min(len(expected), data["pageSize"])
    assert all("wonsan" in c.lower() for c in cards)
    assert page.inner_text(".xr-status").startswith(f"{len(expected)} of {total} records")  # type: ignore[attr-defined]
    assert page.locator(".xr-record mark").count() >= len(cards)  # type: ignore[attr-defined]
    assert page.locator(".xr-months .xr-row").count() == len(data["months"])  # type: ignore[attr-defined]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "explorer-search.png"), full_page=False)  # type: ignore[attr-defined]

    page.fill("#xr-q", "")  # type: ignore[attr-defined]
    page.locator("details.xr-filters").evaluate("d => d.open = true")  # type: ignore[attr-defined]
    page.select_option("#xr-type", label="Statements")  # type: ignore[attr-defined]
    page.wait_for_timeout(200)  # type: ignore[attr-defined]
    kinds = page.locator(".xr-record .xr-kind").all_inner_texts()  # type: ignore[attr-defined]
    assert kinds and {k.lower() for k in kinds} == {"statement"}
    stance = page.locator("#xr-stance option").nth(1)  # type: ignore[attr-defined]
    label = stance.inner_text()
    page.select_option("#xr-stance", index=1)  # type: ignore[attr-defined]
    page.wait_for_timeout(200)  # type: ignore[attr-defined]
    texts = page.locator(".xr-record .xr-text").all_inner_texts()  # type: ignore[attr-defined]
    assert texts and all(t.startswith(f"{label}:") for t in texts)

    page.click("button[type=reset]")  # type: ignore[attr-defined]
    page.wait_for_timeout(200)  # type: ignore[attr-defined]
    assert page.inner_text(".xr-status").startswith(f"All {total} records")  # type: ignore[attr-defined]
    page.click(".xr-pager .xr-next")  # type: ignore[attr-defined]
    page.wait_for_timeout(200)  # type: ignore[attr-defined]
    size = data["pageSize"]
    assert f"Records {size + 1}\u2013{2 * size} of {total}" in page.inner_text(".xr-pager")  # type: ignore[attr-defined]
    assert log.errors == []
    page.context.close()  # type: ignore[attr-defined]


def test_explorer_page_loads_no_widget_manager_and_no_precomputed_views() -> None:
    text = (HTML / "book" / "explorer.html").read_text(encoding="utf-8")
    assert "widgets/embed.js" not in text and "widget-state+json" not in text
    assert "widget-view+json" not in text
    assert text.count('id="explorer-records"') == 1


def _menu_page(browser: object, base: str, width: int) -> tuple[object, PageLog]:
    context = browser.new_context(viewport={"width": width, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    log = PageLog(page, base)
    page.goto(urljoin(base, "book/index.html"), wait_until="networkidle")
    page.wait_for_timeout(300)
    return page, log


def test_on_a_phone_the_chapter_menu_opens_and_a_link_leads_to_the_chapter(
    browser: object, server: str
) -> None:
    page, log = _menu_page(browser, server, 390)
    toggle = page.locator(".primary-toggle:visible")  # type: ignore[attr-defined]
    assert toggle.count() == 1
    toggle.click()
    dialog = page.locator("#pst-primary-sidebar-modal")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.getElementById('pst-primary-sidebar-modal').open", timeout=5000
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "menu-390.png"))  # type: ignore[attr-defined]
    link = dialog.get_by_role("link", name="Stated troop numbers")
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/book/numbers.html", timeout=10000)  # type: ignore[attr-defined]
    assert page.locator("main h1").first.inner_text().startswith("Stated troop numbers")  # type: ignore[attr-defined]
    # The "on this page" button opens that page's contents.
    page.locator(".secondary-toggle:visible").click()  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.getElementById('pst-secondary-sidebar-modal').open", timeout=5000
    )
    contents = page.locator("#pst-secondary-sidebar-modal a")  # type: ignore[attr-defined]
    assert contents.count() > 0 and contents.first.is_visible()
    assert log.errors == []
    page.context.close()  # type: ignore[attr-defined]


def test_on_a_laptop_the_sidebar_shows_hides_and_leads_to_a_chapter(
    browser: object, server: str
) -> None:
    page, log = _menu_page(browser, server, 1366)
    sidebar = page.locator("#pst-primary-sidebar")  # type: ignore[attr-defined]
    assert sidebar.is_visible()
    toggle = page.locator(".primary-toggle:visible")  # type: ignore[attr-defined]
    toggle.click()
    page.wait_for_timeout(400)  # type: ignore[attr-defined]
    assert not sidebar.is_visible(), "the ☰ button did not hide the sidebar"
    toggle.click()
    page.wait_for_timeout(400)  # type: ignore[attr-defined]
    assert sidebar.is_visible(), "the ☰ button did not bring the sidebar back"
    sidebar.get_by_role("link", name="Stated troop numbers").click()
    page.wait_for_url("**/book/numbers.html", timeout=10000)  # type: ignore[attr-defined]
    assert log.errors == []
    page.context.close()  # type: ignore[attr-defined]


def test_search_from_a_chapter_page_finds_the_chapters_that_name_a_place(
    browser: object, server: str
) -> None:
    # The search index is loaded by search.html only; the search box elsewhere leads there.
    assert "searchindex.js" not in (HTML / "book" / "numbers.html").read_text(encoding="utf-8")
    page, log = open_page(browser, server, "book/numbers.html")
    page.keyboard.press("Control+k")  # type: ignore[attr-defined]
    page.keyboard.type("Wonsan")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**/search.html?q=Wonsan*", timeout=10000)  # type: ignore[attr-defined]
    page.wait_for_selector("#search-results li", timeout=15000)  # type: ignore[attr-defined]
    found = page.locator("#search-results li a").all_inner_texts()  # type: ignore[attr-defined]
    assert "The deployment" in found
    assert log.errors == []
    page.context.close()  # type: ignore[attr-defined]


def test_a_long_table_becomes_searchable_when_the_reader_comes_to_it(
    browser: object, server: str
) -> None:
    page, log = open_page(browser, server, "book/numbers.html")
    assert page.locator("#table-claims .dt-search").count() == 0  # type: ignore[attr-defined]
    page.locator("#table-claims").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.wait_for_selector("#table-claims .dt-search input", timeout=15000)  # type: ignore[attr-defined]
    assert log.errors == [] and log.failed == []


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


def _come_to(page: object, table: str) -> None:
    """Come to a table as a reader does (scroll to it, point at it): DataTables loads then."""
    wrap = page.locator(f"#{table}")  # type: ignore[attr-defined]
    wrap.scroll_into_view_if_needed()
    wrap.hover()


def test_a_date_column_sorts_in_chronological_order(browser: object, server: str) -> None:
    """The claims are listed oldest first; sorted by the date column, descending then
    ascending, they come in date order (as text, '9 November' would sort after '11 March')."""
    page, log = open_page(browser, server, "book/numbers.html")
    _come_to(page, "table-claims")
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
    _come_to(page, "table-claims")
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


@pytest.mark.parametrize("path", [p for p in CHAPTERS if p != "book/editions.html"])
def test_every_chapter_page_links_to_its_sources(path: str) -> None:
    """Every chapter that presents evidence (not the page about the edition itself)."""
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
    idents = page.evaluate(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('.report-table-wrap')].map(w => w.id)"
    )
    for ident in idents:  # DataTables loads when the reader comes to each table
        _come_to(page, ident)
        if ident not in SMALL:
            page.wait_for_selector(f"#{ident} .dt-search")  # type: ignore[attr-defined]
        else:
            page.wait_for_selector(f"#{ident} .dt-column-order")  # type: ignore[attr-defined]
    rows = page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('.report-table-wrap')].map(w => [w.id,
          w.querySelectorAll('tbody tr').length, !!w.querySelector('.dt-search, .dt-paging')])"""
    )
    assert any(not controls for _, _, controls in rows)
    for ident, _, controls in rows:
        assert controls == (ident not in SMALL), ident
    page.context.close()  # type: ignore[attr-defined]


#: The tables of the method chapter with at most ten rows (publish.table_output.SMALL_TABLE).
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
