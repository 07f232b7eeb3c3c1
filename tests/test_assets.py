"""The widget manager the site serves is the checked one, or the build stops.

``npm pack`` fetches the tarball; a copy is kept in the user's cache between builds. These tests
put a stand-in ``npm`` on PATH, so they need no network, and pin down that neither a tampered
download nor a tampered cached copy is ever used.
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
from pathlib import Path

import pytest

from dprk_russia.publish.assets import AssetError, _integrity, _npm_tarball, widget_assets

NAME, VERSION = "@jupyter-widgets/html-manager", "1.0.15"


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def fake_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ``npm`` whose ``pack`` writes ``served.tgz`` to the working folder and counts calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    served = tmp_path / "served.tgz"
    script = bin_dir / "npm"
    script.write_text(
        "#!/bin/sh\n"
        f'echo x >> "{tmp_path}/calls"\n'
        f'cp "{served}" ./package.tgz && echo package.tgz\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return served


def calls(served: Path) -> int:
    log = served.with_name("calls")
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_a_download_that_fails_its_checksum_is_refused(tmp_path: Path, fake_npm: Path) -> None:
    fake_npm.write_bytes(b"not the package the lock file names")
    with pytest.raises(AssetError, match="checksum mismatch"):
        _npm_tarball(NAME, VERSION, _integrity(b"the real package"), tmp_path / "cache")
    assert not (tmp_path / "cache" / f"jupyter-widgets-html-manager-{VERSION}.tgz").exists()


def test_a_checked_copy_in_the_cache_is_used_without_fetching(
    tmp_path: Path, fake_npm: Path
) -> None:
    good = b"the real package"
    fake_npm.write_bytes(good)
    cache = tmp_path / "cache"
    first = _npm_tarball(NAME, VERSION, _integrity(good), cache)
    second = _npm_tarball(NAME, VERSION, _integrity(good), cache)
    assert first == second and second.read_bytes() == good
    assert calls(fake_npm) == 1


def test_a_tampered_copy_in_the_cache_is_fetched_again(tmp_path: Path, fake_npm: Path) -> None:
    good = b"the real package"
    fake_npm.write_bytes(good)
    cache = tmp_path / "cache"
    cached = _npm_tarball(NAME, VERSION, _integrity(good), cache)
    cached.write_bytes(b"tampered with after it was checked")
    again = _npm_tarball(NAME, VERSION, _integrity(good), cache)
    assert again.read_bytes() == good
    assert calls(fake_npm) == 2


def test_only_the_dist_bundle_is_unpacked(
    tmp_path: Path, fake_npm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dprk_russia.publish.assets as assets

    data = tarball(
        {
            "package/dist/embed.js": b"// the bundle",
            "package/dist/embed.js.map": b"{}",
            "package/dist/embed-amd.js": b"// amd",
            "package/src/index.ts": b"// source",
        }
    )
    fake_npm.write_bytes(data)
    lock = tmp_path / "assets.lock.json"
    lock.write_text(f'{{"{NAME}": {{"version": "{VERSION}", "integrity": "{_integrity(data)}"}}}}')
    monkeypatch.setattr(assets, "LOCK", lock)
    dest = widget_assets(tmp_path / "out", tmp_path / "cache")
    assert sorted(p.name for p in dest.iterdir()) == [".integrity", "embed.js"]
    assert (dest / "embed.js").read_bytes() == b"// the bundle"
