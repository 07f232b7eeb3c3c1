"""Building the book so that it is never stale.

Jupyter Book 1 keys its execution cache on the code cells only: a change to a CSV in ``data/``
or to this package would not re-execute a chapter, and the book would publish numbers computed
from older data. So before each build we fingerprint every input the chapters read (the data,
the package code, the pinned requirements) and, when the fingerprint differs from the last
successful build's, drop the execution cache and the parsed documents so that every chapter is
executed again. When nothing changed the cache is kept and nothing is executed.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

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


def _inputs(root: Path) -> list[Path]:
    files = [p for p in (root / "data").rglob("*") if p.is_file()]
    files += [p for p in (root / "dprk_russia").rglob("*") if p.is_file() and p.suffix != ".pyc"]
    files += [root / "requirements.txt"]
    return sorted(p for p in files if "__pycache__" not in p.parts)


def fingerprint(root: Path = ROOT) -> str:
    """A hash of every non-notebook input that changes what the chapters compute."""
    digest = hashlib.sha256()
    for path in _inputs(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


OUTPUT = {"html": "html", "pdflatex": "latex", "latex": "latex", "singlehtml": "singlehtml"}


def _stamp(build: Path, name: str) -> Path:
    return build / f".inputs-{name}"


def invalidate_if_changed(builder: str, root: Path = ROOT, build: Path = BUILD) -> bool:
    """Drop whatever was computed from other inputs; return whether anything was dropped.

    Two stamps: one for the shared execution cache and parsed documents, one per builder for
    its output folder (Sphinx rewrites a page only when its source file is newer than it).
    """
    current = fingerprint(root)
    dropped = False
    cache_stamp = _stamp(build, "cache")
    if not cache_stamp.exists() or cache_stamp.read_text().strip() != current:
        for stale in (build / ".jupyter_cache", build / ".doctrees", build / "jupyter_execute"):
            shutil.rmtree(stale, ignore_errors=True)
        dropped = True
    out_stamp = _stamp(build, builder)
    if not out_stamp.exists() or out_stamp.read_text().strip() != current:
        shutil.rmtree(build / OUTPUT.get(builder, builder), ignore_errors=True)
        dropped = True
    return dropped


def pdf_config(root: Path = ROOT) -> Path:
    """The book's configuration for the PDF: the same, but with code cells left out.

    The web book folds code away (one click shows it); a printed report has no use for it.
    """
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("sphinx", {}).setdefault("config", {})["nb_remove_code_source"] = True
    target = root / "_build" / "pdf-config" / "_config.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return target


def build(builder: str = "html", root: Path = ROOT) -> int:
    """Run ``jupyter-book build`` with warnings as errors; record the inputs it was built from."""
    build_dir = root / "_build"
    if invalidate_if_changed(builder, root, build_dir):
        print("inputs changed since the last build: every chapter will be executed again")
    from .assets import prepare

    prepare(root)
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(root), "--builder", builder, "-W", "-n", "--keep-going"]
    if builder == "pdflatex":
        cmd += ["--config", str(pdf_config(root))]
    result = subprocess.run(cmd, cwd=root, check=False)
    if result.returncode == 0:
        current = fingerprint(root) + "\n"
        _stamp(build_dir, "cache").write_text(current)
        _stamp(build_dir, builder).write_text(current)
    return result.returncode
