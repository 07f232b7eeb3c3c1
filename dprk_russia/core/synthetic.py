"""Synthetic, valid datasets N times the size of the real one, for benchmarks and scale tests.

Each copy of a record gets a new id, and the copies' dates are spread over the real period so
that charts see a denser record, not the same points stacked. Citations are copied with their
records, so every copy stays sourced (and its quotes stay verbatim: the text is unchanged).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

from .schema import policy, tables

_ID_WIDTH = {"events": "E", "troop_claims": "C", "statements": "S", "assessments": "A"}


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file as its header and its rows (text, unvalidated)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write rows as the data files are written: UTF-8, one record per line."""
    buf = io.StringIO()
    # The csv module quotes a cell holding a newline but not one holding a bare CR, which a
    # reader then takes for the end of the row: such a file is written with every cell quoted.
    has_cr = any("\r" in (v or "") for row in rows for v in row.values())
    writer = csv.DictWriter(
        buf,
        fieldnames=header,
        lineterminator="\n",
        quoting=csv.QUOTE_ALL if has_cr else csv.QUOTE_MINIMAL,
    )
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _scaled_rows(
    rows: list[dict[str, str]], name: str, key: str, date_field: str, factor: int
) -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    """``factor`` copies of a record table's rows with new ids, copies dated earlier than
    their original, never later (so no copy is dated after its sources); the new ids by old."""
    dates = [dt.date.fromisoformat(r[date_field]) for r in rows]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    out: list[dict[str, str]] = []
    new_ids: dict[str, list[str]] = {}
    counter = 0
    for copy in range(factor):
        for row in rows:
            counter += 1
            new = dict(row)
            new_id = f"{_ID_WIDTH[name]}{counter:04d}"
            new_ids.setdefault(row[key], []).append(new_id)
            new[key] = new_id
            if copy and row["date_precision"] == "day":
                # Spread copies earlier in the period, never later than the original date,
                # so that no copy is dated after the sources that report the original.
                shift = (copy * 37 + counter * 11) % span
                when = max(first, dt.date.fromisoformat(row[date_field]) - dt.timedelta(shift))
                new[date_field] = when.isoformat()
            if name != "events" and new.get("event_id"):
                new["event_id"] = ""  # links to the original timeline are not copied
            out.append(new)
    return out, new_ids


def _relink(source: Path, dest: Path, new_ids: dict[str, list[str]]) -> None:
    """Citations for every copy; outcomes, searches and corrections to each first copy."""
    c_head, citations = read_rows(source / "citations.csv")
    cites: list[dict[str, str]] = []
    for c in citations:
        for new_id in new_ids.get(c["record_id"], []):
            cites.append(dict(c, citation_id=f"cit{len(cites) + 1:06d}", record_id=new_id))
    write_rows(dest / "citations.csv", c_head, cites)
    if (source / "assessment_outcomes.csv").exists():
        o_head, outcomes = read_rows(source / "assessment_outcomes.csv")
        kept: list[dict[str, str]] = []
        for o in outcomes:
            first_assessment = new_ids.get(o["assessment_id"], [""])[0]
            first_record = new_ids.get(o["record_id"], [""])[0]
            if first_assessment and first_record:
                kept.append(dict(o, assessment_id=first_assessment, record_id=first_record))
        write_rows(dest / "assessment_outcomes.csv", o_head, kept)
    for name in ("searches.csv", "corrections.csv", "geo/places.csv"):
        if not (source / name).exists():
            continue
        head, rows = read_rows(source / name)
        for row in rows:
            ids = [new_ids[i][0] for i in row["record_ids"].split("; ") if i in new_ids]
            row["record_ids"] = "; ".join(ids)
        write_rows(dest / name, head, rows)


def scaled_copy(source: Path, factor: int, dest: Path) -> Path:
    """Write a valid dataset ``factor`` times the size of ``source`` into ``dest``."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest)
    schema = tables(source)
    new_ids: dict[str, list[str]] = {}
    for name, date_field in policy(source).record_tables.items():
        table = schema[name]
        header, rows = read_rows(source / table.path)
        out, ids = _scaled_rows(rows, name, table.primary_key, date_field, factor)
        new_ids.update(ids)
        write_rows(dest / table.path, header, out)
    _relink(source, dest, new_ids)
    return dest
