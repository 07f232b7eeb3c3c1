"""Lint the code cells of every chapter with ruff, as nbQA does for ``.ipynb`` files.

The chapters are MyST Markdown notebooks, which ruff cannot read. jupytext reads each one as
a notebook; its code cells are written, one after another, into a Python file under
``_build/lint/``, and ruff checks those files with the project's rules (long lines aside:
chapter code is laid out for the page). Every problem is reported at the chapter's own file and
line, so it can be fixed where it is. Exit status 1 if ruff found anything.

Run by ``make lint`` (and so by ``make check`` and ``make test``) and by the pre-commit hook.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "lint"
RULES = ["--select", "E,F,W,I,B,UP,SIM", "--ignore", "E501", "--line-length", "100"]
RULES += ["--target-version", "py311"]


def code_file(chapter: Path) -> tuple[Path, list[int]]:
    """The chapter's code cells as one Python file, and for each of its lines the chapter line."""
    text = chapter.read_text(encoding="utf-8")
    notebook = jupytext.reads(text, fmt="md:myst")
    lines: list[str] = []
    where: list[int] = []
    search_from = 0
    source_lines = text.splitlines()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        body = cell.source.splitlines()
        # Find the cell in the chapter: the first line of its code after the last cell found.
        found = (i for i in range(search_from, len(source_lines)) if source_lines[i] == body[0])
        start = next(found, search_from) if body else search_from
        search_from = start + len(body)
        for offset, line in enumerate(body):
            lines.append(line)
            where.append(start + offset + 1)
        lines.append("")
        where.append(start + len(body) + 1)
    target = OUT / f"{chapter.stem}.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target, where


def main() -> int:
    chapters = sorted((ROOT / "book").glob("*.md"))
    files = {}
    for chapter in chapters:
        target, where = code_file(chapter)
        files[target] = (chapter, where)
    cmd = [sys.executable, "-m", "ruff", "check", "--isolated", "--output-format", "json", *RULES]
    result = subprocess.run([*cmd, *map(str, files)], capture_output=True, text=True, check=False)
    problems = json.loads(result.stdout or "[]")
    for p in problems:
        chapter, where = files[Path(p["filename"])]
        line = where[p["location"]["row"] - 1]
        print(f"{chapter.relative_to(ROOT)}:{line}: {p['code']} {p['message']}")
    if not problems:
        print(f"chapter code: {len(chapters)} chapters checked, no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
