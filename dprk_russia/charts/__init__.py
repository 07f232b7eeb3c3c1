"""Charts: one function per chart, each taking the dataset and returning a matplotlib Figure.

All charts share one style (:mod:`.style`: ``report.mplstyle``, one colour per meaning across
the book, a title that states the finding, sizes legible on a phone, a dark-mode rendering) and
the timeline-like ones one lane engine (:mod:`.lanes`). A chapter names the points its prose
speaks of (``label=``) and the chart writes them beside their points (:mod:`.labels`). None of
them draws a stated number as a fact: every point of the claims chart is a claim, drawn with
its range and hedge, and different things counted never share a scale.
"""

from .claims import claims_chart, not_charted
from .deployment import deployment_chart
from .disclosure import disclosure_chart
from .outcomes import outcomes_chart
from .route import route_map
from .style import freeze
from .timeline import stances_chart, timeline_chart

__all__ = [
    "claims_chart",
    "deployment_chart",
    "disclosure_chart",
    "freeze",
    "not_charted",
    "outcomes_chart",
    "route_map",
    "stances_chart",
    "timeline_chart",
]
