"""The responses and assessments chapters: their computed values agree with the data, their
charts stay legible, and the outcomes table is validated like every other table."""

from __future__ import annotations

import dataclasses
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, Editor
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from dprk_russia import DataError, Dataset, load, read
from dprk_russia.charts import outcomes_chart, stances_chart
from dprk_russia.charts.style import note_of
from dprk_russia.charts.timeline import FAMILY_OF
from dprk_russia.core.cells import normalise_quote
from dprk_russia.text import phrase, printed, with_article
from dprk_russia.views.assessments import (
    BEARING_LABEL,
    VERDICTS,
    assessment_values,
    outcomes_frame,
    outcomes_table,
    records_frame,
    rewrite_attribution,
    track_record,
    track_values,
    verdict,
)
from dprk_russia.views.concepts import window_bounds
from dprk_russia.views.picks import picked
from dprk_russia.views.records import find_quote
from dprk_russia.views.responses import (
    framing_table,
    framing_values,
    response_values,
    stance_counts,
)

# --- The outcomes table is validated -----------------------------------------------------------


def test_dangling_outcome_record_id_names_file_line_id_and_field(
    data_copy: Path, set_cell: Editor
) -> None:
    line = set_cell("assessment_outcomes", "O01", "record_id", "E999")
    with pytest.raises(DataError) as info:
        read(data_copy)
    (p,) = info.value.problems
    assert (p.file, p.line, p.record_id, p.field) == (
        "data/assessment_outcomes.csv",
        line,
        "O01",
        "record_id",
    )
    assert "unknown event or troop claim id 'E999'" in p.message


def test_outcome_must_be_an_event_or_claim_not_a_statement(
    data_copy: Path, set_cell: Editor
) -> None:
    set_cell("assessment_outcomes", "O01", "record_id", "S03")
    with pytest.raises(DataError) as info:
        read(data_copy)
    (p,) = info.value.problems
    assert (p.record_id, p.field) == ("O01", "record_id")
    assert "statements" in p.message


def test_outcome_of_an_unknown_assessment(data_copy: Path, set_cell: Editor) -> None:
    set_cell("assessment_outcomes", "O01", "assessment_id", "A99")
    with pytest.raises(DataError) as info:
        read(data_copy)
    (p,) = info.value.problems
    assert (p.record_id, p.field) == ("O01", "assessment_id")
    assert "unknown assessments id 'A99'" in p.message


def test_every_outcome_comes_after_its_assessment_and_has_a_source() -> None:
    data = load()
    o = outcomes_frame(data)
    month_end = o["assessment_date"] + pd.offsets.MonthBegin(1)
    made = o["assessment_date"].where(o["assessment_precision"] == "day", month_end)
    assert (o["record_date"] >= made - pd.Timedelta(days=1)).all()
    assert o["source"].notna().all() and o["source_quote"].notna().all()
    assert o["note"].str.len().min() > 40  # our reasoning, not a label


def test_the_source_articles_assessments_all_have_later_outcomes() -> None:
    data = load()
    linked = set(data.assessment_outcomes["assessment_id"])
    assert {"A01", "A02", "A03", "A04", "A05"} <= linked


def test_every_assessment_has_a_standing_in_the_track_record() -> None:
    data = load()
    table = track_record(data)
    assert list(table.index) == list(
        data.assessments.sort_values(["date", "assessment_id"])["assessment_id"]
    )
    linked = set(data.assessment_outcomes["assessment_id"])
    untested = table["Standing"] == VERDICTS["untested"]
    assert set(table.index[untested]).isdisjoint(linked)
    assert set(table.index[~untested]) == linked
    values = track_values(data)
    assert values["n_tested"] + values["n_untested"] == len(data.assessments)


@pytest.mark.parametrize(
    ("supports", "contradicts", "mixed", "standing"),
    [
        (0, 0, 0, "untested"),
        (2, 0, 0, "borne_out"),
        (0, 1, 0, "not_borne_out"),
        (1, 1, 0, "mixed"),
        (1, 0, 1, "mixed"),
        (0, 0, 1, "mixed"),
    ],
)
def test_an_assessments_standing_follows_from_its_bearings(
    supports: int, contradicts: int, mixed: int, standing: str
) -> None:
    assert verdict(supports, contradicts, mixed) == standing


# --- Diplomatic responses ----------------------------------------------------------------------


def test_stance_counts_add_up_to_the_statements() -> None:
    data = load()
    table = stance_counts(data)
    stances = [c for c in table.columns if c in load().labels("statements", "stance").values()]
    assert (table[stances].sum(axis=1) == table["All statements"]).all()
    assert table["All statements"].sum() == len(data.statements)
    assert (table[stances].sum() > 0).all(), "a stance column no one took"
    only = table["Cited to the article only"]
    assert (only <= table["All statements"]).all()
    assert only.sum() == response_values(data)["n_article_only"]


def test_response_values_agree_with_the_data() -> None:
    data = load()
    v = response_values(data)
    s = data.statements
    assert v["n_statements"] == len(s)
    assert v["n_speakers"] == s["actor_id"].nunique()
    start, end = window_bounds(data)
    assert v["n_window_statements"] == s["date"].between(start, end).sum()
    assert 0 < int(v["n_window_statements"]) <= len(s)
    partners = v["n_partner"]
    assert int(v["n_partner_shielding"]) + int(v["n_partner_confirms"]) <= int(partners)
    assert v["partner_critical_text"] == "none"
    top = s.assign(country=s["actor_id"].map(data.actors.set_index("actor_id")["country"]))
    assert v["top_country_n"] == top["country"].value_counts().max()
    assert v["ru_first_confirm_date"] == "26 April 2025"
    assert v["kp_first_confirm_date"] == "28 April 2025"


def test_a_picked_statement_quotes_its_main_source_verbatim() -> None:
    data = load()
    v = picked(data, {"s16": "S16", "s48": "S48"})
    assert v["s16_date"] == "21 October 2024"
    assert v["s16_speaker"] == "Mark Rutte"
    for sid in ("S16", "S34"):
        main = data.citations[data.citations["record_id"] == sid].iloc[0]
        quote = picked(data, {"x": sid})["x_quote"]
        assert normalise_quote(quote) == normalise_quote(main["quote"])
    assert v["s48_source"].startswith("productiveclue.com")


def test_glued_text_is_already_typographic_so_the_page_shows_it_unchanged() -> None:
    assert printed("Putin's growing desperation") == "Putin\u2019s growing desperation"
    assert printed(printed("the article's 'South Korea'")) == printed("the article's 'South Korea'")
    v = picked(load(), {"s34": "S34"})
    assert "'" not in v["s34_quote"] and "\u2019" in v["s34_quote"]


FRAMING = {
    "rutte": ("NATO", "S16", r"\w+ escalation", "S16", r"\w+ escalation", "Paraphrase"),
    "condemned": ("US and Japan", "S48", r"condemned", "E77", r"condemn in the strongest", "Ok"),
    "pledge": ("Lammy", "S19", r"promising collaboration", "S19", r"actively cooperate", "Ok"),
}


def test_framing_sets_the_article_beside_the_record_it_rests_on() -> None:
    data = load()
    v = framing_values(data, FRAMING)
    assert (v["rutte_article_words"], v["rutte_record_words"]) == (
        "serious escalation",
        "significant escalation",
    )
    assert v["condemned_article_words"] == "condemned"
    assert v["condemned_record_words"] == "condemn in the strongest"
    assert v["condemned_record_date"] == "24 June 2024"  # before the article: it supports it
    assert v["pledge_record_words"] == "actively cooperate"
    table = framing_table(data, list(FRAMING.values()))
    article_quotes = set(
        data.citations.loc[data.citations["source_id"] == data.article_source, "quote"]
    )
    assert set(table["Source article (quoted)"]) <= article_quotes
    assert not set(table["Recorded wording (quoted)"]) & article_quotes
    assert list(table["Verdict"]) == ["Paraphrase", "Ok", "Ok"]


def test_a_framing_point_whose_record_no_longer_says_it_stops_the_build() -> None:
    point = ("US", "S48", r"condemned", "E77", r"highly concerned", "Ok")
    with pytest.raises(LookupError):
        framing_values(load(), {"us": point})


def test_a_quote_that_no_longer_says_it_stops_the_build() -> None:
    data = load()
    with pytest.raises(LookupError):
        find_quote(data, "S16", r"grave escalation")
    with pytest.raises(LookupError):
        phrase("We are highly concerned", r"condemn\w*")


def test_with_article() -> None:
    assert with_article("United Kingdom") == "the United Kingdom"
    assert with_article("NATO") == "NATO"


# --- Expert assessments ------------------------------------------------------------------------


def test_assessment_values_agree_with_the_outcomes() -> None:
    data = load()
    v = assessment_values(data)
    o = data.assessment_outcomes
    assert v["n_outcomes"] == len(o)
    assert sum(int(v[f"n_{b}"]) for b in BEARING_LABEL) == len(o)
    for aid in data.assessments["assessment_id"]:
        p = aid.lower()
        assert v[f"{p}_n_outcomes"] == (o["assessment_id"] == aid).sum()
        total = sum(int(v[f"{p}_n_{b}"]) for b in BEARING_LABEL)
        assert total == v[f"{p}_n_outcomes"]
    counts = track_record(data)
    assert counts[list(BEARING_LABEL.values())].to_numpy().sum() == len(o)
    article = track_record(data, ["A01", "A02", "A03", "A04", "A05"])
    assert list(article.index) == ["A04", "A01", "A02", "A03", "A05"]


def test_rewrite_attribution_names_the_analyst_only_with_low_confidence() -> None:
    data = load()
    v = rewrite_attribution(data, "A01", "named")
    assert v["named_name"] in v["named_quote"]
    assert v["named_confidence"] == "low"
    # The source article itself names no analyst.
    article = data.citations[
        (data.citations["record_id"] == "A01")
        & (data.citations["source_id"] == data.article_source)
    ]
    assert not article["quote"].str.contains(v["named_name"]).any()


def test_outcomes_table_shows_each_records_own_source() -> None:
    data = load()
    table = outcomes_table(data, ["A02"])
    assert "Assessment" not in table.columns
    assert len(table) == (data.assessment_outcomes["assessment_id"] == "A02").sum()
    both = outcomes_table(data, ["A03", "A04"])
    assert "Assessment" in both.columns
    records = records_frame(data)
    assert {r.note.removeprefix("Record ") for r in both["Later record"]} <= set(records.index)
    assert all(re.search(r': ".+"$', s) for s in both["Main source (quoted)"])
    # The publisher links to the source's page; the record's date to its row in the book.
    for cell in both["Main source (quoted)"]:
        ((start, end, address),) = cell.links
        assert start == 0 and cell[end:].startswith(': "') and address.startswith("https://")
    for cell in both["Later record"]:
        ((_, _, address),) = cell.links
        assert re.fullmatch(r"(timeline|numbers)\.html#(events|claims)-[EC]\d+", address)


# --- Charts ------------------------------------------------------------------------------------


def drawn(fig: Figure) -> Figure:
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig


def assert_legible(fig: Figure, noted_overlap: bool = False) -> None:
    """No tick labels overlap, the legend is inside the figure, no two markers overprint (or,
    with ``noted_overlap``, the chart says above itself where its markers overlap)."""
    drawn(fig)
    for ax in fig.axes:
        for labels in (ax.get_yticklabels(), ax.get_xticklabels()):
            boxes = [t.get_window_extent() for t in labels if t.get_text()]
            assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    for legend in fig.legends:
        box = legend.get_window_extent()
        assert box.x0 >= fig.bbox.x0 - 1 and box.x1 <= fig.bbox.x1 + 1, "legend is cut off"
    centres, diameters = [], []
    for coll in fig.axes[0].collections:
        if isinstance(coll, PathCollection) and len(coll.get_offsets()):
            xy = coll.get_offset_transform().transform(coll.get_offsets())
            centres.append(xy)
            diameters.append(np.full(len(xy), np.sqrt(coll.get_sizes()[0]) * fig.dpi / 72))
    if noted_overlap and note_of(fig.axes[0]):
        assert "overlap" in note_of(fig.axes[0]), "markers overprint without a note"
        return
    xy, d = np.vstack(centres), np.concatenate(diameters)
    gaps = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    np.fill_diagonal(gaps, np.inf)
    assert (gaps >= 0.9 * np.minimum(d[:, None], d[None, :])).all(), "markers overprint"


def legend_labels(fig: Figure) -> list[str]:
    return [t.get_text() for legend in fig.legends for t in legend.get_texts()]


@pytest.mark.parametrize("window", [(None, None), "first weeks"])
def test_stances_chart_is_legible_with_no_empty_legend_entries(
    window: tuple[None, None] | str,
) -> None:
    data = load()
    start, end = window_bounds(data) if window == "first weeks" else (None, None)
    fig = stances_chart(data, start, end)
    assert_legible(fig)
    s = data.statements
    if start is not None:
        s = s[s["date"].between(start, end)]
    present = {FAMILY_OF[str(k)] for k in s["stance"].unique()}
    assert set(legend_labels(fig)) == present


def test_stances_chart_with_ten_times_the_statements_stays_legible() -> None:
    data = load()
    rng = np.random.default_rng(5)
    many = data.statements.sample(len(data.statements) * 10, replace=True, random_state=5)
    shift = pd.to_timedelta(rng.integers(-20, 20, len(many)), unit="D")
    many = many.assign(date=many["date"] + shift).reset_index(drop=True)
    many["statement_id"] = pd.array([f"S{i:04d}" for i in range(len(many))], dtype="string")
    assert_legible(stances_chart(dataclasses.replace(data, statements=many)), noted_overlap=True)


def test_empty_window_draws_without_a_legend_or_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = drawn(stances_chart(load(), "2030-01-01", "2030-02-01"))
    assert fig.legends == []


def test_outcomes_chart_is_legible_and_its_legend_lists_only_what_is_drawn() -> None:
    data: Dataset = load()
    fig = outcomes_chart(data)
    assert_legible(fig)
    labels = legend_labels(fig)
    drawn_bearings = set(data.assessment_outcomes["bearing"].astype(str))
    for bearing, label in BEARING_LABEL.items():
        assert (f"later record: {label.lower()}" in labels) == (bearing in drawn_bearings)
    month = (data.assessments["date_precision"] != "day").any()
    assert ("assessment known only to the month" in labels) == month


def test_outcomes_chart_with_many_assessments_keeps_the_best_evidenced_and_says_so(
    tmp_path: Path,
) -> None:
    from dprk_russia.core.synthetic import scaled_copy

    data = read(scaled_copy(ROOT / "data", 20, tmp_path / "data"))
    assert len(data.assessments) > 12
    fig = outcomes_chart(data, most=12)
    assert_legible(fig)
    assert fig.get_size_inches()[1] < 10, "one row per assessment made the chart a scroll"
    note = note_of(fig.axes[0])
    assert note.startswith(f"The 12 of {len(data.assessments)} assessments")
    counts = data.assessment_outcomes["assessment_id"].value_counts()
    shown = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    best = counts.index[0]
    assert any(f"({best})" in label for label in shown), "the most-evidenced one was left out"
    assert len(shown) == 12
