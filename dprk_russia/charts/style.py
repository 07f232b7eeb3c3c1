"""One style for every chart: the palette, the matplotlib style file, and writing a figure
once laid out (SVG for the web, PDF for print, byte-reproducible)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator

STYLE = Path(__file__).with_name("report.mplstyle")


#: How wide every chart is drawn, and the narrowest it is shown: the text column of a 390 px
#: phone (342 px, measured in the browser). Text is never drawn smaller than ``TEXT_PT``, which
#: at that width is ``MIN_TEXT_PX`` or more (``tests/test_site.py`` measures it in a browser).
CHART_WIDTH_IN = 5.0
PHONE_CHART_PX = 342
MIN_TEXT_PX = 9.0
TEXT_PT = 10.0
TITLE_PT = 11.5

# --- The book's colours. Each colour has one meaning, everywhere. ------------------------------
#
# Hue always says *which country*: a country has one colour in every chart and on the map, and
# no chart uses a country's colour for anything else. What kind of thing a mark is (a kind of
# event, a hedge, a stance, a bearing) is told by its shape, never by a hue. Everything else is
# neutral: ink, notes, rules and paper, each with its own rendering in dark mode.

#: Countries (Okabe & Ito's colour-blind-safe palette), and every other country or body.
COUNTRY_COLOUR = {
    "North Korea": "#CC79A7",
    "Russia": "#D55E00",
    "South Korea": "#0072B2",
    "Ukraine": "#E69F00",
    "United States": "#009E73",
}
OTHERS = "#7F7F7F"
OTHERS_LABEL = "Others"

#: Neutrals: text and marks without a country (ink), notes, rules and grids, the paper.
INK = "#222222"
NOTE = "#555555"
RULE = "#dddddd"
PAPER = "#ffffff"

#: The neutrals in dark mode (the page behind a chart is #121212 in the theme's dark mode, as
#: the browser test measures). Country colours keep their hue.
DARK = {INK: "#e6e6e6", NOTE: "#b4b4b4", RULE: "#3a3a3a", PAPER: "#121212"}

#: Kinds of events: a shape each (with the hue of the country that reported or did it).
KIND_MARKER = {
    "Treaty and ratification": "D",
    "Diplomacy and statements": "o",
    "Intelligence and confirmations": "^",
    "Deployment, combat and losses": "s",
    "Commemoration": "P",
    "Analysis": "v",
}

#: Countries by shape too, where a chart's rows do not already say which country a mark is
#: (so that no country is told by colour alone).
COUNTRY_MARKER = {
    "North Korea": "D",
    "Russia": "s",
    "South Korea": "o",
    "Ukraine": "^",
    "United States": "v",
    OTHERS_LABEL: "X",
}

#: Every colour a chart may draw with, by meaning (see ``tests/test_palette.py``).
MEANINGS: dict[str, dict[str, str]] = {
    "country": {**COUNTRY_COLOUR, OTHERS_LABEL: OTHERS},
    "neutral": {"ink": INK, "note": NOTE, "rule": RULE, "paper": PAPER},
}


def country_colour(country: object) -> str:
    """The colour of a country (or body): its own, or the one grey of every other."""
    return COUNTRY_COLOUR.get(str(country), OTHERS)


def country_group(country: object) -> str:
    """The country as the charts' legends name it: one of ``COUNTRY_COLOUR``, else Others."""
    return str(country) if str(country) in COUNTRY_COLOUR else OTHERS_LABEL


def finding(fig: Figure, text: str) -> None:
    """The chart's title, which states its finding (computed by the caller from the data)."""
    if not text:
        return
    wrapped = textwrap.fill(text, int(CHART_WIDTH_IN * 72 / (0.64 * TITLE_PT)))
    fig.suptitle(wrapped, x=0.01, ha="left", fontsize=TITLE_PT, fontweight="bold", color=INK)


def note_above(ax: mpl.axes.Axes, text: str | None) -> None:
    """A note above a panel (what was left out, where markers overlap), in the notes' grey,
    wrapped to fit a panel that leaves room for lane labels at its left."""
    if text:
        wrapped = textwrap.fill(text, int((CHART_WIDTH_IN - 1.6) * 72 / (0.58 * TEXT_PT)))
        ax.set_title(wrapped, loc="left", fontsize=TEXT_PT, fontweight="normal", color=NOTE)


def fit_legend(fig: Figure, handles: list[Artist], columns: int = 2) -> None:
    """The legend below the chart, in as many columns (up to ``columns``) as fit its width."""
    for ncol in range(min(columns, len(handles)), 0, -1):
        legend = fig.legend(handles=handles, loc="outside lower center", ncol=ncol)
        if ncol == 1:
            return
        fig.draw_without_rendering()
        if legend.get_window_extent().width <= fig.bbox.width - 4:
            return
        legend.remove()


def note_of(ax: mpl.axes.Axes) -> str:
    """The note above a panel (see :func:`note_above`), as one line."""
    return " ".join(ax.get_title(loc="left").split())


def dark_css() -> str:
    """The CSS a chart's SVG carries so that, shown in a dark page, its neutrals turn dark.

    A browser shows an SVG image in the colour scheme of the page around it (the theme sets
    ``color-scheme`` with its light/dark switch), so one file serves both modes. Country
    colours keep their hue; only ink, notes, rules and paper change.
    """
    rules = "".join(
        f'[style*="{prop}: {light.lower()}"]{{{prop}:{dark}!important}}'
        for light, dark in DARK.items()
        for prop in ("fill", "stroke")
    )
    return f"@media (prefers-color-scheme: dark){{{rules}}}"


@contextmanager
def report_style() -> Iterator[None]:
    """Apply the report's style (and fixed SVG/PNG metadata) while a chart is drawn."""
    with mpl.rc_context(fname=str(STYLE)):
        yield


def _no_default_layout() -> AbstractContextManager[None]:
    """rc settings under which a figure given no layout engine keeps none."""
    return mpl.rc_context({"figure.constrained_layout.use": False, "figure.autolayout": False})


def render_figure(fig: Figure, fmt: str) -> str | bytes | None:
    """One chart written in one format, under the report's style (fixed metadata included).

    The whole canvas is written: constrained layout already fits it, and a 'tight' crop
    would draw every chart once more just to measure it.
    """
    from IPython.core.pylabtools import print_figure

    # With the style's constrained layout off while writing: matplotlib restores a figure's
    # layout engine after a write, and would restore a frozen figure's "none" as constrained.
    with report_style(), _no_default_layout():
        out = print_figure(fig, fmt, bbox_inches=None)
    if fmt == "svg" and isinstance(out, str):
        style = '<style type="text/css">'
        out = out.replace(style, style + dark_css(), 1)
    return out  # type: ignore[no-any-return]


#: Past this many markers in one panel a reader sees a texture, not points, and writing each as
#: a vector shape makes files of megabytes (the claims chart at 100x the data: 0.9 MB of SVG),
#: so such a panel's markers are written as one image; text and axes stay vector.
DENSE_MARKS = 500


def freeze(fig: Figure) -> Figure:
    """Settle the figure's ticks and layout once, so that writing it is one plain draw.

    The book writes every chart twice (SVG for the web, PDF for print), and constrained layout
    measures every axis several times; left alone, each measurement would run the date-tick
    locators and formatters again. Our charts' tick positions depend only on the data limits
    (date locators, a fixed number of bins, or explicit ticks), never on the axes' size, so
    they are computed once here, before the layout, and then the layout is fixed too.
    A locator that does depend on the size (matplotlib's default) is left to the layout.
    A panel with more than ``DENSE_MARKS`` markers has them rasterised.
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if getattr(axis.get_major_locator(), "_nbins", None) == "auto":
                continue
            ticks = list(axis.get_majorticklocs())
            formatter = axis.get_major_formatter()
            labels = formatter.format_ticks(ticks)
            fixed = FixedFormatter(labels)
            fixed.set_offset_string(formatter.get_offset())
            axis.set_major_locator(FixedLocator(ticks))
            axis.set_major_formatter(fixed)
        marks = len(ax.patches) + sum(int(np.shape(c.get_offsets())[0]) for c in ax.collections)
        if marks > DENSE_MARKS:
            for artist in [*ax.collections, *ax.patches]:
                artist.set_rasterized(True)
    fig.draw_without_rendering()
    # No layout engine at all (not even matplotlib's placeholder, whose presence makes every
    # write draw the figure twice); the rc context stops the style's default from coming back.
    with _no_default_layout():
        fig.set_layout_engine(None)
    return fig


def thousands(value: float, _pos: int | None = None) -> str:
    """Tick labels as the prose writes numbers: 12,000."""
    return f"{value:,.0f}"


def date_axis(ax: mpl.axes.Axes, most: int = 6) -> None:
    """Dates as ticks: at most ``most`` of them, each written no longer than it must be."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=most)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
