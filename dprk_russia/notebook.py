"""What every chapter runs first: one call that sets up charts, tables and glue the same way.

Charts are emitted as SVG (sharp in the HTML) and PDF (vector in the LaTeX/PDF build), with
fixed metadata so that two builds of the same commit give byte-identical figures.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

import pandas as pd

from .core.loading import Dataset, load
from .publish.table_output import latex_block, table_html

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: A fixed timestamp for figure metadata (matplotlib reads it for SVG and PDF dates).
SOURCE_DATE_EPOCH = "1729468800"  # 2024-10-21, the date of the source article's events

#: What each displayed chart is written as: SVG for the web book and JupyterLab, PDF for the
#: printed book, and PNG for a notebook opened untrusted (a chapter downloaded from the web
#: book), where JupyterLab shows no SVG.
FIGURE_FORMATS = {"image/svg+xml": "svg", "application/pdf": "pdf", "image/png": "png"}


def _render(fig: Figure, fmt: str) -> str | bytes | None:
    from .charts.style import render_figure  # on first chart: chapters without one skip matplotlib

    return render_figure(fig, fmt)


def setup() -> Dataset:
    """Configure the chapter's output and return the validated dataset.

    Charts are registered with IPython by the name of matplotlib's Figure class, so a chapter
    without charts never imports matplotlib (0.6 s of every such chapter's build).
    """
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - outside IPython there is nothing to configure
        get_ipython = None
    shell = get_ipython() if get_ipython is not None else None
    if shell is not None:
        formatters = shell.display_formatter.formatters
        for mime, fmt in FIGURE_FORMATS.items():
            formatters[mime].for_type_by_name(
                "matplotlib.figure", "Figure", functools.partial(_render, fmt=fmt)
            )
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 500)
    return load()


def glue_all(values: dict[str, Any]) -> None:
    """Glue each computed value under its name, and bind it as a variable of the chapter.

    The prose cites a value as ``{eval}`name```. Rerun in JupyterLab, ``jupyterlab-myst``
    evaluates the name in the chapter's kernel; the book pastes the value glued under it (see
    ``dprk_russia/publish/notebooks.py``). Both show the same text: ``str(value)``.
    """
    from myst_nb import glue

    for name, value in values.items():
        glue(name, value, display=False)
    _bind(values)


#: The names :func:`glue_all` has bound in this kernel (a chapter rerun binds them again).
_BOUND: set[str] = set()


class Shown(str):
    """A glued text as a chapter variable, displayed as the book shows it.

    ``jupyterlab-myst`` shows a string's plain-text form without its outer quotes; a plain
    ``repr`` would also show the escapes of a text holding both kinds of quote, or a newline.
    """

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text("'" + " ".join(self.split("\n")) + "'")


def _bind(values: dict[str, Any]) -> None:
    """Make each glued value a variable of the chapter's namespace, for ``{eval}``."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - outside IPython there is no namespace to fill
        return
    shell = get_ipython()
    if shell is None:
        return
    namespace = shell.user_ns
    for name, value in values.items():
        if name in namespace and name not in _BOUND:
            raise ValueError(
                f"glue_all: {name!r} is already a variable of this chapter "
                f"({type(namespace[name]).__name__}); gluing a value under that name would "
                "replace it for the rest of the chapter: glue it under another name"
            )
        namespace[name] = Shown(value) if isinstance(value, str) else value
        _BOUND.add(name)


def glue_figure(name: str, fig: Figure) -> None:
    """Show a chart where the chapter's prose needs it, and glue it under ``name``.

    The chart is laid out once, then written as SVG (shown by JupyterLab and the web book)
    and PDF (the printed book). In the book, the cell that calls this is tagged
    ``remove-output`` and the figure directive after it (a ``{figure}`` with no image and
    ``:name:`` *name*) pastes the glued chart with its number and caption.
    """
    from myst_nb import glue

    from .charts.style import freeze

    glue(name, freeze(fig), display=True)


def show_table(frame: pd.DataFrame, name: str, page_length: int = 10) -> None:
    """Display a table: searchable HTML in the web book, a wrapped long table in the PDF."""
    from IPython.display import publish_display_data

    publish_display_data(
        {
            "text/html": table_html(frame, name, page_length),
            "text/markdown": latex_block(frame),
            "text/plain": f"<table {name}: {len(frame)} rows>",
        }
    )


def show_widget(widget: Any, fallback: str) -> None:
    """Display a widget, with a Markdown fallback for outputs that cannot hold widgets (the PDF).

    The web book renders the widget; the LaTeX/PDF build, which has no widget support, picks the
    Markdown instead of the widget's ``repr`` text.
    """
    from IPython.display import publish_display_data

    bundle = dict(widget._repr_mimebundle_())
    bundle["text/markdown"] = fallback
    publish_display_data(bundle)
