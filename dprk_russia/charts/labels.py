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
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from ..core.loading import Dataset
from .style import INK, PAPER, TEXT_PT

#: What a chapter passes: record ids (the chart words the labels) or ids with their words.
Labels = Sequence[str] | Mapping[str, str]

#: Where a label may stand, in points from its point: near first, then further off.
_DIRECTIONS = [(1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1.3), (0, -1.3), (1.4, 0), (-1.4, 0)]
_DISTANCES = [7, 14, 24, 36, 50]


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
    far = abs(dx) + abs(dy) > 12
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
        arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 0.6, "shrinkA": 0, "shrinkB": 4}
        if far
        else None,
        zorder=6,
        annotation_clip=False,
    )
    note.set_in_layout(False)
    return note


def _cost(box: Bbox, area: Bbox, placed: list[Bbox], markers: list[Bbox]) -> float:
    """How bad a place is: off the panel or over a label (never), markers covered."""
    inside = box.x0 >= area.x0 and box.x1 <= area.x1 and box.y0 >= area.y0 and box.y1 <= area.y1
    if not inside or any(box.overlaps(b) for b in placed):
        return np.inf
    return float(sum(box.overlaps(m) for m in markers))


def place_labels(fig: Figure, ax: mpl.axes.Axes, points: Sequence[Point]) -> list[Annotation]:
    """Label each point on its panel: the nearest place covering no other label and the
    fewest markers (the figure is laid out first, so that text can be measured)."""
    if not points:
        return []
    fig.draw_without_rendering()
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    area, markers = ax.bbox, _marker_boxes(ax)
    placed: list[Bbox] = []
    out = []
    for p in points:
        best: tuple[float, Annotation | None] = (np.inf, None)
        for dist in _DISTANCES:
            for ux, uy in _DIRECTIONS:
                note = _try(ax, p, ux * dist, uy * dist)
                box = note.get_window_extent(renderer).padded(2)
                cost = _cost(box, area, placed, markers) + dist / 100
                if cost < best[0]:
                    if best[1] is not None:
                        best[1].remove()
                    best = (cost, note)
                else:
                    note.remove()
            if best[0] < 1:  # covers no marker: no need to look further off
                break
        chosen = best[1] if best[1] is not None else _try(ax, p, 7, 7)  # nowhere free: beside
        placed.append(chosen.get_window_extent(renderer).padded(2))
        out.append(chosen)
    return out


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
