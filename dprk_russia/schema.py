"""The schema of the evidence base, read from the one place it is kept: ``data/datapackage.json``.

The data package (Frictionless Table Schema) describes every table, field, category and key, so
that the published data describes itself. The loader and the validator both read it from here
rather than repeating field lists in code: adding a category to the JSON is all it takes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

#: Where the data lives unless ``DPRK_RUSSIA_DATA`` points elsewhere (a copy in a test, say).
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


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


#: Tables whose rows are records that citations point at, with the column holding their date.
RECORD_TABLES: dict[str, str] = {
    "events": "date",
    "troop_claims": "date_stated",
    "statements": "date",
    "assessments": "date",
}
