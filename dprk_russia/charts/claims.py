"""The claims chart: every charted stated figure over time, one panel per thing counted."""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..core.loading import Dataset
from ..views.claims import CLAIMANT_GROUPS, claims_frame
from .lanes import stack_slots
from .style import NOTE, OKABE_ITO, date_axis, report_style, thousands

CLAIMANT_COLOUR = dict(
    zip(
        CLAIMANT_GROUPS,
        [OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "grey")],
        strict=True,
    )
)


BOUND_MARKER = {"approximate or exact": "o", "lower bound": "^", "upper bound": "v", "range": "D"}


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


def _claims_panel(ax: mpl.axes.Axes, sub: pd.DataFrame, title: str) -> None:
    """One panel: the claims counting one thing, a line for each range, a marker per hedge."""
    # Claims stated the same day in a panel are spread by a day or two so none hides.
    slot = stack_slots(sub["date_stated"].dt.strftime("%Y-%m-%d"))
    x = sub["date_stated"] + pd.to_timedelta(slot * 2.5, unit="D")
    for group in CLAIMANT_GROUPS:
        g = sub["claimant_group"] == group
        if not g.any():
            continue
        colour = CLAIMANT_COLOUR[group]
        ranged = g & (sub["figure_low"] != sub["figure_high"])
        low, high = sub["figure_low"][ranged], sub["figure_high"][ranged]
        ax.vlines(x[ranged], low, high, color=colour, linewidth=2, alpha=0.8)
        for bound, marker in BOUND_MARKER.items():
            m = g & (sub["bound"] == bound)
            if m.any():
                ax.scatter(
                    x[m],
                    sub["figure_point"][m],
                    marker=marker,
                    s=34,
                    color=colour,
                    edgecolor="white",
                    linewidth=0.6,
                    zorder=3,
                )
    # The count sits between the title and the panel, where it can never cover a point.
    ax.set_title(title, loc="left", pad=14)
    count = f"{len(sub)} claims"
    ax.text(0, 1.02, count, transform=ax.transAxes, ha="left", va="bottom", fontsize=8, color=NOTE)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(FuncFormatter(thousands))
    ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
    date_axis(ax)


def _claims_legend(fig: Figure) -> None:
    """One legend for all panels: claimant by colour, hedge by marker."""
    colour_handles = [
        Line2D([], [], marker="o", linestyle="", color=CLAIMANT_COLOUR[g], label=g)
        for g in CLAIMANT_GROUPS
    ]
    marker_handles = [
        Line2D([], [], marker=m, linestyle="", color="#444444", label=label)
        for label, m in [
            ("about / exact", "o"),
            ("at least, more than", "^"),
            ("up to, nearly", "v"),
            ("range (low–high)", "D"),
        ]
    ]
    fig.legend(
        handles=colour_handles + marker_handles,
        loc="outside lower center",
        ncol=3,
        title="Claimant (colour) and hedge (marker)",
        title_fontsize=9,
    )


def claims_chart(data: Dataset) -> Figure:
    """Every charted stated figure over time, one panel per thing counted, coloured by claimant.

    A claim with a range is drawn as a line from low to high; the marker says whether the
    figure was a floor ('at least'), a ceiling ('up to') or approximate.
    """
    claims = claims_frame(data)
    with report_style():
        fig = Figure(figsize=(7.5, 10))
        grid = fig.subplots(4, 2, sharex=True).ravel()
        axes, key_ax = grid[: len(CLAIM_PANELS)], grid[-1]
        for ax, (title, counts) in zip(axes, CLAIM_PANELS, strict=True):
            sub = claims[claims["counts"].isin(counts)].sort_values(["date_stated", "claim_id"])
            _claims_panel(ax, sub, title)
        fig.supylabel("stated figure", fontsize=10)
        for ax in axes[-2:]:  # the lowest panel of each column shows the dates
            ax.xaxis.set_tick_params(labelbottom=True)
        key_ax.set_axis_off()
        _claims_legend(fig)
    return fig


def not_charted(data: Dataset) -> pd.DataFrame:
    """The claims the claims chart leaves to the table (counts unlike any panel's)."""
    claims = claims_frame(data)
    return claims[claims["counts"].isin(NOT_CHARTED)].assign(
        counts_label=lambda c: c["counts"].map(data.labels("troop_claims", "counts"))
    )
