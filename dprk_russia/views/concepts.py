"""One definition of each derived concept that more than one chapter speaks of.

"The first reports", "the first confirmation", "days to confirm", "the disclosure window" and the
groups of stances (critical, shielding) are each computed here and nowhere else. The chapters and
the other modules call these functions, so the landing page and the chapter on the deployment
cannot give two different answers to one question; ``tests/test_book.py`` fails when one glued
name carries two values anywhere in the book.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.loading import Dataset
from ..text import days_between, when
from .records import names

#: Stances that criticise the deployment or its sponsors.
CRITICAL = ["condemns", "demands_withdrawal", "warns_of_escalation", "expresses_concern"]

#: Stances that shield it: deny, deflect, justify, or call on "all parties" to de-escalate.
SHIELDING = ["denies_or_deflects", "justifies", "urges_deescalation"]

#: The governments on whose side the deployment was made, and the one that shielded them.
PARTNERS = ["Russia", "North Korea", "China"]

#: The length of the disclosure window: the run of weeks holding the most dated events.
WINDOW_WEEKS = 8
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


def event_countries(data: Dataset) -> pd.Series:
    """The country (or body) of each event's first-named actor: the lane it is drawn in."""
    country = data.actors.set_index("actor_id")["country"].astype("string")
    first = data.events["actor_ids"].str.split("; ").str[0]
    return first.map(country)


def dated_events(data: Dataset) -> pd.DataFrame:
    """Events known to the day, in date order, with their lane: the events that can be placed
    inside or outside a window that starts mid-month."""
    events = data.events.assign(lane=event_countries(data).to_numpy())
    return events[events["date_precision"] == "day"].sort_values(["date", "event_id"])


def first_reports(data: Dataset) -> pd.DataFrame:
    """The first intelligence reports: every day-precision intelligence report made on the
    earliest date any was made."""
    events = dated_events(data)
    reports = events[events["event_type"] == "intelligence_report"]
    first: pd.DataFrame = reports[reports["date"] == reports["date"].iloc[0]]
    return first


def _confirmations(data: Dataset) -> dict[str, pd.Series]:
    """The first confirmation by anyone, and the first by an actor of Russia and of North
    Korea (events known to the day, found by type and country, never by id)."""
    events = dated_events(data)
    confirmations = events[events["event_type"] == "confirmation"]
    return {
        prefix: subset.iloc[0]
        for prefix, subset in [
            ("first_confirmation", confirmations),
            ("russia_confirmation", confirmations[confirmations["lane"] == "Russia"]),
            ("dprk_confirmation", confirmations[confirmations["lane"] == "North Korea"]),
        ]
    }


def disclosure_ids(data: Dataset) -> dict[str, list[str]]:
    """The events :func:`disclosure` speaks of, by name: the first reports (all of that day),
    the first confirmation, Russia's and North Korea's first confirmations, and the first
    reported combat (each found by type and country, never by id)."""
    out = {"first_reports": first_reports(data)["event_id"].astype(str).tolist()}
    out.update({k: [str(row["event_id"])] for k, row in _confirmations(data).items()})
    events = dated_events(data)
    combat = events[events["event_type"] == "combat"]
    out["first_combat"] = combat["event_id"].astype(str).head(1).tolist()
    return out


def disclosure(data: Dataset) -> dict[str, str | int]:
    """How long official acknowledgement lagged the first intelligence reports.

    Found by event type and country (never by id), so that a newly recorded earlier report or
    confirmation moves every figure that depends on it: the first report, the first
    confirmation by anyone, and the first by an actor of Russia and of North Korea, each with
    its date, who made it and the days, weeks and months since the first reports.
    """
    first_day = first_reports(data)
    first = first_day.iloc[0]
    out: dict[str, str | int] = {
        "first_report_date": when(first),
        "n_first_reports": len(first_day),
        "first_report_who": " and ".join(names(data, str(ids)) for ids in first_day["actor_ids"]),
    }
    for prefix, row in _confirmations(data).items():
        days = days_between(pd.Timestamp(first["date"]), pd.Timestamp(row["date"]))
        out[f"{prefix}_date"] = when(row)
        out[f"{prefix}_who"] = names(data, str(row["actor_ids"]))
        out[f"{prefix}_days"] = days
        out[f"{prefix}_weeks"] = round(days / 7)
        out[f"{prefix}_months"] = round(days / 30.44)
    return out


def densest_window(
    data: Dataset, weeks: int = WINDOW_WEEKS
) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    """The disclosure window: the run of ``weeks`` weeks holding the most events dated to the
    day (the earliest such run if several tie), as first day, last day and number of events.

    Events known only to the month are left out: their day is unknown, so they cannot be
    placed inside or outside a window that starts mid-month.
    """
    days = dated_events(data)["date"].to_numpy()
    length = np.timedelta64(7 * weeks, "D")
    counts = np.searchsorted(days, days + length, side="left") - np.arange(len(days))
    best = int(np.argmax(counts))
    start = pd.Timestamp(days[best])
    return start, start + pd.Timedelta(days=7 * weeks - 1), int(counts[best])


def statements_frame(data: Dataset) -> pd.DataFrame:
    """Statements with the speaker's name and country."""
    actors = data.actors.set_index("actor_id")
    s = data.statements.copy()
    s["speaker"] = s["actor_id"].map(actors["name"]).astype("string")
    s["country"] = s["actor_id"].map(actors["country"]).astype("string")
    return s


def statements_by_country(data: Dataset) -> pd.DataFrame:
    """Statements with the speaker's country, and whether it is one of the partners."""
    s = statements_frame(data)
    return s.assign(partner=s["country"].isin(PARTNERS))


def stance_split(data: Dataset) -> dict[str, int]:
    """How the statements split: critical statements by governments outside the partners
    (and from how many countries or bodies), and the partners' statements, shielding or not."""
    s = statements_by_country(data)
    critical = s["stance"].isin(CRITICAL)
    outside = critical & ~s["partner"]
    return {
        "n_critical": int(outside.sum()),
        "n_critical_countries": int(s.loc[outside, "country"].nunique()),
        "n_partner": int(s["partner"].sum()),
        "n_partner_shielding": int((s["partner"] & s["stance"].isin(SHIELDING)).sum()),
        "n_partner_confirms": int((s["partner"] & (s["stance"] == "confirms")).sum()),
        "n_partner_critical": int((s["partner"] & critical).sum()),
    }


def window_bounds(data: Dataset, weeks: int = WINDOW_WEEKS) -> tuple[str, str]:
    """The densest window as ISO dates, for ``timeline_chart(data, start, end)``."""
    start, end, _count = densest_window(data, weeks)
    return f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"
