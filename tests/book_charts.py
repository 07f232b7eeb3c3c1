"""Every chart the book draws, as the chapters call it, by name: one list for the chart tests."""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure

from dprk_russia import Dataset
from dprk_russia.charts import (
    claims_chart,
    deployment_chart,
    disclosure_chart,
    outcomes_chart,
    route_map,
    stances_chart,
    timeline_chart,
)
from dprk_russia.views.concepts import window_bounds

CHARTS: dict[str, Callable[[Dataset], Figure]] = {
    "claims": claims_chart,
    "timeline": timeline_chart,
    "timeline, densest weeks": lambda d: timeline_chart(d, *window_bounds(d)),
    "stances": stances_chart,
    "deployment": deployment_chart,
    "outcomes": outcomes_chart,
    "disclosure": disclosure_chart,
    "route map": lambda d: route_map(d, ["wonsan", "vladivostok", "khabarovsk", "kursk"]),
}
