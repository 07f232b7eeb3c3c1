"""The timeline and the stances chart: events and statements in lanes by country.

Both are drawn by the one lane engine (:func:`.lanes.lane_chart`): a lane per country or body,
each marker in its country's colour, its shape telling the kind of event or the stance.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ..core.loading import Dataset
from ..text import format_date, share
from ..views.chronology import timeline_values
from ..views.concepts import (
    CRITICAL,
    EVENT_GROUP,
    LANES,
    PARTNERS,
    SHIELDING,
    event_countries,
    statements_frame,
)
from .labels import Labels, event_labels, wanted
from .lanes import Lanes, event_end, lane_chart, window
from .style import COUNTRY_COLOUR, KIND_MARKER, OTHERS, OTHERS_LABEL, country_group

#: Stances as the stances chart groups them: the report's critical and shielding stances
#: (``views.concepts``), calls to act, and the two answers to "is it true?". A shape each.
STANCE_FAMILY: dict[str, tuple[str, list[str]]] = {
    "condemns, demands withdrawal, warns or is concerned": ("o", CRITICAL),
    "calls for countermeasures or pledges cooperation": (
        "D",
        ["calls_for_countermeasures", "pledges_cooperation"],
    ),
    "cannot confirm": ("v", ["cannot_confirm"]),
    "confirms": ("^", ["confirms"]),
    "denies, deflects, justifies or urges de-escalation": ("s", SHIELDING),
}

FAMILY_OF = {stance: name for name, (_, stances) in STANCE_FAMILY.items() for stance in stances}

_COUNTRY_HUES = {**COUNTRY_COLOUR, OTHERS_LABEL: OTHERS}


def _timeline_events(data: Dataset, start: str | None, end: str | None) -> pd.DataFrame:
    events = data.events.assign(lane=event_countries(data).to_numpy())
    events["stop"] = event_end(events["date"], events["date_precision"])
    if start is not None:
        events = events[events["stop"] > pd.Timestamp(start)]
    if end is not None:
        events = events[events["date"] <= pd.Timestamp(end)]
    events = events[events["lane"].isin(LANES)].sort_values(["date", "event_id"])
    events["group"] = events["event_type"].astype("string").map(EVENT_GROUP)
    events["hue"] = events["lane"].map(country_group)
    return events


def _timeline_finding(
    data: Dataset, events: pd.DataFrame, start: str | None, end: str | None
) -> str:
    """The whole record: where it clusters. A window: how much of it is talk."""
    if start is None:
        v = timeline_values(data)
        return (
            f"{v['window_count']} of the {v['n_day_events']} events dated to the day "
            f"({v['window_share']}%) fall in the {v['window_weeks']} weeks from "
            f"{v['window_start']} to {v['window_end']}"
        )
    talk = int((events["group"] == "Diplomacy and statements").sum())
    until = f" to {format_date(pd.Timestamp(end))}" if end is not None else " on"
    return (
        f"{share(talk, len(events))}% of the {len(events)} events from "
        f"{format_date(pd.Timestamp(start))}{until} are diplomacy and statements"
    )


def timeline_chart(
    data: Dataset, start: str | None = None, end: str | None = None, label: Labels | None = None
) -> Figure:
    """Every event on one date axis, one lane per actor's country, each marker in its country's
    colour and shaped by the kind of event; ``label``: the events the chapter names.

    Drawn by :func:`lane_chart`: stacked, never overprinted; month-precision events as bars.
    """
    events = _timeline_events(data, start, end)
    spec = Lanes("lane", LANES, "hue", _COUNTRY_HUES, "group", KIND_MARKER, colour_legend=False)
    return lane_chart(
        events,
        spec,
        title=_timeline_finding(data, events, start, end),
        labels=event_labels(data, label),
        start=start,
        end=end,
    )


def _stances_finding(s: pd.DataFrame) -> str:
    """How the statements shown split (the groups of ``views.concepts.stance_split``)."""
    partner = s["country"].isin(PARTNERS)
    critical = s["stance"].isin(CRITICAL) & ~partner
    shielding = int((partner & s["stance"].isin(SHIELDING)).sum())
    countries = s.loc[critical, "country"].nunique()
    return (
        f"{int(critical.sum())} critical statements from {countries} countries and bodies; "
        f"{shielding} of the {int(partner.sum())} by Russia, North Korea and China shield "
        "the deployment"
    )


def stances_chart(
    data: Dataset, start: str | None = None, end: str | None = None, label: Labels | None = None
) -> Figure:
    """Who took which stance, when: one lane per speaker's country, one marker per statement,
    in the country's colour and shaped by its family of stance (:data:`STANCE_FAMILY`).

    Statements that would touch in a lane are stacked rather than overprinted (first-fit, as
    on the timeline), and the legend lists only the families drawn. ``label``: the statements
    the chapter names ({id: words}, or ids: the speaker and the day).
    """
    s = window(statements_frame(data), "date", start, end).sort_values(["date", "statement_id"])
    title = _stances_finding(s)  # every statement, as ``views.concepts.stance_split`` counts
    s = s[s["country"].isin(LANES)].assign(
        event_id=s["statement_id"],
        family=s["stance"].astype("string").map(FAMILY_OF),
        hue=s["country"].map(country_group),
    )
    words = {
        rid: text or f"{row['speaker']}, {row['date'].day} {row['date']:%b %Y}"
        for rid, text in wanted(label).items()
        for _, row in s[s["statement_id"] == rid].head(1).iterrows()
    }
    shapes = {name: marker for name, (marker, _) in STANCE_FAMILY.items()}
    spec = Lanes("country", LANES, "hue", _COUNTRY_HUES, "family", shapes, colour_legend=False)
    fig = lane_chart(s, spec, title=title, labels=words, start=start, end=end, legend_columns=1)
    return fig
