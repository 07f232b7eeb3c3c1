"""Rules on ``datapackage.json`` itself: what stops the validator from applying it (no tables,
a bad pattern, an unknown type, a broken key, a report period that is not a period)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from .cells import ISO_DATE, SUPPORTED_TYPES, pattern
from .problems import Problem
from .reading import TABLE_MAX_BYTES, Unreadable, display, read_regular
from .schema import BUILD_DATE, REQUIRED_TABLES


def package_problems(root: Path) -> list[Problem]:
    """What stops the validator from applying ``datapackage.json``, if anything."""
    path = root / "datapackage.json"
    file = display(root, path)
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
    records = (package.get("report") or {}).get("record_tables")
    for table, date in records.items() if isinstance(records, dict) else []:
        if date not in declared.get(table, set()):
            problem(f"report.record_tables: {table}.{date} is not a declared table and field")
    return out


def _iso_date(value: Any) -> dt.date | None:
    """A YYYY-MM-DD date, or None (``fromisoformat`` alone also takes other ISO forms)."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
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
    article = report.get("article_source")
    if not (isinstance(article, dict) and isinstance(article.get("source_id"), str)):
        problem("report.article_source must give the source article's source_id")
    records = report.get("record_tables")
    if not (
        isinstance(records, dict)
        and records
        and all(isinstance(k, str) and isinstance(v, str) for k, v in records.items())
    ):
        problem("report.record_tables must map each record table to the column of its date")
    hosts = report.get("plain_http_hosts", {})
    if not isinstance(hosts, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in hosts.items()
    ):
        problem("report.plain_http_hosts must map each host to the reason it is allowed")


def _check_field(f: dict[str, Any], table: str, fname: str, problem: Any) -> None:
    """One field's declaration: a known type, and constraints the validator can apply."""
    ftype = f.get("type")
    if ftype not in SUPPORTED_TYPES:
        known = ", ".join(SUPPORTED_TYPES)
        problem(f"unknown type {ftype!r}; the validator knows {known}", table, fname)
    constraints = f.get("constraints", {})
    if not isinstance(constraints, dict):
        problem("constraints must be an object", table, fname)
        return
    given = constraints.get("pattern")
    if given is not None:
        try:
            pattern(given)
        except (re.error, TypeError) as exc:
            message = f"pattern {given!r} is not a valid regular expression: {exc}"
            problem(message, table, fname)
    enum = constraints.get("enum")
    if enum is not None and not (
        isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum)
    ):
        problem("enum must be a list of texts", table, fname)
    categories = f.get("categories")
    if categories is not None:
        values = [c.get("value") for c in categories if isinstance(c, dict) and "label" in c]
        if not isinstance(categories, list) or len(values) != len(categories) or values != enum:
            message = "categories must give a label for each enum value, in the enum's order"
            problem(message, table, fname)
    for bound in ("minimum", "maximum"):
        value = f.get(bound, constraints.get(bound))
        if value is not None and (type(value) is not int or ftype != "integer"):
            problem(f"{bound} must be a whole number, on an integer field", table, fname)
    if not isinstance(constraints.get("required", False), bool):
        problem("required must be true or false", table, fname)


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
        _check_field(f, name, fname, problem)
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
