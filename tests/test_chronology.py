"""The chronology chapters' values and charts: glued values agree with the data, and the
timeline stays legible (no overlapping labels or markers) with 500 events."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from dprk_russia import Dataset, load
from dprk_russia.charts import deployment_chart, timeline_chart
from dprk_russia.charts.lanes import TIMELINE_MIN_ROW_IN, event_end, pack_slots
from dprk_russia.charts.style import note_of
from dprk_russia.tables import deployment_table
from dprk_russia.views.chronology import (
    deployment_events,
    events_by_month,
    timeline_values,
)
from dprk_russia.views.concepts import densest_window, window_bounds


def synthetic(n: int = 500, seed: int = 7) -> Dataset:
    """The real events resampled to ``n`` rows, with new ids and dates spread over the period."""
    data = load()
    rng = np.random.default_rng(seed)
    events = data.events.sample(n, replace=True, random_state=seed).reset_index(drop=True)
    low, high = data.events["date"].min(), data.events["date"].max()
    offsets = rng.integers(0, (high - low).days + 1, n)
    dates = pd.Series(low + pd.to_timedelta(offsets, unit="D"))
    month = events["date_precision"] == "month"
    dates = dates.where(~month, dates.dt.to_period("M").dt.start_time)
    events["date"] = dates.astype(data.events["date"].dtype)
    events["event_id"] = pd.array([f"X{i:04d}" for i in range(n)], dtype="string")
    return dataclasses.replace(data, events=events)


@pytest.fixture(scope="module")
def big() -> Dataset:
    return synthetic()


def drawn(fig: Figure) -> Figure:
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig


def overlapping(labels: Iterable[Text]) -> list[tuple[str, str]]:
    boxes = [(t.get_text(), t.get_window_extent()) for t in labels if t.get_text()]
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]


def assert_legible(fig: Figure) -> None:
    """No two tick labels overlap, on either axis, and the legend lies inside the figure."""
    drawn(fig)
    for ax in fig.axes:
        assert overlapping(ax.get_yticklabels()) == []
        assert overlapping(ax.get_xticklabels()) == []
    page = fig.bbox
    for legend in fig.legends:
        box = legend.get_window_extent()
        assert box.x0 >= page.x0 - 1 and box.x1 <= page.x1 + 1, "legend is cut off"


def assert_no_marker_overlaps(fig: Figure) -> None:
    """No two event markers overprint: centres at least one marker diameter apart."""
    drawn(fig)
    ax = fig.axes[0]
    centres, diameters = [], []
    for coll in ax.collections:
        if isinstance(coll, PathCollection) and len(coll.get_offsets()):
            xy = coll.get_offset_transform().transform(coll.get_offsets())
            centres.append(xy)
            size = float(np.sqrt(coll.get_sizes()[0]) * fig.dpi / 72)
            diameters.append(np.full(len(xy), size))
    xy, d = np.vstack(centres), np.concatenate(diameters)
    gaps = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    np.fill_diagonal(gaps, np.inf)
    assert (gaps >= 0.95 * d[:, None]).all()


def test_timeline_with_500_events_is_legible(big: Dataset) -> None:
    fig = timeline_chart(big)  # how fast: see `make bench`, never a timed test
    assert_legible(fig)
    assert_no_marker_overlaps(fig)


def test_timeline_with_5000_events_keeps_its_markers_legible_and_says_they_overlap() -> None:
    fig = timeline_chart(synthetic(5000))
    assert_legible(fig)
    sizes = [c.get_sizes()[0] for c in fig.axes[0].collections if len(c.get_offsets())]
    smallest_in = min(sizes) ** 0.5 / 72 / 0.75  # a marker is 0.75 of its row
    assert smallest_in >= TIMELINE_MIN_ROW_IN - 1e-9, "markers shrank below legibility"
    assert "overlap" in note_of(fig.axes[0])
    assert fig.get_size_inches()[1] <= 10.0


def test_timeline_with_500_events_needs_no_overlap_note(big: Dataset) -> None:
    assert note_of(timeline_chart(big).axes[0]) == ""


def test_zoomed_timeline_with_500_events_is_legible(big: Dataset) -> None:
    start, end = window_bounds(big)
    fig = timeline_chart(big, start, end)
    assert_legible(fig)
    assert_no_marker_overlaps(fig)


@pytest.mark.parametrize("window", [(None, None), ("2024-10-10", "2024-12-04")])
def test_real_timeline_is_legible(window: tuple[str | None, str | None]) -> None:
    fig = timeline_chart(load(), *window)
    assert_legible(fig)
    assert_no_marker_overlaps(fig)


def test_deployment_chart_is_legible() -> None:
    fig = deployment_chart(load())
    assert_legible(fig)
    assert_no_marker_overlaps(fig)


def test_empty_window_still_draws() -> None:
    fig = timeline_chart(load(), "2030-01-01", "2030-02-01")
    drawn(fig)
    assert fig.legends == []


def test_pack_slots_never_puts_overlapping_items_in_one_row() -> None:
    rng = np.random.default_rng(3)
    start = rng.uniform(0, 100, 300)
    end = start + rng.uniform(0.5, 8, 300)
    keys = list(rng.choice(["a", "b", "c"], 300))
    slots = pack_slots(keys, start, end)
    for i in range(300):
        for j in range(i + 1, 300):
            if keys[i] == keys[j] and slots[i] == slots[j]:
                assert end[i] <= start[j] or end[j] <= start[i]
    # First-fit in order of start uses no more rows than the most items overlapping at once.
    for key in set(keys):
        mine = [i for i in range(300) if keys[i] == key]
        most = max(sum(start[j] <= start[i] < end[j] for j in mine) for i in mine)
        assert slots[mine].max() + 1 == most


def test_an_event_known_to_the_month_spans_its_month() -> None:
    dates = pd.Series(pd.to_datetime(["2024-10-01", "2024-10-21"]))
    ends = event_end(dates, pd.Series(["month", "day"]))
    assert list(ends) == [pd.Timestamp("2024-11-01"), pd.Timestamp("2024-10-22")]


def test_densest_window_matches_a_brute_force_count() -> None:
    data = load()
    start, end, count = densest_window(data, 8)
    days = data.events.loc[data.events["date_precision"] == "day", "date"]
    assert (end - start).days == 55
    assert count == int(((days >= start) & (days <= end)).sum())
    for first in days:
        assert int(((days >= first) & (days < first + pd.Timedelta(days=56))).sum()) <= count


def test_timeline_values_agree_with_the_data() -> None:
    data = load()
    values = timeline_values(data)
    assert values["n_events"] == len(data.events)
    assert values["n_day_events"] + values["n_month_events"] == len(data.events)
    assert values["window_count"] <= values["n_day_events"]
    assert values["first_report_date"] == "18 October 2024"
    assert values["dprk_confirmation_days"] >= values["russia_confirmation_days"] > 0
    assert events_by_month(data)["Events"].sum() == len(data.events)


def test_deployment_table_lists_every_deployment_event_once() -> None:
    data = load()
    table = deployment_table(data)
    assert list(table.index) == list(deployment_events(data)["event_id"])
    assert table["Step"].notna().all()
