"""One colour per meaning across the whole book, and never colour alone.

The book's colours are defined once (``dprk_russia.charts.style``): a hue per country, the one
grey of every other country, and neutrals (ink, notes, rules, paper) that turn dark in dark
mode. These tests hold every chart to them: each draws only those colours, a country's colour
names that country wherever a legend shows it, and a country told apart by colour is told apart
by shape or by a written name too.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from book_charts import CHARTS
from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from dprk_russia import load
from dprk_russia.charts import (
    freeze,
)
from dprk_russia.charts.style import (
    COUNTRY_COLOUR,
    COUNTRY_MARKER,
    DARK,
    MEANINGS,
    OTHERS,
    OTHERS_LABEL,
    dark_css,
)


def lab(hex_colour: str) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour, to measure how far apart two colours look."""
    rgb = np.array(to_rgba(hex_colour)[:3])
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_no_colour_has_two_meanings() -> None:
    colours = [c.lower() for meaning in MEANINGS.values() for c in meaning.values()]
    assert len(colours) == len(set(colours)), "one colour is given two meanings"
    assert set(DARK) == set(MEANINGS["neutral"].values()), "every neutral has a dark rendering"
    assert not set(DARK) & set(COUNTRY_COLOUR.values()), "country colours keep their hue"


def test_the_countries_colours_are_told_apart_from_each_other_and_the_neutrals() -> None:
    hues = {**COUNTRY_COLOUR, OTHERS_LABEL: OTHERS}
    pairs = [
        (a, b, float(np.linalg.norm(lab(hues[a]) - lab(hues[b])))) for a, b in combinations(hues, 2)
    ]
    close = [(a, b, round(d)) for a, b, d in pairs if d < 20]
    assert close == [], f"colours too alike (CIE76 distance under 20): {close}"
    for name, hue in hues.items():
        for neutral in ("ink", "paper"):
            d = float(np.linalg.norm(lab(hue) - lab(MEANINGS["neutral"][neutral])))
            assert d > 30, f"{name}'s colour is too close to {neutral}"


def test_countries_have_a_shape_each_besides_their_colour() -> None:
    assert set(COUNTRY_MARKER) == {*COUNTRY_COLOUR, OTHERS_LABEL}
    assert len(set(COUNTRY_MARKER.values())) == len(COUNTRY_MARKER)


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    data = load()
    return {name: freeze(chart(data)) for name, chart in CHARTS.items()}


def colours_of(artist: object) -> list[tuple[float, ...]]:
    """Every colour an artist paints with (fully transparent ones left out)."""
    found: list[object] = []
    if isinstance(artist, Text):
        found.append(artist.get_color())
    elif isinstance(artist, Line2D):
        found += [artist.get_color(), artist.get_markerfacecolor(), artist.get_markeredgecolor()]
    elif isinstance(artist, Patch):
        found += [artist.get_facecolor(), artist.get_edgecolor()]
    elif isinstance(artist, Collection):
        found += list(artist.get_facecolors()) + list(artist.get_edgecolors())
    out = []
    for c in found:
        if isinstance(c, str) and c.lower() == "none":
            continue
        rgba = to_rgba(c)  # type: ignore[arg-type]
        if rgba[3] > 0:
            out.append(rgba)
    return out


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_draws_only_the_books_colours(figures: dict[str, Figure], name: str) -> None:
    allowed = {c.lower() for meaning in MEANINGS.values() for c in meaning.values()}
    shown = [a for a in figures[name].findobj() if a.get_visible()]
    drawn = {to_hex(c).lower() for a in shown for c in colours_of(a)}
    assert drawn - allowed == set(), f"{name} draws colours with no meaning: {drawn - allowed}"


def legend_entries(fig: Figure) -> list[tuple[str, str, object]]:
    """(label, colour, marker) of every legend entry of the figure."""
    out = []
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is None:
            continue
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            if isinstance(handle, Line2D):
                colour, marker = handle.get_markerfacecolor(), handle.get_marker()
                if handle.get_marker() in ("None", "none", None, ""):
                    colour = handle.get_color()
            else:
                colour, marker = handle.get_facecolor(), None  # type: ignore[union-attr]
            out.append((text.get_text(), to_hex(colour).lower(), marker))
    return out


@pytest.mark.parametrize("name", list(CHARTS))
def test_a_countrys_colour_means_that_country_in_every_legend(
    figures: dict[str, Figure], name: str
) -> None:
    by_colour = {c.lower(): n for n, c in COUNTRY_COLOUR.items()}
    for label, colour, _ in legend_entries(figures[name]):
        if colour in by_colour:
            assert label == by_colour[colour], f"{name}: {colour} labelled {label!r}"
        if colour == OTHERS.lower():
            assert label.lower() in ("others", "other countries"), f"{name}: grey is {label!r}"


@pytest.mark.parametrize("name", ["claims", "deployment", "disclosure"])
def test_where_rows_do_not_name_the_country_its_shape_does(
    figures: dict[str, Figure], name: str
) -> None:
    countries = {n.lower() for n in [*COUNTRY_COLOUR, OTHERS_LABEL]}
    entries = [
        (label, m) for label, _, m in legend_entries(figures[name]) if label.lower() in countries
    ]
    assert entries, f"{name} has no key to its countries"
    assert all(m is not None for _, m in entries), f"{name}: a country told by colour alone"
    assert len({m for _, m in entries}) == len(entries), f"{name}: two countries share a shape"


def test_the_map_writes_the_name_of_every_country_it_colours(figures: dict[str, Figure]) -> None:
    fig = figures["route map"]
    written = {t.get_text() for ax in fig.axes for t in ax.texts}
    tinted = {
        name
        for ax in fig.axes
        for p in ax.patches
        for name, hue in COUNTRY_COLOUR.items()
        if to_hex(p.get_facecolor()).lower() == hue.lower()
    }
    assert tinted, "the map tints no country"
    assert tinted <= written, f"tinted but not named on the map: {tinted - written}"


def test_the_dark_rendering_covers_every_neutral_in_fill_and_stroke() -> None:
    css = dark_css()
    assert css.startswith("@media (prefers-color-scheme: dark)")
    for light, dark in DARK.items():
        for prop in ("fill", "stroke"):
            assert f'[style*="{prop}: {light.lower()}"]{{{prop}:{dark}!important}}' in css
