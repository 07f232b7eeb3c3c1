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


def same_day_disagreements(claims: pd.DataFrame) -> pd.DataFrame:
    """Days on which different claimants stated figures counting the same thing.

    ``claims`` is :func:`dprk_russia.tables.claims_frame`'s output. One row per (day, counts)
    with at least two distinct claimants: the lowest and highest point figures and their ratio.
    """
    rows = []
    for (day, counts), g in claims.groupby(["date_stated", "counts"], observed=True):
        if g["claimant_id"].nunique() < 2:
            continue
        low = g.loc[g["figure_point"].idxmin()]
        high = g.loc[g["figure_point"].idxmax()]
        rows.append(
            {
                "date": day,
                "counts": counts,
                "low_claim": low["claim_id"],
                "low_claimant": low["claimant"],
                "low": int(low["figure_point"]),
                "high_claim": high["claim_id"],
                "high_claimant": high["claimant"],
                "high": int(high["figure_point"]),
                "ratio": float(high["figure_point"] / max(low["figure_point"], 1)),
            }
        )
    return pd.DataFrame(rows)


def monthly_range(claims: pd.DataFrame, counts: list[str]) -> pd.DataFrame:
    """Per calendar month: how many claims counted this, from how many claimants, lowest and
    highest point figure. Shows whether stated figures converged or diverged over time."""
    sub = claims[claims["counts"].isin(counts)]
    month = sub["date_stated"].dt.to_period("M")
    out = sub.groupby(month).agg(
        claims=("claim_id", "count"),
        claimants=("claimant_id", "nunique"),
        lowest=("figure_point", "min"),
        highest=("figure_point", "max"),
    )
    out["lowest"] = out["lowest"].astype(int)
    out["highest"] = out["highest"].astype(int)
    return out


ARTICLE_ID = "000_4dc299c40bab5478"


def provenance(data: Dataset) -> dict[str, int]:
    """How the records are sourced, for the method chapter."""
    precision = pd.concat(
        [
            data.table(n)["date_precision"].astype("string")
            for n in ("events", "troop_claims", "statements", "assessments")
        ]
    )
    return {
        "n_article_citations": int((data.citations["source_id"] == ARTICLE_ID).sum()),
        "n_undated_sources": int(data.sources["published"].isna().sum()),
        "n_month_precision": int((precision == "month").sum()),
    }
