"""Tables as each output writes them: HTML (escaped cells, links, sort keys, cards on a phone,
DataTables loaded when the reader comes to a table), CSV for the download link, and LaTeX long
tables whose columns are sized from the width of their text."""

from __future__ import annotations

import base64
import csv
import io
import numbers
import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from .escaping import (
    csv_cell,
    html_breakable,
    html_link,
    html_text,
    latex_link,
    latex_text,
    word_pieces,
)
from .table_layout import FREE, Column, layout

if TYPE_CHECKING:
    pass

#: A fixed timestamp for figure metadata (matplotlib reads it for SVG and PDF dates).


#: Where the book serves DataTables from (see ``assets.py``), relative to a chapter page.
DATATABLES = "../_static/itables/dt_bundle"

#: A table with at most this many rows is shown whole: no pager, no search box.
SMALL_TABLE = 10

#: The DataTables set-up of one table. DataTables is 0.6 MB: it loads only when the reader comes
#: to the table (scrolls it near the screen, points at it, touches or focuses it), or at once
#: when the page's address names one of its rows, so that no page waits for it before it is
#: shown. A long table gets a pager and a search box; a small one is only sortable. Cells with
#: a ``data-order`` sort by it (an ISO date, a number). A link to a row
#: (``page.html#claims-C66``) opens the page of the table that holds that row.
_ENHANCE = """<script type="module">
const wrap = document.getElementById("{id}");
const table = wrap && wrap.querySelector("table");
const small = {small};
let started = false;
function rowOf(dt) {{
  const hash = location.hash.slice(1);
  if (small || !/^[A-Za-z0-9_-]+$/.test(hash) || document.getElementById(hash) !== null) return;
  const row = dt.row("#" + hash);
  if (!row.any()) return;
  const at = dt.rows({{order: "current", search: "applied"}}).indexes().indexOf(row.index());
  dt.page(Math.floor(at / dt.page.len())).draw(false);
  row.node().scrollIntoView();
}}
async function enhance() {{
  if (started || !table) return;
  started = true;
  if (!document.querySelector('link[href="{dt}.css"]')) {{
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "{dt}.css";
    document.head.append(link);
  }}
  const {{default: DataTable}} = await import("{dt}.js");
  const dt = new DataTable(table, {{order: [], autoWidth: false, paging: !small,
    searching: !small, info: !small, pageLength: {page}, lengthMenu: [10, 25, 50, 100, 500]}});
  rowOf(dt);
}}
function watch() {{
  if (!("IntersectionObserver" in window)) return enhance();
  const seen = new IntersectionObserver((entries) => {{
    if (entries.some((e) => e.isIntersecting)) {{ seen.disconnect(); enhance(); }}
  }}, {{rootMargin: "300px 0px"}});
  seen.observe(wrap);
}}
if (table && !small && location.hash.length > 1) enhance();  // a link to a row of this table
if (table) {{
  for (const kind of ["focusin", "pointerenter", "touchstart"]) {{
    wrap.addEventListener(kind, enhance, {{once: true, passive: true}});
  }}
  window.addEventListener("scroll", watch, {{once: true, passive: true}});
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
#: the cell padding, and how much wider a bold header is than body text.
_LINE_PT, _PAD_PT, _BOLD = 450.0, 6.0, 1.12
#: Generous widths of one character at \footnotesize (8 pt FreeSerif), by kind: measured
#: lower-case words run at 3.0-3.5 pt a character, capitals and digits wider, CJK full width.
_WIDE, _CAPITAL, _DIGIT, _OTHER, _CJK = 6.2, 5.9, 4.1, 3.8, 8.2


def _char_pt(ch: str) -> float:
    if ord(ch) >= 0x2E80:
        return _CJK
    if ch in "mwMW@%&":
        return _WIDE
    if ch.isupper():
        return _CAPITAL
    return _DIGIT if ch.isdigit() else _OTHER


def _longest_piece(text: str) -> float:
    """The width (pt) of the longest run of a text that a line cannot break (see
    ``word_pieces``)."""
    return max(
        (sum(_char_pt(c) for c in p) for word in text.split() for p in word_pieces(word)),
        default=0.0,
    )


def column_shares(frame: pd.DataFrame) -> list[float]:
    """Each column's share of the line: by the length of its content, but never narrower than
    its longest unbreakable word (which would otherwise stick out of the column)."""
    weights, floors = [], []
    for col in frame.columns:
        texts = [str(v) for v in frame[col]]
        cells = [len(t) for t in texts] + [len(str(col))]
        weights.append(max(4.0, min(60.0, sum(cells) / len(cells))) ** 0.8)
        widest = max(
            max((_longest_piece(t) for t in texts), default=0.0),
            _longest_piece(str(col)) * _BOLD,
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
