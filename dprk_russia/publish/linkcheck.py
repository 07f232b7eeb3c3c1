"""Do the sources' addresses still answer? ``python -m dprk_russia.publish.linkcheck``
(``make linkcheck``; the scheduled workflow runs it weekly).

It reports and never blocks: the exit status is 0 whatever it finds (``--strict`` makes a gone
or unreachable address fail, for whoever wants that). A page that has moved or vanished does
not make a record wrong — each record quotes its source, and the stored copies were checked
when the quote was — but a reader following the link should find it, so the report names every
address that no longer answers, with the sources that cite it.

Each address is asked with ``HEAD`` (then ``GET`` if the server refuses ``HEAD``), redirects
followed; one request at a time per host, a second apart, hosts in parallel. Outcomes:

- ``ok``: it answers (2xx), at the same address or, ``moved``, after a redirect elsewhere;
- ``refused``: the server turns automated requests away (401, 403, 429): a reader may still
  get through, so it is listed apart;
- ``gone``: 404 or 410; ``server error``: 5xx; ``unreachable``: no answer (name, connection,
  TLS, time-out).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

#: What a fetch returns: the status and the address finally reached.
Fetch = Callable[[str, float], tuple[int, str]]

OUTCOMES = ("ok", "moved", "refused", "gone", "server error", "unreachable")
#: Outcomes that mean a reader following the link will not find the page.
FAILING = ("gone", "unreachable")


@dataclass(frozen=True)
class Result:
    url: str
    sources: tuple[str, ...]
    outcome: str
    status: int | None
    detail: str


def addresses(data_folder: Path) -> dict[str, list[str]]:
    """Every address in ``sources.csv``, with the sources that carry it, in file order."""
    found: dict[str, list[str]] = {}
    with (data_folder / "sources.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            url = (row.get("url") or "").strip()
            if url:
                found.setdefault(url, []).append(row["source_id"])
    return found


def http_fetch(url: str, timeout: float) -> tuple[int, str]:
    """Ask for ``url`` (HEAD, then GET when HEAD is refused); redirects followed."""
    from .editions import version

    headers = {"User-Agent": f"dprk-russia-linkcheck/{version()} (checks cited sources)"}
    last: urllib.error.HTTPError | None = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status), str(response.geturl())
        except urllib.error.HTTPError as exc:
            last = exc
            if exc.code not in (400, 403, 405, 501):  # servers that only refuse HEAD say so
                break
    assert last is not None
    return int(last.code), str(last.geturl() or url)


def classify(url: str, status: int, final: str) -> tuple[str, str]:
    """The outcome of an answer, and a word on it."""
    if 200 <= status < 400:
        if final and final.rstrip("/") != url.rstrip("/"):
            return "moved", f"now at {final}"
        return "ok", ""
    if status in (401, 403, 429):
        return "refused", f"HTTP {status}: the server refuses automated requests"
    if status in (404, 410):
        return "gone", f"HTTP {status}"
    if status >= 500:
        return "server error", f"HTTP {status}"
    return "gone", f"HTTP {status}"


def check_one(url: str, sources: Iterable[str], fetch: Fetch, timeout: float) -> Result:
    try:
        status, final = fetch(url, timeout)
    except (OSError, ValueError) as exc:  # URLError, time-outs, TLS and socket errors
        reason = getattr(exc, "reason", exc)
        return Result(url, tuple(sources), "unreachable", None, str(reason) or type(exc).__name__)
    outcome, detail = classify(url, status, final)
    return Result(url, tuple(sources), outcome, status, detail)


def check_all(
    found: dict[str, list[str]],
    fetch: Fetch = http_fetch,
    timeout: float = 20.0,
    workers: int = 8,
    pause: float = 1.0,
) -> list[Result]:
    """Check every address: hosts in parallel, one request at a time per host, ``pause``
    seconds apart. Results come back in the order of ``found``."""
    by_host: dict[str, list[str]] = {}
    for url in found:
        by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)

    def host_run(urls: list[str]) -> list[Result]:
        results = []
        for i, url in enumerate(urls):
            if i:
                time.sleep(pause)
            results.append(check_one(url, found[url], fetch, timeout))
        return results

    done: dict[str, Result] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for results in pool.map(host_run, by_host.values()):
            done.update({r.url: r for r in results})
    return [done[url] for url in found]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report(results: list[Result]) -> str:
    """The results as Markdown: counts per outcome, then every address that is not ``ok``."""
    counts = {o: sum(1 for r in results if r.outcome == o) for o in OUTCOMES}
    lines = [
        "# Source addresses",
        "",
        f"{len(results)} addresses checked: "
        + ", ".join(f"{n} {o}" for o, n in counts.items() if n)
        + ".",
        "",
    ]
    listed = [r for r in results if r.outcome != "ok"]
    if listed:
        lines += ["| outcome | address | sources | detail |", "| --- | --- | --- | --- |"]
        order = {o: i for i, o in enumerate(reversed(OUTCOMES))}
        for r in sorted(listed, key=lambda r: order[r.outcome]):
            lines.append(
                f"| {r.outcome} | {_cell(r.url)} | {_cell(', '.join(r.sources))} "
                f"| {_cell(r.detail)} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from ..core.schema import data_dir

    parser = argparse.ArgumentParser(
        prog="python -m dprk_russia.publish.linkcheck",
        description="Report the source addresses that no longer answer (never fails by default).",
    )
    parser.add_argument("--data", help="data folder (default: the repository's data/)")
    parser.add_argument("--output", help="also write the report (Markdown) to this file")
    parser.add_argument("--limit", type=int, help="check only the first N addresses")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per request")
    parser.add_argument("--workers", type=int, default=8, help="hosts checked at once")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when an address is gone or unreachable"
    )
    args = parser.parse_args(argv)
    found = addresses(data_dir(args.data))
    if args.limit is not None:
        found = dict(list(found.items())[: args.limit])
    results = check_all(found, timeout=args.timeout, workers=args.workers)
    text = report(results)
    print(text)
    for target in (args.output, os.environ.get("GITHUB_STEP_SUMMARY")):
        if target:
            with Path(target).open("a", encoding="utf-8") as fh:
                fh.write(text + "\n")
    failing = [r for r in results if r.outcome in FAILING]
    return 1 if args.strict and failing else 0


if __name__ == "__main__":
    sys.exit(main())
