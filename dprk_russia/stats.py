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
    Only claims of medium or high confidence, stated on a known day, are compared: a figure
    whose date is only that of a later report (low confidence) was not stated that day.
    """
    rows = []
    firm = claims["confidence"].astype("string").isin(["medium", "high"])
    firm &= claims["date_precision"].astype("string") == "day"
    for (day, counts), g in claims[firm].groupby(["date_stated", "counts"], observed=True):
        if g["claimant_id"].nunique() < 2:
            continue
        low = g.iloc[int(g["figure_point"].to_numpy().argmin())]
        high = g.iloc[int(g["figure_point"].to_numpy().argmax())]
        if low["claimant_id"] == high["claimant_id"]:
            continue
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


#: Hedges said after the figure: '3,000 or more'.
TRAILING_QUALIFIERS = ("or more",)


def figure_as_stated(low: int, high: int, qualifier: object) -> str:
    """A stated figure with its hedge, as the claimant said it: 'about 1,500', '2,000–3,000',
    '3,000 or more'. The one place the book turns a claim's figures into words."""
    figure = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    if not isinstance(qualifier, str) or qualifier in ("", "between"):
        return figure
    if qualifier in TRAILING_QUALIFIERS:
        return f"{figure} {qualifier}"
    return f"{qualifier} {figure}"


def _claim_values(prefix: str, row: pd.Series) -> dict[str, str]:
    """The glue values that describe one claim: figure as stated, date, claimant."""
    low, high = int(row["figure_low"]), int(row["figure_high"])
    figure = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    stated = figure_as_stated(low, high, row["qualifier"])
    return {
        f"{prefix}_figure": figure,
        f"{prefix}_stated": stated,
        f"{prefix}_date": format_date(row["date_stated"], str(row["date_precision"])),
        f"{prefix}_claimant": str(row["claimant"]),
        f"{prefix}_who": str(row["claimant_who"]),
        f"{prefix}_id": str(row["claim_id"]),
    }


def claim_values(claims: pd.DataFrame, claim_id: str, prefix: str) -> dict[str, str]:
    """Glue values for the claim with this id (``claims`` from ``claims_frame``)."""
    row = claims.loc[claims["claim_id"] == claim_id].iloc[0]
    return _claim_values(prefix, row)


def first_and_latest(
    claims: pd.DataFrame, group: str, counts: list[str], prefix: str
) -> dict[str, str]:
    """Glue values for a claimant group's earliest and latest claim counting one thing."""
    sub = claims[(claims["claimant_group"] == group) & claims["counts"].isin(counts)]
    sub = sub.sort_values(["date_stated", "claim_id"])
    out = _claim_values(f"{prefix}_first", sub.iloc[0])
    out.update(_claim_values(f"{prefix}_latest", sub.iloc[-1]))
    ratio = sub.iloc[-1]["figure_point"] / sub.iloc[0]["figure_point"]
    out[f"{prefix}_ratio"] = f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"
    return out


def widest_disagreement(claims: pd.DataFrame, counts: list[str], prefix: str) -> dict[str, str]:
    """Glue values for the same-day disagreement with the largest high/low ratio."""
    days = same_day_disagreements(claims[claims["counts"].isin(counts)])
    row = days.iloc[int(days["ratio"].to_numpy().argmax())]
    out = claim_values(claims, str(row["low_claim"]), f"{prefix}_low")
    out.update(claim_values(claims, str(row["high_claim"]), f"{prefix}_high"))
    out[f"{prefix}_ratio"] = f"{row['ratio']:.1f}"
    out[f"{prefix}_date"] = format_date(row["date"])
    return out


def latest_range(claims: pd.DataFrame, counts: list[str], prefix: str) -> dict[str, str]:
    """The lowest and highest of each claimant group's latest figure counting this."""
    sub = claims[claims["counts"].isin(counts)].sort_values(["date_stated", "claim_id"])
    latest = sub.groupby("claimant_group", observed=True).tail(1)["figure_point"]
    return {f"{prefix}_low": f"{latest.min():,.0f}", f"{prefix}_high": f"{latest.max():,.0f}"}


def search_values(data: Dataset, search_id: str, prefix: str) -> dict[str, str]:
    """The search behind a 'we found no ...' sentence: its id, date, corpus and terms, so the
    sentence can say what was searched, and when, beside what was not found."""
    q = data.searches.set_index("search_id").loc[search_id]
    return {
        f"{prefix}_id": search_id,
        f"{prefix}_searched": format_date(pd.Timestamp(str(q["searched"]))),
        f"{prefix}_corpus": str(q["corpus"]),
        f"{prefix}_terms": str(q["terms"]),
    }


def check_counts(data: Dataset) -> dict[str, int | str]:
    """How the latest re-check of the quotes came out, for the method chapter."""
    c = data.citations
    status = c["check_status"].astype("string")
    return {
        "n_verbatim": int((status == "verbatim").sum()),
        "n_not_refound": int((status == "not_refound").sum()),
        "last_checked": format_date(pd.Timestamp(c["checked"].max())),
        "n_searches": len(data.searches),
        "n_corrections": len(data.corrections),
    }
