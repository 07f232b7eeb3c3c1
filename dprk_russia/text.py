"""How the report writes dates, figures, names and counts: one definition of each, used by every
table, chart and sentence."""

from __future__ import annotations

import re
from typing import TypeVar, cast

import pandas as pd

T = TypeVar("T")


def format_date(when: pd.Timestamp, precision: str = "day") -> str:
    """A date as the report prints it, at the precision it is known: '21 October 2024' or
    'November 2024'."""
    if precision == "year":
        return f"{when.year}"
    if precision == "month":
        return f"{when:%B %Y}"
    return f"{when.day} {when:%B %Y}"


def when(row: pd.Series, column: str = "date", precision: str = "date_precision") -> str:
    """A record's date as the report prints it, at the precision it is known."""
    return format_date(pd.Timestamp(row[column]), str(row[precision]))


#: Hedges said after the figure: '3,000 or more'.
TRAILING_QUALIFIERS = ("or more",)


def figure_range(low: int, high: int) -> str:
    """A figure or a range as the book writes it: '1,500', '2,000–3,000'."""
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def figure_as_stated(low: int, high: int, qualifier: object) -> str:
    """A stated figure with its hedge, as the claimant said it: 'about 1,500', '2,000–3,000',
    '3,000 or more'. The one place the book turns a claim's figures into words."""
    figure = figure_range(low, high)
    if not isinstance(qualifier, str) or qualifier in ("", "between"):
        return figure
    if qualifier in TRAILING_QUALIFIERS:
        return f"{figure} {qualifier}"
    return f"{qualifier} {figure}"


def days_between(earlier: pd.Timestamp, later: pd.Timestamp) -> int:
    return int((later - earlier) / pd.Timedelta(days=1))


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}" if whole else "0"


def and_list(items: list[str]) -> str:
    """Items as prose lists them: 'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def with_article(country: str) -> str:
    """A country or body as it reads mid-sentence: 'the United States', 'NATO'."""
    if country == "Multilateral":
        return "multilateral groupings"
    return "the " + country if country.startswith("United ") else country


def count_text(n: int) -> str:
    """A count as the prose reads it: 'none' rather than '0'."""
    return "none" if n == 0 else str(n)


def printed(text: str) -> str:
    """Text as the book prints it in running prose.

    Sphinx sets straight quotes and apostrophes, '--' and '...' typographically in the prose
    (its "smartquotes"), and that includes glued text. A glued quote is therefore given in that
    form already, so that the page shows exactly the glued value; the validator counts the two
    forms as the same quote, so the quote stays verbatim.
    """
    from docutils.utils.smartquotes import smartyPants  # docutils comes with the book's Sphinx

    return str(smartyPants(text, "qDe", "en"))


def as_printed(values: dict[str, T]) -> dict[str, T]:
    """Glue values with every text value as the book prints it (see :func:`printed`), except
    addresses (names ending ``_url``), which typography would corrupt ('--' in a path)."""
    return {
        k: cast(T, printed(v)) if isinstance(v, str) and not k.endswith("_url") else v
        for k, v in values.items()
    }


def phrase(quote: str, pattern: str) -> str:
    """The words of ``quote`` that ``pattern`` matches, as written there."""
    found = re.search(pattern, quote, flags=re.IGNORECASE)
    if found is None:
        raise LookupError(f"{pattern!r} not in {quote!r}")
    return found.group(0)


def actor_phrase(name: str, kind: str, title: str | None, country: str | None) -> str:
    """An actor as a sentence names them, from the data: 'Volodymyr Zelensky (President of
    Ukraine)', 'South Korea’s Joint Chiefs of Staff (JCS)' (typographic, as the book prints it)."""
    if kind == "person":
        return f"{name} ({title})".replace("'", "\u2019") if title else name
    if country and country not in name and kind == "organisation" and not name.startswith("the "):
        return f"{country}\u2019s {name}"
    return name
