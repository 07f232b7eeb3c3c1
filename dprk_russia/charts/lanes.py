"""The one lane engine behind every timeline-like chart: items on a date axis in horizontal
lanes, stacked (never overprinted), each lane as tall as its deepest stack."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .labels import Point, place_labels
from .style import (
    CHART_WIDTH_IN,
    INK,
    PAPER,
    RULE,
    date_axis,
    finding,
    fit_legend,
    note_above,
    report_style,
)


def lane_bands(heights: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """Lanes stacked top to bottom in the order given: each lane's ``(bottom, height)``."""
    top = float(sum(heights.values()))
    bands = {}
    for name, height in heights.items():
        top -= height
        bands[name] = (top, float(height))
    return bands


def lane_frame(
    ax: mpl.axes.Axes,
    lanes: Mapping[str, tuple[float, float]],
    xlim: tuple[float, float],
) -> None:
    """The frame every lane chart shares: one labelled band per lane (``label: (bottom,
    height)``, top first), thin rules between the bands, vertical grid lines only, a date axis.
    """
    names = [textwrap.fill(name, LANE_LABEL_CHARS) for name in lanes]
    ax.set_yticks([bottom + height / 2 for bottom, height in lanes.values()], names)
    ax.set_ylim(0, max(sum(height for _, height in lanes.values()), 1))
    ax.set_xlim(*xlim)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    for bottom, _ in list(lanes.values())[:-1]:
        ax.axhline(bottom, color=RULE, linewidth=0.8, zorder=0)
    ax.xaxis_date()
    date_axis(ax)


def stack_slots(keys: pd.Series) -> np.ndarray:
    """0, 1, 2... for items sharing a key: the position of each in its stack."""
    return keys.groupby(keys, sort=False).cumcount().to_numpy()


def window(frame: pd.DataFrame, column: str, start: str | None, end: str | None) -> pd.DataFrame:
    if start is not None:
        frame = frame[frame[column] >= pd.Timestamp(start)]
    if end is not None:
        frame = frame[frame[column] <= pd.Timestamp(end)]
    return frame


#: Timeline geometry, in inches: one stacked row of markers, the tallest the chart may grow,
#: and what the lane labels (width) and the date axis with the legend (height) take.
TIMELINE_ROW_IN = 0.12


TIMELINE_MAX_HEIGHT_IN = 10.0


#: The smallest row (and marker) still legible; below it, crowded lanes wrap their stacks.
TIMELINE_MIN_ROW_IN = 0.05


_TIMELINE_LABELS_IN = 1.2


_TIMELINE_FRAME_IN = 2.3

#: Lane labels wrap at this many characters (two short lines rather than one long one).
LANE_LABEL_CHARS = 14


def event_end(date: pd.Series, precision: pd.Series) -> pd.Series:
    """The end of the period each date stands for: the next day, month or year.

    An event known only to the month covers the whole month: the timeline keeps it when its
    month overlaps the window shown, and draws it as a bar across the month.
    """
    day = date + pd.Timedelta(days=1)
    month = date + pd.offsets.MonthBegin(1)
    year = date + pd.offsets.YearBegin(1)
    return day.where(precision == "day", month.where(precision == "month", year))


def pack_slots(keys: Sequence[object], start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The row (0, 1, 2...) of each item within its key, so that items which overlap in time
    never share a row, using no more rows than the most items overlapping at once.

    Items are taken in order of start and each goes in the lowest row of its key that is free
    by then (first-fit interval colouring, which is optimal for intervals). Unlike stacking by
    calendar week, neighbours in adjacent weeks cannot overprint and lone events stay level.
    """
    slots = np.zeros(len(start), dtype=int)
    free_at: dict[object, list[float]] = {}
    for i in np.argsort(start, kind="stable"):
        rows = free_at.setdefault(keys[i], [])
        for row, free in enumerate(rows):
            if free <= start[i]:
                rows[row] = float(end[i])
                slots[i] = row
                break
        else:
            slots[i] = len(rows)
            rows.append(float(end[i]))
    return slots


MONTH_ONLY = "known only to the month"


def fit_stacks(
    keys: Sequence[str], slots: np.ndarray, lanes: Sequence[str], frame_in: float
) -> tuple[np.ndarray, dict[str, int], int | None]:
    """Each lane's depth (the rows of its deepest stack), fitted to a chart of readable height.

    When the lanes would need rows smaller than ``TIMELINE_MIN_ROW_IN`` to fit within
    ``TIMELINE_MAX_HEIGHT_IN``, the deepest stacks wrap at a cap, so markers stay legible and
    overlap only where the record is densest. Returns the slots, the depths and the cap used
    (None when everything fits); a chart that wraps says so in a note.
    """
    depth = {
        name: 1 + max((int(s) for k, s in zip(keys, slots, strict=True) if k == name), default=0)
        for name in lanes
    }
    room = int((TIMELINE_MAX_HEIGHT_IN - frame_in) / TIMELINE_MIN_ROW_IN)
    cap = max(room // max(len(lanes), 1) - 2, 2)
    if sum(max(d + 1, 3) for d in depth.values()) <= room or max(depth.values(), default=0) <= cap:
        return slots, depth, None
    return slots % cap, {name: min(d, cap) for name, d in depth.items()}, cap


def overlap_note(ax: mpl.axes.Axes, cap: int | None, what: str) -> None:
    """Say, above the chart, that crowded lanes wrap (see :func:`fit_stacks`)."""
    if cap is not None:
        note_above(ax, f"Where more than {cap} {what} in a row fall together, they overlap")


@dataclass
class _Layout:
    """Where every item of a lane chart goes: x (dates as numbers), y, and the frame."""

    dates: np.ndarray
    stops: np.ndarray
    coarse: np.ndarray
    y: np.ndarray
    bands: dict[str, tuple[float, float]]
    xlim: tuple[float, float]
    height_in: float
    row_in: float
    cap: int | None


def _x_range(
    dates: np.ndarray, seen: np.ndarray, start: str | None, end: str | None
) -> tuple[float, float]:
    """The dates shown: the window asked for, else the items' own span (30 days if none)."""
    x0 = mdates.date2num(pd.Timestamp(start)) if start else float(dates.min(initial=np.inf))
    x1 = mdates.date2num(pd.Timestamp(end)) if end else float(seen.max(initial=-np.inf))
    if not np.isfinite([x0, x1]).all():  # no events in this window: show the window itself
        x0, x1 = (x0, x0 + 30.0) if np.isfinite(x0) else (x1 - 30.0, x1)
    return float(x0), float(x1)


def _layout(
    shown: pd.DataFrame, lane: str, lanes: list[str], start: str | None, end: str | None
) -> _Layout:
    """Stack the items of each lane so that none touches another (see :func:`pack_slots`)."""
    coarse = (shown["date_precision"] != "day").to_numpy()
    dates = mdates.date2num(shown["date"])
    stops = mdates.date2num(event_end(shown["date"], shown["date_precision"]))
    x0, x1 = _x_range(dates, np.where(coarse, stops, dates), start, end)
    pad = max((x1 - x0) * 0.02, 1.0)
    # One marker's width, in days, at this span: the horizontal room an event needs.
    width = TIMELINE_ROW_IN * (x1 - x0 + 2 * pad) / (CHART_WIDTH_IN - _TIMELINE_LABELS_IN)
    left = np.where(coarse, dates, dates - width / 2)
    # A bar keeps half a marker's gap before the next item, so two months never read as one.
    right = np.where(coarse, np.maximum(stops, dates + width) + width / 2, dates + width / 2)
    keys = shown[lane].tolist()
    slots, depth, cap = fit_stacks(keys, pack_slots(keys, left, right), lanes, _TIMELINE_FRAME_IN)
    extent = {name: max(depth[name] + 1, 3) for name in lanes}
    total = sum(extent.values())
    row_in = min(TIMELINE_ROW_IN, (TIMELINE_MAX_HEIGHT_IN - _TIMELINE_FRAME_IN) / max(total, 1))
    bands = lane_bands(extent)
    y = np.array(
        [
            bands[k][0] + (extent[k] - depth[k]) / 2 + s + 0.5
            for k, s in zip(keys, slots, strict=True)
        ]
    )
    height = _TIMELINE_FRAME_IN + row_in * total
    return _Layout(dates, stops, coarse, y, bands, (x0 - pad, x1 + pad), height, row_in, cap)


def _draw_items(
    ax: mpl.axes.Axes, at: _Layout, hues: np.ndarray, marks: np.ndarray
) -> list[tuple[str, str]]:
    """Every item: a marker (its shape and hue) on its day, a hatched bar in its hue across a
    month known only as such. Returns the (hue, marker) pairs drawn."""
    drawn = []
    size = (0.8 * at.row_in * 72) ** 2
    for hue, mark in sorted(set(zip(hues, marks, strict=True))):
        g = (hues == hue) & (marks == mark)
        day = g & ~at.coarse
        if day.any():
            ax.scatter(
                at.dates[day],
                at.y[day],
                s=size,
                marker=mark,
                color=hue,
                edgecolor=PAPER,
                linewidth=0.3,
                zorder=3,
            )
        for i in np.flatnonzero(g & at.coarse):
            width = at.stops[i] - at.dates[i] - 1.0
            ax.add_patch(
                mpl.patches.Rectangle(
                    (at.dates[i] + 0.5, at.y[i] - 0.3),
                    width,
                    0.6,
                    facecolor="none",
                    edgecolor=hue,
                    linewidth=1.0,
                    hatch="////",
                    zorder=3,
                )
            )
        drawn.append((hue, mark))
    return drawn


def legend_handles(
    colours: Mapping[str, str], shapes: Mapping[str, str], drawn: Sequence[tuple[str, str]]
) -> list[Artist]:
    """Legend entries for what was drawn: each hue (a square of it), then each shape (in ink);
    where hue and shape say the same thing (a country), one entry with both."""
    hues, marks = {h for h, _ in drawn}, {m for _, m in drawn}
    if colours and colours.keys() == shapes.keys():
        return [
            Line2D([], [], marker=shapes[n], linestyle="", color=hue, label=n)
            for n, hue in colours.items()
            if (hue, shapes[n]) in set(drawn)
        ]
    out: list[Artist] = [
        mpl.patches.Patch(facecolor=hue, edgecolor="none", label=name)
        for name, hue in colours.items()
        if hue in hues and len(colours) > 1
    ]
    out += [
        Line2D([], [], marker=m, linestyle="", color=INK, label=name)
        for name, m in shapes.items()
        if m in marks and len(shapes) > 1
    ]
    return out


@dataclass
class Lanes:
    """What a lane chart draws: which column gives the lane (and the lanes, top first), the
    hue (a key of ``colours``) and the shape (a key of ``shapes``) of each item."""

    lane: str
    lanes: Sequence[str]
    colour: str
    colours: Mapping[str, str]
    shape: str
    shapes: Mapping[str, str]
    #: Whether the legend lists the hues (not when the lanes already name them).
    colour_legend: bool = True


def lane_chart(
    events: pd.DataFrame,
    spec: Lanes,
    *,
    title: str = "",
    labels: Mapping[str, str] | None = None,
    start: str | None = None,
    end: str | None = None,
    legend_columns: int = 2,
) -> Figure:
    """Events on one date axis in horizontal lanes: the drawing behind every timeline chart.

    ``events`` needs ``event_id``, ``date`` and ``date_precision`` and the columns ``spec``
    names. Events that would touch in a lane are stacked rather than overprinted, and each lane
    is as tall as its deepest stack, so the chart stays legible as the record grows (up to a
    maximum height, beyond which markers shrink). An event known only to the month is drawn
    as a hatched bar across that month, never as a dot on a day. ``start`` and ``end`` fix the
    window shown; ``title`` states the finding; ``labels`` ({event id: words}) are written
    beside their events.
    """
    shown = events[events[spec.lane].isin(list(spec.lanes))].sort_values(["date"], kind="stable")
    names = [name for name in spec.lanes if (shown[spec.lane] == name).any()]
    at = _layout(shown, spec.lane, names, start, end)
    hues = shown[spec.colour].map(spec.colours).to_numpy()
    marks = shown[spec.shape].map(spec.shapes).to_numpy()
    with report_style():
        fig = Figure(figsize=(CHART_WIDTH_IN, at.height_in))
        ax = fig.subplots()
        colours = spec.colours if spec.colour_legend else {}
        handles = legend_handles(colours, spec.shapes, _draw_items(ax, at, hues, marks))
        if at.coarse.any():
            handles.append(
                mpl.patches.Patch(facecolor="none", edgecolor=INK, hatch="////", label=MONTH_ONLY)
            )
        lane_frame(ax, at.bands, at.xlim)
        if handles:
            fit_legend(fig, handles, legend_columns)
        overlap_note(ax, at.cap, "markers")
        finding(fig, title)
        ids = shown["event_id"].astype(str).to_numpy()
        points = [
            Point(float(at.dates[i]), float(at.y[i]), text)
            for rid, text in (labels or {}).items()
            for i in np.flatnonzero(ids == rid)[:1]
        ]
        place_labels(fig, ax, points)
    return fig
