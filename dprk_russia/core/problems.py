"""A problem with the data, located by file, line, record id and field, and the error that
carries every problem found."""

from __future__ import annotations

from dataclasses import dataclass


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
