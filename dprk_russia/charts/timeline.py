"""The timeline and the stances chart: events and statements in lanes by country."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..core.loading import Dataset
from ..views.concepts import EVENT_GROUP, LANES, event_countries, statements_frame
from .lanes import (
    TIMELINE_MAX_HEIGHT_IN,
    event_end,
    fit_stacks,
    lane_bands,
    lane_chart,
    lane_frame,
    overlap_note,
    pack_slots,
    window,
)
from .style import OKABE_ITO, report_style

EVENT_COLOUR = {
    "Treaty and ratification": OKABE_ITO["purple"],
    "Diplomacy and statements": OKABE_ITO["blue"],
    "Intelligence and confirmations": OKABE_ITO["orange"],
    "Deployment, combat and losses": OKABE_ITO["vermillion"],
    "Commemoration": OKABE_ITO["black"],
    "Analysis": OKABE_ITO["green"],
}


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
    s = window(statements_frame(data), "date", start, end).sort_values(["date", "statement_id"])
    rows = [c for c in LANES if (s["country"] == c).any()]
    s = s[s["country"].isin(rows)]
    stances = [k for k in data.labels("statements", "stance") if (s["stance"] == k).any()]
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
                label=data.labels("statements", "stance")[stance],
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
