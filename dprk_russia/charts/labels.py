"""Direct labels: the points a chapter's prose names, labelled on the chart itself.

Which points are labelled is the chapter's choice (it passes record ids, or ids with the words
to write); the chart only places the labels: each beside its point, where it covers no other
label and as few markers as possible, with a thin leader when it has to stand off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from ..core.loading import Dataset
from .style import INK, PAPER, TEXT_PT

#: What a chapter passes: record ids (the chart words the labels) or ids with their words.
Labels = Sequence[str] | Mapping[str, str]

#: Where a label may stand, in points from its point: near first, then further off.
_DIRECTIONS = [(1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1.3), (0, -1.3), (1.4, 0), (-1.4, 0)]
_DISTANCES = [9, 16, 26, 38, 52]


@dataclass
class Point:
    """A labelled point: where it is (data coordinates) and what its label says."""

    x: float
    y: float
    text: str


def wanted(labels: Labels | None) -> dict[str, str | None]:
    """The ids to label, each with its words (None: the chart words it)."""
    if not labels:
        return {}
    if isinstance(labels, Mapping):
        return {str(k): str(v) for k, v in labels.items()}
    return {str(k): None for k in labels}


def short_name(name: str) -> str:
    """A name as a label writes it: an organisation's abbreviation if it has one."""
    found = re.search(r"\(([A-Z][A-Za-z]{1,7})\)", name)
    return found.group(1) if found else name


def day_month(date: pd.Timestamp, precision: str = "day") -> str:
    """A date as a label writes it: 18 Oct 2024 (Oct 2024 if known only to the month)."""
    return f"{date:%b %Y}" if precision != "day" else f"{date.day} {date:%b %Y}"


def _marker_boxes(ax: mpl.axes.Axes) -> list[Bbox]:
    """The boxes of every marker drawn on the panel, in display coordinates."""
    boxes = []
    for coll in ax.collections:
        offsets = np.asarray(coll.get_offsets())
        if not len(offsets) or not hasattr(coll, "get_sizes") or not len(coll.get_sizes()):
            continue
        xy = coll.get_offset_transform().transform(offsets)
        r = float(np.sqrt(coll.get_sizes()[0])) * ax.figure.dpi / 72 / 2
        boxes += [Bbox.from_extents(x - r, y - r, x + r, y + r) for x, y in xy]
    return boxes


def _try(ax: mpl.axes.Axes, p: Point, dx: float, dy: float) -> Annotation:
    ha = "left" if dx > 0 else "right" if dx < 0 else "center"
    va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
    note = ax.annotate(
        p.text,
        (p.x, p.y),
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=TEXT_PT,
        color=INK,
        bbox={"boxstyle": "round,pad=0.12", "facecolor": PAPER, "edgecolor": "none", "alpha": 0.85},
        arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 0.6, "shrinkA": 0, "shrinkB": 3},
        zorder=6,
        annotation_clip=False,
    )
    note.set_in_layout(False)
    return note


def _text_box(text: Text, renderer: RendererBase) -> Bbox:
    """The box of a label's words alone (an annotation's own box includes its leader)."""
    if isinstance(text, Annotation):
        text.update_positions(renderer)  # where its words stand, before they are drawn
    return Text.get_window_extent(text, renderer).padded(2)


def _cost(box: Bbox, area: Bbox, placed: list[Bbox], markers: list[Bbox]) -> float:
    """How bad a place is: off the panel (never), over other text (only if nothing else is
    free), each marker covered."""
    inside = box.x0 >= area.x0 and box.x1 <= area.x1 and box.y0 >= area.y0 and box.y1 <= area.y1
    if not inside:
        return np.inf
    return 1000.0 * sum(box.overlaps(b) for b in placed) + 50.0 * sum(
        box.overlaps(m) for m in markers
    )


Segment = tuple[tuple[float, float], tuple[float, float]]


def _crosses(a: Segment, b: Segment) -> bool:
    """Whether two segments cross (a leader over another)."""

    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = side(b[0], b[1], a[0]), side(b[0], b[1], a[1])
    d3, d4 = side(a[0], a[1], b[0]), side(a[0], a[1], b[1])
    return d1 * d2 < 0 and d3 * d4 < 0


def _leader(ax: mpl.axes.Axes, p: Point, box: Bbox) -> Segment:
    x, y = ax.transData.transform((p.x, p.y))
    return (float(x), float(y)), (float((box.x0 + box.x1) / 2), float((box.y0 + box.y1) / 2))


def _place_all(
    ax: mpl.axes.Axes, points: Sequence[Point], renderer: RendererBase
) -> tuple[float, list[Annotation]]:
    """Label the points in the order given, each where it costs least; the total cost."""
    area, markers = ax.bbox, _marker_boxes(ax)
    # Text already on the panel (names written on a map, other notes) is kept clear too.
    placed = [_text_box(t, renderer) for t in ax.texts if t.get_text()]
    out, total, leaders = [], 0.0, list[Segment]()
    for p in points:
        best: tuple[float, Annotation | None] = (np.inf, None)
        for dist in _DISTANCES:
            for ux, uy in _DIRECTIONS:
                note = _try(ax, p, ux * dist, uy * dist)
                box = _text_box(note, renderer)
                cost = _cost(box, area, placed, markers) + dist / 100
                cost += 500.0 * sum(_crosses(_leader(ax, p, box), seg) for seg in leaders)
                if cost < best[0]:
                    if best[1] is not None:
                        best[1].remove()
                    best = (cost, note)
                else:
                    note.remove()
            if best[0] < 1:  # covers no marker: no need to look further off
                break
        chosen = best[1] if best[1] is not None else _try(ax, p, 7, 7)  # nowhere free: beside
        placed.append(_text_box(chosen, renderer))
        leaders.append(_leader(ax, p, placed[-1]))
        out.append(chosen)
        total += min(best[0], 1e6)
    return total, out


def place_labels(fig: Figure, ax: mpl.axes.Axes, points: Sequence[Point]) -> list[Annotation]:
    """Label each point on its panel: the nearest place covering no other text and the
    fewest markers (the figure is laid out first, so that text can be measured). Points are
    labelled in the order given and from the top down, and the better of the two is kept."""
    if not points:
        return []
    fig.draw_without_rendering()
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    first = _place_all(ax, points, renderer)
    for note in first[1]:
        note.remove()
    top_down = sorted(points, key=lambda p: -float(ax.transData.transform((p.x, p.y))[1]))
    second = _place_all(ax, top_down, renderer)
    if second[0] <= first[0]:
        return second[1]
    for note in second[1]:
        note.remove()
    return _place_all(ax, points, renderer)[1]


def event_labels(data: Dataset, labels: Labels | None) -> dict[str, str]:
    """Words for the events to label: the chapter's, else who (first actor) and when."""
    actors = data.actors.set_index("actor_id")["name"]
    events = data.events.set_index("event_id")
    out = {}
    for rid, text in wanted(labels).items():
        if text is None and rid in events.index:
            row = events.loc[rid]
            who = short_name(str(actors.get(str(row["actor_ids"]).split("; ")[0], "")))
            text = f"{who}, {day_month(pd.Timestamp(str(row['date'])), str(row['date_precision']))}"
        out[rid] = text or rid
    return out


def record_labels(data: Dataset, labels: Labels | None) -> dict[str, str]:
    """Words for events or stated figures to label: the chapter's, else who and when."""
    claims = data.troop_claims.set_index("claim_id")
    actors = data.actors.set_index("actor_id")["name"]
    out = event_labels(data, labels)
    for rid, text in wanted(labels).items():
        if text is None and rid in claims.index:
            row = claims.loc[rid]
            who = short_name(str(actors.get(str(row["claimant_id"]), "")))
            when = day_month(pd.Timestamp(str(row["date_stated"])), str(row["date_precision"]))
            out[rid] = f"{who}, {when}"
    return out
