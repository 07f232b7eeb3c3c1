"""The hostile corpus against validation: every rejected payload in every free-text field of
every table is refused with its file, line, record id and field; every accepted payload passes
(it must then reach every output as text: ``test_hostile_build.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, line_of, read_rows, write_rows
from corpus import (
    ACCEPTED,
    MULTILINE_ONLY,
    REJECTED,
    URLS_ACCEPTED,
    URLS_REJECTED,
    Payload,
    text_fields,
)

from dprk_russia import DataError, read
from dprk_russia.core.cells import MULTILINE
from dprk_russia.core.schema import tables

FIELDS = text_fields(tables(DATA))


def test_the_corpus_reaches_every_free_text_field() -> None:
    assert len(FIELDS) >= 20, FIELDS
    assert ("actors", "name") in FIELDS and ("citations", "quote") in FIELDS


def _with_payload(data: Path, payload: Payload) -> list[tuple[str, int, str, str]]:
    """The payload as the value of one row's cell in every free-text field; where each went."""
    placed = []
    schema = tables(data)
    for table_name, field in FIELDS:
        path = data / schema[table_name].path
        header, rows = read_rows(path)
        row = rows[len(placed) % len(rows)]
        row[field] = payload.text
        write_rows(path, header, rows)
        placed.append((path, row[schema[table_name].primary_key], field))
    # Lines last: a payload with a line break moves the rows below it.
    return [(f"data/{path.name}", line_of(path, key), key, field) for path, key, field in placed]


@pytest.mark.parametrize("payload", REJECTED, ids=[p.name for p in REJECTED])
def test_a_rejected_payload_is_refused_in_every_free_text_field(
    tmp_path: Path, payload: Payload
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    placed = _with_payload(data, payload)
    with pytest.raises(DataError) as info:
        read(data)
    found = {(p.file, p.line, p.record_id, p.field) for p in info.value.problems}
    missing = [cell for cell in placed if cell not in found]
    assert not missing, f"accepted {payload.text!r} in {missing}"


@pytest.mark.parametrize("payload", ACCEPTED, ids=[p.name for p in ACCEPTED])
def test_an_accepted_payload_passes_in_every_free_text_field(
    tmp_path: Path, payload: Payload
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    for table_name, field in FIELDS:
        path = data / tables(data)[table_name].path
        header, rows = read_rows(path)
        for row in rows:  # appended, so that quotes of the stored article stay verbatim...
            if field != "quote" or row["source_id"] != "000_4dc299c40bab5478":
                row[field] = f"{row[field]} {payload.text}".strip()
        write_rows(path, header, rows)
    read(data)


def test_a_newline_passes_only_in_fields_that_may_run_over_lines(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (payload,) = MULTILINE_ONLY
    placed = _with_payload(data, payload)
    with pytest.raises(DataError) as info:
        read(data)
    found = {(p.file, p.line, p.record_id, p.field) for p in info.value.problems}
    for cell in placed:
        assert (cell in found) == (cell[3] not in MULTILINE), cell


def _with_urls(data: Path, urls: list[str]) -> list[tuple[str, int, str, str]]:
    """Each address as the ``url`` of one source; where each went (file, line, id, field)."""
    path = data / "sources.csv"
    header, rows = read_rows(path)
    placed = []
    for row, url in zip(rows[1:], urls, strict=False):  # not the article: its row stays
        row["url"] = url
        placed.append(row["source_id"])
    write_rows(path, header, rows)
    return [("data/sources.csv", line_of(path, key), key, "url") for key in placed]


def test_every_rejected_address_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    placed = _with_urls(data, URLS_REJECTED)
    assert len(placed) == len(URLS_REJECTED)
    with pytest.raises(DataError) as info:
        read(data)
    found = {(p.file, p.line, p.record_id, p.field) for p in info.value.problems}
    assert [cell for cell in placed if cell not in found] == []


def test_every_accepted_address_passes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    _with_urls(data, URLS_ACCEPTED)
    read(data)
