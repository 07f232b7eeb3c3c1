"""The schema of the evidence base, read from the one place it is kept: ``data/datapackage.json``.

The data package (Frictionless Table Schema) describes every table, field, category and key, so
that the published data describes itself. The loader and the validator both read it from here
rather than repeating field lists in code: adding a category to the JSON is all it takes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

#: Where the data lives unless ``DPRK_RUSSIA_DATA`` points elsewhere (a copy in a test, say).
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the argument, else ``$DPRK_RUSSIA_DATA``, else the repo's ``data/``."""
    if path is not None:
        return Path(path).resolve()
    env = os.environ.get("DPRK_RUSSIA_DATA")
    return Path(env).resolve() if env else DEFAULT_DATA_DIR


@dataclass(frozen=True)
class Field:
    """One column of a table as the schema declares it."""

    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    #: ``"uri"`` for a web address (Table Schema's ``format``): checked as a safe https link.
    format: str | None = None
    #: How the book names each category (Table Schema v2 ``categories``), in the enum's order.
    labels: tuple[tuple[str, str], ...] | None = None

    def label(self) -> dict[str, str]:
        """Category -> the book's name for it; a category without a label is named as stored."""
        named = dict(self.labels or ())
        return {value: named.get(value, value) for value in self.enum or ()}


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values must be keys of another table."""

    field: str
    resource: str
    ref_field: str


@dataclass(frozen=True)
class Table:
    """One CSV file of the data package."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: str
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")


def _field(raw: dict[str, Any]) -> Field:
    constraints = raw.get("constraints", {})
    enum = constraints.get("enum")
    return Field(
        name=raw["name"],
        type=raw["type"],
        description=raw.get("description", ""),
        required=bool(constraints.get("required", False)),
        enum=tuple(enum) if enum is not None else None,
        pattern=constraints.get("pattern"),
        minimum=raw.get("minimum", constraints.get("minimum")),
        maximum=raw.get("maximum", constraints.get("maximum")),
        format=raw.get("format"),
        labels=tuple((c["value"], c["label"]) for c in raw["categories"])
        if "categories" in raw
        else None,
    )


@cache
def _read_package(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        package: dict[str, Any] = json.load(fh)
    return package


def package(directory: Path | None = None) -> dict[str, Any]:
    """The raw ``datapackage.json`` (title, licence, resources)."""
    return _read_package(data_dir(directory) / "datapackage.json")


def tables(directory: Path | None = None) -> dict[str, Table]:
    """Every table of the package, by name, in the order the package lists them."""
    out: dict[str, Table] = {}
    for res in package(directory)["resources"]:
        schema = res["schema"]
        fks = tuple(
            ForeignKey(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
            for fk in schema.get("foreignKeys", [])
        )
        out[res["name"]] = Table(
            name=res["name"],
            path=res["path"],
            title=res.get("title", res["name"]),
            description=res.get("description", ""),
            fields=tuple(_field(f) for f in schema["fields"]),
            primary_key=schema["primaryKey"][0],
            foreign_keys=fks,
        )
    return out


@dataclass(frozen=True)
class Policy:
    """The report's own rules that the data package declares (its ``report`` property).

    ``period``: the span of time the report covers; every date in the data lies in it, and
    none after the day of the build (``end`` may be ``"build date"``). ``plain_http_hosts``:
    the only hosts whose addresses may be ``http://`` (every other address must be ``https``);
    each exception is listed by the data owner, with the reason, in the package.
    """

    start: dt.date
    end: dt.date | None
    plain_http_hosts: frozenset[str]
    #: The source article's source id (``report.article_source``).
    article_source: str
    #: Tables whose rows are records that citations point at, with the column of their date.
    record_tables: dict[str, str]

    def period(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """The first and last day a date in the data may fall on (never after today)."""
        today = today or dt.date.today()
        return self.start, min(self.end, today) if self.end else today


#: What ``report.period.end`` says when the period runs to the day of the build.
BUILD_DATE = "build date"


def policy(directory: Path | None = None) -> Policy:
    """The report's declared rules (see :class:`Policy`); validation checks them first."""
    report = package(directory)["report"]
    period = report["period"]
    end = period.get("end")
    return Policy(
        start=dt.date.fromisoformat(period["start"]),
        end=None if end in (None, BUILD_DATE) else dt.date.fromisoformat(end),
        plain_http_hosts=frozenset(report.get("plain_http_hosts", {})),
        article_source=report["article_source"]["source_id"],
        record_tables=dict(report["record_tables"]),
    )


#: The tables the report reads (the fields of ``loading.Dataset``): the package must declare each.
REQUIRED_TABLES = (
    "sources",
    "actors",
    "events",
    "troop_claims",
    "statements",
    "assessments",
    "assessment_outcomes",
    "citations",
)
