"""Validation of the raw CSV files against the schema and the report's own rules.

Every problem is collected before anything is reported, so that a maintainer who adds ten rows
sees all their mistakes at once. Each problem names the file, the line, the record id and the
field. Nothing here raises on bad input except :class:`DataError` at the very end: a broken CSV
(bad encoding, ragged row, missing column) is a problem like any other, never a traceback; so is
a ``datapackage.json`` that cannot be applied (a bad pattern, an unknown type, no tables).

Beyond the schema, the rules reject what no output can show faithfully or what the build
cannot handle: control characters, bidi overrides and line separators in text (a newline only
in the long free-text fields of :data:`MULTILINE`), text a spreadsheet would run as a formula,
non-ASCII digits, integers beyond :data:`MAX_INTEGER`, dates outside the report's declared
period or after the day of the build, addresses that are not ``https`` with a host and no
user name, quotes too short to check, and stored texts that are not regular files under
``data/sources/`` or exceed :data:`STORED_TEXT_MAX_BYTES`. A table that cannot be used (not
readable, or a header and no records) is named once, and no rule reports the references into
it that then fail.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .schema import (
    BUILD_DATE,
    RECORD_TABLES,
    REQUIRED_TABLES,
    Field,
    Table,
    data_dir,
    policy,
    tables,
)

# ASCII digits only: ``\d`` and ``int()`` accept any script's digits ("١٢" is 12 to them).
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_INT = re.compile(r"^-?[0-9]+$")
#: The largest integer a figure may be: exact as a float and in a browser's JSON (2**53 - 1),
#: far inside pandas' 64-bit range, and far beyond any figure the report records.
MAX_INTEGER = 2**53 - 1
#: The field types the validator and the loader know.
SUPPORTED_TYPES = ("string", "integer", "date", "boolean")
#: Free-text fields whose text may run over several lines (a newline; never a CR).
MULTILINE = frozenset({"description", "summary", "notes", "note", "quote"})
#: Characters never allowed in a value: control characters (the newline is checked apart),
#: LINE and PARAGRAPH SEPARATOR, the bidi embeddings, overrides and isolates (they reorder the
#: text around them on the page), the byte order mark and the two non-characters.
_NOT_TEXT = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
_CHAR_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\t": "TAB",
    "\x0b": "VT",
    "\x0c": "FF",
    "\r": "CR",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    "\ufeff": "BYTE ORDER MARK",
}
#: What a spreadsheet reads as the start of a formula (OWASP CSV injection; tab and CR are
#: control characters, rejected anyway).
FORMULA_START = "=+-@"
#: Stored source texts: where they live (under the data folder) and how large one may be.
STORED_TEXTS = "sources"
STORED_TEXT_MAX_BYTES = 1_000_000
#: The largest CSV file or data package read.
TABLE_MAX_BYTES = 50_000_000
#: A verbatim quote needs this many letters or digits to mean anything, and to be checked.
QUOTE_MIN_CHARS = 12
_HOST = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")
#: Characters an address may not hold even where URL syntax allows them: they end an HTML
#: attribute or a Markdown link, or are not URL characters at all.
_URL_FORBIDDEN = set("\"'<>`\\{}|^ ")
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
    #: The ids of rows too broken to check (ragged): references to them are not reported.
    broken_keys: set[str] = field(default_factory=set)

    @property
    def usable(self) -> bool:
        """Whether other tables' references into this one can be checked (it has records and
        its key column): when not, the table's own problem is reported once, not each
        reference into it."""
        return bool(self.rows) and self.table.primary_key in self.columns

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


class Unreadable(Exception):
    """A file that must not be read, or could not be: the message says why."""


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
}


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`Unreadable` otherwise.

    A symbolic link, a device (``/dev/zero``), a FIFO (which would block) or a folder is never
    opened for reading, and never more than ``limit`` bytes are read, even if the file grows.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise Unreadable("no such file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise Unreadable(getattr(exc, "strerror", None) or str(exc)) from None
    if stat.S_ISLNK(info.st_mode):
        raise Unreadable("is a symbolic link; data files must be regular files")
    if not stat.S_ISREG(info.st_mode):
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise Unreadable(f"is {kind}, not a regular file")
    if info.st_size > limit:
        raise Unreadable(f"is {info.st_size:,} bytes, more than the limit of {limit:,}")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped since the check
            raise Unreadable("is not a regular file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise Unreadable(f"is more than the limit of {limit:,} bytes")
    return data


def read_table(root: Path, table: Table, problems: list[Problem]) -> RawTable:
    """Read one CSV as text rows; structural problems go to ``problems``."""
    path = root / table.path
    raw = RawTable(table, _display(root, path))
    try:
        data = read_regular(path, TABLE_MAX_BYTES)
    except Unreadable as exc:
        problems.append(Problem(raw.file, None, None, None, f"cannot read the table: {exc}"))
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
            if table.primary_key in header and header.index(table.primary_key) < len(cells):
                raw.broken_keys.add(cells[header.index(table.primary_key)])
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
    if not raw.rows and not any(p.file == raw.file for p in problems):
        problems.append(
            Problem(
                raw.file, 1, None, None, "no records: the file has a header row and nothing else"
            )
        )
    return raw


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern, compiled to match ASCII digits and letters only (``\\d``, ``\\w``)."""
    return re.compile(pattern, re.ASCII)


def _char(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" ({_CHAR_NAMES[ch]})" if ch in _CHAR_NAMES else "")


def _text_problem(f: Field, value: str) -> str | None:
    """Characters no output can show as they are, and text a spreadsheet would run."""
    bad = _NOT_TEXT.search(value)
    if bad:
        return (
            f"holds the control or formatting character {_char(bad.group(0))} at position "
            f"{bad.start() + 1}: remove it"
        )
    if "\n" in value and f.name not in MULTILINE:
        return (
            "holds a line break: this field is one line (only notes, descriptions, summaries "
            "and quotes may run over several)"
        )
    if f.type == "string" and value[0] in FORMULA_START:
        return (
            f"starts with {value[0]!r}, which a spreadsheet opening the CSV would run as a "
            "formula: reword it so it starts with a letter, a digit or a quotation mark"
        )
    return None


def url_problem(value: str, plain_http_hosts: frozenset[str] = frozenset()) -> str | None:
    """The problem with a source address, if any: only ``https`` with a host and no user name
    (``http`` only for the hosts the data package lists), nothing that could end an HTML
    attribute or a Markdown link."""
    forbidden = sorted({ch for ch in value if ch in _URL_FORBIDDEN})
    if forbidden:
        return f"an address may not hold {' '.join(repr(c) for c in forbidden)}: {value!r}"
    if not value.isascii():
        return f"an address must be ASCII (percent-encode the path, punycode the host): {value!r}"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        return f"not an address ({exc}): {value!r}"
    host = parts.hostname or ""
    if parts.scheme == "http" and host in plain_http_hosts:
        pass
    elif parts.scheme != "https":
        return f"not an https address: {value!r}"
    if "@" in parts.netloc:
        return f"an address may not hold a user name or password: {value!r}"
    if not _HOST.match(host) or port == 0:
        return f"not an address with a host name: {value!r}"
    return None


def _check_value(
    f: Field, value: str, period: tuple[dt.date, dt.date], plain_http: frozenset[str]
) -> str | None:
    """The problem with one cell, if any (characters, type, range, category, pattern)."""
    if value == "":
        return "required value is missing" if f.required else None
    text = _text_problem(f, value)
    if text:
        return text
    if value != value.strip():
        return "leading or trailing whitespace"
    if f.type == "date":
        if not _DATE.match(value):
            return f"not a date in YYYY-MM-DD form: {value!r}"
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return f"not a real calendar date: {value!r}"
        first, last = period
        if day > last and day > dt.date.today():
            return f"{value} is in the future (the build runs on {dt.date.today()})"
        if not first <= day <= last:
            return (
                f"{value} is outside the report period, {first} to {last} (datapackage.json, "
                "report.period)"
            )
    elif f.type == "integer":
        if not _INT.match(value):
            return f"not an integer (ASCII digits only, no separators): {value!r}"
        number = int(value) if len(value) <= 20 else MAX_INTEGER + 1
        low = max(-MAX_INTEGER, f.minimum if f.minimum is not None else -MAX_INTEGER)
        high = min(MAX_INTEGER, f.maximum if f.maximum is not None else MAX_INTEGER)
        if number < low:
            return f"must be at least {low}: {value}"
        if number > high:
            return f"must be at most {high:,}: {value if len(value) <= 40 else value[:40] + '...'}"
    elif f.type == "boolean" and value not in ("true", "false"):
        return f"not a boolean (true or false): {value!r}"
    if f.enum is not None and value not in f.enum:
        return f"unknown category {value!r}; allowed: {', '.join(f.enum)}"
    if f.pattern and not _pattern(f.pattern).fullmatch(value):
        return f"does not match the pattern {f.pattern}: {value!r}"
    if f.name == "url":
        return url_problem(value, plain_http)
    return None


def _valid(raw: RawTable, row: Row, name: str, bad: set[tuple[int, str]]) -> str:
    """The cell's value if it passed its own checks, else '' (so later rules don't pile on)."""
    if (row.line, name) in bad:
        return ""
    return row.values.get(name, "")


def stored_text(root: Path, rel: str) -> str:
    """The stored text a source's ``text_path`` names; :class:`Unreadable` says why not.

    Only a regular file under ``data/sources/`` (after resolving every link), of at most
    :data:`STORED_TEXT_MAX_BYTES`, in UTF-8, is read.
    """
    given = PurePosixPath(rel)
    folder = (root / STORED_TEXTS).resolve()
    if given.is_absolute() or ".." in given.parts or given.parts[:1] != (STORED_TEXTS,):
        raise Unreadable(f"must be a path under {STORED_TEXTS}/ inside the data folder")
    path = root / given
    try:
        inside = path.resolve().is_relative_to(folder)
    except (OSError, ValueError, RuntimeError) as exc:  # a loop of links, a NUL byte
        raise Unreadable(str(exc)) from None
    if not inside:
        raise Unreadable(f"leads outside {STORED_TEXTS}/ (through a symbolic link)")
    try:
        return read_regular(path, STORED_TEXT_MAX_BYTES).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not valid UTF-8 at byte {exc.start}") from None


def validate_raw(root: Path, raws: dict[str, RawTable], problems: list[Problem]) -> dict[str, str]:
    """Check every rule; return the stored texts of sources by source id (for quote checks)."""

    def report(raw: RawTable, row: Row, name: str | None, message: str) -> None:
        problems.append(Problem(raw.file, row.line, raw.key(row), name, message))

    bad: dict[str, set[tuple[int, str]]] = defaultdict(set)
    rules = policy(root)
    period = rules.period()
    unusable = {name for name, raw in raws.items() if not raw.usable}

    # 1. Each cell on its own.
    for tname, raw in raws.items():
        present = [f for f in raw.table.fields if f.name in raw.columns]
        for row in raw.rows:
            for f in present:
                msg = _check_value(f, row.values[f.name], period, rules.plain_http_hosts)
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
            if fk.resource in unusable:  # reported once, as that table's problem
                continue
            target = keys.get(fk.resource, {})
            broken = raws[fk.resource].broken_keys if fk.resource in raws else set()
            for row in raw.rows:
                value = _valid(raw, row, fk.field, bad[tname])
                if value and value not in target and value not in broken:
                    report(raw, row, fk.field, f"unknown {fk.resource} id {value!r}")

    if "events" in raws and "actors" not in unusable:
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
            try:
                texts[sid] = stored_text(root, rel)
            except Unreadable as exc:
                report(raw, row, "text_path", f"stored text {rel!r}: {exc}")

    # 4. Citations: every record has one; every quote of a stored text is in it, verbatim.
    if "citations" in raws:
        raw = raws["citations"]
        cited: set[str] = set()
        normalised = {sid: normalise_quote(text) for sid, text in texts.items()}
        records_usable = not unusable & set(RECORD_TABLES)
        broken_records = {k for t in RECORD_TABLES if t in raws for k in raws[t].broken_keys}
        for row in raw.rows:
            rid = _valid(raw, row, "record_id", bad["citations"])
            sid = _valid(raw, row, "source_id", bad["citations"])
            quote = _valid(raw, row, "quote", bad["citations"])
            if rid:
                if rid not in records and records_usable and rid not in broken_records:
                    report(raw, row, "record_id", f"unknown record id {rid!r}")
                cited.add(rid)
            if quote and sum(ch.isalnum() for ch in quote) < QUOTE_MIN_CHARS:
                report(
                    raw,
                    row,
                    "quote",
                    f"too short to be a checkable verbatim quote: at least {QUOTE_MIN_CHARS} "
                    f"letters or digits, not {quote!r}",
                )
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
            if rid not in cited and "citations" not in unusable:
                report(raws[tname], row, None, "record has no citation (needs a source)")

    # 4b. An assessment's outcome is a later event or stated figure, which has its own sources.
    if "assessment_outcomes" in raws and not unusable & set(OUTCOME_TABLES):
        raw = raws["assessment_outcomes"]
        for row in raw.rows:
            rid = _valid(raw, row, "record_id", bad["assessment_outcomes"])
            found = records.get(rid)
            if not rid or (found is not None and found[0] in OUTCOME_TABLES):
                continue
            if any(rid in raws[t].broken_keys for t in OUTCOME_TABLES if t in raws):
                continue  # its row is ragged, reported as such
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
    correction, a citation or a search) that exists. References into a table that cannot be
    used, or to rows too broken to check, are that table's problem, reported once."""
    for tname, allowed in ID_LISTS.items():
        raw = raws.get(tname)
        if raw is None:
            continue
        targets = [t for kind in allowed for t in (RECORD_TABLES if kind == "records" else [kind])]
        if any(t in raws and not raws[t].usable for t in targets):
            continue
        known: set[str] = set()
        for kind in allowed:
            known |= set(records) if kind == "records" else set(keys.get(kind, {}))
        broken = {k for t in targets if t in raws for k in raws[t].broken_keys}
        for row in raw.rows:
            value = _valid(raw, row, "record_ids", bad[tname])
            for rid in value.split("; ") if value else []:
                if rid not in known and rid not in broken:
                    what = " or ".join(allowed)
                    report(raw, row, "record_ids", f"unknown id {rid!r} (not among the {what})")


def _package_problems(root: Path) -> list[Problem]:
    """What stops the validator from applying ``datapackage.json``, if anything."""
    path = root / "datapackage.json"
    file = _display(root, path)
    out: list[Problem] = []

    def problem(message: str, table: str | None = None, name: str | None = None) -> None:
        out.append(Problem(file, None, table, name, message))

    try:
        package: Any = json.loads(read_regular(path, TABLE_MAX_BYTES).decode("utf-8"))
    except Unreadable as exc:
        problem(f"cannot read the data package: {exc}")
        return out
    except UnicodeDecodeError as exc:
        problem(f"not valid UTF-8 at byte {exc.start}")
        return out
    except json.JSONDecodeError as exc:
        out.append(Problem(file, exc.lineno, None, None, f"not valid JSON: {exc.msg}"))
        return out
    if not isinstance(package, dict):
        problem("must be a JSON object")
        return out
    _check_report(package.get("report"), problem)
    resources = package.get("resources")
    if not isinstance(resources, list) or not resources:
        problem(f"declares no tables: 'resources' must list {', '.join(REQUIRED_TABLES)}")
        return out
    declared: dict[str, set[str]] = {}
    for number, res in enumerate(resources, 1):
        name = res.get("name") if isinstance(res, dict) else None
        if not isinstance(name, str) or not name:
            problem(f"resource {number} has no name")
            continue
        if name in declared:
            problem("the table is declared twice", name)
            continue
        declared[name] = _check_resource(res, name, problem)
    for name in REQUIRED_TABLES:
        if name not in declared:
            problem("the report reads this table, but the data package does not declare it", name)
    for res in resources:
        if isinstance(res, dict) and res.get("name") in declared:
            _check_foreign_keys(res, declared, problem)
    return out


def _iso_date(value: Any) -> dt.date | None:
    """A YYYY-MM-DD date, or None (``fromisoformat`` alone also takes other ISO forms)."""
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _check_report(report: Any, problem: Any) -> None:
    where = "report.period"
    period = report.get("period") if isinstance(report, dict) else None
    if not isinstance(period, dict):
        problem(f"must declare the report period ({where}: start, end)")
        return
    start, end = period.get("start"), period.get("end")
    first = _iso_date(start)
    if first is None:
        problem(f"{where}.start must be a date in YYYY-MM-DD form, not {start!r}")
        return
    if end not in (None, BUILD_DATE):
        last = _iso_date(end)
        if last is None:
            problem(f"{where}.end must be a date in YYYY-MM-DD form or {BUILD_DATE!r}, not {end!r}")
        elif last < first:
            problem(f"{where}.end {end} is before its start {start}")
    hosts = report.get("plain_http_hosts", {})
    if not isinstance(hosts, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in hosts.items()
    ):
        problem("report.plain_http_hosts must map each host to the reason it is allowed")


def _check_resource(res: dict[str, Any], name: str, problem: Any) -> set[str]:
    """Check one table's declaration; return the names of its fields."""
    path = res.get("path")
    if not isinstance(path, str) or not path:
        problem("has no path", name)
    else:
        given = PurePosixPath(path)
        if given.is_absolute() or ".." in given.parts or "\\" in path:
            problem(f"path {path!r} must be a file inside the data folder", name)
    schema = res.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not fields:
        problem("has no schema fields", name)
        return set()
    names: set[str] = set()
    for number, f in enumerate(fields, 1):
        fname = f.get("name") if isinstance(f, dict) else None
        if not isinstance(fname, str) or not fname:
            problem(f"field {number} has no name", name)
            continue
        names.add(fname)
        assert isinstance(f, dict)
        ftype = f.get("type")
        if ftype not in SUPPORTED_TYPES:
            problem(
                f"unknown type {ftype!r}; the validator knows {', '.join(SUPPORTED_TYPES)}",
                name,
                fname,
            )
        constraints = f.get("constraints", {})
        if not isinstance(constraints, dict):
            problem("constraints must be an object", name, fname)
            continue
        pattern = constraints.get("pattern")
        if pattern is not None:
            try:
                _pattern(pattern)
            except (re.error, TypeError) as exc:
                problem(
                    f"pattern {pattern!r} is not a valid regular expression: {exc}", name, fname
                )
        enum = constraints.get("enum")
        if enum is not None and not (
            isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum)
        ):
            problem("enum must be a list of texts", name, fname)
        for bound in ("minimum", "maximum"):
            value = f.get(bound, constraints.get(bound))
            if value is not None and (type(value) is not int or ftype != "integer"):
                problem(f"{bound} must be a whole number, on an integer field", name, fname)
        if not isinstance(constraints.get("required", False), bool):
            problem("required must be true or false", name, fname)
    key = schema.get("primaryKey") if isinstance(schema, dict) else None
    if not (isinstance(key, list) and len(key) == 1 and key[0] in names):
        problem("primaryKey must name one of the table's fields", name)
    return names


def _check_foreign_keys(res: dict[str, Any], declared: dict[str, set[str]], problem: Any) -> None:
    name = res["name"]
    schema = res.get("schema")
    fks = schema.get("foreignKeys", []) if isinstance(schema, dict) else []
    if not isinstance(fks, list):
        problem("foreignKeys must be a list", name)
        return
    for fk in fks:
        ref = fk.get("reference") if isinstance(fk, dict) else None
        target = ref.get("resource") if isinstance(ref, dict) else None
        if not isinstance(fk, dict) or fk.get("fields") not in declared[name]:
            problem("a foreign key names no field of the table", name)
        elif not isinstance(ref, dict) or target not in declared:
            problem(f"a foreign key refers to an unknown table: {ref!r}", name)
        elif ref.get("fields") not in declared[target]:
            problem(f"a foreign key refers to an unknown table or field: {ref!r}", name)


def check(directory: str | Path | None = None) -> tuple[dict[str, RawTable], dict[str, str]]:
    """Read and validate every table; raise :class:`DataError` listing every problem."""
    root = data_dir(directory)
    problems = _package_problems(root)
    if problems:
        raise DataError(problems)
    schema = tables(root)
    raws = {name: read_table(root, table, problems) for name, table in schema.items()}
    texts = validate_raw(root, raws, problems)
    if problems:
        raise DataError(problems)
    return raws, texts


def summarise(raws: Iterable[RawTable]) -> list[str]:
    """One line per table for the command line."""
    return [f"{raw.file}: {len(raw.rows)} rows, valid" for raw in raws]
