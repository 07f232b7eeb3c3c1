"""Front-end assets the site serves itself, so that no page loads anything from a third party.

A report on a security topic should not tell a CDN who reads it, and must work offline. Two
libraries are needed in the browser:

* the ipywidgets HTML manager (``@jupyter-widgets/html-manager``'s ``dist/embed.js``, which needs
  no require.js and finds its fonts beside itself), fetched with ``npm pack`` at a pinned version
  and checked against the registry's published sha512 integrity before it is used;
* DataTables, for searchable and sortable record tables, taken from the ``itables`` wheel that
  ``requirements.txt`` pins (its ``dt_bundle.js``/``.css``).

Both are written under ``_build/assets`` (not kept in the repository: they are build products),
which ``_config.yml`` lists as a static path of its own, so the bundle is added only to the
pages that need it. The checked tarball is kept in the user's cache folder, like pip's and
npm's downloads, so that a fresh ``_build`` does not fetch it again; it is checked against the
lock file each time it is used.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCK = Path(__file__).with_name("assets.lock.json")


def user_cache() -> Path:
    """Where fetched, checked packages are kept between builds: ``$XDG_CACHE_HOME/dprk-russia``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dprk-russia"


class AssetError(RuntimeError):
    """An asset could not be obtained or failed its checksum: the build must not go on."""


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _npm_tarball(name: str, version: str, integrity: str, cache: Path) -> Path:
    """The package tarball, from the cache if it is there and intact, else from ``npm pack``."""
    cache.mkdir(parents=True, exist_ok=True)
    stem = name.lstrip("@").replace("/", "-")
    target = cache / f"{stem}-{version}.tgz"
    if target.exists() and _integrity(target.read_bytes()) == integrity:
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise AssetError("npm is needed to fetch the widget assets (make installs it with apt)")
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [npm, "pack", f"{name}@{version}", "--silent"],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise AssetError(f"npm pack {name}@{version} failed: {result.stderr.strip()}")
        produced = Path(tmp) / result.stdout.strip().splitlines()[-1]
        data = produced.read_bytes()
    if _integrity(data) != integrity:
        raise AssetError(f"{name}@{version}: checksum mismatch, refusing to use it")
    target.write_bytes(data)
    return target


def widget_assets(out: Path, cache: Path) -> Path:
    """Unpack the widget manager's ``dist/`` (embed.js and its fonts) into ``out/widgets``."""
    spec = json.loads(LOCK.read_text(encoding="utf-8"))["@jupyter-widgets/html-manager"]
    tarball = _npm_tarball(
        "@jupyter-widgets/html-manager", spec["version"], spec["integrity"], cache
    )
    dest = out / "widgets"
    marker = dest / ".integrity"
    if marker.exists() and marker.read_text() == spec["integrity"]:
        return dest  # already unpacked from this very tarball: nothing to redo
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/dist/")
            if member.name.startswith("package/dist/") and member.isfile():
                if name.endswith((".map", "-amd.js")) or "/" in name:
                    continue
                extracted = tar.extractfile(member)
                if extracted is not None:
                    (dest / name).write_bytes(extracted.read())
    marker.write_text(spec["integrity"])
    return dest


def table_assets(out: Path) -> Path:
    """Copy DataTables (as pinned through itables) into ``out/itables``."""
    # Located, not imported: importing itables would load pandas and its samples (0.4 s).
    spec = importlib.util.find_spec("itables")
    if spec is None or spec.origin is None:
        raise AssetError("itables is not installed (it is in requirements.txt)")
    source = Path(spec.origin).parent / "html"
    dest = out / "itables"
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("dt_bundle.js", "dt_bundle.css"):
        target = dest / name
        if not target.exists() or target.read_bytes() != (source / name).read_bytes():
            shutil.copyfile(source / name, target)
    return dest


def prepare(root: Path = ROOT) -> Path:
    """Put every front-end asset the book serves under ``_build/assets``."""
    out = root / "_build" / "assets"
    widget_assets(out, user_cache())
    table_assets(out)
    return out
