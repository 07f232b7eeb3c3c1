"""The link check of the sources' addresses, offline: a local server plays the web's answers."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator

import pytest
from conftest import DATA

from dprk_russia.publish.linkcheck import addresses, check_all, http_fetch, main, report


class _Web(http.server.BaseHTTPRequestHandler):
    """/ok answers, /moved redirects to /ok, /gone is 404, /blocked is 403, /get-only refuses
    HEAD (405) but answers GET, /broken is a 500."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, head: bool) -> None:
        path = self.path
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/get-only" and head:
            self.send_response(405)
        else:
            code = {"/ok": 200, "/get-only": 200, "/gone": 404, "/blocked": 403}.get(path, 500)
            self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)


@pytest.fixture(scope="module")
def web() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Web)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_each_answer_is_classified(web: str) -> None:
    found = {
        f"{web}/ok": ["s-ok"],
        f"{web}/moved": ["s-moved"],
        f"{web}/gone": ["s-gone", "s-gone-too"],
        f"{web}/blocked": ["s-blocked"],
        f"{web}/get-only": ["s-get"],
        f"{web}/broken": ["s-broken"],
        f"http://127.0.0.1:{closed_port()}/nothing": ["s-down"],
    }
    results = check_all(found, http_fetch, timeout=5, pause=0)
    outcome = {r.url.rsplit("/", 1)[1]: r.outcome for r in results}
    assert outcome == {
        "ok": "ok",
        "moved": "moved",
        "gone": "gone",
        "blocked": "refused",
        "get-only": "ok",
        "broken": "server error",
        "nothing": "unreachable",
    }
    assert [r.url for r in results] == list(found)  # in the order asked
    text = report(results)
    assert "7 addresses checked: 2 ok, 1 moved, 1 refused, 1 gone, 1 server error" in text
    assert f"| gone | {web}/gone | s-gone, s-gone-too | HTTP 404 |" in text
    assert f"| ok | {web}/ok" not in text  # addresses that answer are counted, not listed


def test_every_source_address_is_checked_once_with_every_source_citing_it() -> None:
    found = addresses(DATA)
    import csv

    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["url"]]
    assert set(found) == {r["url"] for r in rows}
    assert sum(len(ids) for ids in found.values()) == len(rows)


def test_the_command_reports_and_never_fails_unless_strict(
    web: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "sources.csv").write_text(
        f"source_id,url\ns1,{web}/ok\ns2,{web}/gone\n", encoding="utf-8"
    )
    summary = folder / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--data", str(folder), "--timeout", "5"]) == 0
    assert "| gone |" in capsys.readouterr().out
    assert "| gone |" in summary.read_text(encoding="utf-8")
    assert main(["--data", str(folder), "--timeout", "5", "--strict"]) == 1
