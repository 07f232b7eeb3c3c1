"""Failed, interrupted and damaged builds: nothing good is lost, nothing stale is served.

One copy of the repository is built (HTML and PDF), then broken in the ways a careless
contributor or a crash breaks it: a chapter that fails, a Sphinx warning, a LaTeX error, data
changed in a failed build and then reverted, a truncated or replaced PDF, a corrupt execution
cache, Ctrl-C during execution. After each, the last good ``_build/html`` and ``_build/latex``
must be exactly as they were, and the next build must show the current inputs only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from conftest import ok, read_rows, run_build, wait_until, write_rows
from pypdf import PdfReader

from dprk_russia.publish.build import FINISHED, cache_path, chapters, copy_repo

#: Needs a built book, and some tests a browser, TeX or whole builds: make test, not make check.
pytestmark = pytest.mark.slow


PDF = FINISHED["pdflatex"]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by path, with its checksum."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def pdf_text(path: Path) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = copy_repo(tmp_path_factory.mktemp("faults") / "repo")
    ok(run_build(dest, "html"))
    ok(run_build(dest, "pdflatex"))
    return dest


@pytest.fixture
def outputs(repo: Path) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """The good outputs before a test; after it, they must still be there, unchanged."""
    html, latex = snapshot(repo / "_build" / "html"), snapshot(repo / "_build" / "latex")
    assert "index.html" in html and PDF.removeprefix("latex/") in latex
    yield html, latex


class Edit:
    """Change files of the copy for one test; put them back afterwards."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.saved: dict[Path, bytes] = {}

    def append(self, name: str, text: str) -> None:
        path = self.repo / name
        self.saved.setdefault(path, path.read_bytes())
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def figure(self, claim: str, value: str) -> None:
        path = self.repo / "data" / "troop_claims.csv"
        self.saved.setdefault(path, path.read_bytes())
        header, rows = read_rows(path)
        for row in rows:
            if row["claim_id"] == claim:
                row["figure_low"] = row["figure_high"] = value
        write_rows(path, header, rows)

    def revert(self) -> None:
        for path, data in self.saved.items():
            path.write_bytes(data)
        self.saved.clear()


@pytest.fixture
def edit(repo: Path) -> Iterator[Edit]:
    change = Edit(repo)
    yield change
    change.revert()


FAILING_CELL = "\n```{code-cell} ipython3\nraise RuntimeError('broken by test_build_faults')\n```\n"
BROKEN_REF = "\nSee {ref}`no-such-label-test-build-faults`.\n"
LATEX_ERROR = "\n```{raw} latex\n\\undefinedcontrolsequencetestbuildfaults\n```\n"


def prose(tag: str) -> str:
    """A sentence no earlier build has seen (an identical one would be, rightly, nothing to do)."""
    return f"\nA sentence added by test_build_faults ({tag}).\n"


@pytest.mark.parametrize(
    ("builder", "file", "text", "words"),
    [
        ("html", "book/timeline.md", FAILING_CELL, "executing the chapter failed"),
        ("html", "book/method.md", BROKEN_REF, "the html build failed"),
        ("pdflatex", "book/method.md", LATEX_ERROR, "the pdflatex build failed"),
    ],
    ids=["chapter fails", "sphinx warning", "latex error"],
)
def test_a_failed_build_leaves_the_last_good_output_untouched(
    repo: Path,
    outputs: tuple[dict[str, str], dict[str, str]],
    edit: Edit,
    builder: str,
    file: str,
    text: str,
    words: str,
) -> None:
    edit.figure("C03", "1600")  # other inputs too: the old build dropped the output first
    edit.append(file, text)
    result = run_build(repo, builder)
    assert result.returncode != 0
    assert words in result.stdout + result.stderr
    assert (snapshot(repo / "_build" / "html"), snapshot(repo / "_build" / "latex")) == outputs
    assert not (repo / "_build" / f".stage-{builder}").exists()


def test_a_failed_pdf_build_then_reverted_inputs_serve_nothing_stale(
    repo: Path, outputs: tuple[dict[str, str], dict[str, str]], edit: Edit
) -> None:
    """The issue's case: a PDF build fails after the chapters ran on changed data; the change
    is reverted. Neither the PDF nor a later HTML build may show the failed run's figures."""
    pdf = repo / "_build" / PDF
    assert "some 1,500" in pdf_text(pdf)
    edit.figure("C03", "1700")
    edit.append("book/method.md", LATEX_ERROR)
    assert run_build(repo, "pdflatex").returncode != 0
    edit.revert()

    ok(run_build(repo, "pdflatex"))
    text = pdf_text(pdf)
    assert "some 1,500" in text and "1,700" not in text
    assert snapshot(repo / "_build" / "latex") == outputs[1]

    edit.append("book/method.md", prose("stale"))  # the HTML is built again, from the cache
    result = ok(run_build(repo, "html"))
    assert "nothing to do" not in result.stdout
    page = (repo / "_build" / "html" / "book" / "numbers.html").read_text(encoding="utf-8")
    assert "some 1,500" in page and "1,700" not in page


@pytest.mark.parametrize("damage", ["truncated", "replaced"])
def test_a_partial_or_replaced_pdf_is_never_up_to_date(repo: Path, damage: str) -> None:
    pdf = repo / "_build" / PDF
    good = pdf.read_bytes()
    if damage == "truncated":  # what a failed latexmk run leaves
        pdf.write_bytes(good[: len(good) // 2])
    else:  # a complete PDF, but not the one the build made
        pdf.write_bytes(good[:-6] + b"\n%edited\n" + good[-6:])
    result = ok(run_build(repo, "pdflatex"))
    assert "nothing to do" not in result.stdout
    assert pdf.read_bytes()[:5] == b"%PDF-" and "some 1,500" in pdf_text(pdf)
    assert "nothing to do" in ok(run_build(repo, "pdflatex")).stdout


@pytest.mark.parametrize("damage", ["database", "notebook"])
def test_a_corrupt_execution_cache_is_discarded_with_a_notice(
    repo: Path, edit: Edit, damage: str
) -> None:
    cache = cache_path(repo, repo / "_build")
    assert (cache / "global.db").is_file()
    if damage == "database":
        (cache / "global.db").write_bytes(b"this is not a database" * 100)
    else:
        next((cache / "executed").glob("*/base.ipynb")).write_text("{not json")
    edit.append("book/method.md", prose(damage))
    result = ok(run_build(repo, "html"))
    notices = [line for line in result.stdout.splitlines() if "execution cache" in line]
    assert len(notices) == 1, result.stdout[:3000]
    assert "corrupt" in notices[0] and "discarded" in notices[0]
    assert f"executing {len(chapters(repo))} chapter(s)" in result.stdout
    page = (repo / "_build" / "html" / "book" / "method.html").read_text(encoding="utf-8")
    assert f"A sentence added by test_build_faults ({damage})." in page


SLEEPING_CELL = "\n```{code-cell} ipython3\nimport time\ntime.sleep(600)\n```\n"


def _kernels(leader: psutil.Process) -> list[psutil.Process]:
    return [
        p
        for p in leader.children(recursive=True)
        if "ipykernel" in " ".join(p.cmdline()) and p.is_running()
    ]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_build_stops_every_process_it_started(
    repo: Path,
    outputs: tuple[dict[str, str], dict[str, str]],
    edit: Edit,
    signum: signal.Signals,
) -> None:
    """Ctrl-C sends SIGINT to the terminal's whole process group (here: the group the build
    leads); SIGTERM goes to the build process alone. Either way the build, its workers and
    their kernels all stop, and the last good output stays."""
    edit.figure("C03", "1800")  # so that every chapter executes
    edit.append("book/timeline.md", SLEEPING_CELL)
    env = dict(os.environ, PYTHONPATH=str(repo))
    log = repo / "_build" / "interrupted.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "dprk_russia", "build"],
        cwd=repo,
        env=env,
        start_new_session=True,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    leader = psutil.Process(proc.pid)
    seen: dict[int, psutil.Process] = {}
    try:

        def executing() -> bool:  # kernels run the chapters (the sleeping one stays)
            seen.update({p.pid: p for p in leader.children(recursive=True)})
            return bool(_kernels(leader)) and "executing" in log.read_text(errors="replace")

        wait_until(executing, timeout=300, what="the build's kernels to run the chapters")
        assert any("ipykernel" in " ".join(p.cmdline()) for p in seen.values() if p.is_running())
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)  # a hang fails here (it did before the fix)
    finally:
        if proc.poll() is None:
            for p in [leader, *seen.values()]:
                with contextlib.suppress(psutil.Error):
                    p.kill()
    out = log.read_text(encoding="utf-8")
    log.unlink()
    assert proc.returncode == 130, out[-3000:]
    assert "interrupted" in out
    left = []
    for p in seen.values():
        with contextlib.suppress(psutil.Error):
            p.wait(timeout=30)  # gone, or reaped; one still running after that is left over
        if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
            left.append(" ".join(p.cmdline()))
    assert left == []
    assert (snapshot(repo / "_build" / "html"), snapshot(repo / "_build" / "latex")) == outputs
