"""Stated figures as claims: who stated what, when, counting what, and where claimants
disagree. One frame (:func:`claims_frame`) feeds every chart, table and sentence on numbers."""

from __future__ import annotations

import pandas as pd

from ..core.loading import Dataset
from ..text import figure_as_stated, figure_range, format_date
from .records import actor_phrases

#: How a qualifier bounds the figure: a floor, a ceiling, or an approximate/exact value.
BOUND = {
    "at least": "lower bound",
    "more than": "lower bound",
    "over": "lower bound",
    "exceeded": "lower bound",
    "surpassed": "lower bound",
    "or more": "lower bound",
    "up to": "upper bound",
    "as many as": "upper bound",
    "nearly": "upper bound",
    "approaching": "upper bound",
}


#: The claimant groups the charts colour by: the four main claimants, then everyone else.
CLAIMANT_GROUPS = ["South Korea", "Ukraine", "United States", "Russia", "Others"]


def claims_frame(data: Dataset) -> pd.DataFrame:
    """Every claim with its claimant's name and country, claimant group, bound direction, the
    point drawn for it and its figure as stated (with the hedge)."""
    actors = data.actors.set_index("actor_id")
    claims = data.troop_claims.copy()
    claims["claimant"] = claims["claimant_id"].map(actors["name"]).astype("string")
    country = claims["claimant_id"].map(actors["country"]).astype("string")
    claims["claimant_country"] = country
    claims["claimant_who"] = claims["claimant_id"].map(actor_phrases(data)).astype("string")
    group = country.where(country.isin(CLAIMANT_GROUPS[:-1]), "Others")
    claims["claimant_group"] = pd.Categorical(group, categories=CLAIMANT_GROUPS)
    bound = claims["qualifier"].astype("string").map(BOUND)
    bound = bound.where(claims["figure_low"] == claims["figure_high"], "range")
    claims["bound"] = bound.fillna("approximate or exact").astype("string")
    best = claims["figure_best"].astype("Float64")
    mid = (claims["figure_low"] + claims["figure_high"]) / 2
    claims["figure_point"] = best.fillna(mid).astype(float)
    stated = [
        figure_as_stated(int(lo), int(hi), q)
        for lo, hi, q in zip(
            claims["figure_low"], claims["figure_high"], claims["qualifier"], strict=True
        )
    ]
    claims["stated"] = pd.Series(stated, index=claims.index, dtype="string")
    return claims


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


def _claim_values(prefix: str, row: pd.Series) -> dict[str, str]:
    """The glue values that describe one claim: figure as stated, date, claimant."""
    low, high = int(row["figure_low"]), int(row["figure_high"])
    figure = figure_range(low, high)
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
