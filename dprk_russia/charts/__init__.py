"""Charts: one function per chart, each taking the dataset and returning a matplotlib Figure.

All charts share one style (:mod:`.style`: ``report.mplstyle`` and one palette) and the
timeline-like ones one lane engine (:mod:`.lanes`). None of them draws a stated number as a
fact: every point of the claims chart is a claim, drawn with its range and hedge, and different
things counted never share a scale.
"""

from .claims import claims_chart, not_charted
from .deployment import deployment_chart
from .outcomes import outcomes_chart
from .style import freeze
from .timeline import stances_chart, timeline_chart

__all__ = [
    "claims_chart",
    "deployment_chart",
    "freeze",
    "not_charted",
    "outcomes_chart",
    "stances_chart",
    "timeline_chart",
]
