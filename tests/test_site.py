"""The site folder to publish (``make site``: ``_build/site``) in a real browser: Debian's Chromium
driven by Playwright, served on 127.0.0.1 twice, at ``/`` and under a sub-path (``/dprk-troops/``,
as a GitHub Pages project site is), by servers that answer nothing outside their base.

Every page, at both bases: no console errors, no failed request (nor any answered with an error
status), no request to any host but the local server, every image loaded and described, every
internal link (the downloads included) answering over HTTP. Every internal link also resolves in
the folder itself, anchors included; no serious or critical accessibility violation (axe-core).
On the explorer, changing a control changes what is shown. Screenshots of each page go to
``_build/screenshots/`` for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from conftest import ROOT
from playwright import sync_api as playwright

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
