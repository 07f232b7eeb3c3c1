"""The deployment chart: one row per step, one marker per event, in the reporter's colour."""

from __future__ import annotations

from matplotlib.figure import Figure

from ..core.loading import Dataset
from ..views.chronology import DEPLOYMENT_STAGES, deployment_events
from ..views.concepts import disclosure
from .labels import Labels, event_labels
from .lanes import Lanes, lane_chart
from .style import COUNTRY_COLOUR, COUNTRY_MARKER, OTHERS, OTHERS_LABEL, country_group


def deployment_finding(data: Dataset) -> str:
    """How long Moscow and Pyongyang took to confirm (``views.concepts.disclosure``)."""
    d = disclosure(data)
    return (
        f"Reported from {d['first_report_date']}; Moscow confirmed "
        f"{d['russia_confirmation_days']} days later, Pyongyang "
        f"{d['dprk_confirmation_days']} days later"
    )


def deployment_chart(data: Dataset, label: Labels | None = None) -> Figure:
    """The deployment step by step: one row per step, one marker per event, in the colour of
    the country of whoever reported or did it and shaped by the kind of event.

    It shows what the prose argues: that treaty, intelligence, movements, combat and losses
    were reported for months before the two governments confirmed anything. Drawn by the
    same :func:`~dprk_russia.charts.lanes.lane_chart` as the timeline: stacked, never
    overprinted. ``label``: the events the chapter names.
    """
    events = deployment_events(data)
    events = events.assign(
        hue=events["reporter"].map(country_group),
    )
    hues = {**COUNTRY_COLOUR, OTHERS_LABEL: OTHERS}
    spec = Lanes("stage", list(DEPLOYMENT_STAGES), "hue", hues, "hue", COUNTRY_MARKER)
    return lane_chart(
        events, spec, title=deployment_finding(data), labels=event_labels(data, label)
    )
