"""The book's charts as a reader sees them, in Debian's Chromium: legible on a 390 px phone (no
text under 9 px, measured from the SVGs' own text sizes and the width each is shown at), and
dark when the page is dark (the pydata theme's switch), light when it is light."""

from __future__ import annotations

import functools
import http.server
import io
import re
import shutil
import threading
from collections.abc import Iterator

import numpy as np
import pytest
from conftest import ROOT
from PIL import Image
from playwright import sync_api as playwright

pytestmark = pytest.mark.slow

HTML = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: The smallest text a reader should meet on a phone, in CSS pixels.
MIN_PX = 9.0
PHONE = {"width": 390, "height": 844}
CHART_PAGES = sorted(
    str(p.relative_to(HTML))
    for p in (HTML / "book").glob("*.html")
    if re.search(r'<img[^>]+src="[^"]+\.svg"', p.read_text(encoding="utf-8"))
) if (HTML / "book").exists() else []  # fmt: skip


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    assert HTML.exists(), "run make book first"
    handler = functools.partial(_Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright.Browser]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        yield b
        b.close()


def open_page(browser: playwright.Browser, url: str, mode: str, width: int) -> playwright.Page:
    ctx = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=mode)
    ctx.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    page = ctx.new_page()
    page.goto(url, wait_until="networkidle")
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return page


def charts(page: playwright.Page) -> list[dict[str, object]]:
    """Every chart on the page: its file and the width it is shown at."""
    found: list[dict[str, object]] = page.evaluate(
        """() => [...document.querySelectorAll('figure img')]
            .filter(i => i.src.endsWith('.svg'))
            .map(i => ({src: i.getAttribute('src'), shown: i.getBoundingClientRect().width}))"""
    )
    return found


def smallest_text(svg: str) -> tuple[float, float]:
    """The smallest font size in an SVG chart and the width of its viewBox (same units)."""
    view = re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', svg)
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
    assert view and sizes, "a chart with no viewBox or no text"
    assert "<text" in svg and len(sizes) == svg.count("<text"), "every text has its own size"
    return min(sizes), float(view.group(1))


def test_there_are_charts_to_check() -> None:
    assert {"book/index.html", "book/deployment.html", "book/numbers.html"} <= set(CHART_PAGES)


@pytest.mark.parametrize("path", CHART_PAGES)
def test_no_chart_text_is_under_9_px_on_a_phone(
    browser: playwright.Browser, server: str, path: str
) -> None:
    page = open_page(browser, server + path, "light", PHONE["width"])
    shown = charts(page)
    assert shown, f"no chart shown on {path}"
    for chart in shown:
        svg = (HTML / path).parent.joinpath(str(chart["src"])).resolve().read_text("utf-8")
        size, view = smallest_text(svg)
        px = size * float(chart["shown"]) / view  # type: ignore[arg-type]
        assert float(chart["shown"]) >= 300, f"{chart['src']} shown only {chart['shown']} px wide"
        assert px >= MIN_PX, f"{path}: {chart['src']} has text of {px:.1f} px at 390 px"
    page.context.close()


def luminance(png: bytes) -> tuple[float, np.ndarray]:
    """The mean luminance (0-255) of a screenshot, and its top-left pixel."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)
    return float((rgb @ [0.2126, 0.7152, 0.0722]).mean()), rgb[2, 2]


@pytest.mark.parametrize("path", ["book/index.html", "book/deployment.html"])
def test_charts_follow_the_theme_dark_and_light(
    browser: playwright.Browser, server: str, path: str
) -> None:
    for mode in ("dark", "light"):
        page = open_page(browser, server + path, mode, 1366)
        for img in page.query_selector_all("figure img[src$='.svg']"):
            img.scroll_into_view_if_needed()
            mean, corner = luminance(img.screenshot())
            box = img.bounding_box()
            assert box is not None and box["x"] > 20, "the chart fills the column"
            beside = {"x": box["x"] - 12, "y": box["y"] + 2, "width": 6, "height": 6}
            page_rgb = luminance(page.screenshot(clip=beside))[1]
            if mode == "dark":
                assert mean < 90, f"{path}: a chart stays light in dark mode ({mean:.0f})"
                assert np.abs(corner - page_rgb).max() < 12, "the chart is a plate on the page"
            else:
                assert mean > 170, f"{path}: a chart is dark in light mode ({mean:.0f})"
        page.context.close()
