"""The deployment step by step and the timeline's pace: what the chapters on the deployment
and on the timeline compute from the events."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.loading import Dataset
from ..text import and_list, days_between, format_date, share, when
from .concepts import (
    EVENT_GROUP,
    LANES,
    WINDOW_WEEKS,
    densest_window,
    disclosure,
    event_countries,
    first_reports,
)
from .records import row_of
from .table_cells import dated

#: The steps of the deployment as chapter 2 tells them, top to bottom, and the event types that
#: make up each step. Denials and confirmations share a row: they answer the same question.
DEPLOYMENT_STAGES: dict[str, list[str]] = {
    "Treaty and ratification": ["treaty", "ratification"],
    "Intelligence reports": ["intelligence_report"],
    "Reported troop movements": ["deployment"],
    "Combat": ["combat"],
    "Casualty reports": ["casualty_report"],
    "Captures": ["capture"],
    "Denials and confirmations": ["denial", "confirmation"],
    "Commemorations": ["commemoration"],
}


STAGE_OF = {kind: stage for stage, kinds in DEPLOYMENT_STAGES.items() for kind in kinds}


#: Who reported or did each step, coloured as the claims chart colours claimants (North Korea
#: added), so that a reader meets one colour per country across the book.
REPORTER_GROUPS = ["North Korea", "Russia", "South Korea", "Ukraine", "United States", "Others"]


def combat_dating(data: Dataset, latest_id: str) -> dict[str, int | str]:
    """How far apart the sources put the start of combat: from the first reported clash to the
    event ``latest_id`` (the chapter's choice: the latest source to date the start of combat)."""
    combat = data.events[data.events["event_type"] == "combat"].sort_values("date")
    first = combat.iloc[0]
    latest = row_of(data.events, "event_id", latest_id)
    return {
        "combat_first_date": when(first),
        "combat_spread_days": days_between(
            pd.Timestamp(first["date"]), pd.Timestamp(latest["date"])
        ),
    }


def deployment_events(data: Dataset) -> pd.DataFrame:
    """The events of the deployment itself (not the diplomacy around it), with their step
    and the country of whoever reported or did them."""
    events = data.events.assign(lane=event_countries(data).to_numpy())
    kind = events["event_type"].astype("string")
    events = events[kind.isin(list(STAGE_OF))].copy()
    events["stage"] = events["event_type"].astype("string").map(STAGE_OF)
    lane = events["lane"].astype("string")
    events["reporter"] = lane.where(lane.isin(REPORTER_GROUPS), "Others")
    return events.sort_values(["date", "event_id"])


def deployment_values(data: Dataset) -> dict[str, str | int]:
    """The counts chapter 2 glues about the deployment events, and the disclosure gaps (the
    records its prose names are the chapter's own picks, see :mod:`.picks`)."""
    events = deployment_events(data)
    out: dict[str, str | int] = {
        "n_deployment_events": len(events),
        "n_deployment_stages": events["stage"].nunique(),
        "n_events_all": len(data.events),
    }
    out.update(disclosure(data))
    return out


def _after_lanes(after: pd.DataFrame) -> dict[str, str | int]:
    """Who the record hears from after the burst: the lane with most events, and its share."""
    counts = after["lane"].value_counts(sort=False)
    counts = counts.reindex([lane for lane in LANES if lane in counts.index])
    if not len(counts):
        return {"after_top_lane": "", "after_top_lane_count": 0, "after_top_lane_share": "0"}
    top = int(np.argmax(counts.to_numpy()))
    n = int(counts.iloc[top])
    return {
        "after_top_lane": str(counts.index[top]),
        "after_top_lane_count": n,
        "after_top_lane_share": share(n, len(after)),
    }


def timeline_values(data: Dataset, weeks: int = WINDOW_WEEKS) -> dict[str, str | int]:
    """Every value chapter 4 glues: the span of the record, where it is densest, its pace
    before and after, and how long official confirmation lagged the first reports."""
    events = data.events.assign(lane=event_countries(data).to_numpy())
    events["group"] = events["event_type"].astype("string").map(EVENT_GROUP)
    day = events[events["date_precision"] == "day"].sort_values(["date", "event_id"])
    start, end, n_window = densest_window(data, weeks)
    inside = day[(day["date"] >= start) & (day["date"] <= end)]
    after = day[day["date"] > end]
    per_day = day["date"].value_counts(sort=False).sort_index()
    busiest_day = pd.Timestamp(per_day.index[int(np.argmax(per_day.to_numpy()))])
    on_busiest = day[day["date"] == busiest_day]
    per_month = events["date"].dt.to_period("M").value_counts(sort=False).sort_index()
    busiest_month = pd.Period(per_month.index[int(np.argmax(per_month.to_numpy()))], freq="M")
    lanes_used = [lane for lane in LANES if (events["lane"] == lane).any()]
    only_inside = [
        lane
        for lane in lanes_used
        if set(events.loc[events["lane"] == lane, "event_id"]) <= set(inside["event_id"])
    ]
    after_days = days_between(end, pd.Timestamp(day["date"].max()))
    battlefield = ["Deployment, combat and losses", "Commemoration"]
    out: dict[str, str | int] = {
        "n_events": len(events),
        "n_day_events": len(day),
        "n_month_events": len(events) - len(day),
        "n_lanes": len(lanes_used),
        "first_event_date": when(events.sort_values("date").iloc[0]),
        "last_event_date": format_date(pd.Timestamp(day["date"].max())),
        "window_weeks": weeks,
        "window_start": format_date(start),
        "window_end": format_date(end),
        "window_count": n_window,
        "window_share": share(n_window, len(day)),
        "window_per_week": f"{n_window / weeks:.1f}",
        "n_after": len(after),
        "after_months": round(after_days / 30.44),
        "after_per_month": f"{len(after) / (after_days / 30.44):.1f}" if after_days else "0",
        "busiest_day": format_date(busiest_day),
        "busiest_day_count": len(on_busiest),
        "busiest_day_lanes": on_busiest["lane"].nunique(),
        "busiest_month": f"{busiest_month.to_timestamp():%B %Y}",
        "busiest_month_count": int(per_month.max()),
        "n_only_window_lanes": len(only_inside),
        "only_window_lanes": and_list(only_inside),
        "window_diplomacy_share": share(
            int((inside["group"] == "Diplomacy and statements").sum()), len(inside)
        ),
        "after_battlefield_share": share(int(after["group"].isin(battlefield).sum()), len(after)),
    }
    out.update(_after_lanes(after))
    gaps = disclosure(data)
    first_report = first_reports(data)["date"].iloc[0]
    out["busiest_day_after_report_days"] = days_between(pd.Timestamp(first_report), busiest_day)
    out.update(gaps)
    return out


#: The monthly table's columns: the timeline's kinds of event merged into four, so the table
#: fits the page and reads as the prose does (talk, intelligence, the battlefield, analysis).
MONTH_COLUMNS: dict[str, list[str]] = {
    "Diplomacy and treaty": ["Treaty and ratification", "Diplomacy and statements"],
    "Intelligence and confirmations": ["Intelligence and confirmations"],
    "Battlefield and remembrance": ["Deployment, combat and losses", "Commemoration"],
    "Analysis": ["Analysis"],
}


def events_by_month(data: Dataset) -> pd.DataFrame:
    """Events per calendar month, by kind, every month of the record shown (an empty month
    is part of the pace). Months are where month-precision events can be counted too."""
    events = data.events.assign(
        group=data.events["event_type"].astype("string").map(EVENT_GROUP),
        month=data.events["date"].dt.to_period("M"),
    )
    months = pd.period_range(events["month"].min(), events["month"].max(), freq="M")
    counts = pd.crosstab(events["month"], events["group"]).reindex(months, fill_value=0)
    table = pd.DataFrame({"Month": [dated(m.to_timestamp(), "month") for m in months]})
    table["Events"] = counts.sum(axis=1).to_numpy()
    for column, groups in MONTH_COLUMNS.items():
        present = [g for g in groups if g in counts.columns]
        table[column] = counts[present].sum(axis=1).to_numpy() if present else 0
    return table
