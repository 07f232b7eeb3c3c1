"""Each validation rule, pinned by one broken copy of the real data.

Every test breaks exactly one thing and checks that the error names the file, the line, the
record id and the field, so a maintainer can fix it without searching.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ARTICLE_ID, Editor, line_of, read_rows, write_rows

from dprk_russia import DataError, Problem, read
from dprk_russia.__main__ import main
from dprk_russia.schema import tables


def problems_for(directory: Path) -> list[Problem]:
    with pytest.raises(DataError) as info:
        read(directory)
    return info.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_real_data_validates() -> None:
    data = read()
    assert len(data.events) >= 76
    assert len(data.troop_claims) >= 65


def test_wrong_date_type_names_file_line_id_and_field(data_copy: Path, set_cell: Editor) -> None:
    line = set_cell("events", "E11", "date", "21 October 2024")
    p = only(problems_for(data_copy))
    assert (p.file, p.line, p.record_id, p.field) == ("data/events.csv", line, "E11", "date")
    assert "YYYY-MM-DD" in p.message
    assert str(p).startswith(f"data/events.csv, line {line} (E11), field date:")


def test_impossible_calendar_date_is_rejected(data_copy: Path, set_cell: Editor) -> None:
    set_cell("events", "E11", "date", "2024-02-30")
    assert "calendar" in only(problems_for(data_copy)).message


def test_figure_with_thousands_separator_is_not_an_integer(
    data_copy: Path, set_cell: Editor
) -> None:
    set_cell("troop_claims", "C11", "figure_low", "3,000")
    p = only(problems_for(data_copy))
    assert (p.record_id, p.field) == ("C11", "figure_low")
    assert "integer" in p.message


def test_boolean_must_be_true_or_false(data_copy: Path, set_cell: Editor) -> None:
    set_cell("sources", ARTICLE_ID, "date_inferred", "yes")
    p = only(problems_for(data_copy))
    assert (p.file, p.field) == ("data/sources.csv", "date_inferred")


def test_missing_required_value(data_copy: Path, set_cell: Editor) -> None:
    set_cell("troop_claims", "C03", "counts", "")
    p = only(problems_for(data_copy))
    assert (p.record_id, p.field, p.message) == ("C03", "counts", "required value is missing")


def test_unknown_category_lists_the_allowed_ones(data_copy: Path, set_cell: Editor) -> None:
    set_cell("troop_claims", "C03", "counts", "soldiers")
    p = only(problems_for(data_copy))
    assert p.field == "counts"
    assert "'soldiers'" in p.message and "in_kursk" in p.message


def test_id_not_matching_its_pattern(data_copy: Path, set_cell: Editor) -> None:
    set_cell("events", "E11", "event_id", "event-11")
    problems = problems_for(data_copy)
    assert any(p.field == "event_id" and "pattern" in p.message for p in problems)


def test_duplicate_id_points_at_the_first_occurrence(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    header, rows = read_rows(path)
    first_line = line_of(path, "E02")
    rows[2]["event_id"] = "E02"
    write_rows(path, header, rows)
    problems = [p for p in problems_for(data_copy) if "duplicate" in p.message]
    p = only(problems)
    assert p.record_id == "E02" and f"line {first_line}" in p.message


def test_dangling_foreign_key(data_copy: Path, set_cell: Editor) -> None:
    set_cell("troop_claims", "C11", "claimant_id", "nobody-at-all")
    p = only(problems_for(data_copy))
    assert (p.record_id, p.field) == ("C11", "claimant_id")
    assert "unknown actors id 'nobody-at-all'" in p.message


def test_dangling_actor_in_event_actor_list(data_copy: Path, set_cell: Editor) -> None:
    set_cell("events", "E01", "actor_ids", "vladimir-putin; not-an-actor")
    p = only(problems_for(data_copy))
    assert (p.record_id, p.field) == ("E01", "actor_ids")
    assert "not-an-actor" in p.message


def test_citation_of_an_unknown_record(data_copy: Path) -> None:
    path = data_copy / "citations.csv"
    header, rows = read_rows(path)
    rows[0]["record_id"] = "E999"
    write_rows(path, header, rows)
    problems = problems_for(data_copy)
    assert any(p.field == "record_id" and "E999" in p.message for p in problems)


def test_record_without_citation(data_copy: Path) -> None:
    path = data_copy / "citations.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r["record_id"] != "C11"])
    p = only(problems_for(data_copy))
    assert (p.file, p.record_id) == ("data/troop_claims.csv", "C11")
    assert "no citation" in p.message


@pytest.mark.parametrize(
    ("low", "best", "high", "field"),
    [
        ("5000", "", "3000", "figure_low"),
        ("1000", "500", "3000", "figure_best"),
        ("1000", "4000", "3000", "figure_best"),
    ],
)
def test_figures_out_of_order(
    data_copy: Path, set_cell: Editor, low: str, best: str, high: str, field: str
) -> None:
    set_cell("troop_claims", "C11", "figure_low", low)
    set_cell("troop_claims", "C11", "figure_best", best)
    set_cell("troop_claims", "C11", "figure_high", high)
    p = only(problems_for(data_copy))
    assert (p.record_id, p.field) == ("C11", field)


def test_date_after_the_publication_of_its_source(data_copy: Path, set_cell: Editor) -> None:
    # S10 is cited only to the source article, published (by inference) on 2024-10-22.
    set_cell("statements", "S10", "date", "2024-11-30")
    p = only(problems_for(data_copy))
    assert (p.file, p.record_id, p.field) == ("data/statements.csv", "S10", "date")
    assert "after the publication date 2024-10-22" in p.message and ARTICLE_ID in p.message


def test_month_precision_date_must_be_on_day_one(data_copy: Path, set_cell: Editor) -> None:
    set_cell("events", "E11", "date_precision", "month")
    p = only(problems_for(data_copy))
    assert (p.record_id, p.field) == ("E11", "date")
    assert "day 01" in p.message


def test_quote_not_verbatim_in_the_stored_article(data_copy: Path) -> None:
    path = data_copy / "citations.csv"
    header, rows = read_rows(path)
    row = next(r for r in rows if r["source_id"] == ARTICLE_ID)
    row["quote"] = row["quote"].replace("North Korean", "Northern Korean", 1)
    if row["quote"] == row["quote"].replace("Northern", ""):  # pragma: no cover - guard
        row["quote"] += " (paraphrased)"
    write_rows(path, header, rows)
    p = only(problems_for(data_copy))
    assert (p.file, p.record_id, p.field) == ("data/citations.csv", row["citation_id"], "quote")
    assert "not verbatim" in p.message


def test_quote_matches_despite_straight_quotes_and_extra_spaces(data_copy: Path) -> None:
    path = data_copy / "citations.csv"
    header, rows = read_rows(path)
    row = next(r for r in rows if r["source_id"] == ARTICLE_ID and "\u2019" in r["quote"])
    row["quote"] = row["quote"].replace("\u2019", "'").replace(" ", "  ", 1)
    write_rows(path, header, rows)
    read(data_copy)  # no error


def test_bad_encoding_names_the_line(data_copy: Path) -> None:
    path = data_copy / "actors.csv"
    raw = path.read_bytes().split(b"\n")
    raw[3] = raw[3] + b" \xff\xfe"
    path.write_bytes(b"\n".join(raw))
    p = only(problems_for(data_copy))
    assert (p.file, p.line) == ("data/actors.csv", 4)
    assert "UTF-8" in p.message


def test_ragged_row(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    line = line_of(path, "E05")
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[line - 1] = text[line - 1].rstrip("\n") + ",extra\n"
    path.write_text("".join(text), encoding="utf-8")
    problems = problems_for(data_copy)
    ragged = only([p for p in problems if "ragged" in p.message])
    assert (ragged.line, ragged.record_id) == (line, "E05")


def test_missing_column(data_copy: Path) -> None:
    path = data_copy / "statements.csv"
    header, rows = read_rows(path)
    header.remove("stance")
    for r in rows:
        del r["stance"]
    write_rows(path, header, rows)
    p = only(problems_for(data_copy))
    assert (p.file, p.line, p.field, p.message) == (
        "data/statements.csv",
        1,
        "stance",
        "missing column",
    )


def test_unknown_column(data_copy: Path) -> None:
    path = data_copy / "actors.csv"
    header, rows = read_rows(path)
    write_rows(path, [*header, "nickname"], rows)
    p = only(problems_for(data_copy))
    assert (p.field, p.message) == ("nickname", "unknown column (not in the schema)")


def test_stray_whitespace_is_reported(data_copy: Path, set_cell: Editor) -> None:
    set_cell("actors", "mark-rutte", "country", "NATO ")
    p = only(problems_for(data_copy))
    assert (p.record_id, p.field) == ("mark-rutte", "country")


def test_every_problem_is_reported_at_once(data_copy: Path, set_cell: Editor) -> None:
    set_cell("events", "E11", "date", "yesterday")
    set_cell("troop_claims", "C11", "counts", "everyone")
    set_cell("actors", "mark-rutte", "kind", "robot")
    problems = problems_for(data_copy)
    assert {(p.record_id, p.field) for p in problems} == {
        ("E11", "date"),
        ("C11", "counts"),
        ("mark-rutte", "kind"),
    }


def test_validate_command_prints_a_line_per_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(tables())  # one line per table of the data package
    assert any(line.startswith("data/troop_claims.csv: ") for line in out)


def test_validate_command_fails_with_the_problem_list(
    data_copy: Path, set_cell: Editor, capsys: pytest.CaptureFixture[str]
) -> None:
    set_cell("troop_claims", "C11", "figure_high", "lots")
    assert main(["validate", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "data/troop_claims.csv, line" in err and "(C11), field figure_high" in err


def test_sources_without_their_id_column_are_reported_not_crashed_on(data_copy: Path) -> None:
    path = data_copy / "sources.csv"
    path.write_bytes(b"\x00" + path.read_bytes())  # the header's first name is now "\0source_id"
    found = problems_for(data_copy)
    assert any(
        p.file == "data/sources.csv" and p.line == 1 and p.field == "source_id" for p in found
    ), "\n".join(map(str, found))


def test_a_stored_text_path_with_a_nul_byte_names_the_row_and_field(
    data_copy: Path, set_cell: Editor
) -> None:
    line = set_cell("sources", ARTICLE_ID, "text_path", f"data/sources/{ARTICLE_ID}\x00.txt")
    found = [p for p in problems_for(data_copy) if p.field == "text_path"]
    assert found and (found[0].file, found[0].line) == ("data/sources.csv", line)
