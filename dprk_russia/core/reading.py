"""Reading the data files as text, safely: only regular files of bounded size, CSV rows with
the line each starts on, and the stored source texts under ``data/sources/``.

A broken file (bad encoding, ragged row, missing column) is a :class:`Problem` like any other,
never a traceback.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .problems import Problem
from .schema import Table

#: Stored source texts: where they live (under the data folder) and how large one may be.
STORED_TEXTS = "sources"
STORED_TEXT_MAX_BYTES = 1_000_000
#: The largest CSV file or data package read.
TABLE_MAX_BYTES = 50_000_000


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


def display(root: Path, path: Path) -> str:
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


def _decode(data: bytes, file: str, problems: list[Problem]) -> str:
    """The file's text; every line that is not UTF-8 is named, and read on with replacement
    characters so that the rest of the table (and every reference to it) is still checked."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for number, raw_line in enumerate(data.split(b"\n"), 1):
        try:
            raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            first = raw_line.split(b",", 1)[0].decode("utf-8", errors="replace").strip('"')
            message = f"not valid UTF-8 (column {exc.start + 1}): {exc.reason}"
            problems.append(Problem(file, number, first or None, None, message))
    return data.decode("utf-8-sig", errors="replace")


def _header_problems(file: str, header: list[str], expected: list[str]) -> list[Problem]:
    """Columns the schema wants and the file lacks, columns it does not know, and repeats."""
    out = [Problem(file, 1, None, n, "missing column") for n in expected if n not in header]
    out += [
        Problem(file, 1, None, n, "unknown column (not in the schema)")
        for n in header
        if n not in expected
    ]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            out.append(Problem(file, 1, None, name, "column appears twice"))
        seen.add(name)
    return out


def _read_rows(reader: Any, raw: RawTable, problems: list[Problem]) -> None:
    """Every record after the header, as a :class:`Row`; a ragged row is named, not read."""
    header, key = raw.columns, raw.table.primary_key
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
            if key in header and header.index(key) < len(cells):
                raw.broken_keys.add(cells[header.index(key)])
            message = f"ragged row: {len(cells)} cells where the header has {len(header)}"
            problems.append(Problem(raw.file, line, cells[0], None, message))
            continue
        raw.rows.append(Row(line, dict(zip(header, cells, strict=True))))


def read_table(root: Path, table: Table, problems: list[Problem]) -> RawTable:
    """Read one CSV as text rows; structural problems go to ``problems``."""
    path = root / table.path
    raw = RawTable(table, display(root, path))
    try:
        data = read_regular(path, TABLE_MAX_BYTES)
    except Unreadable as exc:
        problems.append(Problem(raw.file, None, None, None, f"cannot read the table: {exc}"))
        return raw
    text = _decode(data, raw.file, problems)
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
    problems += _header_problems(raw.file, header, table.field_names)
    _read_rows(reader, raw, problems)
    if not raw.rows and not any(p.file == raw.file for p in problems):
        message = "no records: the file has a header row and nothing else"
        problems.append(Problem(raw.file, 1, None, None, message))
    return raw


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
