"""What one cell may hold, whatever its table: characters every output can show, its type,
range, category, pattern, and (for an address) a safe ``https`` URL."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from urllib.parse import urlsplit

from .schema import Field

# ASCII digits only: ``\d`` and ``int()`` accept any script's digits ("١٢" is 12 to them).
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_INT = re.compile(r"^-?[0-9]+$")
#: The largest integer a figure may be: exact as a float and in a browser's JSON (2**53 - 1),
#: far inside pandas' 64-bit range, and far beyond any figure the report records.
MAX_INTEGER = 2**53 - 1
#: The field types the validator and the loader know.
SUPPORTED_TYPES = ("string", "integer", "date", "boolean")
#: Free-text fields whose text may run over several lines (a newline; never a CR).
MULTILINE = frozenset({"description", "summary", "notes", "note", "quote"})
#: Characters never allowed in a value: control characters (the newline is checked apart),
#: LINE and PARAGRAPH SEPARATOR, the bidi embeddings, overrides and isolates (they reorder the
#: text around them on the page), the byte order mark and the two non-characters.
_NOT_TEXT = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
_CHAR_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\t": "TAB",
    "\x0b": "VT",
    "\x0c": "FF",
    "\r": "CR",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    "\ufeff": "BYTE ORDER MARK",
}
#: What a spreadsheet reads as the start of a formula (OWASP CSV injection; tab and CR are
#: control characters, rejected anyway).
FORMULA_START = "=+-@"
_HOST = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")
#: Characters an address may not hold even where URL syntax allows them: they end an HTML
#: attribute or a Markdown link, or are not URL characters at all.
_URL_FORBIDDEN = set("\"'<>`\\{}|^ ")
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")


def normalise_quote(text: str) -> str:
    """Compare quotes after normalising only whitespace and typographic quotes/apostrophes."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


@cache
def pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern, compiled to match ASCII digits and letters only (``\\d``, ``\\w``)."""
    return re.compile(pattern, re.ASCII)


def _char(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" ({_CHAR_NAMES[ch]})" if ch in _CHAR_NAMES else "")


def _text_problem(f: Field, value: str) -> str | None:
    """Characters no output can show as they are, and text a spreadsheet would run."""
    bad = _NOT_TEXT.search(value)
    if bad:
        return (
            f"holds the control or formatting character {_char(bad.group(0))} at position "
            f"{bad.start() + 1}: remove it"
        )
    if "\n" in value and f.name not in MULTILINE:
        return (
            "holds a line break: this field is one line (only notes, descriptions, summaries "
            "and quotes may run over several)"
        )
    if f.type == "string" and value[0] in FORMULA_START:
        return (
            f"starts with {value[0]!r}, which a spreadsheet opening the CSV would run as a "
            "formula: reword it so it starts with a letter, a digit or a quotation mark"
        )
    return None


def url_problem(value: str, plain_http_hosts: frozenset[str] = frozenset()) -> str | None:
    """The problem with a source address, if any: only ``https`` with a host and no user name
    (``http`` only for the hosts the data package lists), nothing that could end an HTML
    attribute or a Markdown link."""
    forbidden = sorted({ch for ch in value if ch in _URL_FORBIDDEN})
    if forbidden:
        return f"an address may not hold {' '.join(repr(c) for c in forbidden)}: {value!r}"
    if not value.isascii():
        return f"an address must be ASCII (percent-encode the path, punycode the host): {value!r}"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        return f"not an address ({exc}): {value!r}"
    host = parts.hostname or ""
    if parts.scheme == "http" and host in plain_http_hosts:
        pass
    elif parts.scheme != "https":
        return f"not an https address: {value!r}"
    if "@" in parts.netloc:
        return f"an address may not hold a user name or password: {value!r}"
    if not _HOST.match(host) or port == 0:
        return f"not an address with a host name: {value!r}"
    return None


def _date_problem(value: str, period: tuple[dt.date, dt.date]) -> str | None:
    """A date must be a real YYYY-MM-DD day inside the report period and not in the future."""
    if not ISO_DATE.match(value):
        return f"not a date in YYYY-MM-DD form: {value!r}"
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return f"not a real calendar date: {value!r}"
    first, last = period
    if day > last and day > dt.date.today():
        return f"{value} is in the future (the build runs on {dt.date.today()})"
    if not first <= day <= last:
        return (
            f"{value} is outside the report period, {first} to {last} (datapackage.json, "
            "report.period)"
        )
    return None


def _integer_problem(f: Field, value: str) -> str | None:
    """An integer is ASCII digits, within the field's bounds and :data:`MAX_INTEGER`."""
    if not _INT.match(value):
        return f"not an integer (ASCII digits only, no separators): {value!r}"
    number = int(value) if len(value) <= 20 else MAX_INTEGER + 1
    low = max(-MAX_INTEGER, f.minimum if f.minimum is not None else -MAX_INTEGER)
    high = min(MAX_INTEGER, f.maximum if f.maximum is not None else MAX_INTEGER)
    if number < low:
        return f"must be at least {low}: {value}"
    if number > high:
        return f"must be at most {high:,}: {value if len(value) <= 40 else value[:40] + '...'}"
    return None


def cell_problem(
    f: Field, value: str, period: tuple[dt.date, dt.date], plain_http: frozenset[str]
) -> str | None:
    """The problem with one cell, if any (characters, type, range, category, pattern)."""
    if value == "":
        return "required value is missing" if f.required else None
    text = _text_problem(f, value)
    if text:
        return text
    if value != value.strip():
        return "leading or trailing whitespace"
    typed = None
    if f.type == "date":
        typed = _date_problem(value, period)
    elif f.type == "integer":
        typed = _integer_problem(f, value)
    elif f.type == "boolean" and value not in ("true", "false"):
        typed = f"not a boolean (true or false): {value!r}"
    if typed:
        return typed
    if f.enum is not None and value not in f.enum:
        return f"unknown category {value!r}; allowed: {', '.join(f.enum)}"
    if f.pattern and not pattern(f.pattern).fullmatch(value):
        return f"does not match the pattern {f.pattern}: {value!r}"
    if f.format == "uri":
        return url_problem(value, plain_http)
    return None
