"""The evidence changelog: what changed in the evidence between two editions, record by record.

An edition's evidence is the ``data/`` folder as released under its tag (``v<version>``); the
current edition's is the working tree's. Both are read as the CSV text they are (not through
today's validation, which an older edition's data need not pass), matched by each table's primary
key, and compared field by field: a record is **added**, **removed**, or **changed** with the old
and new value of every field that differs.

``python -m dprk_russia.publish.changelog`` prints the comparison with the previous edition as
Markdown; ``--since REF`` compares with any git reference instead; ``--write CHANGELOG.md`` (what
``make changelog`` runs) writes the project's changelog, one section per edition.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .editions import (
    ROOT,
    EditionError,
    Tag,
    edition_tags,
    format_day,
    git_bytes,
    has_history,
    previous_edition,
    version,
)

if TYPE_CHECKING:
    import pandas as pd

#: The date of each kind of record (the newest of them dates an edition's evidence).
RECORD_DATES = {
    "events": "date",
    "troop_claims": "date_stated",
    "statements": "date",
    "assessments": "date",
}

#: The fields that tell a reader which record a change is about.
LABEL_FIELDS = {
    "sources": ("publisher", "published", "url"),
    "actors": ("name", "title"),
    "events": ("date", "description"),
    "troop_claims": ("date_stated", "claimant_as_reported", "wording"),
    "statements": ("date", "role", "summary"),
    "assessments": ("date", "assessor", "summary"),
    "assessment_outcomes": ("assessment_id", "record_id", "bearing"),
    "citations": ("record_id", "source_id", "quote"),
    "searches": ("searched", "looking_for"),
    "corrections": ("date", "location"),
}


class ChangelogError(ValueError):
    """An edition's data cannot be read (names the edition and the file)."""


@dataclass(frozen=True)
class Snapshot:
    """One table of one edition: its rows as text, by primary key, in file order."""

    name: str
    title: str
    key: tuple[str, ...]
    fields: tuple[str, ...]
    rows: dict[str, dict[str, str]]


def _snapshot(resource: dict[str, Any], text: str, where: str) -> Snapshot:
    schema = resource.get("schema", {})
    key = schema.get("primaryKey") or [schema["fields"][0]["name"]]
    key = tuple([key] if isinstance(key, str) else key)
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    fields = tuple(reader.fieldnames or ())
    missing = [k for k in key if k not in fields]
    if missing:
        raise ChangelogError(f"{where}: no column {', '.join(missing)} (the primary key)")
    rows: dict[str, dict[str, str]] = {}
    for line, row in enumerate(reader, start=2):
        ident = " / ".join(row.get(k) or "" for k in key)
        if ident in rows:
            raise ChangelogError(f"{where}: record {ident} appears twice (row {line})")
        rows[ident] = {k: v or "" for k, v in row.items() if k is not None}
    name = str(resource["name"])
    return Snapshot(name, str(resource.get("title") or name), key, fields, rows)


def _read(package: bytes, fetch: Any, where: str) -> dict[str, Snapshot]:
    try:
        meta = json.loads(package)
    except ValueError as exc:
        raise ChangelogError(f"{where}datapackage.json is not JSON: {exc}") from exc
    tables = {}
    for resource in meta.get("resources", []):
        path = str(resource["path"])
        raw = fetch(path)
        if raw is None:
            raise ChangelogError(f"{where}{path} is missing")
        tables[resource["name"]] = _snapshot(resource, raw.decode("utf-8"), f"{where}{path}")
    return tables


def read_folder(folder: Path) -> dict[str, Snapshot]:
    """The tables of a data folder (the working tree's, or any other)."""
    package = folder / "datapackage.json"
    if not package.is_file():
        raise ChangelogError(f"{package} is missing")

    def fetch(path: str) -> bytes | None:
        file = folder / path
        return file.read_bytes() if file.is_file() else None

    return _read(package.read_bytes(), fetch, f"{folder}/")


def read_ref(root: Path, ref: str) -> dict[str, Snapshot]:
    """The tables of ``data/`` as stored at a git reference (an edition's tag)."""
    package = git_bytes(root, "show", f"{ref}:data/datapackage.json")
    if package is None:
        raise ChangelogError(f"{ref}: data/datapackage.json cannot be read from git")
    return _read(
        package, lambda path: git_bytes(root, "show", f"{ref}:data/{path}"), f"{ref}:data/"
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    """One record added, removed or changed between two editions."""

    table: str
    table_title: str
    record: str
    kind: str  # added | changed | removed
    label: str
    fields: tuple[FieldChange, ...] = ()


def label(table: str, row: dict[str, str], key: tuple[str, ...]) -> str:
    """What the record is, in a few of its own fields."""
    names = LABEL_FIELDS.get(table) or tuple(f for f in row if f not in key)[:3]
    return " · ".join(row[f] for f in names if row.get(f))


def compare(old: dict[str, Snapshot], new: dict[str, Snapshot]) -> list[Change]:
    """Every record added, changed or removed from ``old`` to ``new``, table by table (in the
    new edition's order, then tables that only the old one had), each table's added records
    first, then changed, then removed, in file order."""
    changes: list[Change] = []
    names = [*new, *[n for n in old if n not in new]]
    for name in names:
        before, after = old.get(name), new.get(name)
        title = (after or before).title  # type: ignore[union-attr]
        key = (after or before).key  # type: ignore[union-attr]
        old_rows = before.rows if before else {}
        new_rows = after.rows if after else {}
        for ident, row in new_rows.items():
            if ident not in old_rows:
                changes.append(Change(name, title, ident, "added", label(name, row, key)))
        for ident, row in new_rows.items():
            if ident in old_rows:
                prior = old_rows[ident]
                fields = [*row, *[f for f in prior if f not in row]]
                diff = tuple(
                    FieldChange(f, prior.get(f, ""), row.get(f, ""))
                    for f in fields
                    if prior.get(f, "") != row.get(f, "")
                )
                if diff:
                    changes.append(
                        Change(name, title, ident, "changed", label(name, row, key), diff)
                    )
        for ident, row in old_rows.items():
            if ident not in new_rows:
                changes.append(Change(name, title, ident, "removed", label(name, row, key)))
    return changes


@dataclass
class Comparison:
    """The evidence of one edition against the one before it."""

    version: str
    evidence_date: str
    since: str | None  # the earlier edition's tag (or reference); None for a first edition
    since_evidence_date: str | None
    history: bool  # False: not a git checkout, so earlier editions could not be read
    tables: dict[str, Snapshot]
    changes: list[Change] = field(default_factory=list)

    def count(self, table: str, kind: str) -> int:
        return sum(1 for c in self.changes if c.table == table and c.kind == kind)


def newest_date(tables: dict[str, Snapshot]) -> dt.date:
    """The date of the newest record in an edition's tables."""
    dates = [
        row[name]
        for table, name in RECORD_DATES.items()
        if table in tables
        for row in tables[table].rows.values()
        if row.get(name)
    ]
    if not dates:
        raise EditionError("no record carries a date: the edition has no evidence date")
    try:
        return dt.date.fromisoformat(max(dates))
    except ValueError as exc:
        raise ChangelogError(f"the newest record's date {max(dates)!r} is not a date") from exc


def _evidence_date(tables: dict[str, Snapshot]) -> str:
    return format_day(newest_date(tables))


def compare_editions(
    root: Path = ROOT, since: str | None = None, data_folder: Path | None = None
) -> Comparison:
    """The working tree's evidence against ``since`` (default: the previous edition's tag)."""
    from ..core.schema import data_dir

    new = read_folder(data_folder or data_dir())
    history = has_history(root)
    if since is None and history:
        previous = previous_edition(root)
        since = previous.name if previous else None
    if since is None:
        return Comparison(version(root), _evidence_date(new), None, None, history, new)
    old = read_ref(root, since)
    return Comparison(
        version(root), _evidence_date(new), since, _evidence_date(old), True, new, compare(old, new)
    )


# --- What a reader sees -------------------------------------------------------------------


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def introduction(comparison: Comparison) -> str:
    """One paragraph (Markdown) saying what is compared with what."""
    c = comparison
    held = _plural(sum(len(t.rows) for t in c.tables.values()), "record")
    if c.since is None and not c.history:
        return (
            f"Edition {c.version} holds {held}, with evidence to {c.evidence_date}. Earlier "
            "editions are read from the project's git tags, and this copy of the project has no "
            "git history, so no comparison is shown."
        )
    if c.since is None:
        return (
            f"Edition {c.version} is the first edition: there is no earlier edition to compare "
            f"it with. It holds {held}, with evidence to {c.evidence_date}. From the next "
            "edition on, the changelog lists every record added, changed or removed since the "
            "edition before, record by record and field by field."
        )
    added = sum(1 for x in c.changes if x.kind == "added")
    changed = sum(1 for x in c.changes if x.kind == "changed")
    removed = sum(1 for x in c.changes if x.kind == "removed")
    return (
        f"Edition {c.version} (evidence to {c.evidence_date}) against the edition before it, "
        f"`{c.since}` (evidence to {c.since_evidence_date}): "
        f"{_plural(added, 'record')} added, {changed:,} changed and {removed:,} removed. "
        f"It holds {held}."
    )


def summary_frame(comparison: Comparison) -> pd.DataFrame:
    """Per table: records in this edition, and how many were added, changed and removed."""
    import pandas as pd

    names = [*comparison.tables, *{c.table: None for c in comparison.changes}]
    rows = []
    for name in dict.fromkeys(names):
        table = comparison.tables.get(name)
        title = table.title if table else next(c.table_title for c in comparison.changes)
        row: dict[str, object] = {"Table": title, "Records": len(table.rows) if table else 0}
        if comparison.since is not None:
            for kind in ("added", "changed", "removed"):
                row[kind.capitalize()] = comparison.count(name, kind)
        rows.append(row)
    return pd.DataFrame(rows)


def describe(change: Change) -> str:
    """What happened to the record, in words (each changed field with its old and new value)."""
    if change.kind != "changed":
        return change.label
    return "; ".join(f"{f.field}: “{f.old}” → “{f.new}”" for f in change.fields)


def changes_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per record added, changed or removed."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "Record": c.record,
                "Table": c.table_title,
                "Change": c.kind,
                "What changed": describe(c),
            }
            for c in comparison.changes
        ],
        columns=["Record", "Table", "Change", "What changed"],
    )


def show(comparison: Comparison) -> None:
    """The comparison in a chapter: the introduction, the table counts, every change."""
    from IPython.display import Markdown, display

    from ..notebook import show_table

    display(Markdown(introduction(comparison)))
    show_table(summary_frame(comparison), "evidence-by-table", page_length=25)
    if comparison.changes:
        show_table(changes_frame(comparison), "evidence-changes", page_length=25)


# --- The project's CHANGELOG.md -----------------------------------------------------------


def _code(text: str) -> str:
    """Text as a Markdown code span (shown as typed, whatever it holds)."""
    text = " ".join(text.split())
    run, longest = 0, 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def section(comparison: Comparison) -> str:
    """One edition's section of CHANGELOG.md."""
    c = comparison
    lines = [f"## Edition {c.version} — evidence to {c.evidence_date}", ""]
    lines += [introduction(c), ""]
    counts = ", ".join(f"{t.title}: {len(t.rows):,}" for t in c.tables.values())
    lines += [f"Records per table: {counts}.", ""]
    for kind in ("added", "changed", "removed"):
        items = [x for x in c.changes if x.kind == kind]
        if not items:
            continue
        lines += [f"### {kind.capitalize()} ({len(items)})", ""]
        for x in items:
            if kind == "changed":
                what = "; ".join(f"{f.field}: {_code(f.old)} → {_code(f.new)}" for f in x.fields)
            else:
                what = _code(x.label)
            lines.append(f"- {_code(x.record)} ({x.table_title}): {what}")
        lines.append("")
    return "\n".join(lines)


HEADER = """# Changelog of the evidence

Each edition of the report has the version in `pyproject.toml` and is released as the git tag
`v<version>`. Below, newest first, each edition with what changed in the evidence base (`data/`)
since the edition before: every record added, changed (field by field) or removed. The book
shows the same for its own edition (appendix "This edition"). Written by `make changelog` from
the data of the tagged editions and of the working tree; changes to the text and the code are in
the git history.
"""


def project_changelog(root: Path = ROOT) -> str:
    """CHANGELOG.md: the working tree's edition (unless it is already tagged as such), then every
    tagged edition, each against the one before."""
    tags = edition_tags(root)
    current = version(root)
    sections = []
    if not any(t.version == current for t in tags):
        sections.append(section(compare_editions(root)))
    for i in range(len(tags) - 1, -1, -1):
        tag = tags[i]
        new = read_ref(root, tag.name)
        if i == 0:
            comp = Comparison(tag.version, _evidence_date(new), None, None, True, new)
        else:
            old = read_ref(root, tags[i - 1].name)
            comp = Comparison(
                tag.version,
                _evidence_date(new),
                tags[i - 1].name,
                _evidence_date(old),
                True,
                new,
                compare(old, new),
            )
        sections.append(section(comp))
    return HEADER + "\n" + "\n".join(sections).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dprk_russia.publish.changelog",
        description="What changed in the evidence between two editions, record by record.",
    )
    parser.add_argument(
        "--since", help="a git reference to compare with (default: the previous edition's tag)"
    )
    parser.add_argument("--write", metavar="PATH", help="write the project's CHANGELOG.md here")
    args = parser.parse_args(argv)
    try:
        if args.write:
            Path(args.write).write_text(project_changelog(ROOT), encoding="utf-8")
            print(f"wrote {args.write}")
        else:
            print(section(compare_editions(ROOT, since=args.since)))
    except ChangelogError as exc:
        print(f"changelog: {exc}", file=sys.stderr)
        return 1
    return 0


__all__ = ["Change", "Comparison", "Snapshot", "Tag", "compare", "compare_editions"]

if __name__ == "__main__":
    sys.exit(main())
