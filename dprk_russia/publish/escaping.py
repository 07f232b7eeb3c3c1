"""Record text reaches every output as text: one escaping function per output.

* :func:`html_text` — HTML element content and attribute values (tables, the explorer's views,
  the DataTables built from those tables);
* :func:`script_json` — JSON embedded in a ``<script>`` element (the explorer's widget state);
* :func:`latex_text` — LaTeX (the PDF's raw LaTeX tables);
* :func:`csv_cell` — a cell of a CSV download (formula prefixes neutralised, as OWASP advises).

Each is total: whatever string it is given, the output shows that string and nothing else.
Validation rejects most hostile input long before it reaches here (control characters, bidi
overrides, formula prefixes at the start of a text); these functions do not rely on it, and
``tests/test_escaping.py`` applies the same hostile corpus to each.
"""

from __future__ import annotations

import html
import math
import re

#: Characters that end a line somewhere: LaTeX, Markdown, CSV or a browser would each break the
#: record there (CR alone, NEL, LINE and PARAGRAPH SEPARATOR included).
LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
#: Code points that are never text: C0/C1 controls (bar tab and line breaks), DEL, the bidi
#: embeddings, overrides and isolates (they reorder what surrounds them) and the BOM.
UNSAFE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
REPLACEMENT = "\ufffd"


def _text(value: object) -> str:
    """A cell as text: missing values (None, NaN, pandas NA) are empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return ""
    return str(value)


# --- HTML ----------------------------------------------------------------------------------


def html_text(value: object) -> str:
    """Text for HTML element content or a quoted attribute value.

    ``<``, ``>``, ``&`` and both quotes become character references; every kind of line break
    is a newline; characters that are never text become U+FFFD, so that a bidi override cannot
    reorder the page around it.
    """
    text = UNSAFE.sub(REPLACEMENT, LINE_BREAKS.sub("\n", _text(value)))
    return html.escape(text, quote=True)


# --- JSON inside <script> ------------------------------------------------------------------

_SCRIPT_JSON = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_JSON_RE = re.compile("[<>&\u2028\u2029]")


def script_json(json_text: str) -> str:
    """JSON text made safe to embed in a ``<script>`` element, meaning unchanged.

    ``<`` can occur in JSON only inside a string, and never as part of an escape sequence, so
    writing it as ``\\u003c`` (and ``>``, ``&``, U+2028/2029 likewise) gives the same value while
    no ``</script``, ``<!--`` or ``<script``, in any letter case, can end or restart the element.
    The upstream sanitiser replaced only the lower-case ``</script>``.
    """
    return _SCRIPT_JSON_RE.sub(lambda m: _SCRIPT_JSON[m.group(0)], json_text)


# --- LaTeX ---------------------------------------------------------------------------------

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # A backtick would make TeX ligatures (`` ?` !`) and, at the start of a line, could close
    # the Markdown fence the table travels in.
    "`": r"\textasciigrave{}",
    REPLACEMENT: REPLACEMENT,
}
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+")
#: After these characters a long word (an address, say) may break across lines.
_BREAK_AFTER = frozenset("/.-_?&=#:;,")
#: Words at least this long get break points, so that nothing runs past a table's column.
_LONG_WORD = 16
#: ... and at most this many characters pass without one.
_CHUNK = 10


def word_pieces(word: str) -> list[str]:
    """A space-free word as the pieces a line may break between: a short word whole; a long
    one (an address, say) after each of :data:`_BREAK_AFTER` and at least every
    :data:`_CHUNK` characters, so that it never runs past a column or the margin."""
    if len(word) < _LONG_WORD:
        return [word]
    pieces, current = [], ""
    for ch in word:
        current += ch
        if ch in _BREAK_AFTER or len(current) >= _CHUNK:
            pieces.append(current)
            current = ""
    return [*pieces, current] if current else pieces


def _latex_word(word: str) -> str:
    """One space-free word, escaped, with break points if it is long."""
    return r"\allowbreak{}".join(
        "".join(_LATEX_SPECIAL.get(ch, ch) for ch in piece) for piece in word_pieces(word)
    )


def latex_text(value: object) -> str:
    """Text for LaTeX: specials escaped, every kind of line break a space, long words breakable.

    Record text sits in raw LaTeX inside a Markdown fence, so a line break of any kind (a bare
    CR included) would let the rest of the text be read as Markdown or end the table row; it
    becomes a space. Characters that are never text become U+FFFD; CJK runs are set in a
    CJK-capable font.
    """
    text = UNSAFE.sub(REPLACEMENT, LINE_BREAKS.sub(" ", _text(value)).replace("\t", " "))
    escaped = " ".join(_latex_word(word) for word in text.split(" "))
    return _CJK.sub(lambda m: r"\cjk{" + m.group(0) + "}", escaped)


# --- CSV -----------------------------------------------------------------------------------

#: What a spreadsheet reads as the start of a formula (OWASP: = + - @ tab CR), with the
#: full-width forms some spreadsheets also accept, and LF.
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def csv_cell(value: object) -> str:
    """A cell for a CSV download: a text that a spreadsheet could read as a formula is
    prefixed with an apostrophe (OWASP's advice), so it is shown as text and never evaluated.

    Leading spaces do not hide a formula: some spreadsheets strip them first. Quoting of the
    cell itself (every cell quoted, quotes doubled) is :func:`table_csv`'s job.
    """
    text = _text(value)
    stripped = text.lstrip(" ")
    if stripped and stripped[0] in FORMULA_START:
        return "'" + text
    return text
