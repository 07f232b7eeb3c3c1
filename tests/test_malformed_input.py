"""Property: whatever a maintainer types into a CSV, the module answers with its own error.

Arbitrary rows, cells and bytes must give a :class:`DataError` (or load, if by chance valid),
never a pandas traceback or any other exception.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprk_russia import DataError, read
from dprk_russia.core.schema import tables

TABLES = sorted(t.path for t in tables(DATA).values())
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "2024-13-01", "2024-10-21", "E01", "nis", "-5", "10,000", '"', "\x00"]
    ),
)


def _check(directory: Path) -> None:
    try:
        read(directory)
    except DataError as exc:
        assert exc.problems, "a DataError always lists its problems"
        for problem in exc.problems:
            assert problem.file.startswith("data/") and problem.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.sampled_from(TABLES), row=st.lists(cells, min_size=0, max_size=16))
def test_any_appended_row_gives_the_modules_own_error(table: str, row: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(DATA, data)
        line = ",".join('"' + c.replace('"', '""') + '"' if c else "" for c in row)
        with (data / table).open("a", encoding="utf-8", newline="") as fh:
            fh.write(line + "\n")
        _check(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.sampled_from(TABLES), blob=st.binary(max_size=200), at=st.integers(0, 10_000))
def test_any_bytes_spliced_into_a_file_give_the_modules_own_error(
    table: str, blob: bytes, at: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(DATA, data)
        raw = (data / table).read_bytes()
        at = min(at, len(raw))
        (data / table).write_bytes(raw[:at] + blob + raw[at:])
        _check(data)
