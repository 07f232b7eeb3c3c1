"""Shared fixtures: a private copy of data/ that a test may break, and helpers to edit it."""

from __future__ import annotations

import asyncio
import csv
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dprk_russia.core.synthetic import read_rows, write_rows

__all__ = ["ReaderRun", "git_copy", "ok", "read_rows", "run_build", "wait_until", "write_rows"]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ARTICLE_ID = "000_4dc299c40bab5478"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the real data folder (which validates) for a test to break one thing in."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


Editor = Callable[[str, str, str, str], int]


@pytest.fixture
def set_cell(data_copy: Path) -> Editor:
    """Set one cell of the row with the given id; return the line number the row is on."""

    def edit(table: str, record_id: str, field: str, value: str) -> int:
        path = data_copy / f"{table}.csv"
        header, rows = read_rows(path)
        key = header[0]
        for row in rows:
            if row[key] == record_id:
                row[field] = value
                break
        else:
            raise AssertionError(f"{record_id} not in {table}")
        write_rows(path, header, rows)
        return line_of(path, value if field == key else record_id)

    return edit


def line_of(path: Path, record_id: str) -> int:
    """The line on which the row with this id starts (rows may span lines)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        start = 1
        for cells in reader:
            if cells and cells[0] == record_id:
                return start
            start = reader.line_num + 1
    raise AssertionError(f"{record_id} not in {path}")


def git_copy(dest: Path) -> Path:
    """A copy of the repository (``copy_repo``) that also carries its commit and tags, so that
    a build of it states the same edition (build date, previous edition) as the repository's
    own build. Without git history in the repository, the copy has none either."""
    from dprk_russia.publish.build import copy_repo
    from dprk_russia.publish.editions import has_history

    repo = copy_repo(dest)
    if has_history(ROOT):
        for args in (
            ["init", "-q"],
            ["fetch", "-q", "--tags", str(ROOT), "HEAD"],
            ["update-ref", "refs/heads/edition", "FETCH_HEAD"],
            ["symbolic-ref", "HEAD", "refs/heads/edition"],
        ):
            subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)
    return repo


def run_build(
    repo: Path, builder: str = "html", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m dprk_russia build`` in a copy of the repository, as ``make`` runs it
    (``builder`` ``site``: ``python -m dprk_russia.publish.site``, as ``make site`` does)."""
    env = dict(os.environ, PYTHONPATH=str(repo), **(env or {}))
    cmd = [sys.executable, "-m", "dprk_russia", "build", "--builder", builder]
    if builder == "site":
        cmd = [sys.executable, "-m", "dprk_russia.publish.site"]
    return subprocess.run(
        cmd,
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """The result of a build that must have succeeded (its output's tail if it did not)."""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.2)


@dataclass
class ReaderRun:
    """A chapter as a reader reruns it: the notebook with its outputs, and what the kernel
    gave for each ``{eval}`` name of its Markdown (a ``user_expressions`` reply entry)."""

    notebook: Any
    expressions: dict[str, dict[str, Any]]


EVAL_NAME = re.compile(r"\{eval\}`([^`]*)`")


def run_as_reader(chapter: Path) -> ReaderRun:
    """Read the chapter with jupytext and run it top to bottom in a Python kernel started in
    its own folder (where JupyterLab starts it), then evaluate every ``{eval}`` name of its
    Markdown in that kernel, as jupyterlab-myst does once the cells have run."""
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(chapter)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": chapter.parent}}
    )
    names = sorted(
        {n for c in nb.cells if c.cell_type == "markdown" for n in EVAL_NAME.findall(c.source)}
    )

    async def run() -> dict[str, Any]:
        async with client.async_setup_kernel():
            for index, cell in enumerate(nb.cells):
                await client.async_execute_cell(cell, index)
            msg_id = client.kc.execute(
                "", store_history=False, user_expressions={name: name for name in names}
            )
            return dict(await client.async_wait_for_reply(msg_id))

    reply = asyncio.run(run())
    return ReaderRun(nb, dict(reply["content"].get("user_expressions", {})))


@pytest.fixture(scope="session")
def reader_runs() -> dict[str, ReaderRun]:
    """Every chapter rerun as a reader would, outside the book, by its path (``book/x``)."""
    from dprk_russia.publish.build import chapters

    return {str(path.relative_to(ROOT).with_suffix("")): run_as_reader(path) for path in chapters()}
