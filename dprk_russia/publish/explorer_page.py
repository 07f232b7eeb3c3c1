"""The explorer on the static web page: every record shipped once, filtered in the browser.

The page holds the records as one JSON document (``<script type="application/json">``) and a
form; ``book/_static/explorer.js`` (loaded on this page only, see ``publish/page_assets.py``) reads
both and shows the records that match a free-text search and filters by record type, country or
body, person or body, stance, what a figure counts and period, with a chart of records per
month (every month of the period, none skipped) and the matching records a page at a time.
Nothing is computed per view at build time, so the page grows with the records, not with the
number of ways to look at them.

Record text reaches the page as data only: the JSON is escaped for a ``<script>`` element by
:func:`~dprk_russia.publish.escaping.script_json` (no ``<``, ``>`` or ``&`` in it), the
script writes it with ``textContent``, never as HTML, and a source's address becomes a link
only if it is an
``https:`` address. The form's labels and options are escaped with
:func:`~dprk_russia.publish.escaping.html_text`. Characters that are never text (controls, bidi
overrides) are replaced as in every other output.

In the PDF, which cannot run a script, the chapter shows a note and the summary table instead.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd

from ..core.loading import Dataset
from ..text import format_date
from ..views.records import main_citations
from ..widgets import RECORD_TYPES, TYPE_COLOUR, countries, records
from .escaping import LINE_BREAKS, REPLACEMENT, UNSAFE, html_text, script_json

#: How many records the page lists at a time.
PAGE_SIZE = 20
#: The singular of each record type, for the label on each record.
TYPE_SINGULAR = {
    "Events": "Event",
    "Stated figures": "Stated figure",
    "Statements": "Statement",
    "Assessments": "Assessment",
}
HTTPS = re.compile(r"^https://[^\s\"'<>\\]+$")


def _text(value: object) -> str:
    """Record text as plain text: line breaks unified, never-text characters replaced."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return UNSAFE.sub(REPLACEMENT, LINE_BREAKS.sub("\n", str(value)))


def payload(data: Dataset) -> dict[str, Any]:
    """What the page ships: the lists the filters offer and every record, once."""
    recs = records(data)
    actor_names = data.actors.set_index("actor_id")["name"].astype(str)
    place = countries(recs)
    used = sorted({a for ids in recs["actor_ids"] for a in ids}, key=lambda a: actor_names[a])
    who = {a: i for i, a in enumerate(used)}
    country_index = {c: i for i, c in enumerate(place)}
    stance = data.statements.set_index("statement_id")["stance"].astype(str)
    cites = main_citations(data)
    url = cites["url"].astype(str).to_dict()
    first, last = recs["date"].min(), recs["date"].max()
    months = [str(p) for p in pd.period_range(first, last, freq="M")]
    rows = []
    for r in recs.to_dict("records"):
        address = url.get(r["id"], "")
        rows.append(
            {
                "id": _text(r["id"]),
                "t": RECORD_TYPES.index(r["type"]),
                "d": f"{r['date']:%Y-%m-%d}",
                "m": f"{r['date']:%Y-%m}",
                "when": format_date(r["date"], str(r["precision"])),
                "who": _text(r["who"]),
                "a": [who[a] for a in r["actor_ids"]],
                "c": [country_index[c] for c in r["countries"]],
                "text": _text(r["what"]),
                "s": stance.get(r["id"]) if r["type"] == "Statements" else None,
                "n": r["counts"] if r["type"] == "Stated figures" else None,
                "src": _text(r["source"]),
                "url": address if HTTPS.match(address) else "",
            }
        )
    return {
        "types": RECORD_TYPES,
        "typeSingular": [TYPE_SINGULAR[t] for t in RECORD_TYPES],
        "typeColour": [TYPE_COLOUR[t] for t in RECORD_TYPES],
        "countries": [_text(c) for c in place],
        "actors": [_text(actor_names[a]) for a in used],
        "stances": data.labels("statements", "stance"),
        "counts": data.labels("troop_claims", "counts"),
        "months": months,
        "pageSize": PAGE_SIZE,
        "records": rows,
    }


def _options(pairs: list[tuple[str, str]]) -> str:
    return "".join(
        f'<option value="{html_text(v)}">{html_text(label)}</option>' for v, label in pairs
    )


def _select(name: str, label: str, pairs: list[tuple[str, str]]) -> str:
    ident = f"xr-{name}"
    return (
        f'<div class="xr-field"><label for="{ident}">{html_text(label)}</label>'
        f'<select id="{ident}" name="{name}">{_options(pairs)}</select></div>'
    )


def _month_label(month: str) -> str:
    return f"{pd.Period(month, freq='M'):%b %Y}"


def explorer_html(data: Dataset) -> str:
    """The explorer's HTML: the form, empty places for the chart and the records, the data."""
    p = payload(data)
    counts_used = sorted({r["n"] for r in p["records"] if r["n"]}, key=list(p["counts"]).index)
    stances_used = sorted({r["s"] for r in p["records"] if r["s"]}, key=list(p["stances"]).index)
    months = [(m, _month_label(m)) for m in p["months"]]

    def indexed(names: list[str]) -> list[tuple[str, str]]:
        return [(str(i), name) for i, name in enumerate(names)]

    fields = [
        _select("type", "Record type", [("", "All types"), *indexed(RECORD_TYPES)]),
        _select(
            "country",
            "Country or body",
            [("", "All countries and bodies"), *indexed(p["countries"])],
        ),
        _select(
            "who",
            "Who (claimant, speaker, assessor or party)",
            [("", "Anyone"), *indexed(p["actors"])],
        ),
        _select(
            "stance",
            "Stance of a statement",
            [("", "Any stance"), *[(s, p["stances"][s]) for s in stances_used]],
        ),
        _select(
            "counts",
            "What a stated figure counts",
            [("", "Anything"), *[(c, p["counts"][c]) for c in counts_used]],
        ),
        _select("from", "From", months),
        _select("to", "To", months[::-1]),
        _select("order", "Order", [("asc", "Oldest first"), ("desc", "Newest first")]),
    ]
    search = (
        '<div class="xr-field xr-search"><label for="xr-q">Search the records</label>'
        '<input id="xr-q" name="q" type="search" autocomplete="off" spellcheck="false" '
        'placeholder="a name, a place, a word"></div>'
    )
    form = (
        '<form class="xr-form" role="search" aria-label="Filter the records" hidden>'
        f'{search}<details class="xr-filters"><summary>Filters</summary>'
        f'<div class="xr-fields">{"".join(fields)}</div>'
        '<p class="xr-actions"><button type="reset">Clear the search and filters</button></p>'
        "</details></form>"
    )
    data_json = script_json(json.dumps(p, ensure_ascii=False, separators=(",", ":")))
    return (
        '<div class="explorer" id="evidence-explorer">'
        '<p class="xr-fallback">The explorer runs in the web page (it needs JavaScript). The '
        "table at the end of this chapter summarises what it holds.</p>"
        f"{form}"
        '<p class="xr-status" role="status" aria-live="polite"></p>'
        '<figure class="xr-months" hidden></figure>'
        '<ol class="xr-results" hidden></ol>'
        '<nav class="xr-pager" aria-label="Pages of matching records" hidden></nav>'
        f'<script type="application/json" id="explorer-records" data-explorer-records>{data_json}'
        "</script></div>"
    )


def show_explorer(data: Dataset, fallback: str) -> None:
    """Display the explorer in the web book, and ``fallback`` (Markdown) in the PDF."""
    from IPython.display import publish_display_data

    publish_display_data(
        {
            "text/html": explorer_html(data),
            "text/markdown": fallback,
            "text/plain": f"<explorer: {len(records(data))} records>",
        }
    )
