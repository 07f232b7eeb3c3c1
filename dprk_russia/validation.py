"""Validation of the raw CSV files against the schema and the report's own rules.

Every problem is collected before anything is reported, so that a maintainer who adds ten rows
sees all their mistakes at once. Each problem names the file, the line, the record id and the
field. Nothing here raises on bad input except :class:`DataError` at the very end: a broken CSV
(bad encoding, ragged row, missing column) is a problem like any other, never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .schema import RECORD_TABLES, Field, Table, data_dir, tables

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")
#: The tables whose records can be the later outcome of an assessment.
OUTCOME_TABLES = ("events", "troop_claims")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located precisely enough to fix without searching."""

    file: str
    line: int | None
    record_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.record_id:
            where += f" ({self.record_id})"
        if self.field:
            where += f", field {self.field}"
        return f"{where}: {self.message}"


class DataError(Exception):
    """Raised when the data does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the data:\n{listing}")


@dataclass
class Row:
    """A CSV row as text, with the line it starts on."""

    line: int
    values: dict[str, str]


@dataclass
class RawTable:
    """A table read from disk but not yet typed: the validator works on text."""

    table: Table
    file: str
    rows: list[Row] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    def key(self, row: Row) -> str | None:
        return row.values.get(self.table.primary_key) or None


def normalise_quote(text: str) -> str:
    """Compare quotes after normalising only whitespace and typographic quotes/apostrophes."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


def _display(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def read_table(root: Path, table: Table, problems: list[Problem]) -> RawTable:
    """Read one CSV as text rows; structural problems go to ``problems``."""
    path = root / table.path
    raw = RawTable(table, _display(root, path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(raw.file, None, None, None, f"cannot read file: {exc.strerror}"))
        return raw
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Name every bad line, then read on with replacement characters so that the rest of
        # the table (and every reference to it) is still checked.
        for number, raw_line in enumerate(data.split(b"\n"), 1):
            try:
                raw_line.decode("utf-8")
            except UnicodeDecodeError as exc:
                first = raw_line.split(b",", 1)[0].decode("utf-8", errors="replace").strip('"')
                problems.append(
                    Problem(
                        raw.file,
                        number,
                        first or None,
                        None,
                        f"not valid UTF-8 (column {exc.start + 1}): {exc.reason}",
                    )
                )
        text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(Problem(raw.file, 1, None, None, f"unreadable header: {exc}"))
        return raw
    if not header:
        problems.append(Problem(raw.file, 1, None, None, "empty file: no header row"))
        return raw
    raw.columns = header
    expected = table.field_names
    for name in expected:
        if name not in header:
            problems.append(Problem(raw.file, 1, None, name, "missing column"))
    for name in header:
        if name not in expected:
            problems.append(Problem(raw.file, 1, None, name, "unknown column (not in the schema)"))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(raw.file, 1, None, name, "column appears twice"))
        seen.add(name)
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(raw.file, start, None, None, f"malformed CSV: {exc}"))
            break
        line, start = start, reader.line_num + 1
        if not cells or cells == [""]:
            continue
        if len(cells) != len(header):
            rid = cells[0] if cells else None
            problems.append(
                Problem(
                    raw.file,
                    line,
                    rid,
                    None,
                    f"ragged row: {len(cells)} cells where the header has {len(header)}",
                )
            )
            continue
        raw.rows.append(Row(line, dict(zip(header, cells, strict=True))))
    return raw


def _check_value(f: Field, value: str) -> str | None:
    """The problem with one cell, if any (type, category, pattern, range)."""
    if value != value.strip():
        return "leading or trailing whitespace"
    if value == "":
        return "required value is missing" if f.required else None
    if f.type == "date":
        if not _DATE.match(value):
            return f"not a date in YYYY-MM-DD form: {value!r}"
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"not a real calendar date: {value!r}"
    elif f.type == "integer":
        if not _INT.match(value):
            return f"not an integer (digits only, no separators): {value!r}"
        if f.minimum is not None and int(value) < f.minimum:
            return f"must be at least {f.minimum}: {value}"
    elif f.type == "boolean" and value not in ("true", "false"):
        return f"not a boolean (true or false): {value!r}"
    if f.enum is not None and value not in f.enum:
        return f"unknown category {value!r}; allowed: {', '.join(f.enum)}"
    if f.pattern and not re.fullmatch(f.pattern, value):
        return f"does not match the pattern {f.pattern}: {value!r}"
    if f.name == "url" and not _URL.match(value):
        return f"not an http(s) address: {value!r}"
    return None


def _valid(raw: RawTable, row: Row, name: str, bad: set[tuple[int, str]]) -> str:
    """The cell's value if it passed its own checks, else '' (so later rules don't pile on)."""
    if (row.line, name) in bad:
        return ""
    return row.values.get(name, "")


def validate_raw(root: Path, raws: dict[str, RawTable], problems: list[Problem]) -> dict[str, str]:
    """Check every rule; return the stored texts of sources by source id (for quote checks)."""

    def report(raw: RawTable, row: Row, name: str | None, message: str) -> None:
        problems.append(Problem(raw.file, row.line, raw.key(row), name, message))

    bad: dict[str, set[tuple[int, str]]] = defaultdict(set)

    # 1. Each cell on its own.
    for tname, raw in raws.items():
        present = [f for f in raw.table.fields if f.name in raw.columns]
        for row in raw.rows:
            for f in present:
                msg = _check_value(f, row.values[f.name])
                if msg:
                    report(raw, row, f.name, msg)
                    bad[tname].add((row.line, f.name))

    # 2. Keys: unique primary keys, then references.
    keys: dict[str, dict[str, Row]] = {}
    for tname, raw in raws.items():
        pk = raw.table.primary_key
        keys[tname] = {}
        for row in raw.rows:
            value = _valid(raw, row, pk, bad[tname])
            if not value:
                continue
            if value in keys[tname]:
                first = keys[tname][value].line
                report(raw, row, pk, f"duplicate id {value!r} (first on line {first})")
            else:
                keys[tname][value] = row
    for tname, raw in raws.items():
        for fk in raw.table.foreign_keys:
            target = keys.get(fk.resource, {})
            for row in raw.rows:
                value = _valid(raw, row, fk.field, bad[tname])
                if value and value not in target:
                    report(raw, row, fk.field, f"unknown {fk.resource} id {value!r}")

    if "events" in raws:
        raw = raws["events"]
        for row in raw.rows:
            value = _valid(raw, row, "actor_ids", bad["events"])
            if not value:
                continue
            ids = value.split("; ")
            for actor in ids:
                if actor not in keys.get("actors", {}):
                    report(
                        raw,
                        row,
                        "actor_ids",
                        f"unknown actors id {actor!r} (ids are '; '-separated)",
                    )
            if len(set(ids)) != len(ids):
                report(raw, row, "actor_ids", "an actor is listed twice")

    records: dict[str, tuple[str, Row]] = {}
    for tname in RECORD_TABLES:
        for rid, row in keys.get(tname, {}).items():
            records[rid] = (tname, row)

    # 3. Dates: precision, and never after the source that reports them.
    for tname, raw in raws.items():
        date_fields = [f.name for f in raw.table.fields if f.type == "date"]
        prec_field = "published_precision" if tname == "sources" else "date_precision"
        for row in raw.rows:
            prec = _valid(raw, row, prec_field, bad[tname])
            for name in date_fields:
                value = _valid(raw, row, name, bad[tname])
                if not value:
                    continue
                if not prec and tname == "sources":
                    report(raw, row, prec_field, "a published date needs its precision")
                if prec == "month" and not value.endswith("-01"):
                    report(raw, row, name, f"month-precision date must be on day 01: {value}")
                if prec == "year" and not value.endswith("-01-01"):
                    report(raw, row, name, f"year-precision date must be on 1 January: {value}")

    texts: dict[str, str] = {}
    if "sources" in raws:
        raw = raws["sources"]
        for row in raw.rows:
            rel = _valid(raw, row, "text_path", bad["sources"])
            sid = _valid(raw, row, "source_id", bad["sources"])
            if not rel or not sid:  # a missing id is reported with the columns
                continue
            path = root / rel
            try:
                texts[sid] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError, ValueError) as exc:  # ValueError: a NUL byte
                report(raw, row, "text_path", f"cannot read stored text {rel}: {exc}")

    # 4. Citations: every record has one; every quote of a stored text is in it, verbatim.
    if "citations" in raws:
        raw = raws["citations"]
        cited: set[str] = set()
        normalised = {sid: normalise_quote(text) for sid, text in texts.items()}
        for row in raw.rows:
            rid = _valid(raw, row, "record_id", bad["citations"])
            sid = _valid(raw, row, "source_id", bad["citations"])
            quote = _valid(raw, row, "quote", bad["citations"])
            if rid:
                if rid not in records:
                    report(raw, row, "record_id", f"unknown record id {rid!r}")
                cited.add(rid)
            if sid in normalised and quote and normalise_quote(quote) not in normalised[sid]:
                report(raw, row, "quote", f"quote is not verbatim in the stored text of {sid}")
            source = keys.get("sources", {}).get(sid)
            if rid in records and source is not None:
                published = _valid(raws["sources"], source, "published", bad["sources"])
                tname, rec = records[rid]
                rec_raw = raws[tname]
                dname = RECORD_TABLES[tname]
                when = _valid(rec_raw, rec, dname, bad[tname])
                if published and when and when > published:
                    report(
                        rec_raw,
                        rec,
                        dname,
                        f"date {when} is after the publication date {published} of its source "
                        f"{sid} ({raw.file}, line {row.line})",
                    )
        for rid, (tname, row) in records.items():
            if rid not in cited:
                report(raws[tname], row, None, "record has no citation (needs a source)")

    # 4b. An assessment's outcome is a later event or stated figure, which has its own sources.
    if "assessment_outcomes" in raws:
        raw = raws["assessment_outcomes"]
        for row in raw.rows:
            rid = _valid(raw, row, "record_id", bad["assessment_outcomes"])
            found = records.get(rid)
            if not rid or (found is not None and found[0] in OUTCOME_TABLES):
                continue
            if found is None:
                report(raw, row, "record_id", f"unknown event or troop claim id {rid!r}")
            else:
                report(
                    raw,
                    row,
                    "record_id",
                    f"{rid!r} is a {found[0]} id; an outcome must be an event or troop claim",
                )

    # 4c. Searches and corrections name the records they bear on.
    _check_id_lists(raws, keys, records, bad, report)

    # 5. Figures are ordered: low <= best <= high.
    if "troop_claims" in raws:
        raw = raws["troop_claims"]
        for row in raw.rows:
            vals = {
                n: int(v)
                for n in ("figure_low", "figure_best", "figure_high")
                if (v := _valid(raw, row, n, bad["troop_claims"]))
            }
            low, best, high = (vals.get(n) for n in ("figure_low", "figure_best", "figure_high"))
            if low is not None and high is not None and low > high:
                report(raw, row, "figure_low", f"figure_low {low} is above figure_high {high}")
            if best is not None and low is not None and best < low:
                report(raw, row, "figure_best", f"figure_best {best} is below figure_low {low}")
            if best is not None and high is not None and best > high:
                report(raw, row, "figure_best", f"figure_best {best} is above figure_high {high}")
    return texts


#: Tables with a '; '-separated list of ids, and the tables whose ids the list may hold.
ID_LISTS: dict[str, tuple[str, ...]] = {
    "searches": ("records",),
    "corrections": ("records", "citations", "searches"),
}


def _check_id_lists(
    raws: dict[str, RawTable],
    keys: dict[str, dict[str, Row]],
    records: dict[str, tuple[str, Row]],
    bad: dict[str, set[tuple[int, str]]],
    report: Callable[[RawTable, Row, str | None, str], None],
) -> None:
    """Every id in a search's or a correction's ``record_ids`` names a record (or, for a
    correction, a citation or a search) that exists."""
    for tname, allowed in ID_LISTS.items():
        raw = raws.get(tname)
        if raw is None:
            continue
        known: set[str] = set()
        for kind in allowed:
            known |= set(records) if kind == "records" else set(keys.get(kind, {}))
        for row in raw.rows:
            value = _valid(raw, row, "record_ids", bad[tname])
            for rid in value.split("; ") if value else []:
                if rid not in known:
                    what = " or ".join(allowed)
                    report(raw, row, "record_ids", f"unknown id {rid!r} (not among the {what})")


def check(directory: str | Path | None = None) -> tuple[dict[str, RawTable], dict[str, str]]:
    """Read and validate every table; raise :class:`DataError` listing every problem."""
    root = data_dir(directory)
    problems: list[Problem] = []
    try:
        schema = tables(root)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise DataError(
            [Problem(_display(root, root / "datapackage.json"), None, None, None, f"bad: {exc}")]
        ) from exc
    raws = {name: read_table(root, table, problems) for name, table in schema.items()}
    texts = validate_raw(root, raws, problems)
    if problems:
        raise DataError(problems)
    return raws, texts


def summarise(raws: Iterable[RawTable]) -> list[str]:
    """One line per table for the command line."""
    return [f"{raw.file}: {len(raw.rows)} rows, valid" for raw in raws]
