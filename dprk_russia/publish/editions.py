"""Editions: what each build of the report states about itself, so that readers can cite it.

An edition is named by the version in ``pyproject.toml`` and released as a git tag ``v<version>``.
Every build states three things about its edition:

- the **version**, from ``pyproject.toml``;
- the **date of the evidence**: the date of the newest record in ``data/``;
- the **build date**: ``SOURCE_DATE_EPOCH`` when it is set, else the date of the commit that is
  built (``git log -1``), else, outside a git checkout, the day of the build. Taking the commit's
  date keeps two builds of one commit byte for byte the same.

The address where the web edition is published comes from configuration: ``SITE_URL`` in the
environment (the deploy workflow sets it from GitHub Pages), else ``html.baseurl`` in
``_config.yml``. Without one, pages carry no canonical or social-card addresses and the PDF names
no address for the web edition; the build says so.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

#: What a site address may look like: it is written into LaTeX (``\url``) and HTML attributes,
#: so it is held to plain characters.
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~/-]*)?")
#: An edition's tag: ``v`` and the version.
TAG_PREFIX = "v"


class EditionError(ValueError):
    """A setting that describes the edition is unusable (names the setting and the value)."""


def version(root: Path = ROOT) -> str:
    """The edition's version, from ``pyproject.toml``."""
    with (root / "pyproject.toml").open("rb") as fh:
        value = tomllib.load(fh).get("project", {}).get("version")
    if not isinstance(value, str) or not value:
        raise EditionError(f"{root / 'pyproject.toml'}: [project] version is missing")
    return value


def git(root: Path, *args: str) -> str | None:
    """Output of a git command run in ``root``, or None when ``root`` is not the top of a git
    checkout (a copy of the repository, a source archive) or git is not installed."""
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
        if top.returncode != 0 or Path(top.stdout.strip()).resolve() != root.resolve():
            return None
        out = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return out.stdout if out.returncode == 0 else None


def git_bytes(root: Path, *args: str) -> bytes | None:
    """Like :func:`git`, for output that is data (a file as stored at a tag)."""
    if git(root, "rev-parse", "--git-dir") is None:
        return None
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    return out.stdout if out.returncode == 0 else None


def build_date(root: Path = ROOT) -> tuple[dt.date, str]:
    """The build date and where it came from (``SOURCE_DATE_EPOCH``, ``commit`` or ``today``)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise EditionError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds")
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date(), "SOURCE_DATE_EPOCH"
    stamp = git(root, "log", "-1", "--format=%cI")
    if stamp and stamp.strip():
        when = dt.datetime.fromisoformat(stamp.strip())
        return when.astimezone(dt.UTC).date(), "commit"
    return dt.datetime.now(dt.UTC).date(), "today"


def site_url(root: Path = ROOT) -> str | None:
    """The web edition's address (ending in ``/``), or None when none is configured."""
    value = os.environ.get("SITE_URL", "").strip()
    where = "SITE_URL"
    if not value:
        import yaml

        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
        value = str((config.get("html") or {}).get("baseurl") or "").strip()
        where = "_config.yml html.baseurl"
    if not value:
        return None
    if not _URL.fullmatch(value):
        raise EditionError(
            f"{where}={value!r} is not a plain http(s) address (letters, digits and ._~/- only)"
        )
    return value if value.endswith("/") else value + "/"


@dataclass(frozen=True)
class Tag:
    """A released edition: its tag, version and commit."""

    name: str
    version: str
    commit: str


def edition_tags(root: Path = ROOT) -> list[Tag]:
    """Every tag ``v<version>`` in the repository, oldest version first ([] outside git)."""
    from packaging.version import InvalidVersion, Version

    out = git(root, "for-each-ref", "--format=%(refname:short)", "refs/tags")
    tags = []
    for name in (out or "").split():
        if not name.startswith(TAG_PREFIX):
            continue
        try:
            Version(name[len(TAG_PREFIX) :])
        except InvalidVersion:
            continue
        commit = git(root, "rev-parse", f"{name}^{{commit}}")
        if commit:
            tags.append(Tag(name, name[len(TAG_PREFIX) :], commit.strip()))
    return sorted(tags, key=lambda t: Version(t.version))


def previous_edition(root: Path = ROOT, current: str | None = None) -> Tag | None:
    """The edition before ``current`` (default: this one): the tag of the highest lower version."""
    from packaging.version import Version

    now = Version(current or version(root))
    earlier = [t for t in edition_tags(root) if Version(t.version) < now]
    return earlier[-1] if earlier else None


def has_history(root: Path = ROOT) -> bool:
    """Whether ``root`` is a git checkout, whose tags hold the earlier editions."""
    return git(root, "rev-parse", "HEAD") is not None


def format_day(day: dt.date) -> str:
    """A date as the report prints one known to the day: '2 December 2026'."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Edition:
    """What a build states about itself."""

    title: str
    author: str
    version: str
    evidence_date: str  # the newest record's date, as the report prints it
    evidence_iso: str
    built: str
    built_iso: str
    built_from: str
    url: str | None
    previous: str | None  # the previous edition's tag

    @property
    def year(self) -> str:
        return self.built_iso[:4]

    def citation(self) -> str:
        """A ready citation, in the author–date style most style guides accept."""
        where = f" {self.url}" if self.url else ""
        return (
            f"{self.author} ({self.year}). {self.title}. Edition {self.version}, evidence to "
            f"{self.evidence_date}.{where}"
        )

    def substitutions(self) -> dict[str, str]:
        """MyST substitutions for the chapters: ``{{ edition_version }}`` and the like."""
        return {
            "edition_version": self.version,
            "edition_evidence_date": self.evidence_date,
            "edition_built": self.built,
            "edition_year": self.year,
            "edition_url": self.url or "",
            "edition_citation": self.citation(),
            "edition_previous": self.previous or "",
        }


def newest_record(data_folder: Path) -> dt.date:
    """The date of the newest record (event, stated figure, statement or assessment).

    Read from the CSV text, so that it can be computed for any edition's data; the test suite
    checks it against the date the chapters print (``coverage(data)['latest_date']``).
    """
    from .changelog import newest_date, read_folder

    return newest_date(read_folder(data_folder))


def edition(root: Path = ROOT, data_folder: Path | None = None) -> Edition:
    """The edition that a build of ``root`` states."""
    import yaml

    from ..core.schema import data_dir

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    built, built_from = build_date(root)
    newest = newest_record(data_folder or data_dir())
    previous = previous_edition(root)
    return Edition(
        title=str(config.get("title", "")),
        author=str(config.get("author", "")),
        version=version(root),
        evidence_date=format_day(newest),
        evidence_iso=newest.isoformat(),
        built=format_day(built),
        built_iso=built.isoformat(),
        built_from=built_from,
        url=site_url(root),
        previous=previous.name if previous else None,
    )


def key(root: Path = ROOT, book: bool = False) -> bytes:
    """What of the edition a build's output depends on, for the build's input fingerprint.

    The chapters (``book=False``) show the version and the comparison with the previous edition;
    the book around them (``book=True``) also shows the build date and the site's address.
    """
    previous = previous_edition(root)
    parts: dict[str, object] = {
        "version": version(root),
        "previous": asdict(previous) if previous else None,
        "history": has_history(root),
    }
    if book:
        built, _ = build_date(root)
        parts.update(built=built.isoformat(), url=site_url(root))
    return json.dumps(parts, sort_keys=True).encode()
