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

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
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
    from .publish.editions import key

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
#: How long a process the build started has to stop after SIGTERM before it is killed.
GRACE_S = 3.0


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


def cache_problem(cache: Path) -> str | None:
    """Why the execution cache cannot be trusted, or None: an unreadable or corrupt database,
    or a cached notebook that is missing or not JSON."""
    if not cache.exists():
        return None
    db = cache / "global.db"
    if not db.is_file():
        return "its database is missing" if any(cache.iterdir()) else None
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            (check,) = con.execute("PRAGMA quick_check").fetchone()
            if check != "ok":
                return f"database check: {check}"
            keys = [key for (key,) in con.execute("SELECT hashkey FROM nbcache")]
            con.execute("SELECT uri, read_data FROM nbproject").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return f"database error: {exc}"
    for key in keys:
        try:
            json.loads((cache / "executed" / key / "base.ipynb").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return f"cached notebook {key}: {exc.__class__.__name__}"
    return None


def execute_chapters(root: Path, cache_dir: Path) -> list[str]:
    """Execute, in parallel, the chapters not in Jupyter Book's execution cache.

    Each chapter is read with MyST-NB's own reader and cached exactly as MyST-NB would cache
    it, so the Sphinx build that follows finds every chapter already executed. Returns one
    message per chapter that failed, with its traceback; the build stops on any. Runs in a
    process of its own (see :func:`build`), so that an interrupted build can stop it and every
    worker and kernel it started.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    timeout = int(book_config(root).get("execute", {}).get("timeout", 30))
    cache = get_cache(str(cache_dir))
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


def build_config(root: Path, builder: str, cache: Path, folder: Path) -> Path:
    """The book's configuration for one build, written into ``folder``: the execution cache
    for the current inputs, and for the PDF, code cells left out (the web book folds code
    away, one click shows it; a printed report has no use for it)."""
    import yaml

    config = book_config(root)
    config.setdefault("execute", {})["cache"] = str(cache)
    if builder == "pdflatex":
        config.setdefault("sphinx", {}).setdefault("config", {})["nb_remove_code_source"] = True
    from .publish.bookconfig import configure

    configure(config, root, builder)
    target = folder / "_config.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return target


# --- Processes: an interrupted build stops everything it started --------------------------


def _tree(leader: int) -> list[Any]:
    """Every live process started from ``leader``: its descendants, and whatever is left in
    the session it leads (a worker's child whose parent has already gone)."""
    import psutil

    found: dict[int, Any] = {}
    try:
        top = psutil.Process(leader)
        found[top.pid] = top
        found.update({p.pid: p for p in top.children(recursive=True)})
    except psutil.NoSuchProcess:
        pass
    for proc in psutil.process_iter():
        with contextlib.suppress(OSError, psutil.Error):
            if proc.pid not in found and os.getsid(proc.pid) == leader:
                found[proc.pid] = proc
    return list(found.values())


def stop_tree(leader: int, grace: float = GRACE_S) -> int:
    """Stop ``leader`` and every process it started: SIGTERM, then SIGKILL for any that is
    still there after ``grace`` seconds (a worker busy in a kernel call ignores SIGTERM).
    Returns how many processes were stopped."""
    import psutil

    stopped = 0
    for _ in range(3):  # a process may start a child while the others are being stopped
        procs = _tree(leader)
        if not procs:
            break
        for proc in procs:
            with contextlib.suppress(psutil.Error):
                proc.terminate()
        _, alive = psutil.wait_procs(procs, timeout=grace)
        for proc in alive:
            with contextlib.suppress(psutil.Error):
                proc.kill()
        psutil.wait_procs(alive, timeout=grace)
        stopped += len(procs)
    return stopped


def run_tree(cmd: list[str], cwd: Path) -> int:
    """Run a command in a session of its own and wait for it.

    Ctrl-C reaches only this process (the command is out of the terminal's process group), which
    then stops the command and everything it started, in order, before it returns: none of
    them is left running on its own.
    """
    proc = subprocess.Popen(cmd, cwd=cwd, start_new_session=True)
    try:
        return proc.wait()
    except BaseException:
        count = stop_tree(proc.pid)
        proc.wait()
        print(f"stopped {count} process(es) the build had started", file=sys.stderr, flush=True)
        raise


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the build as Ctrl-C does (everything it started is stopped)."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _exclusive(build_dir: Path) -> Iterator[None]:
    """One build at a time in a ``_build`` folder (``make -j test`` runs book and pdf at once)."""
    import fcntl

    build_dir.mkdir(parents=True, exist_ok=True)
    with (build_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
    with _terminate_as_interrupt():
        try:
            with _exclusive(build_dir):
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
    shutil.rmtree(stage, ignore_errors=True)
    config = build_config(root, builder, cache, stage)
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(root), "--builder", builder, "--path-output", str(stage)]
    cmd += ["--config", str(config), "-W", "-n", "--keep-going"]
    started = time.perf_counter()
    code = run_tree(cmd, root)
    print(f"jupyter-book build ({builder}) took {time.perf_counter() - started:.1f} s", flush=True)
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


def _main(argv: list[str]) -> int:
    """``python -m dprk_russia.build execute ROOT CACHE``: the chapter-execution process."""
    if len(argv) != 3 or argv[0] != "execute":
        print("usage: python -m dprk_russia.build execute ROOT CACHE", file=sys.stderr)
        return 2
    failures = execute_chapters(Path(argv[1]), Path(argv[2]))
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
