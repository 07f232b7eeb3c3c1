"""Charts: one function per chart, each taking the dataset and returning a matplotlib Figure.

All charts share one style (``report.mplstyle``) and one palette. None of them draws a stated
number as a fact: every point of the claims chart is a claim, drawn with its range and hedge,
and different things counted never share a scale.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedFormatter, FixedLocator, FuncFormatter, MaxNLocator

from .concepts import event_countries
from .loading import Dataset
from .tables import (
    CLAIMANT_GROUPS,
    COUNTS_LABEL,
    STANCE_LABEL,
    claims_frame,
    statements_frame,
)

STYLE = Path(__file__).with_name("report.mplstyle")

#: Okabe & Ito's colour-blind-safe palette.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}

CLAIMANT_COLOUR = dict(
    zip(
        CLAIMANT_GROUPS,
        [OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "grey")],
        strict=True,
    )
)
BOUND_MARKER = {"approximate or exact": "o", "lower bound": "^", "upper bound": "v", "range": "D"}

#: Panels of the claims chart: each its own scale, never mixing what is counted.
CLAIM_PANELS: list[tuple[str, list[str]]] = [
    ("In Russia (arrived or present)", ["in_russia"]),
    ("In the Kursk region", ["in_kursk"]),
    ("Planned or expected total", ["planned_total"]),
    ("Additional deployments", ["additional_deployment"]),
    ("Killed", ["killed"]),
    ("Wounded", ["wounded"]),
    ("Killed and wounded together", ["casualties"]),
]
#: What the claims chart leaves to the table, with the reason the caption gives.
NOT_CHARTED = ["possible_future", "captured", "imagery_count"]

EVENT_GROUP = {
    "treaty": "Treaty and ratification",
    "ratification": "Treaty and ratification",
    "statement": "Diplomacy and statements",
    "joint_statement": "Diplomacy and statements",
    "meeting": "Diplomacy and statements",
    "phone_call": "Diplomacy and statements",
    "visit": "Diplomacy and statements",
    "diplomatic_protest": "Diplomacy and statements",
    "denial": "Diplomacy and statements",
    "intelligence_report": "Intelligence and confirmations",
    "confirmation": "Intelligence and confirmations",
    "deployment": "Deployment, combat and losses",
    "combat": "Deployment, combat and losses",
    "casualty_report": "Deployment, combat and losses",
    "capture": "Deployment, combat and losses",
    "commemoration": "Commemoration",
    "analysis": "Analysis",
}
EVENT_COLOUR = {
    "Treaty and ratification": OKABE_ITO["purple"],
    "Diplomacy and statements": OKABE_ITO["blue"],
    "Intelligence and confirmations": OKABE_ITO["orange"],
    "Deployment, combat and losses": OKABE_ITO["vermillion"],
    "Commemoration": OKABE_ITO["black"],
    "Analysis": OKABE_ITO["green"],
}
#: Timeline lanes, top to bottom: the actor's country or body.
LANES = [
    "North Korea",
    "Russia",
    "South Korea",
    "Ukraine",
    "United States",
    "Japan",
    "China",
    "United Kingdom",
    "NATO",
    "Multilateral",
    "International",
]
STANCE_COLOUR = {
    "condemns": OKABE_ITO["vermillion"],
    "demands_withdrawal": OKABE_ITO["vermillion"],
    "warns_of_escalation": OKABE_ITO["orange"],
    "expresses_concern": OKABE_ITO["orange"],
    "calls_for_countermeasures": OKABE_ITO["purple"],
    "pledges_cooperation": OKABE_ITO["purple"],
    "urges_deescalation": OKABE_ITO["green"],
    "cannot_confirm": OKABE_ITO["grey"],
    "confirms": OKABE_ITO["sky"],
    "denies_or_deflects": OKABE_ITO["blue"],
    "justifies": OKABE_ITO["blue"],
}
STANCE_MARKER = {
    "condemns": "o",
    "demands_withdrawal": "s",
    "warns_of_escalation": "^",
    "expresses_concern": "o",
    "calls_for_countermeasures": "D",
    "pledges_cooperation": "P",
    "urges_deescalation": "o",
    "cannot_confirm": "o",
    "confirms": "s",
    "denies_or_deflects": "o",
    "justifies": "s",
}


@contextmanager
def report_style() -> Iterator[None]:
    """Apply the report's style (and fixed SVG/PNG metadata) while a chart is drawn."""
    with mpl.rc_context(fname=str(STYLE)):
        yield


# Writing charts. The book writes each chart twice (SVG for the web, PDF for print); these
# make both writes cheap, identical from build to build, and in the report's style.


def _no_default_layout() -> AbstractContextManager[None]:
    """rc settings under which a figure given no layout engine keeps none."""
    return mpl.rc_context({"figure.constrained_layout.use": False, "figure.autolayout": False})


def render_figure(fig: Figure, fmt: str) -> str | bytes | None:
    """One chart written in one format, under the report's style (fixed metadata included).

    The whole canvas is written: constrained layout already fits it, and a 'tight' crop
    would draw every chart once more just to measure it.
    """
    from IPython.core.pylabtools import print_figure

    # With the style's constrained layout off while writing: matplotlib restores a figure's
    # layout engine after a write, and would restore a frozen figure's "none" as constrained.
    with report_style(), _no_default_layout():
        return print_figure(fig, fmt, bbox_inches=None)  # type: ignore[no-any-return]


#: Past this many markers in one panel a reader sees a texture, not points, and writing each as
#: a vector shape makes files of megabytes (the claims chart at 100x the data: 0.9 MB of SVG),
#: so such a panel's markers are written as one image; text and axes stay vector.
DENSE_MARKS = 500


def freeze(fig: Figure) -> Figure:
    """Settle the figure's ticks and layout once, so that writing it is one plain draw.

    The book writes every chart twice (SVG for the web, PDF for print), and constrained layout
    measures every axis several times; left alone, each measurement would run the date-tick
    locators and formatters again. Our charts' tick positions depend only on the data limits
    (date locators, a fixed number of bins, or explicit ticks), never on the axes' size, so
    they are computed once here, before the layout, and then the layout is fixed too.
    A locator that does depend on the size (matplotlib's default) is left to the layout.
    A panel with more than ``DENSE_MARKS`` markers has them rasterised.
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if getattr(axis.get_major_locator(), "_nbins", None) == "auto":
                continue
            ticks = list(axis.get_majorticklocs())
            formatter = axis.get_major_formatter()
            labels = formatter.format_ticks(ticks)
            fixed = FixedFormatter(labels)
            fixed.set_offset_string(formatter.get_offset())
            axis.set_major_locator(FixedLocator(ticks))
            axis.set_major_formatter(fixed)
        marks = len(ax.patches) + sum(int(np.shape(c.get_offsets())[0]) for c in ax.collections)
        if marks > DENSE_MARKS:
            for artist in [*ax.collections, *ax.patches]:
                artist.set_rasterized(True)
    fig.draw_without_rendering()
    # No layout engine at all (not even matplotlib's placeholder, whose presence makes every
    # write draw the figure twice); the rc context stops the style's default from coming back.
    with _no_default_layout():
        fig.set_layout_engine(None)
    return fig


def thousands(value: float, _pos: int | None = None) -> str:
    """Tick labels as the prose writes numbers: 12,000."""
    return f"{value:,.0f}"


def _date_axis(ax: mpl.axes.Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


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
    ax.set_yticks([bottom + height / 2 for bottom, height in lanes.values()], list(lanes))
    ax.set_ylim(0, max(sum(height for _, height in lanes.values()), 1))
    ax.set_xlim(*xlim)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    for bottom, _ in list(lanes.values())[:-1]:
        ax.axhline(bottom, color="#e4e4e4", linewidth=0.8, zorder=0)
    ax.xaxis_date()
    _date_axis(ax)


def stack_slots(keys: pd.Series) -> np.ndarray:
    """0, 1, 2... for items sharing a key: the position of each in its stack."""
    return keys.groupby(keys, sort=False).cumcount().to_numpy()


def claims_chart(data: Dataset) -> Figure:
    """Every charted stated figure over time, one panel per thing counted, coloured by claimant.

    A claim with a range is drawn as a line from low to high; the marker says whether the
    figure was a floor ('at least'), a ceiling ('up to') or approximate.
    """
    claims = claims_frame(data)
    with report_style():
        fig = Figure(figsize=(7.5, 10))
        grid = fig.subplots(4, 2, sharex=True).ravel()
        axes, key_ax = grid[: len(CLAIM_PANELS)], grid[-1]
        for ax, (title, counts) in zip(axes, CLAIM_PANELS, strict=True):
            sub = claims[claims["counts"].isin(counts)].sort_values(["date_stated", "claim_id"])
            # Claims stated the same day in a panel are spread by a day or two so none hides.
            slot = stack_slots(sub["date_stated"].dt.strftime("%Y-%m-%d"))
            x = sub["date_stated"] + pd.to_timedelta(slot * 2.5, unit="D")
            for group in CLAIMANT_GROUPS:
                g = sub["claimant_group"] == group
                if not g.any():
                    continue
                colour = CLAIMANT_COLOUR[group]
                ranged = g & (sub["figure_low"] != sub["figure_high"])
                ax.vlines(
                    x[ranged],
                    sub["figure_low"][ranged],
                    sub["figure_high"][ranged],
                    color=colour,
                    linewidth=2,
                    alpha=0.8,
                )
                for bound, marker in BOUND_MARKER.items():
                    m = g & (sub["bound"] == bound)
                    if m.any():
                        ax.scatter(
                            x[m],
                            sub["figure_point"][m],
                            marker=marker,
                            s=34,
                            color=colour,
                            edgecolor="white",
                            linewidth=0.6,
                            zorder=3,
                        )
            # The count sits between the title and the panel, where it can never cover a point.
            ax.set_title(title, loc="left", pad=14)
            ax.text(
                0,
                1.02,
                f"{len(sub)} claims",
                transform=ax.transAxes,
                ha="left",
                va="bottom",
                fontsize=8,
                color="#555555",
            )
            ax.set_ylim(bottom=0)
            ax.yaxis.set_major_formatter(FuncFormatter(thousands))
            ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
            _date_axis(ax)
        fig.supylabel("stated figure", fontsize=10)
        for ax in axes[-2:]:  # the lowest panel of each column shows the dates
            ax.xaxis.set_tick_params(labelbottom=True)
        key_ax.set_axis_off()
        colour_handles = [
            Line2D([], [], marker="o", linestyle="", color=CLAIMANT_COLOUR[g], label=g)
            for g in CLAIMANT_GROUPS
        ]
        marker_handles = [
            Line2D([], [], marker=m, linestyle="", color="#444444", label=label)
            for label, m in [
                ("about / exact", "o"),
                ("at least, more than", "^"),
                ("up to, nearly", "v"),
                ("range (low–high)", "D"),
            ]
        ]
        fig.legend(
            handles=colour_handles + marker_handles,
            loc="outside lower center",
            ncol=3,
            title="Claimant (colour) and hedge (marker)",
            title_fontsize=9,
        )
    return fig


def _window(frame: pd.DataFrame, column: str, start: str | None, end: str | None) -> pd.DataFrame:
    if start is not None:
        frame = frame[frame[column] >= pd.Timestamp(start)]
    if end is not None:
        frame = frame[frame[column] <= pd.Timestamp(end)]
    return frame


#: Timeline geometry, in inches: one stacked row of markers, the tallest the chart may grow,
#: and what the lane labels (width) and the date axis with the legend (height) take.
TIMELINE_ROW_IN = 0.1
TIMELINE_MAX_HEIGHT_IN = 10.0
#: The smallest row (and marker) still legible; below it, crowded lanes wrap their stacks.
TIMELINE_MIN_ROW_IN = 0.05
_TIMELINE_LABELS_IN = 1.5
_TIMELINE_FRAME_IN = 1.3


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


def _timeline_events(data: Dataset, start: str | None, end: str | None) -> pd.DataFrame:
    events = data.events.assign(lane=event_countries(data).to_numpy())
    events["stop"] = event_end(events["date"], events["date_precision"])
    if start is not None:
        events = events[events["stop"] > pd.Timestamp(start)]
    if end is not None:
        events = events[events["date"] <= pd.Timestamp(end)]
    events = events[events["lane"].isin(LANES)].sort_values(["date", "event_id"])
    events["group"] = events["event_type"].astype("string").map(EVENT_GROUP)
    return events


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


def overlap_note(fig: Figure, cap: int | None, what: str) -> None:
    """Say, above the chart, that crowded lanes wrap (see :func:`fit_stacks`)."""
    if cap is not None:
        note = f"Where more than {cap} {what} in a row fall together, their markers overlap"
        fig.suptitle(note, x=0.01, ha="left", fontsize=9, color="#555555")


def lane_chart(
    events: pd.DataFrame,
    lane: str,
    lanes: Sequence[str],
    colour: str,
    colours: Mapping[str, str],
    *,
    start: str | None = None,
    end: str | None = None,
    legend_title: str | None = None,
    legend_columns: int = 3,
) -> Figure:
    """Events on one date axis in horizontal lanes: the drawing behind every timeline chart.

    ``events`` needs ``date`` and ``date_precision`` plus the two columns named by ``lane`` (which
    lane, in the order of ``lanes``, top first) and ``colour`` (a key of ``colours``). Events that
    would touch in a lane are stacked rather than overprinted, and each lane is as tall as its
    deepest stack, so the chart stays legible as the record grows (up to a maximum height,
    beyond which markers shrink). An event known only to the month is drawn as a hatched bar
    across that month, never as a dot on a day. ``start`` and ``end`` fix the window shown.
    """
    shown = events[events[lane].isin(list(lanes))].sort_values(["date"], kind="stable")
    lanes = [name for name in lanes if (shown[lane] == name).any()]
    coarse = (shown["date_precision"] != "day").to_numpy()
    dates = mdates.date2num(shown["date"])
    stops = mdates.date2num(event_end(shown["date"], shown["date_precision"]))
    seen = np.where(coarse, stops, dates)
    x0 = mdates.date2num(pd.Timestamp(start)) if start else float(dates.min(initial=np.inf))
    x1 = mdates.date2num(pd.Timestamp(end)) if end else float(seen.max(initial=-np.inf))
    if not np.isfinite([x0, x1]).all():  # no events in this window: show the window itself
        x0, x1 = (x0, x0 + 30.0) if np.isfinite(x0) else (x1 - 30.0, x1)
    pad = max((x1 - x0) * 0.02, 1.0)
    # One marker's width, in days, at this span: the horizontal room an event needs.
    days_per_in = (x1 - x0 + 2 * pad) / (7.5 - _TIMELINE_LABELS_IN)
    width = TIMELINE_ROW_IN * days_per_in
    left = np.where(coarse, dates, dates - width / 2)
    # A bar keeps half a marker's gap before the next item, so two months never read as one.
    right = np.where(coarse, np.maximum(stops, dates + width) + width / 2, dates + width / 2)
    keys = shown[lane].tolist()
    slots = pack_slots(keys, left, right)
    slots, depth, cap = fit_stacks(keys, slots, lanes, _TIMELINE_FRAME_IN)
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
    groups = shown[colour].to_numpy()
    with report_style():
        fig = Figure(figsize=(7.5, _TIMELINE_FRAME_IN + row_in * total))
        ax = fig.subplots()
        size = (0.75 * row_in * 72) ** 2
        handles: list[Artist] = []
        for group, hue in colours.items():
            g = groups == group
            if not g.any():
                continue
            day = g & ~coarse
            if day.any():
                ax.scatter(
                    dates[day],
                    y[day],
                    s=size,
                    color=hue,
                    edgecolor="white",
                    linewidth=0.3,
                    zorder=3,
                )
            for i in np.flatnonzero(g & coarse):
                ax.add_patch(
                    mpl.patches.Rectangle(
                        (dates[i] + 0.5, y[i] - 0.3),
                        stops[i] - dates[i] - 1.0,
                        0.6,
                        facecolor="none",
                        edgecolor=hue,
                        linewidth=1.0,
                        hatch="////",
                        zorder=3,
                    )
                )
            handles.append(Line2D([], [], marker="o", linestyle="", color=hue, label=group))
        if coarse.any():
            handles.append(
                mpl.patches.Patch(
                    facecolor="none",
                    edgecolor="#444444",
                    hatch="////",
                    label=MONTH_ONLY,
                )
            )
        lane_frame(ax, bands, (x0 - pad, x1 + pad))
        if handles:
            fig.legend(
                handles=handles,
                loc="outside lower center",
                ncol=min(len(handles), legend_columns),
                title=legend_title,
                title_fontsize=9,
            )
        overlap_note(fig, cap, "events")
    return fig


def timeline_chart(data: Dataset, start: str | None = None, end: str | None = None) -> Figure:
    """Every event on one date axis, one lane per actor's country, coloured by kind of event.

    Drawn by :func:`lane_chart`: stacked, never overprinted; month-precision events as bars.
    """
    events = _timeline_events(data, start, end)
    return lane_chart(events, "lane", LANES, "group", EVENT_COLOUR, start=start, end=end)


def stances_chart(data: Dataset, start: str | None = None, end: str | None = None) -> Figure:
    """Who took which stance, when: one row per speaker's country, one marker per statement.

    Statements that would touch in a row are stacked rather than overprinted (first-fit, as on
    the timeline), and each row is as tall as its deepest stack: a day on which one government
    said several things stays legible at any span. Each stance has its own pair of colour
    (Okabe & Ito) and marker shape, and the legend lists only the stances drawn.
    """
    s = _window(statements_frame(data), "date", start, end).sort_values(["date", "statement_id"])
    rows = [c for c in LANES if (s["country"] == c).any()]
    s = s[s["country"].isin(rows)]
    stances = [k for k in STANCE_LABEL if (s["stance"] == k).any()]
    dates = mdates.date2num(s["date"])
    x0 = mdates.date2num(pd.Timestamp(start)) if start else float(dates.min(initial=np.inf))
    x1 = mdates.date2num(pd.Timestamp(end)) if end else float(dates.max(initial=-np.inf))
    if not np.isfinite(x0):
        x0 = x1 - 30.0 if np.isfinite(x1) else 0.0
    if not np.isfinite(x1):
        x1 = x0 + 30.0
    pad = max((x1 - x0) * 0.03, 1.0)
    row_in, labels_in, frame_in = 0.12, 1.3, 1.9  # a marker's row; y labels; axis and legend
    width = row_in * (x1 - x0 + 2 * pad) / (7.5 - labels_in)  # a marker's width, in days
    keys = s["country"].tolist()
    slots = pack_slots(keys, dates - width / 2, dates + width / 2)
    slots, depth, cap = fit_stacks(keys, slots, rows, frame_in)
    bands = lane_bands({c: depth[c] + 1 for c in rows})
    total = sum(height for _, height in bands.values())
    row_in = min(row_in, (TIMELINE_MAX_HEIGHT_IN - frame_in) / max(total, 4))
    y = np.array([bands[k][0] + n + 1.0 for k, n in zip(keys, slots, strict=True)])
    with report_style():
        fig = Figure(figsize=(7.5, frame_in + row_in * max(total, 4)))
        ax = fig.subplots()
        for stance in stances:
            m = (s["stance"] == stance).to_numpy()
            ax.scatter(
                dates[m],
                y[m],
                s=(0.85 * row_in * 72) ** 2,
                marker=STANCE_MARKER[stance],
                color=STANCE_COLOUR[stance],
                edgecolor="white",
                linewidth=0.4,
                label=STANCE_LABEL[stance],
                zorder=3,
            )
        lane_frame(ax, bands, (x0 - pad, x1 + pad))
        concise = ax.xaxis.get_major_formatter()
        if isinstance(concise, mdates.ConciseDateFormatter):  # a day tick reads '15 Oct'
            concise.formats[2], concise.offset_formats[2] = "%d %b", "%Y"
        if stances:
            fig.legend(loc="outside lower center", ncol=3, title="Stance (colour and marker)")
        overlap_note(fig, cap, "statements")
    return fig


def not_charted(data: Dataset) -> pd.DataFrame:
    """The claims the claims chart leaves to the table (counts unlike any panel's)."""
    claims = claims_frame(data)
    return claims[claims["counts"].isin(NOT_CHARTED)].assign(
        counts_label=lambda c: c["counts"].map(COUNTS_LABEL)
    )
