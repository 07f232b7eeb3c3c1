"""Each validation rule, pinned by one broken copy of the real data.

Every test breaks exactly one thing and checks that the error names the file, the line, the
record id and the field, so a maintainer can fix it without searching.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTICLE_ID, Editor, line_of, read_rows, write_rows

from dprk_russia import DataError, Problem, read
from dprk_russia.__main__ import main
from dprk_russia.core.reading import STORED_TEXT_MAX_BYTES
from dprk_russia.core.schema import tables


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


# --- Stored texts: regular files under data/sources/ only, of a bounded size ---------------


@pytest.mark.parametrize(
    "path",
    ["/dev/zero", "/etc/passwd", "../../../etc/passwd", "sources/../../x.txt", "citations.csv"],
)
def test_stored_text_outside_data_sources_is_never_read(
    data_copy: Path, set_cell: Editor, path: str
) -> None:
    line = set_cell("sources", ARTICLE_ID, "text_path", path)
    found = [p for p in problems_for(data_copy) if p.field == "text_path"]
    p = only(found)
    assert (p.file, p.line, p.record_id) == ("data/sources.csv", line, ARTICLE_ID)
    assert "under sources/" in p.message
    assert "root:" not in p.message


@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero"])
def test_stored_text_symlink_leading_out_is_never_read(
    data_copy: Path, set_cell: Editor, target: str
) -> None:
    (data_copy / "sources" / "link.txt").symlink_to(target)
    set_cell("sources", ARTICLE_ID, "text_path", "sources/link.txt")
    p = only([p for p in problems_for(data_copy) if p.field == "text_path"])
    assert "outside sources/" in p.message and "root:" not in str(p)


def _validate_in_a_process(data: Path) -> subprocess.CompletedProcess[str]:
    """Validation in a child process, so that a validator that blocks fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "dprk_russia", "validate", "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_stored_text_fifo_is_reported_not_waited_on(data_copy: Path, set_cell: Editor) -> None:
    os.mkfifo(data_copy / "sources" / "pipe.txt")
    set_cell("sources", ARTICLE_ID, "text_path", "sources/pipe.txt")
    result = _validate_in_a_process(data_copy)
    assert result.returncode == 1
    assert "field text_path" in result.stderr and "named pipe" in result.stderr


def test_stored_text_over_the_size_limit(data_copy: Path, set_cell: Editor) -> None:
    big = data_copy / "sources" / "big.txt"
    big.write_bytes(b"x" * (STORED_TEXT_MAX_BYTES + 1))
    set_cell("sources", ARTICLE_ID, "text_path", "sources/big.txt")
    p = only([p for p in problems_for(data_copy) if p.field == "text_path"])
    assert "limit" in p.message


# --- Data files: regular files only; a link's content is never echoed ----------------------


def test_symlinked_data_file_is_refused_and_not_echoed(data_copy: Path) -> None:
    (data_copy / "actors.csv").unlink()
    (data_copy / "actors.csv").symlink_to("/etc/passwd")
    p = only(problems_for(data_copy))
    assert (p.file, p.field) == ("data/actors.csv", None)
    assert "symbolic link" in p.message
    assert "root" not in str(p)


def test_fifo_as_a_data_file_is_reported_not_waited_on(data_copy: Path) -> None:
    (data_copy / "actors.csv").unlink()
    os.mkfifo(data_copy / "actors.csv")
    result = _validate_in_a_process(data_copy)
    assert result.returncode == 1
    assert "data/actors.csv: cannot read the table: is a named pipe" in result.stderr


@pytest.mark.parametrize("name", [t.path.removesuffix(".csv") for t in tables().values()])
def test_a_header_only_file_is_named_once_as_the_cause(data_copy: Path, name: str) -> None:
    path = data_copy / f"{name}.csv"
    header, _ = read_rows(path)
    write_rows(path, header, [])
    p = only(problems_for(data_copy))
    assert (p.file, p.line) == (f"data/{name}.csv", 1)
    assert "no records" in p.message


# --- Dates: inside the declared report period, never in the future -------------------------


@pytest.mark.parametrize("value", ["0001-01-01", "1905-01-01", "9999-12-31", "2023-12-31"])
def test_date_outside_the_report_period(data_copy: Path, set_cell: Editor, value: str) -> None:
    line = set_cell("events", "E11", "date", value)
    p = only(problems_for(data_copy))
    assert (p.file, p.line, p.record_id, p.field) == ("data/events.csv", line, "E11", "date")
    assert "report period" in p.message or "future" in p.message


def test_date_in_the_future_of_the_build(data_copy: Path, set_cell: Editor) -> None:
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    set_cell("sources", ARTICLE_ID, "published", future)
    p = only(problems_for(data_copy))
    assert (p.record_id, p.field) == (ARTICLE_ID, "published")
    assert "future" in p.message


def test_the_report_period_is_read_from_the_data_package(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    assert package["report"]["period"]["start"] == "2024-01-01"
    package["report"]["period"]["start"] = "2024-07-01"  # after the treaty of 19 June 2024
    path.write_text(json.dumps(package), encoding="utf-8")
    found = problems_for(data_copy)
    assert ("E01", "date") in {(p.record_id, p.field) for p in found}
    assert all("2024-07-01" in p.message for p in found if p.field == "date")


# --- Integers and digits ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("99999999999999999999", "at most"),
        ("9" * 5000, "at most"),
        ("9007199254740992", "at most"),  # 2**53
        ("-1", "at least"),
        ("\u0661\u0665\u0660\u0660", "ASCII digits"),  # Arabic-Indic 1500
        ("\uff11\uff15\uff10\uff10", "ASCII digits"),  # full-width 1500
        ("1500\u00b2", "ASCII digits"),
    ],
)
def test_figures_are_ascii_integers_in_range(
    data_copy: Path, set_cell: Editor, value: str, words: str
) -> None:
    set_cell("troop_claims", "C03", "figure_low", value)
    found = problems_for(data_copy)  # a DataError, never a pandas overflow
    p = only([p for p in found if p.field == "figure_low"])
    assert p.record_id == "C03" and words in p.message
    assert len(p.message) < 200


@pytest.mark.parametrize(
    ("field", "value"),
    [("event_id", "E\u0661\u0661"), ("date", "\uff12\uff10\uff12\uff14-10-21")],
)
def test_ids_and_dates_take_ascii_digits_only(
    data_copy: Path, set_cell: Editor, field: str, value: str
) -> None:
    line = set_cell("events", "E11", field, value)
    found = [p for p in problems_for(data_copy) if p.file == "data/events.csv"]
    assert [(p.line, p.field) for p in found] == [(line, field)]


# --- Characters: no control or bidi characters, no formulas ---------------------------------


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "U+0000 (NUL)"),
        ("\x07", "U+0007 (BEL)"),
        ("\x1b", "U+001B (ESC)"),
        ("\x0b", "U+000B (VT)"),
        ("\x7f", "U+007F (DEL)"),
        ("\r", "U+000D (CR)"),
        ("\t", "U+0009 (TAB)"),
        ("\x85", "U+0085 (NEL)"),
        ("\u2028", "U+2028 (LINE SEPARATOR)"),
        ("\u202e", "U+202E"),
        ("\u2066", "U+2066"),
        ("\ufeff", "U+FEFF (BYTE ORDER MARK)"),
    ],
)
def test_control_and_bidi_characters_are_rejected(
    data_copy: Path, set_cell: Editor, char: str, name: str
) -> None:
    line = set_cell("events", "E11", "description", f"Troops{char} arrived")
    p = only(problems_for(data_copy))
    assert (p.file, p.line, p.record_id, p.field) == ("data/events.csv", line, "E11", "description")
    assert name in p.message


def test_a_newline_only_where_text_may_run_over_lines(data_copy: Path, set_cell: Editor) -> None:
    set_cell("events", "E11", "description", "Troops arrived.\nMore followed.")
    read(data_copy)  # a description may run over lines
    set_cell("actors", "mark-rutte", "name", "Mark\nRutte")
    p = only(problems_for(data_copy))
    assert (p.record_id, p.field) == ("mark-rutte", "name") and "line break" in p.message


@pytest.mark.parametrize("value", ["=1+1", "+7 495", "-2+3", "@SUM(A1)"])
def test_text_a_spreadsheet_would_run_is_rejected(
    data_copy: Path, set_cell: Editor, value: str
) -> None:
    set_cell("troop_claims", "C03", "wording", value)
    p = only(problems_for(data_copy))
    assert (p.record_id, p.field) == ("C03", "wording") and "formula" in p.message


# --- Addresses ---------------------------------------------------------------------------

SOURCE = "24-brussels-undated"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://example.org/a", "not an https address"),
        ("javascript:alert(1)", "not an https address"),
        ("ftp://example.org/a", "not an https address"),
        ("https://", "host"),
        ("https:///path", "host"),
        ("https://localhost/a", "host"),
        ("https://[::1]/a", "host"),
        ("https://example.org:0/", "host"),
        ("https://user:secret@example.org/a", "user name"),
        ("https://example.org@evil.example/a", "user name"),
        ('https://example.org/a"onmouseover="alert(1)', "may not hold"),
        ("https://example.org/'x'", "may not hold"),
        ("https://example.org/<script>", "may not hold"),
        ("https://exa mple.org/", "may not hold"),
        ("https://ex\u00e4mple.org/", "ASCII"),
    ],
)
def test_addresses_are_https_with_a_host_and_nothing_that_ends_markup(
    data_copy: Path, set_cell: Editor, url: str, words: str
) -> None:
    line = set_cell("sources", SOURCE, "url", url)
    p = only(problems_for(data_copy))
    assert (p.file, p.line, p.record_id, p.field) == ("data/sources.csv", line, SOURCE, "url")
    assert words in p.message


def test_plain_http_only_for_the_hosts_the_package_lists(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    hosts = package["report"]["plain_http_hosts"]
    assert hosts and all(reason.strip() for reason in hosts.values())  # each with its reason
    _, sources = read_rows(data_copy / "sources.csv")
    plain = sorted(r["source_id"] for r in sources if r["url"].startswith("http://"))
    assert plain, "no source uses the exception any more: drop it from the data package"
    package["report"]["plain_http_hosts"] = {}
    path.write_text(json.dumps(package), encoding="utf-8")
    found = problems_for(data_copy)
    assert {p.field for p in found} == {"url"}
    assert sorted(p.record_id or "" for p in found) == plain


# --- Quotes -------------------------------------------------------------------------------


def _cited_elsewhere(data_copy: Path) -> tuple[Path, list[str], list[dict[str, str]], int]:
    path = data_copy / "citations.csv"
    header, rows = read_rows(path)
    index = next(i for i, r in enumerate(rows) if r["source_id"] != ARTICLE_ID)
    return path, header, rows, index


@pytest.mark.parametrize("quote", ["a", "Yes.", "Kursk, Russia", "“…” — ‘!’ x"])
def test_a_quote_too_short_to_check_is_rejected(data_copy: Path, quote: str) -> None:
    path, header, rows, index = _cited_elsewhere(data_copy)
    rows[index]["quote"] = quote
    write_rows(path, header, rows)
    p = only(problems_for(data_copy))
    assert (p.file, p.record_id, p.field) == (
        "data/citations.csv",
        rows[index]["citation_id"],
        "quote",
    )
    assert "too short" in p.message


def test_a_short_quote_in_a_script_without_spaces_is_judged_by_characters(data_copy: Path) -> None:
    path, header, rows, index = _cited_elsewhere(data_copy)
    rows[index]["quote"] = "在10月21日的外交部例行记者"  # 14 characters, no spaces
    write_rows(path, header, rows)
    read(data_copy)


# --- The data package itself: an error message, never a traceback --------------------------


def _edit_package(data_copy: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    edit(package)
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")


def _events_field(package: dict[str, Any], name: str) -> dict[str, Any]:
    events = next(r for r in package["resources"] if r["name"] == "events")
    field: dict[str, Any] = next(f for f in events["schema"]["fields"] if f["name"] == name)
    return field


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (
            lambda p: _events_field(p, "event_id")["constraints"].update(pattern="^E(\\d{2,4}$"),
            "pattern",
        ),
        (lambda p: _events_field(p, "event_id")["constraints"].update(pattern=7), "pattern"),
        (lambda p: _events_field(p, "date").update(type="datetime"), "unknown type 'datetime'"),
        (lambda p: _events_field(p, "date").update(type="number"), "unknown type 'number'"),
        (lambda p: p.update(resources=[]), "declares no tables"),
        (lambda p: p.pop("resources"), "declares no tables"),
        (lambda p: p.pop("report"), "report period"),
        (lambda p: p["report"]["period"].update(start="soon"), "report.period.start"),
        (lambda p: p["resources"].pop(2), "does not declare it"),
        (lambda p: p["resources"][0].update(path="/etc/passwd"), "inside the data folder"),
        (lambda p: p["resources"][0].update(path="../../etc/passwd"), "inside the data folder"),
        (lambda p: p["resources"][0]["schema"].update(primaryKey=["nope"]), "primaryKey"),
        (lambda p: p["resources"][0]["schema"].pop("fields"), "no schema fields"),
        (
            lambda p: p["resources"][3]["schema"]["foreignKeys"][0]["reference"].update(
                resource="x"
            ),
            "unknown table",
        ),
    ],
)
def test_a_data_package_the_validator_cannot_apply_is_a_message(
    data_copy: Path,
    capsys: pytest.CaptureFixture[str],
    edit: Callable[[dict[str, Any]], None],
    words: str,
) -> None:
    _edit_package(data_copy, edit)
    assert main(["validate", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "data/datapackage.json" in err and words in err, err
    assert "Traceback" not in err
    with pytest.raises(DataError):
        read(data_copy)


def test_a_data_package_that_is_not_json_names_the_line(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"resources":', '"resources"', 1))
    p = only(problems_for(data_copy))
    assert p.file == "data/datapackage.json" and p.line and "not valid JSON" in p.message
