"""How a table of the web book fits its text column: the kind of each column and the least
width of its long-text columns, so that the browser's own table layout fits the 757 px of text
column that a 1366 px screen leaves.

The browser gives every column at least its longest word and shares out the rest by content.
Short columns (names, dates, categories) keep that: no word of theirs is ever broken. Long text
(quotes, descriptions) and addresses may break a long word where they must (``tables.css``),
so their width is free: each gets a floor, what the short columns leave of the text column,
shared among them, never less than :data:`LONG_MIN` em (never one word a line) nor more than
:data:`LONG_MAX` em (the browser widens them anyway when there is room). A matrix of counts
(three or more number columns) sets its headers upright, so that each count column is as
narrow as its numbers. Dates break only before the year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

#: What the sizing assumes of the table's font (0.82 rem, as ``tables.css`` sets it), in em: a
#: character of cell text, of a (bold) header, the sort arrows beside a header, a cell's padding,
#: an upright header's column.
CHAR_EM, BOLD_EM, SORT_EM, PAD_EM, UPRIGHT_EM = 0.6, 0.65, 1.3, 0.9, 3.7
#: The text column at 1366 px (757 px at 13.1 px an em), less a margin.
TEXT_EM = 56.0
#: The floor of a long-text column lies between these (in em).
LONG_MIN, LONG_MAX = 8.0, 16.0
#: A table with this many number columns or more is a matrix of counts: upright headers.
MATRIX = 3
#: The kinds of column whose words may break, and which get a floor.
FREE = ("col-long", "col-address")

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Column:
    """How one column is shown: ``kind`` is its CSS class (``col-num``, ``col-date``,
    ``col-address``, ``col-long`` or empty), ``upright`` whether its header is set upright,
    ``floor`` its least width in em (0: as wide as its longest word)."""

    kind: str
    upright: bool
    floor: float


def column_kind(values: pd.Series) -> str:
    """Numbers; dates (every cell sorts by an ISO date and reads short); addresses; long text
    (more than 40 characters on average); anything else."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return "col-num"
    texts = [str(v) for v in values]
    if not texts:
        return ""
    if max(len(t) for t in texts) <= 18 and all(
        _ISO.fullmatch(str(getattr(v, "order", None))) for v in values
    ):
        return "col-date"
    if any(t.startswith(("https://", "http://")) for t in texts):
        return "col-address"
    if sum(len(t) for t in texts) / len(texts) > 40:
        return "col-long"
    return ""


def date_words(text: str) -> list[str]:
    """A date's words as the table breaks them: only before the year ('17 October' / '2024')."""
    parts = text.split(" ")
    return [" ".join(parts[:2]), *parts[2:]] if len(parts) == 3 else parts


def _longest(texts: list[str], kind: str) -> int:
    split = date_words if kind == "col-date" else str.split
    return max((len(w) for t in texts for w in split(t)), default=0)


def _need(label: str, values: pd.Series, kind: str) -> float:
    """About how wide a short column is at least (em): its longest word, or its header's."""
    header = _longest([label], "") * BOLD_EM + SORT_EM
    return max(header, _longest([str(v) for v in values], kind) * CHAR_EM) + PAD_EM


def layout(frame: pd.DataFrame) -> list[Column]:
    """Every column's kind and header, and the floor of each long-text or address column."""
    kinds = [column_kind(frame[c]) for c in frame.columns]
    matrix = kinds.count("col-num") >= MATRIX
    upright = [matrix and kind == "col-num" for kind in kinds]
    short = sum(
        UPRIGHT_EM if up else _need(str(c), frame[c], kind)
        for c, kind, up in zip(frame.columns, kinds, upright, strict=True)
        if kind not in FREE
    )
    free = sum(kind in FREE for kind in kinds)
    floor = max(LONG_MIN, min(LONG_MAX, (TEXT_EM - short) / free)) if free else 0.0
    return [
        Column(kind, up, round(floor, 1) if kind in FREE else 0.0)
        for kind, up in zip(kinds, upright, strict=True)
    ]
