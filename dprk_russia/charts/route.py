"""The map of the deployment's route and the fighting, drawn from the map's data files.

Country outlines are Natural Earth's (``data/geo/countries.geojson``), places and their part in
the route come from ``data/geo/places.csv``, which names the records behind each place. The
projection is plain longitude and latitude, each panel stretched by the cosine of its middle
latitude so that distances east-west and north-south look alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..core.geo import GeoData, Place, Ring, geo_data
from ..core.loading import Dataset
from .labels import Point, place_labels
from .style import (
    CHART_WIDTH_IN,
    COUNTRY_COLOUR,
    INK,
    OTHERS,
    PAPER,
    TEXT_PT,
    finding,
    report_style,
)

#: A place's part in the route, by shape (ink): hues are for countries only.
ROLE_MARKER = {"departure": "^", "arrival": "s", "stationed": "o", "fighting": "X"}
ROLE_LABEL = {
    "departure": "port of departure (as reported)",
    "arrival": "port of arrival",
    "stationed": "reported stationed, training",
    "fighting": "fighting (Kursk region)",
}
#: What each panel shows: west, east, south, north (degrees).
OVERVIEW = (21.0, 142.0, 37.0, 61.0)
FAR_EAST = (124.3, 137.7, 36.2, 51.6)
#: How strongly a country's colour tints its land (others: the grey of every other country).
TINT = 0.32
EARTH_RADIUS_KM = 6371.0


def distance_km(a: Place, b: Place) -> float:
    """The great-circle distance between two places."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _by_role(geo: GeoData, role: str) -> list[Place]:
    return [p for p in geo.places if p.role == role]


def route_finding(geo: GeoData) -> str:
    """How far the fighting was from where the troops landed (both from the places)."""
    arrival, fighting = _by_role(geo, "arrival"), _by_role(geo, "fighting")
    if not arrival or not fighting:
        return "The route as the records tell it"
    km = round(distance_km(arrival[0], fighting[0]), -2)
    return (
        f"Landed at {arrival[0].name}, stationed across the Far East, fought in the "
        f"{fighting[0].name} region, {km:,.0f} km to the west"
    )


def _panel(ax: mpl.axes.Axes, extent: tuple[float, float, float, float]) -> None:
    """A map panel: its extent, equal distances both ways, no ticks, a thin frame."""
    west, east, south, north = extent
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(True)
        side.set_color(INK)
        side.set_linewidth(0.6)


def _land(ax: mpl.axes.Axes, countries: dict[str, list[Ring]], extent: tuple[float, ...]) -> None:
    """Every country in the panel: tinted in its colour, or the one grey of all others, with
    a line of paper between neighbours. Rings wholly outside the panel are not drawn."""
    west, east, south, north = extent
    for name, rings in countries.items():
        colour = COUNTRY_COLOUR.get(name, OTHERS)
        alpha = TINT if name in COUNTRY_COLOUR else TINT / 2.5
        for ring in rings:
            xy = np.array(ring)
            if (
                xy[:, 0].max() < west
                or xy[:, 0].min() > east
                or xy[:, 1].max() < south
                or xy[:, 1].min() > north
            ):
                continue
            ax.add_patch(
                mpl.patches.Polygon(
                    xy,
                    closed=True,
                    facecolor=mpl.colors.to_rgba(colour, alpha),
                    edgecolor=PAPER,
                    linewidth=0.6,
                    zorder=1,
                )
            )


def _inside(rings: list[Ring], points: np.ndarray) -> np.ndarray:
    found = np.zeros(len(points), dtype=bool)
    for ring in rings:
        found |= mpl.path.Path(np.array(ring)).contains_points(points)
    return found


def _label_point(
    rings: list[Ring],
    extent: tuple[float, float, float, float],
    size: tuple[float, float],
    avoid: np.ndarray,
) -> tuple[float, float] | None:
    """Where to write a country's name in a panel (``size``: the name's width and height in
    degrees): on its land, the whole name inside the panel, as far as can be from its outline
    and from the places marked (``avoid``); None if no such point."""
    west, east, south, north = extent
    squash = math.cos(math.radians((south + north) / 2))
    xs, ys = np.meshgrid(np.linspace(west, east, 48), np.linspace(south, north, 32))
    grid = np.column_stack([xs.ravel(), ys.ravel()])
    half_w, half_h = size[0] / 2, size[1] / 2
    ok = _inside(rings, grid)
    for dx, dy in [(-half_w, 0), (half_w, 0), (0, -half_h), (0, half_h)]:
        ends = grid + np.array([dx, dy])
        ok &= (ends[:, 0] > west) & (ends[:, 0] < east)
        ok &= (ends[:, 1] > south) & (ends[:, 1] < north)
    if not ok.any():
        return None
    cand = grid[ok]
    edge = np.vstack([*(np.array(r) for r in rings), avoid.reshape(-1, 2)])
    gap = np.min(
        np.hypot(
            (cand[:, None, 0] - edge[None, :, 0]) * squash, cand[:, None, 1] - edge[None, :, 1]
        ),
        axis=1,
    )
    best = int(np.argmax(gap))
    return float(cand[best, 0]), float(cand[best, 1])


def _name_countries(
    ax: mpl.axes.Axes, geo: GeoData, extent: tuple[float, float, float, float], width_in: float
) -> None:
    """Write each coloured country's name on its land, where it fits in this panel (so that
    no country is told by colour alone), clear of the places marked."""
    per_degree = width_in * 72 / (extent[1] - extent[0])  # points per degree of longitude
    squash = math.cos(math.radians((extent[2] + extent[3]) / 2))
    avoid = np.array([[p.lon, p.lat] for p in geo.places])
    for name in COUNTRY_COLOUR:
        size = (len(name) * 0.6 * TEXT_PT / per_degree, 1.4 * TEXT_PT / per_degree / squash)
        spot = _label_point(geo.countries.get(name, []), extent, size, avoid)
        if spot is not None:
            ax.text(*spot, name, ha="center", va="center", fontsize=TEXT_PT, color=INK, zorder=3)


def _places(ax: mpl.axes.Axes, places: Sequence[Place]) -> None:
    for role, marker in ROLE_MARKER.items():
        shown = [p for p in places if p.role == role]
        if shown:
            ax.scatter(
                [p.lon for p in shown],
                [p.lat for p in shown],
                marker=marker,
                s=42,
                color=INK,
                edgecolor=PAPER,
                linewidth=0.7,
                zorder=5,
            )


def _leg(ax: mpl.axes.Axes, a: Place, b: Place, dashed: bool = True) -> None:
    """A schematic leg of the route (a straight arrow, not a track)."""
    ax.annotate(
        "",
        (b.lon, b.lat),
        xytext=(a.lon, a.lat),
        arrowprops={
            "arrowstyle": "-|>",
            "color": INK,
            "linewidth": 1.0,
            "shrinkA": 4,
            "shrinkB": 5,
            "linestyle": (0, (3, 2)) if dashed else "-",
            "mutation_scale": 9,
        },
        zorder=4,
    )


def _legend(ax: mpl.axes.Axes, geo: GeoData) -> None:
    """The key, in a panel of its own: countries by colour, places by shape, the route."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_axis_off()
    shown = [n for n in COUNTRY_COLOUR if n in geo.countries]
    handles: list[mpl.artist.Artist] = [
        mpl.patches.Patch(facecolor=COUNTRY_COLOUR[n], alpha=TINT, label=n) for n in shown
    ]
    handles.append(mpl.patches.Patch(facecolor=OTHERS, alpha=TINT / 2.5, label="other countries"))
    roles = {p.role for p in geo.places}
    handles += [
        Line2D([], [], marker=m, linestyle="", color=INK, label=ROLE_LABEL[r])
        for r, m in ROLE_MARKER.items()
        if r in roles
    ]
    handles.append(Line2D([], [], color=INK, linestyle=(0, (3, 2)), label="route (schematic)"))
    ax.legend(
        handles=handles, loc="center left", fontsize=TEXT_PT, borderaxespad=0, handlelength=1.4
    )


def _overview(fig: Figure, ax: mpl.axes.Axes, geo: GeoData, names: dict[str, str]) -> None:
    _panel(ax, OVERVIEW)
    _land(ax, geo.countries, OVERVIEW)
    _name_countries(ax, geo, OVERVIEW, CHART_WIDTH_IN * 0.95)
    west, east, south, north = FAR_EAST
    box = mpl.patches.Rectangle(
        (west, south),
        east - west,
        north - south,
        facecolor="none",
        edgecolor=INK,
        linewidth=0.8,
        linestyle=":",
        zorder=3,
    )
    ax.add_patch(box)
    far = [p for p in geo.places if p.role == "fighting"]
    _places(ax, far)
    for a in _by_role(geo, "arrival")[:1]:
        for b in far[:1]:
            _leg(ax, a, b)
    points = [Point(p.lon, p.lat, names[p.place_id]) for p in far if p.place_id in names]
    points.append(Point(west, north, "Far East (below)"))
    place_labels(fig, ax, points)


def route_map(data: Dataset, label: Sequence[str] | dict[str, str] = ()) -> Figure:
    """The route and the fighting: an overview from Ukraine to the Pacific, and the Far East
    below it, where the troops were landed and stationed. Places are drawn by their part in
    the route; ``label``: the places the chapter names (ids, or ids with their words).
    """
    geo = geo_data(data.directory)
    names = dict(label) if isinstance(label, dict) else {}
    names.update(
        {p.place_id: p.name for p in geo.places if p.place_id in label and p.place_id not in names}
    )
    with report_style():
        fig = Figure(figsize=(CHART_WIDTH_IN, 6.2))
        grid = fig.add_gridspec(2, 2, height_ratios=[1.15, 2.4], width_ratios=[1.25, 1.0])
        top, inset = fig.add_subplot(grid[0, :]), fig.add_subplot(grid[1, 0])
        key = fig.add_subplot(grid[1, 1])
        _overview(fig, top, geo, names)
        _panel(inset, FAR_EAST)
        _land(inset, geo.countries, FAR_EAST)
        _name_countries(inset, geo, FAR_EAST, CHART_WIDTH_IN * 0.5)
        arrival = _by_role(geo, "arrival")
        for port in _by_role(geo, "departure"):
            for a in arrival[:1]:
                _leg(inset, port, a)
        east = [p for p in geo.places if p.role != "fighting"]
        _places(inset, east)
        _legend(key, geo)
        finding(fig, route_finding(geo))
        points = [Point(p.lon, p.lat, names[p.place_id]) for p in east if p.place_id in names]
        place_labels(fig, inset, points)
    return fig
