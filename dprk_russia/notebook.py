"""What every chapter runs first: one call that sets up charts, tables and glue the same way.

Charts are emitted as SVG (sharp in the HTML) and PDF (vector in the LaTeX/PDF build), with
fixed metadata so that two builds of the same commit give byte-identical figures.
"""

from __future__ import annotations

import base64
import csv
import functools
import io
import numbers
import os
import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from .core.loading import Dataset, load
from .publish.escaping import (
    csv_cell,
    html_breakable,
    html_link,
    html_text,
    latex_link,
    latex_text,
    word_pieces,
)
from .publish.table_layout import FREE, Column, layout

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: A fixed timestamp for figure metadata (matplotlib reads it for SVG and PDF dates).
SOURCE_DATE_EPOCH = "1729468800"  # 2024-10-21, the date of the source article's events

#: What each displayed chart is written as: SVG for the web book, PDF for the printed one.
FIGURE_FORMATS = {"image/svg+xml": "svg", "application/pdf": "pdf"}


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
    """Glue each computed value under its name, for ``{glue:text}`` roles in the prose."""
    from myst_nb import glue

    for name, value in values.items():
        glue(name, value, display=False)


def glue_figure(name: str, fig: Figure) -> None:
    """Glue a chart for a ``{glue:figure}``: laid out once, then written as SVG and PDF."""
    from myst_nb import glue

    from .charts.style import freeze

    glue(name, freeze(fig), display=False)


#: Where the book serves DataTables from (see ``assets.py``), relative to a chapter page.
DATATABLES = "../_static/itables/dt_bundle"

#: A table with at most this many rows is shown whole: no pager, no search box.
SMALL_TABLE = 10

#: The DataTables set-up of one table. A long table gets a pager and a search box; a small one
#: is only sortable. Cells with a ``data-order`` sort by it (an ISO date, a number). A link to
#: a row (``page.html#claims-C66``) opens the page of the table that holds that row.
_ENHANCE = """<link rel="stylesheet" href="{dt}.css">
<script type="module">
import DataTable from "{dt}.js";
const table = document.querySelector("#{id} table");
if (table) {{
  const small = {small};
  const dt = new DataTable(table, {{order: [], autoWidth: false, paging: !small,
    searching: !small, info: !small, pageLength: {page}, lengthMenu: [10, 25, 50, 100, 500]}});
  const hash = location.hash.slice(1);
  if (!small && /^[A-Za-z0-9_-]+$/.test(hash) && document.getElementById(hash) === null) {{
    const row = dt.row("#" + hash);
    if (row.any()) {{
      const at = dt.rows({{order: "current", search: "applied"}}).indexes().indexOf(row.index());
      dt.page(Math.floor(at / dt.page.len())).draw(false);
      row.node().scrollIntoView();
    }}
  }}
}}
</script>"""


def _pieces(value: object) -> list[tuple[str, str | None]]:
    """A cell as (text, address or None) pieces: a :class:`~dprk_russia.views.table_cells.Cell`
    gives its links; any other value is one piece of text."""
    pieces = getattr(value, "pieces", None)
    return pieces() if callable(pieces) else [(value, None)]  # type: ignore[list-item]


_DAY_MONTH = re.compile(r"^(\d{1,2}) (?=[A-Z][a-z]+ \d{4})")


def _cell_html(value: object, free: bool = False) -> str:
    """A cell's content: its text escaped, the parts that link written as links; long words
    given break points unless the column breaks them anywhere (``free``: long text and
    addresses). A date breaks only before its year ('17 October / 2024')."""
    text_html = html_text if free else html_breakable
    out = "".join(
        text_html(text) if address is None else html_link(text, address, breakable=not free)
        for text, address in _pieces(value)
    )
    if getattr(value, "order", None) is not None:
        out = _DAY_MONTH.sub("\\1\u00a0", out)
    return out


def _header_html(label: str, column: Column) -> str:
    """A column header: its kind (for the layout), its floor, upright in a matrix of counts."""
    classes = " ".join(c for c in (column.kind, "col-upright" if column.upright else "") if c)
    attrs = f' class="{classes}"' if classes else ""
    if column.floor:
        attrs += f' style="min-width: {column.floor:.1f}em"'
    label_html = f'<span class="th-label">{html_text(label)}</span>'
    return f'<th scope="col" role="columnheader"{attrs}>{label_html}</th>'


def _cell_attributes(value: object, label: str, cls: str, tooltip: str = "") -> str:
    """A cell's attributes: its column (for the phone's card layout), the value it sorts by,
    its tooltip (the cell's own note, else ``tooltip``)."""
    attrs = f' data-label="{html_text(label)}"' + (f' class="{cls}"' if cls else "")
    order = getattr(value, "order", None)
    if isinstance(order, float) and order.is_integer():
        order = int(order)
    if order is not None:
        attrs += f' data-order="{html_text(order)}"'
    note = getattr(value, "note", None) or tooltip
    if note:
        attrs += f' title="{html_text(note)}"'
    return attrs


def _row_html(
    row: tuple[Any, ...], labels: list[str], classes: list[str], slug: str, rid: object
) -> str:
    """One row; a record's row has its id as its anchor (``slug-id``) and its first cell's
    tooltip."""
    tips = [f"Id {rid}" if rid else ""] + [""] * (len(row) - 1)
    cells = "".join(
        f'<td role="cell"{_cell_attributes(v, label, cls, tip)}>{_cell_html(v, cls in FREE)}</td>'
        for v, label, cls, tip in zip(row, labels, classes, tips, strict=True)
    )
    anchor = f' id="{html_text(f"{slug}-{rid}")}"' if rid else ""
    return f'<tr role="row"{anchor}>{cells}</tr>\n'


def table_html(frame: pd.DataFrame, name: str, page_length: int = 10) -> str:
    """An HTML table with every cell escaped by :func:`html_text`: record text is shown, never
    interpreted (written here rather than by pandas, which also rewrites newlines as ``\\n``).

    The table is complete HTML, readable without JavaScript; in the web book a module script
    turns it into a sortable DataTable (with a pager and a search box when it is long) served
    from the book's own static files. Sources are links (:func:`html_link`); dates and figures
    sort by their value; a frame indexed by record ids (named ``Id``) gives each row its id as
    an anchor (``name-id``) and a tooltip instead of a column. On a phone each row is a card.
    Below it, a link downloads the same table as CSV (see :func:`table_csv`).
    """
    labels = [str(c) for c in frame.columns]
    columns = layout(frame)
    classes = [c.kind for c in columns]
    slug = re.sub(r"[^a-z0-9-]", "-", name.lower())
    head = "".join(_header_html(c, col) for c, col in zip(labels, columns, strict=True))
    ids = list(frame.index) if frame.index.name == "Id" else [""] * len(frame)
    rows = "".join(
        _row_html(row, labels, classes, slug, rid)
        for row, rid in zip(frame.itertuples(index=False), ids, strict=True)
    )
    small = len(frame) <= SMALL_TABLE
    body = (
        f'<table border="0" role="table" class="dataframe report-table report-cards'
        f'{" report-table-small" if small else ""}">\n<thead role="rowgroup"><tr role="row">{head}'
        f'</tr></thead>\n<tbody role="rowgroup">\n{rows}</tbody>\n</table>'
    )
    ident = "table-" + slug
    script = _ENHANCE.format(
        dt=DATATABLES, id=ident, page=page_length, small="true" if small else "false"
    )
    label = html_text(name.replace("-", " "))
    wrap = (
        f'<div class="report-table-wrap" id="{ident}" tabindex="0" role="region" '
        f'aria-label="Table: {label}">'
    )
    data = base64.b64encode(table_csv(frame).encode("utf-8")).decode("ascii")
    download = (
        f'<p class="table-download"><a download="{slug}.csv" '
        f'href="data:text/csv;charset=utf-8;base64,{data}">'
        f"Download this table as CSV ({len(frame)} rows)</a></p>"
    )
    return f"{wrap}{body}</div>\n{download}\n{script}"


def table_csv(frame: pd.DataFrame) -> str:
    """The table as a CSV download: every cell quoted, formula prefixes neutralised; records'
    ids as the first column (``Id``). (The sources' addresses are in ``data/sources.csv``: here
    they would add a third to the page's weight, as the download is embedded in the page.)

    Numbers are written as numbers; every other cell goes through :func:`csv_cell`, so a
    record text starting ``=``, ``+``, ``-`` or ``@`` opens in a spreadsheet as text. A byte
    order mark lets spreadsheets read it as UTF-8.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    out = frame.reset_index() if frame.index.name == "Id" else frame
    writer.writerow([csv_cell(c) for c in out.columns])
    for row in out.itertuples(index=False):
        writer.writerow(
            [
                v if isinstance(v, numbers.Real) and not isinstance(v, bool) else csv_cell(v)
                for v in row
            ]
        )
    return "\ufeff" + buf.getvalue()


#: Widths for sizing the PDF's table columns: the text width of an A4 page in Sphinx's layout,
#: a generous width of one character at \footnotesize (bold a little wider), the cell padding.
_LINE_PT, _CHAR_PT, _BOLD_PT, _PAD_PT = 450.0, 4.5, 5.0, 6.0


def _longest_piece(text: str) -> int:
    """The longest run of a text that a line cannot break (see ``word_pieces``)."""
    return max((len(p) for word in text.split() for p in word_pieces(word)), default=0)


def column_shares(frame: pd.DataFrame) -> list[float]:
    """Each column's share of the line: by the length of its content, but never narrower than
    its longest unbreakable word (which would otherwise stick out of the column)."""
    weights, floors = [], []
    for col in frame.columns:
        texts = [str(v) for v in frame[col]]
        cells = [len(t) for t in texts] + [len(str(col))]
        weights.append(max(4.0, min(60.0, sum(cells) / len(cells))) ** 0.8)
        widest = max(
            max((_longest_piece(t) for t in texts), default=0) * _CHAR_PT,
            _longest_piece(str(col)) * _BOLD_PT,
        )
        floors.append((widest + _PAD_PT) / _LINE_PT)
    room = 0.99
    if sum(floors) >= room:  # cannot all fit: share by the floors themselves
        return [room * f / sum(floors) for f in floors]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        left = room - sum(fixed.values())
        total = sum(weights[i] for i in free)
        shares = {i: left * weights[i] / total for i in free}
        short = {i: floors[i] for i, share in shares.items() if share < floors[i]}
        if not short:
            return [fixed.get(i, shares.get(i, 0.0)) for i in range(len(weights))]
        fixed.update(short)


def _cell_latex(value: object) -> str:
    """A cell for the PDF: its text escaped, a source's page a clickable link."""
    return "".join(
        latex_text(text) if address is None else latex_link(text, address)
        for text, address in _pieces(value)
    )


def table_latex(frame: pd.DataFrame) -> str:
    """A LaTeX longtable that fits the page: wrapped columns sized by their content."""
    spec = "".join(
        # \hspace{0pt}: LaTeX may then hyphenate a cell's first word too.
        r">{\raggedright\arraybackslash\hspace{0pt}}p{\dimexpr"
        + f"{share:.3f}"
        + r"\linewidth-2\tabcolsep}"
        for share in column_shares(frame)
    )
    head = " & ".join(r"\textbf{" + latex_text(c) + "}" for c in frame.columns)
    body = "\n".join(
        " & ".join(_cell_latex(v) for v in row) + r" \\ \hline"
        for row in frame.itertuples(index=False)
    )
    return (
        "\\begingroup\\footnotesize\\setlength{\\tabcolsep}{3pt}\n"
        f"\\begin{{longtable}}{{{spec}}}\n\\hline\n{head} \\\\ \\hline\n\\endhead\n"
        f"{body}\n\\end{{longtable}}\n\\endgroup\n"
    )


def latex_block(frame: pd.DataFrame) -> str:
    """The table as a MyST raw-LaTeX block: the PDF build renders Markdown outputs as MyST,
    so this reaches LaTeX untouched (a ``text/latex`` output would be typeset as maths)."""
    return "```{raw} latex\n" + table_latex(frame) + "```\n"


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
