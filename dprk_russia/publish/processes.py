"""Processes the build starts: run in a session of their own, and stopped as a whole (workers
and kernels included) when the build is interrupted."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: How long a process the build started has to stop after SIGTERM before it is killed.
GRACE_S = 3.0


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
def terminate_as_interrupt() -> Iterator[None]:
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
def exclusive(build_dir: Path) -> Iterator[None]:
    """One build at a time in a ``_build`` folder (``make -j test`` runs book and pdf at once)."""
    import fcntl

    build_dir.mkdir(parents=True, exist_ok=True)
    with (build_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
