"""Building the book so that it is never stale, and no slower than it has to be.

Jupyter Book 1 keys its execution cache on the code cells only: a change to a CSV in ``data/``
or to this package would not re-execute a chapter, and the book would publish numbers computed
from older data. So before each build we fingerprint every input the chapters read (the data,
the package code, the pinned requirements) and, when the fingerprint differs from the last
successful build's, drop the execution cache and the parsed documents so that every chapter is
executed again. When nothing changed the cache is kept and nothing is executed.

Two things make it quick. Chapters that need executing are run in parallel, one kernel per
core, into the same cache Jupyter Book reads (Jupyter Book itself would run them one after
another). And when no input of the book has changed at all since the last successful build of
the same output, Sphinx is not started: it would spend seconds finding nothing to do.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"


#: What a copy of the repository leaves out (tests and benchmarks build in such copies).
COPY_IGNORE = (
    ".venv",
    ".git",
    "_build",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "__pycache__",
    "*.egg-info",
)


def copy_repo(dest: Path, root: Path = ROOT) -> Path:
    """A working copy of the repository at ``dest`` that shares this one's ``.venv``."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns(*COPY_IGNORE), symlinks=True)
    (dest / ".venv").symlink_to(root / ".venv")
    return dest


def _files(folder: Path) -> list[Path]:
    return [
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix != ".pyc" and "__pycache__" not in p.parts
    ]


def _inputs(root: Path) -> list[Path]:
    """What the chapters compute from, besides their own code cells."""
    return sorted(
        [*_files(root / "data"), *_files(root / "dprk_russia"), root / "requirements.txt"]
    )


def _book_inputs(root: Path) -> list[Path]:
    """Everything a build reads: the above plus the chapters, their static files and config."""
    config = [root / "_config.yml", root / "_toc.yml"]
    return sorted({*_inputs(root), *_files(root / "book"), *config})


def fingerprint(root: Path = ROOT, book: bool = False) -> str:
    """A hash of the inputs that change what the chapters compute (``book``: of every input)."""
    digest = hashlib.sha256()
    for path in _book_inputs(root) if book else _inputs(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


OUTPUT = {"html": "html", "pdflatex": "latex", "latex": "latex", "singlehtml": "singlehtml"}
#: The file a complete build of each builder leaves; without it a build is never skipped.
FINISHED = {"html": "html/index.html", "pdflatex": "latex/dprk-troops-in-russia.pdf"}


def _stamp(build: Path, name: str) -> Path:
    return build / f".inputs-{name}"


def invalidate_if_changed(builder: str, root: Path = ROOT, build: Path = BUILD) -> list[str]:
    """Drop whatever was computed from other inputs; say what was dropped and why.

    Two stamps: one for the shared execution cache and parsed documents, one per builder for
    its output folder (Sphinx rewrites a page only when its source file is newer than it).
    """
    current = fingerprint(root)
    dropped = []
    cache_stamp = _stamp(build, "cache")
    if not cache_stamp.exists() or cache_stamp.read_text().strip() != current:
        for stale in (build / ".jupyter_cache", build / ".doctrees", build / "jupyter_execute"):
            shutil.rmtree(stale, ignore_errors=True)
        dropped.append("data/, the package or the requirements changed: every chapter runs again")
    out_stamp = _stamp(build, builder)
    if not out_stamp.exists() or out_stamp.read_text().strip() != current:
        shutil.rmtree(build / OUTPUT.get(builder, builder), ignore_errors=True)
        dropped.append(f"the {builder} output was made from other inputs: it is written afresh")
    return dropped


def up_to_date(builder: str, root: Path = ROOT, build: Path = BUILD) -> bool:
    """Whether the last successful build of ``builder`` was made from exactly these inputs."""
    finished = FINISHED.get(builder)
    stamp = _stamp(build, f"book-{builder}")
    return (
        finished is not None
        and (build / finished).is_file()
        and stamp.is_file()
        and stamp.read_text().strip() == fingerprint(root, book=True)
    )


def book_config(root: Path = ROOT) -> dict[str, Any]:
    """The book's ``_config.yml``."""
    import yaml

    config: dict[str, Any] = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config


def chapters(root: Path = ROOT) -> list[Path]:
    """The chapter sources, in table-of-contents order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))

    def files(entries: list[dict[str, Any]]) -> list[str]:
        found = []
        for entry in entries:
            if "file" in entry:
                found.append(entry["file"])
            found += files(entry.get("chapters", []) + entry.get("sections", []))
        return found

    names = [toc["root"], *files(toc.get("chapters", []) + toc.get("parts", []))]
    return [root / f"{name}.md" for name in names]


def execute_chapters(root: Path = ROOT, build: Path = BUILD) -> list[str]:
    """Execute, in parallel, the chapters not in Jupyter Book's execution cache.

    Each chapter is read with MyST-NB's own reader and cached exactly as MyST-NB would cache
    it, so the Sphinx build that follows finds every chapter already executed. Returns one
    message per chapter that failed, with its traceback; the build stops on any.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    timeout = int(book_config(root).get("execute", {}).get("timeout", 30))
    cache = get_cache(str(build / ".jupyter_cache"))
    reader = {"name": "myst_nb_md", "type": "plugin"}
    uris = [str(path) for path in chapters(root)]
    for uri in uris:
        if cache.add_nb_to_project(uri, read_data=reader).read_data != reader:
            cache.remove_nb_from_project(uri)  # added by an earlier build with another reader
            cache.add_nb_to_project(uri, read_data=reader)
    todo = [record.uri for record in cache.list_unexecuted(uris)]
    if not todo:
        return []
    print(f"executing {len(todo)} chapter(s), up to {os.cpu_count()} at a time", flush=True)
    started = time.perf_counter()
    executor = load_executor("local-parallel", cache)
    result = executor.run_and_cache(filter_uris=todo, timeout=timeout, allow_errors=False)
    print(f"executed {len(todo)} chapter(s) in {time.perf_counter() - started:.1f} s", flush=True)
    failures = []
    for uri in [*result.excepted, *result.errored]:
        trace = cache.get_project_record(uri).traceback or "(no traceback recorded)"
        # Keep the failing cell and its error; drop nbclient's own stack above them.
        _, found, cell = trace.partition("CellExecutionError: ")
        name = Path(uri).relative_to(root)
        failures.append(f"{name}: executing the chapter failed\n{cell if found else trace}")
    return failures


def pdf_config(root: Path = ROOT) -> Path:
    """The book's configuration for the PDF: the same, but with code cells left out.

    The web book folds code away (one click shows it); a printed report has no use for it.
    """
    import yaml

    config = book_config(root)
    config.setdefault("sphinx", {}).setdefault("config", {})["nb_remove_code_source"] = True
    target = root / "_build" / "pdf-config" / "_config.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return target


def build(builder: str = "html", root: Path = ROOT) -> int:
    """Run ``jupyter-book build`` with warnings as errors; record the inputs it was built from."""
    build_dir = root / "_build"
    if up_to_date(builder, root, build_dir):
        print(f"{builder}: no input changed since the last build; nothing to do")
        return 0
    for reason in invalidate_if_changed(builder, root, build_dir):
        print(reason)
    from .assets import prepare

    prepare(root)
    failures = execute_chapters(root, build_dir)
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        return 1
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(root), "--builder", builder, "-W", "-n", "--keep-going"]
    if builder == "pdflatex":
        cmd += ["--config", str(pdf_config(root))]
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=root, check=False)
    print(f"jupyter-book build ({builder}) took {time.perf_counter() - started:.1f} s", flush=True)
    if result.returncode == 0:
        current = fingerprint(root) + "\n"
        _stamp(build_dir, "cache").write_text(current)
        _stamp(build_dir, builder).write_text(current)
        _stamp(build_dir, f"book-{builder}").write_text(fingerprint(root, book=True) + "\n")
    return result.returncode
