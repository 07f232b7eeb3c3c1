"""The outcomes chart: each assessment on its row, and the later records bearing on it."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..core.loading import Dataset
from ..views.assessments import BEARING_LABEL, outcomes_frame, track_values
from .labels import Labels, Point, place_labels, record_labels
from .lanes import lane_bands, lane_frame, pack_slots
from .style import CHART_WIDTH_IN, INK, PAPER, RULE, finding, fit_legend, note_above, report_style

#: A later record's bearing on an assessment: by shape and fill (filled, open), in ink. No
#: hue: hues mean countries (see ``style.py``).
BEARING_STYLE = {
    "supports": (INK, "^"),
    "contradicts": (PAPER, "v"),
    "mixed": (INK, "D"),
}


#: The most assessments the outcomes chart draws; beyond this a row per assessment stops being
#: readable, so the chart keeps those with the most later records and says so.
OUTCOME_ROWS = 12


def _most_outcomes(data: Dataset, most: int) -> tuple[pd.DataFrame, pd.DataFrame, str | None]:
    """The assessments drawn and their outcomes: all, or the ``most`` with the most later
    records (ties: the earlier id), with the note that says so."""
    a = data.assessments.sort_values("assessment_id").reset_index(drop=True)
    o = outcomes_frame(data)
    if len(a) <= most:
        return a, o, None
    counts = o["assessment_id"].value_counts()
    ranked = a.assign(n=a["assessment_id"].map(counts).fillna(0).astype(int))
    ranked = ranked.sort_values(["n", "assessment_id"], ascending=[False, True]).head(most)
    a = a[a["assessment_id"].isin(ranked["assessment_id"])].reset_index(drop=True)
    o = o[o["assessment_id"].isin(a["assessment_id"])]
    note = f"The {most} of {len(data.assessments)} assessments with the most later records"
    return a, o, note


def _draw_assessment(
    ax: mpl.axes.Axes, start: float, end: float, last: float, base: float, month: bool
) -> None:
    """An assessment: a ring on its day (a bar across its month if known only to the month),
    and a thin rule to its latest later record."""
    ax.plot([start, last], [base, base], color=RULE, linewidth=1.2, zorder=1)
    if month:
        bar = mpl.patches.Rectangle(
            (start, base - 0.3),
            end - start,
            0.6,
            facecolor="none",
            edgecolor=INK,
            hatch="////",
            linewidth=0.8,
            zorder=2,
        )
        ax.add_patch(bar)
    else:
        ax.scatter(
            [start],
            [base],
            s=46,
            marker="o",
            facecolor=PAPER,
            edgecolor=INK,
            linewidth=1.2,
            zorder=3,
        )


def _draw_bearings(
    ax: mpl.axes.Axes, o: pd.DataFrame, dates: np.ndarray, y: np.ndarray, row_in: float
) -> list[Artist]:
    """The later records, one marker per bearing; returns their legend entries."""
    handles: list[Artist] = []
    size = {"^": 0.9, "v": 0.9, "D": 0.65}  # a diamond looks larger than a triangle
    for bearing, label in BEARING_LABEL.items():
        m = (o["bearing"] == bearing).to_numpy()
        if not m.any():
            continue
        colour, marker = BEARING_STYLE[bearing]
        ax.scatter(
            dates[m],
            y[m],
            s=(size[marker] * row_in * 72) ** 2,
            marker=marker,
            facecolor=colour,
            edgecolor=INK,
            linewidth=0.8,
            zorder=4,
        )
        entry = f"later record: {label.lower()}"
        handles.append(
            Line2D(
                [],
                [],
                marker=marker,
                linestyle="",
                color=INK,
                markerfacecolor=colour,
                markeredgecolor=INK,
                label=entry,
            )
        )
    return handles


def _assessment_handles(month: np.ndarray) -> list[Artist]:
    made = Line2D(
        [],
        [],
        marker="o",
        linestyle="",
        color=INK,
        markerfacecolor=PAPER,
        markeredgecolor=INK,
        label="assessment made",
    )
    if not month.any():
        return [made]
    label = "assessment known only to the month"
    bar = mpl.patches.Patch(facecolor="none", edgecolor=INK, hatch="////", label=label)
    return [made, bar]


def outcomes_finding(data: Dataset) -> str:
    """The track record in one sentence (``views.assessments.track_values``)."""
    v = track_values(data)
    return (
        f"Of {v['n_tested']} assessments the record can test, {v['n_borne_out']} are borne out "
        f"so far, {v['n_not_borne_out']} are not and {v['n_mixed']} are mixed"
    )


def _rows(
    a: pd.DataFrame, o: pd.DataFrame, x: tuple[float, float]
) -> tuple[np.ndarray, dict[str, int], dict[str, float], np.ndarray]:
    """Each assessment's row: later records stacked so none touches another."""
    ids = a["assessment_id"].tolist()
    dates = mdates.date2num(o["record_date"])
    width = OUTCOME_ROW_IN * (x[1] - x[0]) / (CHART_WIDTH_IN - 1.3)
    keys = o["assessment_id"].tolist()
    slots = pack_slots(keys, dates - width / 2, dates + width / 2)
    depth = {
        aid: max([1] + [int(n) + 1 for k, n in zip(keys, slots, strict=True) if k == aid])
        for aid in ids
    }
    extent = {aid: max(depth[aid] + 2, 4) for aid in ids}  # room for a 3-line label
    bottom = {aid: band[0] for aid, band in lane_bands(extent).items()}
    y = np.array([bottom[k] + 1.0 + (n + 1) * 0.9 for k, n in zip(keys, slots, strict=True)])
    return dates, extent, bottom, y


#: The height of one stacked row of the outcomes chart, in inches.
OUTCOME_ROW_IN = 0.14


def outcomes_chart(data: Dataset, most: int = OUTCOME_ROWS, label: Labels | None = None) -> Figure:
    """Each assessment on its own row: when it was made, and each later record that bears on it,
    marked by whether it supports, contradicts or is mixed on the assessment.

    Records that would touch in a row are stacked, never overprinted; an assessment known only
    to the month is drawn as a bar across that month, not as a day. With more than ``most``
    assessments, the ``most`` with the most later records are drawn (ties: the earlier id) and
    a note above the chart says how many of how many; the table lists them all. ``label``:
    later records the chapter names ({id: words}), labelled where first drawn.
    """
    a, o, note = _most_outcomes(data, most)
    ids = a["assessment_id"].tolist()
    a_start = mdates.date2num(a["date"])
    month = (a["date_precision"] != "day").to_numpy()
    a_end = mdates.date2num(a["date"] + pd.offsets.MonthBegin(1))
    seen = mdates.date2num(o["record_date"])
    x0 = float(min(a_start.min(initial=np.inf), seen.min(initial=np.inf)))
    x1 = float(max(a_end.max(initial=-np.inf), seen.max(initial=-np.inf)))
    if not np.isfinite([x0, x1]).all():
        x0, x1 = 0.0, 30.0
    pad = max((x1 - x0) * 0.03, 1.0)
    dates, extent, bottom, y = _rows(a, o, (x0 - pad, x1 + pad))
    with report_style():
        fig = Figure(figsize=(CHART_WIDTH_IN, 2.6 + OUTCOME_ROW_IN * max(sum(extent.values()), 6)))
        ax = fig.subplots()
        for i, aid in enumerate(ids):
            last = float(dates[(o["assessment_id"] == aid).to_numpy()].max(initial=a_start[i]))
            _draw_assessment(ax, a_start[i], a_end[i], last, bottom[aid] + 1.0, bool(month[i]))
        handles = _assessment_handles(month) + _draw_bearings(ax, o, dates, y, OUTCOME_ROW_IN)
        themes = data.labels("assessments", "theme")
        bands = {
            f"{themes[str(t)]} ({aid})": (bottom[aid], extent[aid])
            for aid, t in zip(ids, a["theme"], strict=True)
        }
        lane_frame(ax, bands, (x0 - pad, x1 + pad))
        fit_legend(fig, handles)
        note_above(ax, note)
        finding(fig, outcomes_finding(data))
        rec = o["record_id"].astype(str).to_numpy()
        points = [
            Point(float(dates[i]), float(y[i]), text)
            for rid, text in record_labels(data, label).items()
            for i in np.flatnonzero(rec == rid)[:1]
        ]
        place_labels(fig, ax, points)
    return fig
