"""Building the book so that it is never stale, never half-done, and no slower than it has to be.

Jupyter Book 1 keys its execution cache on the code cells only: a change to a CSV in ``data/``
or to this package would not re-execute a chapter, and the book would publish numbers computed
from older data. So before each build we fingerprint every input the chapters read (the data,
the package code, the pinned requirements), and chapters execute into a cache of their own for
that fingerprint (``_build/.jupyter_cache/<fingerprint>``). A cache filled by a build that
then failed holds outputs of its own inputs only: when the inputs go back to what they were,
the build reads the cache of those inputs, never the failed run's.

A build is transactional. Sphinx writes into a fresh folder (``_build/.stage-<builder>``);
only a successful build with a complete output (a PDF with its trailer) is swapped into
``_build/html`` or ``_build/latex``. A build that fails or is interrupted leaves the last good
output exactly as it was, and a stamp records the inputs and the checksum of what was swapped
in, so a stale, partial or replaced output is never taken for up to date. Ctrl-C stops the build
and every process it started (workers and kernels included); a corrupt execution cache is
discarded, with a one-line notice, and rebuilt.

Two things make it quick. Chapters that need executing are run in parallel, one kernel per
core, into the same cache Jupyter Book reads (Jupyter Book itself would run them one after
another). And when no input of the book has changed at all since the last successful build of
the same output, Sphinx is not started: it would spend seconds finding nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

from .book import ROOT, book_config, chapters
from .execute import cache_problem, execute_chapters
from .processes import exclusive, run_tree, terminate_as_interrupt

BUILD = ROOT / "_build"
__all__ = ["ROOT", "book_config", "build", "chapters", "copy_repo", "fingerprint"]


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
        if p.is_file()
        and p.suffix != ".pyc"
        and not {"__pycache__", ".ipynb_checkpoints"} & set(p.parts)
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
    from .editions import key

    digest = hashlib.sha256()
    for path in _book_inputs(root) if book else _inputs(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    digest.update(key(root, book))  # the edition: version, previous edition, build date, address
    return digest.hexdigest()


OUTPUT = {"html": "html", "pdflatex": "latex", "latex": "latex", "singlehtml": "singlehtml"}
#: The file a complete build of each builder leaves; without it a build is never skipped.
FINISHED = {"html": "html/index.html", "pdflatex": "latex/dprk-troops-in-russia.pdf"}
#: Where the execution caches live, one folder per input fingerprint.
CACHES = ".jupyter_cache"
#: What earlier versions of the build left in ``_build`` and nothing reads any more.
LEGACY = (
    ".doctrees",
    "jupyter_execute",
    "pdf-config",
    ".inputs-cache",
    ".inputs-book-html",
    ".inputs-book-pdflatex",
)


def _stamp(build: Path, builder: str) -> Path:
    return build / f".inputs-{builder}"


def cache_path(root: Path = ROOT, build: Path = BUILD, inputs: str | None = None) -> Path:
    """The execution cache for these inputs: keyed by their fingerprint, so that a cache filled
    from other inputs (a failed or interrupted build's, say) is never read."""
    return build / CACHES / (inputs or fingerprint(root))[:24]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def incomplete(path: Path) -> str | None:
    """Why a build's finished file is not a complete output, or None if it is.

    A PDF must start with its header and end with its trailer: latexmk leaves a truncated or
    partial file behind when it fails.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return f"{path.name} was not written"
    if path.suffix == ".pdf":
        with path.open("rb") as fh:
            head = fh.read(5)
            fh.seek(max(path.stat().st_size - 1024, 0))
            tail = fh.read()
        if head != b"%PDF-" or b"%%EOF" not in tail:
            return f"{path.name} is not a complete PDF"
    return None


def up_to_date(builder: str, root: Path = ROOT, build: Path = BUILD) -> bool:
    """Whether the output is exactly what the last successful build of ``builder`` made, from
    exactly these inputs: a stale, partial or replaced output is never up to date."""
    finished = FINISHED.get(builder)
    stamp = _stamp(build, builder)
    if finished is None or not stamp.is_file() or incomplete(build / finished):
        return False
    try:
        record = json.loads(stamp.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return (
        isinstance(record, dict)
        and record.get("book") == fingerprint(root, book=True)
        and record.get("output") == _sha256(build / finished)
    )


def build_config(root: Path, builder: str, cache: Path, folder: Path) -> Path:
    """The book's configuration for one build, written into ``folder``: the execution cache
    for the current inputs, and for the PDF, code cells left out (the web book folds code
    away, one click shows it; a printed report has no use for it)."""
    import yaml

    config = book_config(root)
    config.setdefault("execute", {})["cache"] = str(cache)
    if builder == "pdflatex":
        config.setdefault("sphinx", {}).setdefault("config", {})["nb_remove_code_source"] = True
    from .bookconfig import configure

    configure(config, root, builder)
    target = folder / "_config.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return target


# --- The build: into a fresh folder, swapped in only when complete ------------------------


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is, replacing it; see :func:`recover` for a crash between."""
    old = target.with_name(f".old-{target.name}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def recover(build_dir: Path) -> None:
    """Undo a swap that a crash interrupted: the last good output goes back in place."""
    for name in set(OUTPUT.values()):
        old, target = build_dir / f".old-{name}", build_dir / name
        if old.exists() and not target.exists():
            os.replace(old, target)
        shutil.rmtree(old, ignore_errors=True)


def _prune(build_dir: Path, keep: Path) -> None:
    """Drop execution caches of other inputs, and what earlier build versions left."""
    caches = build_dir / CACHES
    for entry in caches.iterdir() if caches.is_dir() else []:
        if entry != keep:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
    for name in LEGACY:
        path = build_dir / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


#: The site's front door: Jupyter Book writes a bare redirect to the landing page. A browser
#: that lands on it asks for ``/favicon.ico`` (a 404 on a static host) unless the page names an
#: icon; an inline empty icon asks for nothing that the redirect could abort. The page also
#: gives a link for readers whose browser does not follow the redirect.
REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>North Korean troops in Russia: the evidence</title>
<link rel="icon" href="data:,">
<meta http-equiv="Refresh" content="0; url=book/index.html">
</head>
<body><p><a href="book/index.html">North Korean troops in Russia: the evidence</a></p></body>
</html>
"""


def _complete_redirect(page: Path) -> None:
    """Replace Jupyter Book's bare redirect with :data:`REDIRECT_PAGE` (left alone if the
    front page is anything else)."""
    if page.is_file() and page.read_text(encoding="utf-8").lstrip().startswith("<meta http-equiv"):
        page.write_text(REDIRECT_PAGE, encoding="utf-8")


def build(builder: str = "html", root: Path = ROOT) -> int:
    """Build ``builder``'s output from the current inputs, or leave the last good one alone.

    The book is built into a fresh folder and swapped into ``_build`` only when the build
    succeeded and its output is complete; a build that fails or is interrupted leaves
    ``_build/html`` and ``_build/latex`` exactly as they were. Chapters execute into a cache
    keyed by the input fingerprint, so no later build reads outputs computed from other
    inputs. Ctrl-C (or SIGTERM) stops the build and every process it started.
    """
    build_dir = root / "_build"
    stage = build_dir / f".stage-{builder}"
    with terminate_as_interrupt():
        try:
            with exclusive(build_dir):
                recover(build_dir)
                if up_to_date(builder, root, build_dir):
                    print(f"{builder}: no input changed since the last build; nothing to do")
                    return 0
                return _build(builder, root, build_dir, stage)
        except KeyboardInterrupt:
            out = OUTPUT.get(builder, builder)
            print(
                f"interrupted: the build stopped; _build/{out} is the last good one",
                file=sys.stderr,
            )
            return 130
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def _build(builder: str, root: Path, build_dir: Path, stage: Path) -> int:
    inputs, book = fingerprint(root), fingerprint(root, book=True)
    cache = cache_path(root, build_dir, inputs)
    problem = cache_problem(cache)
    if problem:
        shutil.rmtree(cache, ignore_errors=True)
        print(f"the execution cache was corrupt ({problem}): discarded, chapters run again")
    elif not cache.exists():
        print("data/, the package or the requirements changed: every chapter runs again")
    from .assets import prepare

    prepare(root)
    code = run_tree([sys.executable, "-m", __name__, "execute", str(root), str(cache)], root)
    if code != 0:
        return code
    code = _sphinx(builder, root, cache, stage)
    out = OUTPUT.get(builder, builder)
    finished = FINISHED.get(builder)
    why = f"exit status {code}" if code else finished and incomplete(stage / "_build" / finished)
    if why:
        print(
            f"the {builder} build failed ({why}): _build/{out} is left as it was", file=sys.stderr
        )
        return code or 1
    if builder == "html":
        _complete_redirect(stage / "_build" / out / "index.html")
    stamp = _stamp(build_dir, builder)
    stamp.unlink(missing_ok=True)  # no stamp while the output is being replaced
    _swap(stage / "_build" / out, build_dir / out)
    output = _sha256(build_dir / finished) if finished else None
    stamp.write_text(json.dumps({"inputs": inputs, "book": book, "output": output}) + "\n")
    _prune(build_dir, cache)
    return 0


def _sphinx(builder: str, root: Path, cache: Path, stage: Path) -> int:
    """Run Jupyter Book (Sphinx) into ``stage``, warnings as errors."""
    shutil.rmtree(stage, ignore_errors=True)
    config = build_config(root, builder, cache, stage)
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(root), "--builder", builder, "--path-output", str(stage)]
    cmd += ["--config", str(config), "-W", "-n", "--keep-going"]
    started = time.perf_counter()
    code = run_tree(cmd, root)
    print(f"jupyter-book build ({builder}) took {time.perf_counter() - started:.1f} s", flush=True)
    return code


def _main(argv: list[str]) -> int:
    """``python -m dprk_russia.publish.build execute ROOT CACHE``: the chapter-execution process."""
    if len(argv) != 3 or argv[0] != "execute":
        print("usage: python -m dprk_russia.publish.build execute ROOT CACHE", file=sys.stderr)
        return 2
    failures = execute_chapters(Path(argv[1]), Path(argv[2]))
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
