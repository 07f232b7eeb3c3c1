"""Lighthouse (mobile, simulated throttling) on every page of the built site, served with gzip.

npm's ``lighthouse`` is installed into the user's cache (``$XDG_CACHE_HOME/dprk-russia/
lighthouse``, never the repository) at the version pinned below, and drives Debian's Chromium
(``CHROME_PATH``); it needs no network beyond the local server. Each page is measured
``LIGHTHOUSE_RUNS`` times (default 1) and the median performance score kept: scores vary a
few points between runs on a busy machine, and a timing never fails anything.

``python bench/lighthouse.py [_build/html]`` prints the table on its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from serve import serve

from dprk_russia.publish.assets import user_cache

VERSION = "12.8.2"  # the last line that runs on Debian's Node 18/20 (13.x wants Node 22)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TARGETS = {"performance": 90, "accessibility": 100}


@dataclass
class Score:
    page: str
    performance: int
    accessibility: int
    transfer_kb: float
    requests: int
    lcp_s: float
    tbt_ms: float


def install() -> Path:
    """The ``lighthouse`` command, installed into the user's cache at :data:`VERSION`."""
    prefix = user_cache() / "lighthouse"
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    package = prefix / "node_modules" / "lighthouse" / "package.json"
    if package.exists() and json.loads(package.read_text())["version"] == VERSION:
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed for Lighthouse (make bench installs it with apt)")
    prefix.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--silent",
         f"lighthouse@{VERSION}"],
        check=True,
    )  # fmt: skip
    return binary


def pages(html: Path) -> list[str]:
    """Every reader-facing page: the chapters, search and the index (not the redirect)."""
    found = sorted(str(p.relative_to(html)) for p in html.glob("book/*.html"))
    return found + [p for p in ("search.html", "genindex.html") if (html / p).exists()]


def _one(binary: Path, url: str, out: Path) -> dict[str, object]:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions"
    result = subprocess.run(
        [str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=performance,accessibility", f"--chrome-flags={flags}",
         "--max-wait-for-load=60000"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {result.stderr[-1500:]}")
    report: dict[str, object] = json.loads(out.read_text())
    return report


def measure(html: Path, runs: int | None = None) -> list[Score]:
    """Serve ``html`` with gzip and run Lighthouse on each page; the median of ``runs``."""
    runs = runs or int(os.environ.get("LIGHTHOUSE_RUNS", "1"))
    binary = install()
    httpd, base = serve(html)
    scores = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page in pages(html):
                reports = [_one(binary, base + page, Path(tmp) / f"{i}.json") for i in range(runs)]
                parsed = [_parse(page, r) for r in reports]
                parsed.sort(key=lambda s: s.performance)
                scores.append(parsed[len(parsed) // 2])
    finally:
        httpd.shutdown()
    return scores


def _parse(page: str, report: dict[str, object]) -> Score:
    cats = report["categories"]
    audits = report["audits"]
    assert isinstance(cats, dict) and isinstance(audits, dict)

    def score(name: str) -> int:
        value = cats[name]["score"]
        return -1 if value is None else round(100 * value)

    items = audits["network-requests"].get("details", {}).get("items", [])
    return Score(
        page=page,
        performance=score("performance"),
        accessibility=score("accessibility"),
        transfer_kb=audits["total-byte-weight"]["numericValue"] / 1024,
        requests=len(items),
        lcp_s=audits["largest-contentful-paint"]["numericValue"] / 1000,
        tbt_ms=audits["total-blocking-time"]["numericValue"],
    )


def table(scores: list[Score]) -> str:
    head = f"{'page':<24}{'perf':>6}{'a11y':>6}{'transfer':>11}{'requests':>10}{'LCP':>8}{'TBT':>9}"
    lines = [head]
    for s in scores:
        flag = "" if s.performance >= 90 and s.accessibility == 100 else "  below target"
        lines.append(
            f"{s.page:<24}{s.performance:>6}{s.accessibility:>6}{s.transfer_kb:>8,.0f} KB"
            f"{s.requests:>10}{s.lcp_s:>7.1f}s{s.tbt_ms:>7,.0f}ms{flag}"
        )
    lines.append(
        f"targets: performance >= {TARGETS['performance']}, accessibility "
        f"{TARGETS['accessibility']} (Lighthouse {VERSION}, mobile, simulated throttling, gzip)"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    print(table(measure(root)), flush=True)
