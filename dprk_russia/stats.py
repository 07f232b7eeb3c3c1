"""Computed values that the chapters' prose cites through ``glue``.

Keeping them here (not in the chapters) means a test can compare every glued number in the
built HTML with the value computed from the data.
"""

from __future__ import annotations

import pandas as pd

from .loading import Dataset


def format_date(when: pd.Timestamp, precision: str = "day") -> str:
    """A date as the report prints it, at the precision it is known: '21 October 2024' or
    'November 2024'."""
    if precision == "year":
        return f"{when.year}"
    if precision == "month":
        return f"{when:%B %Y}"
    return f"{when.day} {when:%B %Y}"


def record_dates(data: Dataset) -> pd.Series:
    """The date of every record of every kind, in one series."""
    return pd.concat(
        [
            data.events["date"],
            data.troop_claims["date_stated"],
            data.statements["date"],
            data.assessments["date"],
        ],
        ignore_index=True,
    )


def coverage(data: Dataset) -> dict[str, int | str]:
    """Size and period of the evidence base, for the landing page and the method chapter."""
    dates = record_dates(data)
    return {
        "n_events": len(data.events),
        "n_claims": len(data.troop_claims),
        "n_statements": len(data.statements),
        "n_assessments": len(data.assessments),
        "n_sources": len(data.sources),
        "n_citations": len(data.citations),
        "n_actors": len(data.actors),
        "first_date": format_date(dates.min()),
        "latest_date": format_date(dates.max()),
    }
