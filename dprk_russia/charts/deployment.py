"""The deployment chart: one row per step, one marker per event, coloured by reporter."""

from __future__ import annotations

from matplotlib.figure import Figure

from ..core.loading import Dataset
from ..views.chronology import DEPLOYMENT_STAGES, REPORTER_GROUPS, deployment_events
from .lanes import lane_chart
from .style import OKABE_ITO

REPORTER_COLOUR = {
    "North Korea": OKABE_ITO["purple"],
    "Russia": OKABE_ITO["vermillion"],
    "South Korea": OKABE_ITO["blue"],
    "Ukraine": OKABE_ITO["orange"],
    "United States": OKABE_ITO["green"],
    "Others": OKABE_ITO["grey"],
}


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
