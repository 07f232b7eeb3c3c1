"""The landing page's picture: first reports, combat and confirmations on one date axis."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ..core.loading import Dataset
from ..views.concepts import disclosure, disclosure_ids, event_countries
from .labels import Labels, event_labels
from .lanes import Lanes, lane_chart
from .style import COUNTRY_COLOUR, COUNTRY_MARKER, OTHERS, OTHERS_LABEL, country_group

#: The rows of the picture, top to bottom, and the kinds of event each holds.
DISCLOSURE_ROWS = {
    "Intelligence reports": ["intelligence_report"],
    "Combat reported": ["combat"],
    "Confirmations": ["confirmation"],
}

#: Days shown before the first report and after North Korea's confirmation.
MARGIN_DAYS = 12


def disclosure_finding(data: Dataset) -> str:
    """How long Moscow and Pyongyang took (``views.concepts.disclosure``)."""
    d = disclosure(data)
    return (
        f"Moscow and Pyongyang confirmed the troops {d['russia_confirmation_days']} and "
        f"{d['dprk_confirmation_days']} days after the first intelligence reports"
    )


def _shown(data: Dataset, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The reports, combat and confirmations dated to the day between ``start`` and ``end``."""
    row_of = {kind: row for row, kinds in DISCLOSURE_ROWS.items() for kind in kinds}
    events = data.events.assign(lane=event_countries(data).to_numpy())
    kind = events["event_type"].astype("string")
    events = events[kind.isin(list(row_of)) & (events["date_precision"] == "day")]
    events = events[(events["date"] >= start) & (events["date"] <= end)]
    return events.assign(
        row=events["event_type"].astype("string").map(row_of),
        hue=events["lane"].map(country_group),
    ).sort_values(["date", "event_id"])


def disclosure_chart(data: Dataset, label: Labels | None = None) -> Figure:
    """From the first intelligence reports to North Korea's confirmation: every report, every
    account of combat and every confirmation dated to the day, one row each, in the colour of
    the country that made it. ``label``: the events the page names ({id: words}, or ids).

    The span runs from the first reports to North Korea's first confirmation (found as
    :func:`~dprk_russia.views.concepts.disclosure` finds them), with a margin either side.
    """
    ids = disclosure_ids(data)
    date = data.events.set_index("event_id")["date"]
    first = pd.Timestamp(date[ids["first_reports"][0]])
    dprk = pd.Timestamp(date[ids["dprk_confirmation"][0]])
    start, end = first - pd.Timedelta(days=MARGIN_DAYS), dprk + pd.Timedelta(days=MARGIN_DAYS)
    hues = {**COUNTRY_COLOUR, OTHERS_LABEL: OTHERS}
    spec = Lanes("row", list(DISCLOSURE_ROWS), "hue", hues, "hue", COUNTRY_MARKER)
    return lane_chart(
        _shown(data, start, end),
        spec,
        title=disclosure_finding(data),
        labels=event_labels(data, label),
        start=f"{start:%Y-%m-%d}",
        end=f"{end:%Y-%m-%d}",
    )
