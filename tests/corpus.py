"""The hostile corpus: texts an attacker or a careless contributor could put into a record.

``ACCEPTED`` passes validation in a free-text field (``MULTILINE_ONLY`` only where a field may
run over lines) and must reach every output as the same text: shown, never run or typeset as
markup. ``REJECTED`` must be refused by validation in every free-text field, with the file, the
line and the field. The escaping functions are tested with both (``ALL``): they must not rely on
validation.

Each accepted payload ends with a marker word (``hostile01``...) that survives every output,
including text extracted from the PDF, so that each can be found again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Payload:
    name: str
    text: str

    @property
    def marker(self) -> str:
        return self.text.rsplit(" ", 1)[-1]


def _p(number: int, name: str, text: str) -> Payload:
    return Payload(name, f"{text} hostile{number:02d}")


ACCEPTED = [
    _p(1, "script, lower case", "<script>alert('P01')</script>"),
    _p(
        2,
        "script end, upper case, then an event handler",
        "</SCRIPT><img src=x onerror=alert('P02')>",
    ),
    _p(3, "script end, mixed case and space", "</sCrIpT ><svg/onload=alert('P03')>"),
    _p(4, "comment-script (escaped script state)", "<!--<script>alert('P04')</script>-->"),
    _p(5, "double-quoted attribute break", '" onmouseover="alert(\'P05\')" data-x="'),
    _p(6, "single-quoted attribute break", "' autofocus onfocus='alert(`P06`)' x='"),
    _p(
        7,
        "link with javascript: and onclick",
        "<a href=\"javascript:alert('P07')\" onclick=\"alert('P07')\">x</a>",
    ),
    _p(
        8,
        "iframe srcdoc with entities",
        "<iframe srcdoc=\"&lt;script&gt;alert('P08')&lt;/script&gt;\"></iframe>",
    ),
    _p(9, "character references", "&lt;b&gt;not bold&lt;/b&gt; &amp;amp; &#60;i&#62; &#x3C;"),
    _p(
        10,
        "Markdown and MyST inline",
        "**mdbold10** _mdem10_ [mdlink10](https://evil.example/P10) "
        "<https://evil.example/auto10> $x^2$",
    ),
    _p(
        11,
        "MyST roles, directives and targets",
        "{glue:text}`n_claims` {raw}`latex` :::{note} (label11)= {{ subst }}",
    ),
    _p(12, "code fence in one line", "```{raw} latex \\textbf{fence12} ``` ~~~"),
    _p(
        13,
        "LaTeX specials and commands",
        "\\input{/etc/passwd} \\def\\x{y} \\textbf{texbold13} \\\\ & % # _ ^ ~ { } $",
    ),
    _p(
        14,
        "LaTeX shell escape and table end",
        "\\immediate\\write18{touch /tmp/pwned-P14} \\end{longtable} \\iffalse",
    ),
    _p(
        15,
        "bidi marks, zero-width joiners, full-width and CJK",
        "mark\u200fRLM\u200eLRM zero\u200dwidth\u200cjoiner "
        "\uff26\uff55\uff4c\uff4c 在10月 “quotes” — ‘x’",
    ),
    _p(16, "template syntax", "{{7*7}} ${7*7} <%= 7*7 %> {% raw %} #{7*7}"),
    _p(
        17,
        "formula characters inside the text",
        'total =SUM(A1:A9) +1 -1 @cmd =HYPERLINK("https://evil.example")',
    ),
    _p(18, "one very long word (an address)", "https://evil.example/" + "a" * 150 + "/P18?x=1&y=2"),
    _p(19, "missing-value look-alikes", "<NA> nan None null undefined NaT"),
]

#: Accepted only in the free-text fields that may run over lines: a newline followed by
#: Markdown, a fence and LaTeX.
MULTILINE_ONLY = [
    _p(
        20,
        "newline, then a fence, Markdown and LaTeX",
        "line one\n```\n**mdbold20** [mdlink20](https://evil.example/P20)\n\\textbf{texbold20}\n#",
    ),
]

REJECTED = [
    Payload("bare CR, a fence, then Markdown", "a\r```\r**crbold** [crlink](https://evil.example)"),
    Payload("CR LF", "a\r\nb"),
    Payload("NUL", "a\x00b"),
    Payload("BEL", "a\x07b"),
    Payload("ESC (terminal colour)", "a\x1b[31mred"),
    Payload("vertical tab", "a\x0bb"),
    Payload("form feed", "a\x0cb"),
    Payload("DEL", "a\x7fb"),
    Payload("NEL", "a\x85b"),
    Payload("LINE SEPARATOR", "a\u2028b"),
    Payload("PARAGRAPH SEPARATOR", "a\u2029b"),
    Payload("tab", "a\tb"),
    Payload("right-to-left override", "invoice\u202egnp.exe"),
    Payload("left-to-right isolate", "a\u2066b\u2069"),
    Payload("byte order mark", "a\ufeffb"),
    Payload("formula =", '=HYPERLINK("https://evil.example","x")'),
    Payload("formula +", "+1+1"),
    Payload("formula -", "-2+3+cmd|' /C calc'!A0"),
    Payload("formula @", "@SUM(1+1)*cmd|' /C calc'!A0"),
    Payload("formula after a tab", "\t=1+1"),
    Payload("formula after a CR", "\r=1+1"),
    Payload("formula after a space", " =1+1"),
]

ALL = [*ACCEPTED, *MULTILINE_ONLY, *REJECTED]

#: Addresses a source may have (they pass validation) that hold what HTML, LaTeX, Markdown or
#: typography would read as markup: every output must link to exactly this address.
URLS_ACCEPTED = [
    "https://hostile.example/a?x=1&y=2&amp;z=3#frag",
    "https://hostile.example/100%25/~user/_x_/$y$/[z]/#1",
    "https://hostile.example/**bold**/_em_/(paren)/;semi,comma!/*star*",
    "https://hostile.example/%3Cscript%3Ealert(1)%3C/script%3E?onmouseover=alert(1)",
    "https://hostile.example/--/.../x--y---z",
    "https://hostile.example:8443/path;params?q=a+b=c@d",
    "http://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=188550",
]

#: Addresses validation refuses, and that no output may ever link to (not a web address, or
#: holding what could end an attribute, a LaTeX argument or a Markdown link).
URLS_REJECTED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " https://hostile.example/leading-space",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//hostile.example/no-scheme",
    "/relative/path",
    "https:hostile.example",
    "ftp://hostile.example/x",
    "file:///etc/passwd",
    "https://hostile.example/a b",
    'https://hostile.example/"onmouseover="alert(1)',
    "https://hostile.example/'x'",
    "https://hostile.example/<script>alert(1)</script>",
    "https://hostile.example/a\\b",
    "https://hostile.example/{x}",
    "https://hostile.example/a|b",
    "https://hostile.example/a^b",
    "https://hostile.example/`x`",
    "https://hostile.example/\u202eevil",
    "https://hostile.example/a\nb",
]


#: Fields that hold references or addresses, not free text (their own rules apply).
NOT_FREE_TEXT = frozenset({"record_id", "actor_ids", "url", "text_path"})


def text_fields(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """Every free-text field of every table: a string that is not an id, a category, a
    reference, an address or a path."""
    found = []
    for table in schema.values():
        refs = {fk.field for fk in table.foreign_keys}
        for f in table.fields:
            if (
                f.type == "string"
                and f.enum is None
                and f.pattern is None
                and f.name not in refs | NOT_FREE_TEXT
            ):
                found.append((table.name, f.name))
    return found
