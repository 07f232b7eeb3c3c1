"""Record text reaches every output as text: one escaping function per output.

* :func:`html_text` — HTML element content and attribute values (tables, the explorer's views,
  the DataTables built from those tables);
* :func:`script_json` — JSON embedded in a ``<script>`` element (the explorer's widget state);
* :func:`latex_text` — LaTeX (the PDF's raw LaTeX tables);
* :func:`csv_cell` — a cell of a CSV download (formula prefixes neutralised, as OWASP advises);
* :func:`link_target` — an address a link may point to (``https``/``http`` only), which
  :func:`html_link` and :func:`latex_link` write as a link in HTML and LaTeX.

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


# --- Links ---------------------------------------------------------------------------------

#: The characters of an address (RFC 3986's unreserved and reserved characters and ``%``, but
#: not the apostrophe, which validation refuses too: it could end a quoted attribute).
_ADDRESS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+")
_WEB = re.compile(r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#].*)?", re.IGNORECASE | re.DOTALL)
#: A link to a row of a table in another chapter of the book: ``page.html#anchor``.
_IN_BOOK = re.compile(r"[a-z0-9_-]+\.html#[A-Za-z0-9_-]+")


def link_target(address: object) -> str | None:
    """The address if a link may point to it, else ``None``: an ``https`` or ``http`` address
    with a host and nothing but address characters, or a page of the book with an anchor.

    Validation admits only ``https`` (and ``http`` for the hosts the data package lists); this
    check does not rely on it: no ``javascript:``, ``data:`` or other scheme, no quote, angle
    bracket, backslash, brace or space, whatever the data holds.
    """
    text = _text(address)
    if _IN_BOOK.fullmatch(text):
        return text
    if not _ADDRESS.fullmatch(text) or not _WEB.fullmatch(text):
        return None
    return text


_SOFT_BREAK = re.compile(r"(?<=[./_-])(?=[^\s./_-])")


def html_breakable(value: object) -> str:
    """Text for HTML content (as :func:`html_text`) in which a long word (14 characters or
    more) may break after a dot, slash, hyphen or underscore ('productiveclue.|com'), so
    that a name column need not be as wide as its longest address-like word."""
    return " ".join(
        "<wbr>".join(html_text(p) for p in _SOFT_BREAK.split(word))
        if len(word) >= 14
        else html_text(word)
        for word in _text(value).split(" ")
    )


def html_link(text: object, address: object, breakable: bool = True) -> str:
    """``text`` as an HTML link to ``address`` (both escaped; the text as
    :func:`html_breakable` unless ``breakable`` is false), or as plain escaped text if the
    address is not one a link may point to (:func:`link_target`). A link to another site
    (class ``source-link``) sends no referrer; a link to a row of the book is a ``record-link``.
    """
    shown = html_breakable(text) if breakable else html_text(text)
    target = link_target(address)
    if target is None:
        return shown
    if "://" in target:
        attrs = 'class="source-link" rel="noopener noreferrer"'
    else:
        attrs = 'class="record-link"'
    return f'<a {attrs} href="{html_text(target)}">{shown}</a>'


#: How LaTeX's ``\href`` (through Sphinx's ``\sphinxhref``, which re-reads its first argument)
#: takes the characters of an address that TeX would otherwise read as markup, escaped as
#: hyperref reads them back. ``$``, ``[``, ``]`` and ``~`` pass as they are: Sphinx's own
#: escaping (``\$``, ``{[}``) reaches the PDF's link as ``\textdollar`` and ``{[}``.
_LATEX_URL = {"%": r"\%", "#": r"\#", "&": r"\&", "_": r"\_"}


def latex_link(text: object, address: object) -> str:
    """``text`` (escaped as :func:`latex_text`) as a clickable link to ``address`` in the PDF,
    or the text alone if the address is not one a link may point to or is a page of the book.
    """
    target = link_target(address)
    if target is None or "://" not in target:
        return latex_text(text)
    url = "".join(_LATEX_URL.get(ch, ch) for ch in target)
    return r"\sphinxhref{" + url + "}{" + latex_text(text) + "}"
