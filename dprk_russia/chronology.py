"""Chronology: what the chapters on the deployment and on the timeline compute.

The two chapters tell the story in order of dates, so nearly every sentence rests on an event's
date, a stated figure or a gap between two dates. Computing all of them here (never in the
chapters, never typed into the prose) lets a test compare each glued value with the data, and
lets a new row in ``data/`` move every date and count that depends on it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .charts import EVENT_GROUP, LANES, OKABE_ITO, lane_chart
from .concepts import (
    WINDOW_WEEKS,
    days_between,
    densest_window,
    disclosure,
    event_countries,
    first_reports,
    names,
    when,
)
from .loading import Dataset
from .stats import claim_values, format_date
from .tables import claims_frame, events_table

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
REPORTER_COLOUR = {
    "North Korea": OKABE_ITO["purple"],
    "Russia": OKABE_ITO["vermillion"],
    "South Korea": OKABE_ITO["blue"],
    "Ukraine": OKABE_ITO["orange"],
    "United States": OKABE_ITO["green"],
    "Others": OKABE_ITO["grey"],
}

#: The events chapter 2 cites, by the glue prefix of their date (``{prefix}_date``) and actors
#: (``{prefix}_who``). Ids, not dates, are fixed here: the dates come from the data.
KEY_EVENTS: dict[str, str] = {
    "treaty": "E01",
    "peskov_denial": "E02",
    "zelensky_first": "E04",
    "budanov_first": "E05",
    "nis_first": "E06",
    "rutte_cannot": "E08",
    "austin_cannot": "E10",
    "budanov_kursk": "E22",
    "nis_second": "E24",
    "austin_evidence": "E25",
    "kirby": "E26",
    "hur_kursk": "E27",
    "nyt_kursk": "E28",
    "putin_article": "E29",
    "duma": "E30",
    "dprk_un": "E78",
    "dprk_first_comment": "E31",
    "nebenzia": "E79",
    "rutte_confirms": "E35",
    "singh_october": "E36",
    "blinken": "E38",
    "umerov_clash": "E40",
    "zelensky_casualties": "E41",
    "putin_law": "E42",
    "kim_decree": "E43",
    "patel": "E44",
    "nis_kursk": "E45",
    "singh_november": "E47",
    "in_force": "E49",
    "singh_december": "E50",
    "ryder": "E51",
    "nis_losses": "E53",
    "first_capture": "E56",
    "kirby_losses": "E57",
    "second_capture": "E59",
    "nis_more": "E62",
    "jcs_more": "E63",
    "gerasimov": "E64",
    "pyongyang_confirms": "E65",
    "kremlin_thanks": "E66",
    "nis_two_waves": "E67",
    "shoigu": "E68",
    "coffins": "E69",
    "heroes": "E70",
    "nis_third": "E71",
    "museum": "E72",
    "beijing": "E83",
    "red_star": "E91",
    "army_day": "E101",
    "parade_2026": "E104",
    "museum_march": "E107",
    "nis_builders": "E73",
}

#: The stated figures chapter 2 cites, glued as ``c_{prefix}_stated`` (and ``_date``...).
KEY_CLAIMS: dict[str, str] = {
    "zelensky_first": "C01",
    "nis_first": "C03",
    "nis_planned": "C04",
    "budanov_training": "C05",
    "budanov_kursk": "C06",
    "nis_second_batch": "C08",
    "nis_cumulative": "C09",
    "nis_by_december": "C10",
    "kirby_minimum": "C11",
    "singh_total": "C14",
    "blinken_russia": "C18",
    "blinken_kursk": "C19",
    "singh_kursk": "C24",
    "nis_killed_first": "C31",
    "nis_wounded_first": "C32",
    "jcs_casualties": "C33",
    "zelensky_casualties": "C34",
    "kirby_week": "C35",
    "first_captured": "C36",
    "second_captured": "C38",
    "jcs_first_wave": "C49",
    "jcs_first_wave_losses": "C50",
    "jcs_more": "C51",
    "nis_two_waves": "C52",
    "nis_casualties_april": "C53",
    "nis_killed_april": "C54",
    "sappers": "C56",
    "builders": "C57",
    "nis_killed_september": "C60",
    "third_planned": "C61",
    "third_arrived": "C62",
    "construction": "C64",
    "near_border": "C65",
    "dprk_350": "C69",
    "dprk_nine": "C70",
    "zelensky_2026": "C72",
}

#: The quotes chapter 2 prints, glued verbatim from the citations (``{prefix}``), with the
#: publisher that carried them (``{prefix}_source``): a quote can never drift from its record.
KEY_QUOTES: dict[str, str] = {
    "q_article4": "cit0001",
    "q_fake_news": "cit0004",
    "q_our_business": "cit0061",
    "q_dprk_un": "cit0465",
    "q_dprk_law": "cit0494",
    "q_nebenzia": "cit0467",
    "q_austin": "cit0401",
    "q_rutte": "cit0417",
    "q_ryder": "cit0102",
    "q_gerasimov": "cit0126",
    "q_heroes": "cit0329",
    "q_months_ago": "cit0137",
}


def _event(data: Dataset, event_id: str) -> pd.Series:
    return data.events.loc[data.events["event_id"] == event_id].iloc[0]


def event_values(data: Dataset, events: dict[str, str]) -> dict[str, str]:
    """For each prefix, the date of its event at its precision and who acted, as the prose
    writes them, so that the chapter never types a date or a name from the record."""
    out: dict[str, str] = {}
    for prefix, event_id in events.items():
        row = _event(data, event_id)
        out[f"{prefix}_date"] = when(row)
        out[f"{prefix}_who"] = names(data, str(row["actor_ids"]))
    return out


def quote_values(data: Dataset, quotes: dict[str, str]) -> dict[str, str]:
    """Each quote verbatim from its citation, and the publisher that carried it."""
    cites = data.citations.set_index("citation_id")
    publisher = data.sources.set_index("source_id")["publisher"]
    out: dict[str, str] = {}
    for prefix, citation_id in quotes.items():
        out[prefix] = str(cites.loc[citation_id, "quote"])
        out[f"{prefix}_source"] = str(publisher[str(cites.loc[citation_id, "source_id"])])
    return out


def claims_values(data: Dataset, claims: dict[str, str]) -> dict[str, str]:
    """Each stated figure with its hedge, date and claimant, under ``c_{prefix}_...``."""
    frame = claims_frame(data)
    out: dict[str, str] = {}
    for prefix, claim_id in claims.items():
        out.update(claim_values(frame, claim_id, f"c_{prefix}"))
    return out


def combat_dating(data: Dataset) -> dict[str, int | str]:
    """How far apart the sources put the start of combat: from the first reported clash to
    the Pentagon's assessment that North Korean soldiers had fought (the latest to say so)."""
    combat = data.events[data.events["event_type"] == "combat"].sort_values("date")
    first = combat.iloc[0]
    pentagon = _event(data, KEY_EVENTS["ryder"])
    return {
        "combat_first_date": when(first),
        "combat_spread_days": days_between(
            pd.Timestamp(first["date"]), pd.Timestamp(pentagon["date"])
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
    """Every value chapter 2 glues: key events, stated figures, quotes and computed gaps."""
    events = deployment_events(data)
    out: dict[str, str | int] = {
        "n_deployment_events": len(events),
        "n_deployment_stages": events["stage"].nunique(),
        "n_events_all": len(data.events),
    }
    out.update(event_values(data, KEY_EVENTS))
    out.update(claims_values(data, KEY_CLAIMS))
    out.update(quote_values(data, KEY_QUOTES))
    out.update(disclosure(data))
    out.update(combat_dating(data))
    return out


def deployment_table(data: Dataset) -> pd.DataFrame:
    """The events of the deployment as the book lists them, with the step each belongs to."""
    events = deployment_events(data)
    table = events_table(data)
    table = table[table["Id"].isin(events["event_id"])].reset_index(drop=True)
    stage = events.set_index("event_id")["stage"]
    table.insert(2, "Step", table["Id"].map(stage).astype("string"))
    return table.drop(columns=["Precision", "Type"])


def deployment_chart(data: Dataset) -> Figure:
    """The deployment step by step: one row per step, one marker per event, coloured by the
    country of whoever reported or did it.

    It shows what the prose argues: that treaty, intelligence, movements, combat and losses
    were reported for months before the two governments confirmed anything. Drawn by the
    same :func:`~dprk_russia.charts.lane_chart` as the timeline: stacked, never overprinted.
    """
    return lane_chart(
        deployment_events(data),
        "stage",
        list(DEPLOYMENT_STAGES),
        "reporter",
        {group: REPORTER_COLOUR[group] for group in REPORTER_GROUPS},
        legend_title="Reported or done by (country)",
        legend_columns=6,
    )


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}" if whole else "0"


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
        "window_share": _share(n_window, len(day)),
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
        "only_window_lanes": _join(only_inside),
        "window_diplomacy_share": _share(
            int((inside["group"] == "Diplomacy and statements").sum()), len(inside)
        ),
        "after_battlefield_share": _share(int(after["group"].isin(battlefield).sum()), len(after)),
    }
    # Who the record hears from after the burst: the lane with most events, and its share.
    after_lanes = after["lane"].value_counts(sort=False)
    after_lanes = after_lanes.reindex([lane for lane in LANES if lane in after_lanes.index])
    top = int(np.argmax(after_lanes.to_numpy())) if len(after_lanes) else 0
    out["after_top_lane"] = str(after_lanes.index[top]) if len(after_lanes) else ""
    out["after_top_lane_count"] = int(after_lanes.iloc[top]) if len(after_lanes) else 0
    out["after_top_lane_share"] = _share(int(out["after_top_lane_count"]), len(after))
    gaps = disclosure(data)
    first_report = first_reports(data)["date"].iloc[0]
    out["busiest_day_after_report_days"] = days_between(pd.Timestamp(first_report), busiest_day)
    out.update(gaps)
    return out


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def window_bounds(data: Dataset, weeks: int = WINDOW_WEEKS) -> tuple[str, str]:
    """The densest window as ISO dates, for ``timeline_chart(data, start, end)``."""
    start, end, _count = densest_window(data, weeks)
    return f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"


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
    table = pd.DataFrame({"Month": [f"{m.to_timestamp():%B %Y}" for m in months]})
    table["Events"] = counts.sum(axis=1).to_numpy()
    for column, groups in MONTH_COLUMNS.items():
        present = [g for g in groups if g in counts.columns]
        table[column] = counts[present].sum(axis=1).to_numpy() if present else 0
    return table
