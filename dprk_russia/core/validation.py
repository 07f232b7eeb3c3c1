"""Validation of the evidence base: the data package first, then every table against the
schema and the report's own rules.

Every problem is collected before anything is reported, so that a maintainer who adds ten rows
sees all their mistakes at once. Each problem names the file, the line, the record id and the
field. Nothing here raises on bad input except :class:`DataError` at the very end: a broken CSV
(bad encoding, ragged row, missing column) is a problem like any other, never a traceback; so is
a ``datapackage.json`` that cannot be applied (a bad pattern, an unknown type, no tables).

Where each rule lives: what a single cell may hold in :mod:`.cells` (control characters, bidi
overrides, formulas, non-ASCII digits, integers beyond ``MAX_INTEGER``, dates outside the
report period or after the build, addresses that are not ``https``); rules across rows and
tables in :mod:`.rules`, one function each; rules on ``datapackage.json`` in
:mod:`.package_rules`; the map's files in :mod:`.geo`; safe reading of files in :mod:`.reading`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .geo import geo_problems, record_texts
from .package_rules import package_problems
from .problems import DataError
from .reading import RawTable, read_table
from .rules import RULES, Context
from .schema import data_dir, tables


def check(directory: str | Path | None = None) -> tuple[dict[str, RawTable], dict[str, str]]:
    """Read and validate every table; raise :class:`DataError` listing every problem.

    Returns the tables as text and the stored source texts by source id.
    """
    root = data_dir(directory)
    problems = package_problems(root)
    if problems:
        raise DataError(problems)
    raws = {name: read_table(root, table, problems) for name, table in tables(root).items()}
    ctx = Context(root, raws, problems)
    for rule in RULES:
        rule(ctx)
    problems += geo_problems(root, record_texts(raws))
    if problems:
        raise DataError(problems)
    return raws, ctx.texts


def summarise(raws: Iterable[RawTable]) -> list[str]:
    """One line per table for the command line."""
    return [f"{raw.file}: {len(raw.rows)} rows, valid" for raw in raws]
