"""Never stale: a change to one row of data/ reaches the chart and the text on the next build.

Jupyter Book's execution cache is keyed on code cells only, so without the build's input
fingerprint an edited CSV would leave the old numbers on the page. This test builds a copy of
the repository, changes one stated figure, runs ``make book`` again and looks at the page.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, git_copy, read_rows, write_rows

#: Needs a built book, and some tests a browser, TeX or whole builds: make test, not make check.
pytestmark = pytest.mark.slow


def make_book(repo: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(repo))  # the copy's package, reading the copy's data
    # The copy shares the repository's .venv: -o keeps make from reinstalling into it.
    return subprocess.run(
        ["make", "-o", ".venv/.installed", "book"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def images(html: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (html / "_images").iterdir()
    }


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("repo") / "repo"
    return git_copy(dest)  # the same commit and tags: the same edition as the repository's


@pytest.fixture(scope="module")
def built(repo: Path) -> Path:
    first = make_book(repo)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    return repo / "_build" / "html"


def _pages(html: Path) -> dict[str, str]:
    return {
        str(p.relative_to(html)): p.read_text(encoding="utf-8")
        for p in html.rglob("*.html")
        if "_static" not in p.parts
    }


def test_two_builds_of_the_same_commit_are_identical(built: Path) -> None:
    """The copy's fresh build against the repository's own (same sources, another folder)."""
    ours = ROOT / "_build" / "html"
    assert images(built) == images(ours), "figures differ between two builds"
    theirs, mine = _pages(built), _pages(ours)
    assert theirs.keys() == mine.keys()
    for name in mine:
        assert theirs[name] == mine[name], f"{name} differs between two builds"


def test_changed_figure_reaches_chart_and_text_and_unchanged_build_executes_nothing(
    repo: Path, built: Path
) -> None:

    html = built
    before_page = (html / "book" / "numbers.html").read_text(encoding="utf-8")
    before_images = images(html)
    assert "some 1,500" in before_page

    again = make_book(repo)
    assert again.returncode == 0
    assert "nothing to do" in again.stdout, "a no-change build did not skip the book build"
    assert "executing" not in (again.stdout + again.stderr).lower(), "a no-change build executed"

    path = repo / "data" / "troop_claims.csv"
    header, rows = read_rows(path)
    for row in rows:
        if row["claim_id"] == "C03":
            row["figure_low"] = row["figure_high"] = "1700"
    write_rows(path, header, rows)

    changed = make_book(repo)
    assert changed.returncode == 0, changed.stdout[-3000:] + changed.stderr[-3000:]
    after_page = (html / "book" / "numbers.html").read_text(encoding="utf-8")
    assert "some 1,700" in after_page and "some 1,500" not in after_page
    assert images(html) != before_images, "the chart did not change with the data"


def test_changed_prose_is_rebuilt_without_executing_anything(repo: Path, built: Path) -> None:
    """A change outside data/ and the package (here a chapter's text) still reaches the page."""
    path = repo / "book" / "method.md"
    original = path.read_text(encoding="utf-8")
    marker = "This sentence was added by the never-stale test."
    path.write_text(original.replace("\n## ", f"\n{marker}\n\n## ", 1), encoding="utf-8")
    try:
        result = make_book(repo)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "nothing to do" not in result.stdout
        assert "executing" not in result.stdout.lower(), "unchanged code cells were re-executed"
        assert marker in (built / "book" / "method.html").read_text(encoding="utf-8")
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_chapter_that_fails_stops_the_build_and_names_itself(repo: Path, built: Path) -> None:
    path = repo / "book" / "timeline.md"
    original = path.read_text(encoding="utf-8")
    failing = (
        "\n```{code-cell} ipython3\nraise RuntimeError('the never-stale test broke this')\n```\n"
    )
    path.write_text(original + failing, encoding="utf-8")
    try:
        result = make_book(repo)
        assert result.returncode != 0
        assert "book/timeline.md: executing the chapter failed" in result.stderr
        assert "the never-stale test broke this" in result.stderr
        assert "Running Jupyter-Book" not in result.stdout, "Sphinx ran after a chapter failed"
    finally:
        path.write_text(original, encoding="utf-8")
    again = make_book(repo)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
