"""Cells of the reader-facing tables that carry more than their text: links to sources, the
value a column sorts by, a note for a tooltip.

A :class:`Cell` *is* its text (a ``str``): comparisons, searches, the CSV download and the
column widths of the PDF see the text the reader sees. What it adds is read only by the
outputs that can show it (``publish.table_output.table_html`` and ``table_latex``): the web
book links the text and sorts by ``order``; the PDF links the text. (``core/cells.py`` is
something else: the validation of a data file's cells.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from ..core.loading import Dataset
from ..publish.escaping import link_target
from ..text import format_date

#: A link inside a cell's text: from character ``start`` to ``end``, to ``address``.
Span = tuple[int, int, str]


class Cell(str):
    """A table cell's text, with what an output may add to it.

    - ``links``: the parts of the text that link somewhere, as (start, end, address): a source's
      page, or a row of a table in another chapter (``page.html#anchor``). Only addresses that
      :func:`link_target` admits are kept;
    - ``order``: what the column sorts by in the web book (an ISO date, a number), where the
      text would sort wrongly ('17 October 2024', 'about 1,500');
    - ``note``: a tooltip (a record's id, say).
    """

    links: tuple[Span, ...]
    order: str | float | None
    note: str | None

    def __new__(
        cls,
        text: object,
        *,
        links: Sequence[Span] = (),
        order: str | float | None = None,
        note: str | None = None,
    ) -> Cell:
        cell = super().__new__(cls, "" if text is None else str(text))
        kept = []
        for start, end, address in links:
            target = link_target(address)
            if target is not None and 0 <= start < end <= len(cell):
                kept.append((start, end, target))
        cell.links = tuple(sorted(kept))
        cell.order = order
        cell.note = note
        return cell

    def pieces(self) -> list[tuple[str, str | None]]:
        """The text in order, as (piece, address or None): what an output writes."""
        out: list[tuple[str, str | None]] = []
        at = 0
        for start, end, address in self.links:
            if start < at:  # overlapping links: keep the first
                continue
            if start > at:
                out.append((self[at:start], None))
            out.append((self[start:end], address))
            at = end
        if at < len(self):
            out.append((self[at:], None))
        return out


def _iso(when: Any) -> str:
    if when is None or pd.isna(when):
        return ""
    return f"{pd.Timestamp(when):%Y-%m-%d}"


def dated(when: Any, precision: object = "day", text: str | None = None) -> Cell:
    """A date at its precision ('17 October 2024', 'October 2024') that sorts as a date; an
    empty date reads 'undated' and sorts first."""
    iso = _iso(when)
    if not iso:
        return Cell(text or "undated", order="")
    shown = text if text is not None else format_date(pd.Timestamp(iso), str(precision))
    return Cell(shown, order=iso)


def dates(frame: pd.DataFrame, column: str, precision: str = "date_precision") -> list[Cell]:
    """:func:`dated` for every row of a frame (its date column and that date's precision)."""
    return [dated(d, p) for d, p in zip(frame[column], frame[precision], strict=True)]


def numbered(text: object, value: float) -> Cell:
    """A figure in words ('about 1,500', '2,000–12,000') that sorts by ``value``."""
    return Cell(text, order=float(value))


def _address(address: Any) -> str:
    return address if isinstance(address, str) else ""


def linked(text: object, address: Any, link_chars: int | None = None, note: str = "") -> Cell:
    """Text that links to ``address`` (plain text if there is none); ``link_chars`` limits the
    link to the text's first characters (the publisher of 'Publisher: "quote"')."""
    shown = "" if text is None else str(text)
    end = len(shown) if link_chars is None else link_chars
    return Cell(shown, links=[(0, end, _address(address))], note=note or None)


def pieced(pieces: Iterable[tuple[str, Any]]) -> Cell:
    """Texts one after another in one cell, each linked to its own address (or to none)."""
    text, links = "", []
    for piece, address in pieces:
        links.append((len(text), len(text) + len(piece), _address(address)))
        text += piece
    return Cell(text, links=links)


def joined(parts: Iterable[tuple[str, Any]], sep: str = "; ") -> Cell:
    """Several texts in one cell, each linked to its own address: 'TASS; KBS World'."""
    pieces: list[tuple[str, Any]] = []
    for part in parts:
        pieces += [(sep, None), part] if pieces else [part]
    return pieced(pieces)


def source_cells(data: Dataset, record_ids: Iterable[str]) -> list[Cell]:
    """The main source of each record, by publisher, linked to the page it was taken from."""
    from .records import main_citations  # records imports nothing from here; keep it that way

    cites = main_citations(data)
    return [linked(cites.at[rid, "publisher"], cites.at[rid, "url"]) for rid in record_ids]


#: Where each kind of record has its row in the web book: the chapter page and the name of the
#: table there (as the chapter passes it to ``show_table``). A row is reached as
#: ``page.html#name-id``; the browser tests check that every such link resolves.
ROW_HOMES = {
    "events": ("timeline.html", "events"),
    "troop_claims": ("numbers.html", "claims"),
    "statements": ("responses.html", "statements"),
    "assessments": ("assessments.html", "track-record"),
}


def row_address(data: Dataset, record_id: str) -> str | None:
    """The address of a record's row in the web book (``None`` for a kind without one)."""
    for table, (page, name) in ROW_HOMES.items():
        if (data.table(table)[data.primary_key(table)] == record_id).any():
            return f"{page}#{name}-{record_id}"
    return None


def with_ids(frame: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """The frame with the records' ids as its index (named ``Id``): the web book gives each
    row its id as an anchor and a tooltip, the CSV download a first column; no output shows
    it as a column of its own."""
    out = frame.copy()
    out.index = pd.Index(list(ids), name="Id")
    return out
