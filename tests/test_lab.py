"""One chapter rerun in real JupyterLab, as ``make lab`` opens it, in Debian's Chromium.

JupyterLab runs from ``.venv`` with the project's settings (``jupyterlab-settings.json``) on
``book/``; the chapter is opened by double-click (so it must open as a notebook) and run with
*Run All Cells*. Then every ``{eval}`` of its text shows a value, no Markdown shows a raw role,
an unknown directive or a role's source, and each figure's caption sits just below its chart,
drawn as an image. A screenshot goes to ``_build/screenshots/lab-<chapter>.png``.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from playwright import sync_api as playwright

CHAPTER = "numbers"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "_build" / "screenshots"
HTML = ROOT / "_build" / "html"
EVAL = re.compile(r"\{eval\}`([^`]*)`")

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """JupyterLab on book/ with the project's settings; its own settings and workspace
    folders, so nothing of the user's is read or written."""
    home = tmp_path_factory.mktemp("lab")
    (home / "app").mkdir()
    shutil.copy(ROOT / "jupyterlab-settings.json", home / "app" / "overrides.json")
    token = secrets.token_hex(16)
    port = int(os.environ.get("LAB_TEST_PORT") or _free_port())
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={ROOT / 'book'}",
        f"--LabApp.app_settings_dir={home / 'app'}",
        f"--LabApp.user_settings_dir={home / 'user'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                assert server.poll() is None, (home / "lab.log").read_text()
                assert time.monotonic() < deadline, "JupyterLab did not start in 120 s"
                time.sleep(0.5)
        yield f"{base}/lab?reset&token={token}"
    finally:
        server.terminate()  # the server shuts its kernels down
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _run_all(page: playwright.Page, url: str, names: set[str]) -> None:
    """Open the chapter as a reader does (double-click) and run all its cells; return once
    every code cell has run, every inline value is shown and every image has loaded."""
    page.goto(url)
    page.locator(f".jp-DirListing-item[title*='{CHAPTER}.md']").first.dblclick(timeout=60000)
    page.locator(".jp-NotebookPanel .jp-Notebook").wait_for(timeout=60000)
    # The kernel is connected once the status bar names it idle.
    page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| Idle")).first.wait_for(
        timeout=120000
    )
    started = """() => [...document.querySelectorAll('.jp-InputPrompt')]
        .some(p => /\\[[*\\d]/.test(p.textContent))"""
    for _ in range(3):  # a click on a menu JupyterLab is still setting up can be lost
        page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(started, timeout=20000)
            break
        except playwright.TimeoutError:
            page.keyboard.press("Escape")
    page.wait_for_function(
        """() => {
          const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
          return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=240000,
    )
    # Inline values are evaluated once the kernel is idle again.
    page.wait_for_function(
        """(names) => ![...document.querySelectorAll('.jp-MarkdownCell .myst code')]
            .some(c => names.includes(c.textContent.trim()))""",
        arg=sorted(names),
        timeout=60000,
    )
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-OutputArea img')]
            .every(img => img.complete && img.naturalWidth > 0)""",
        timeout=60000,
    )


def test_a_chapter_rerun_in_jupyterlab_shows_its_values_and_charts(lab: str) -> None:
    source = (ROOT / "book" / f"{CHAPTER}.md").read_text(encoding="utf-8")
    names = set(EVAL.findall(source))
    captions = source.count("```{figure}")
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed (make test installs it)"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        # Tall enough that JupyterLab renders every cell of the chapter at once.
        page = browser.new_page(viewport={"width": 1366, "height": 12000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            _run_all(page, lab, names)
        finally:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"lab-{CHAPTER}.png"), full_page=True)
        text = page.locator(".jp-Notebook").inner_text()
        for raw in ("{eval}", "{glue", "Unknown Directive", "{ref}", "{numref}", "```"):
            assert raw not in text, f"JupyterLab shows {raw!r} in {CHAPTER}"
        shown = page.evaluate(
            """() => [...document.querySelectorAll('.jp-Cell')].flatMap((cell, i, cells) => {
                const caption = cell.querySelector('.myst figure');
                if (!caption) return [];
                const above = cells[i - 1];
                const img = above && above.querySelector('.jp-OutputArea img');
                return [img ? img.naturalWidth : 0];
            })"""
        )
        assert len(shown) == captions and all(width > 0 for width in shown), shown
        # Every paragraph without a link reads as on the book's page: same words, same values.
        paragraphs = page.evaluate(
            """() => [...document.querySelectorAll('.jp-MarkdownCell .myst p')]
                .filter(p => !p.querySelector('a') && !p.closest('figure'))
                .map(p => p.innerText)"""
        )
        book = BeautifulSoup(
            (HTML / "book" / f"{CHAPTER}.html").read_text(encoding="utf-8"), "html.parser"
        )
        on_page = "".join(book.select_one("main").get_text().split())
        with_values = [p for p in paragraphs if p.strip()]
        assert len(with_values) > 3
        for paragraph in with_values:
            assert "".join(paragraph.split()) in on_page, paragraph[:100]  # spacing aside
        assert errors == []
        browser.close()
