"""``data/datapackage.json`` is a standard Frictionless data package: the standard validator
(frictionless-py) accepts the schema and every row, and rejects what breaks the schema, so
other tools read the published evidence base as we do."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA, Editor
from frictionless import validate


def errors(directory: Path) -> list[tuple[str, str, object, object]]:
    report = validate(str(directory / "datapackage.json"))
    return [
        (task.name, e.type, getattr(e, "row_number", None), getattr(e, "field_name", None))
        for task in report.tasks
        for e in task.errors
    ] + [("package", e.type, None, None) for e in report.errors]


def test_the_standard_validator_accepts_the_package_and_every_row() -> None:
    assert errors(DATA) == []


def test_the_standard_validator_finds_a_row_that_breaks_the_schema(
    data_copy: Path, set_cell: Editor
) -> None:
    line = set_cell("troop_claims", "C03", "date_stated", "18 October 2024")
    assert ("troop_claims", "type-error", line, "date_stated") in errors(data_copy)


def test_the_standard_validator_finds_an_unknown_category(
    data_copy: Path, set_cell: Editor
) -> None:
    line = set_cell("statements", "S16", "stance", "applauds")
    assert ("statements", "constraint-error", line, "stance") in errors(data_copy)
