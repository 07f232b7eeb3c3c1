"""One style for every chart: the palette, the matplotlib style file, and writing a figure
once laid out (SVG for the web, PDF for print, byte-reproducible)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator

STYLE = Path(__file__).with_name("report.mplstyle")


#: The grey of notes above and inside a chart (counts, what was left out).
NOTE = "#555555"

#: Okabe & Ito's colour-blind-safe palette.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}


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
        return print_figure(fig, fmt, bbox_inches=None)  # type: ignore[no-any-return]


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


def date_axis(ax: mpl.axes.Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
