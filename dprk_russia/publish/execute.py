"""Executing the chapters in parallel into the execution cache Jupyter Book reads, and
checking that cache before it is trusted."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from .book import book_config, chapters


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
