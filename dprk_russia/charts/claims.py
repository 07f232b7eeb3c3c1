"""The claims chart: every charted stated figure over time, one panel per thing counted."""

from __future__ import annotations

import textwrap
from typing import Literal

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..core.loading import Dataset
from ..views.claims import claims_frame, first_and_latest, widest_disagreement
from .labels import Labels, Point, place_labels, short_name, wanted
from .lanes import stack_slots
from .style import (
    CHART_WIDTH_IN,
    COUNTRY_COLOUR,
    COUNTRY_MARKER,
    INK,
    OTHERS,
    OTHERS_LABEL,
    PAPER,
    country_group,
    date_axis,
    finding,
    fit_legend,
    report_style,
    thousands,
)

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


def _claims_panel(ax: mpl.axes.Axes, sub: pd.DataFrame, title: str) -> np.ndarray:
    """One panel: the claims counting one thing, each a marker in its claimant's country's
    colour and shape, with its hedge: a line from low to high for a range, a tick up for a
    floor ('at least'), a tick down for a ceiling ('up to'). Returns where each was drawn (x)."""
    # Claims stated the same day in a panel are spread by a day or two so none hides.
    slot = stack_slots(sub["date_stated"].dt.strftime("%Y-%m-%d"))
    x = sub["date_stated"] + pd.to_timedelta(slot * 2.5, unit="D")
    group = sub["claimant_country"].map(country_group)
    hue = group.map(HUES)
    ranged = sub["figure_low"] != sub["figure_high"]
    ax.vlines(
        x[ranged],
        sub["figure_low"][ranged],
        sub["figure_high"][ranged],
        colors=hue[ranged].tolist(),
        linewidth=2,
        alpha=0.8,
    )
    for bound, tick in HEDGE_TICK.items():
        m = sub["bound"] == bound
        if m.any():
            ax.scatter(
                x[m],
                sub["figure_point"][m],
                marker=tick,
                s=90,
                c=hue[m].tolist(),
                linewidth=1.6,
                zorder=3,
            )
    for country, marker in COUNTRY_MARKER.items():
        m = group == country
        if m.any():
            ax.scatter(
                x[m],
                sub["figure_point"][m],
                marker=marker,
                s=40,
                color=HUES[country],
                edgecolor=PAPER,
                linewidth=0.6,
                zorder=4,
            )
    ax.set_title(textwrap.fill(f"{title}: {len(sub)} claims", 20), loc="left", fontsize=10)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(FuncFormatter(thousands))
    ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
    date_axis(ax, most=4)
    return np.asarray(mdates.date2num(x))


#: A claim's hedge, as a tick from its marker: up for a floor, down for a ceiling (matplotlib's
#: TICKUP and TICKDOWN markers).
HEDGE_TICK: dict[str, Literal[2, 3]] = {"lower bound": 2, "upper bound": 3}


HUES = {**COUNTRY_COLOUR, OTHERS_LABEL: OTHERS}


def _claims_legend(fig: Figure, claims: pd.DataFrame) -> None:
    """One legend for all panels: the claimant's country by colour and shape, the hedge by a
    tick or a line."""
    present = set(claims["claimant_country"].map(country_group))
    handles: list[Artist] = [
        Line2D([], [], marker=COUNTRY_MARKER[name], linestyle="", color=hue, label=name)
        for name, hue in HUES.items()
        if name in present
    ]
    handles += [
        Line2D(
            [],
            [],
            marker=2,
            markersize=9,
            linestyle="",
            color=INK,
            markeredgewidth=1.6,
            label="at least, more than",
        ),
        Line2D(
            [],
            [],
            marker=3,
            markersize=9,
            linestyle="",
            color=INK,
            markeredgewidth=1.6,
            label="up to, nearly",
        ),
        Line2D([], [], color=INK, linewidth=2, label="range (low–high)"),
    ]
    fit_legend(fig, handles)


def claims_finding(data: Dataset) -> str:
    """South Korea's rising count and the widest same-day gap on losses (``views.claims``)."""
    claims = claims_frame(data)
    kr = first_and_latest(claims, "South Korea", ["in_russia"], "kr")
    loss = widest_disagreement(claims, ["killed", "wounded", "casualties"], "loss")
    return (
        f"South Korea's count rose from {kr['kr_first_figure']} to {kr['kr_latest_figure']}; "
        f"on {loss['loss_date']} claims of losses differed {loss['loss_ratio']}-fold"
    )


def _label_words(claims: pd.DataFrame, label: Labels | None) -> dict[str, str]:
    """Words for the claims to label: the chapter's, else the claimant and the figure."""
    out = {}
    for rid, text in wanted(label).items():
        row = claims[claims["claim_id"] == rid]
        if len(row):
            r = row.iloc[0]
            out[rid] = text or f"{short_name(str(r['claimant']))}: {r['stated']}"
    return out


def claims_chart(data: Dataset, label: Labels | None = None) -> Figure:
    """Every charted stated figure over time, one panel per thing counted, coloured by the
    claimant's country; ``label``: the claims the chapter names.

    A claim with a range is drawn as a line from low to high; the marker says whether the
    figure was a floor ('at least'), a ceiling ('up to') or approximate.
    """
    claims = claims_frame(data)
    words = _label_words(claims, label)
    with report_style():
        fig = Figure(figsize=(CHART_WIDTH_IN, 9.6))
        grid = fig.subplots(4, 2, sharex=True).ravel()
        axes, key_ax = grid[: len(CLAIM_PANELS)], grid[-1]
        drawn = []
        for ax, (title, counts) in zip(axes, CLAIM_PANELS, strict=True):
            sub = claims[claims["counts"].isin(counts)].sort_values(["date_stated", "claim_id"])
            drawn.append((ax, sub, _claims_panel(ax, sub, title)))
        for ax in axes[-2:]:  # the lowest panel of each column shows the dates
            ax.xaxis.set_tick_params(labelbottom=True)
        key_ax.set_axis_off()
        _claims_legend(fig, claims)
        finding(fig, claims_finding(data))
        for ax, sub, xs in drawn:
            ids = sub["claim_id"].astype(str).tolist()
            points = [
                Point(
                    float(xs[ids.index(rid)]), float(sub["figure_point"].iloc[ids.index(rid)]), text
                )
                for rid, text in words.items()
                if rid in ids
            ]
            place_labels(fig, ax, points)
    return fig


def not_charted(data: Dataset) -> pd.DataFrame:
    """The claims the claims chart leaves to the table (counts unlike any panel's)."""
    claims = claims_frame(data)
    return claims[claims["counts"].isin(NOT_CHARTED)].assign(
        counts_label=lambda c: c["counts"].map(data.labels("troop_claims", "counts"))
    )
