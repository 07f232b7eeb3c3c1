"""The evidence explorer: ipywidgets that work on the static web page and with a live kernel.

A published Jupyter Book has no kernel behind it, so a widget that calls back into Python would
look alive and do nothing. The explorer therefore has two parts:

* **Browse** works without a kernel: every view (country × period × record type) is computed
  when the book is built, and the controls switch between them in the browser — a Dropdown's
  ``index`` and a ToggleButtons' ``index`` are linked with ``jslink`` to ``Stack``
  ``selected_index``, and a ``Tab`` switches record types on the client.
* **Filter** needs a running kernel (rerun the chapter in JupyterLab): free combinations of
  record type, actor, what a claim counts and a date range, with the matching records and a
  chart. The page says so next to the controls.

Every piece of record text is HTML-escaped before it reaches a widget (``escaping.html_text``),
and the widget state the page embeds is JSON with every ``<`` written ``\u003c``
(``escaping.script_json``, applied by ``sphinxext``): a record holding ``<script>`` or
``</SCRIPT>`` shows those characters, it never runs. Labels the widget manager sets as HTML
(``ToggleButtons`` options) hold only years.
"""

from __future__ import annotations

import itertools
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import ipywidgets as w
import pandas as pd

from .core.loading import Dataset
from .publish.escaping import html_text
from .text import format_date
from .views.claims import claims_frame
from .views.records import main_citations

RECORD_TYPES = ["Events", "Stated figures", "Statements", "Assessments"]
ALL_COUNTRIES = "All countries and bodies"
WHOLE_PERIOD = "Whole period"
TYPE_COLOUR = {
    "Events": "#0072B2",
    "Stated figures": "#E69F00",
    "Statements": "#009E73",
    "Assessments": "#CC79A7",
}


_CALLS: defaultdict[str, Iterator[int]] = defaultdict(itertools.count)


@contextmanager
def stable_ids(namespace: str) -> Iterator[None]:
    """Give the widgets made inside this block ids derived from a name, not random ones.

    Widget model ids are written into the page; random ids would make two builds of the same
    commit differ. The comm layers draw ids from ``uuid.uuid4``; for the duration of the block
    they draw them from a counter under ``namespace`` instead.
    """
    import comm.base_comm as base_comm

    # A kernel that runs the cell again gets new ids (a fresh kernel, as in a build, the same).
    namespace = f"{namespace}/{next(_CALLS[namespace])}"
    counter = itertools.count()

    def next_id() -> uuid.UUID:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"dprk-russia/{namespace}/{next(counter)}")

    shim = SimpleNamespace(uuid4=next_id)
    modules: list[Any] = [base_comm]
    try:
        import ipykernel.comm.comm as kernel_comm

        modules.append(kernel_comm)
    except ImportError:  # pragma: no cover - outside a kernel
        pass
    originals = [m.uuid for m in modules]
    for m in modules:
        m.uuid = shim
    try:
        yield
    finally:
        for m, original in zip(modules, originals, strict=True):
            m.uuid = original


def records(data: Dataset) -> pd.DataFrame:
    """Every record of every kind in one table: id, type, date, who, countries, what, source."""
    actors = data.actors.set_index("actor_id")
    name = actors["name"].astype(str).to_dict()
    country = actors["country"].astype(str).to_dict()
    source = main_citations(data)["publisher"].astype(str).to_dict()
    counts_label = data.labels("troop_claims", "counts")
    rows: list[dict[str, Any]] = []
    for e in data.events.itertuples(index=False):
        ids = str(e.actor_ids).split("; ")
        rows.append(
            {
                "id": e.event_id,
                "type": "Events",
                "date": e.date,
                "precision": str(e.date_precision),
                "who": "; ".join(name[i] for i in ids),
                "actor_ids": ids,
                "countries": sorted({country[i] for i in ids}),
                "what": f"{str(e.event_type).replace('_', ' ')}: {e.description}",
                "counts": None,
            }
        )
    for c in claims_frame(data).to_dict("records"):
        low, high = int(c["figure_low"]), int(c["figure_high"])
        figure = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        qualifier = c["qualifier"]
        hedge = "" if pd.isna(qualifier) or qualifier == "between" else f"{qualifier} "
        rows.append(
            {
                "id": c["claim_id"],
                "type": "Stated figures",
                "date": c["date_stated"],
                "precision": str(c["date_precision"]),
                "who": str(c["claimant_as_reported"]),
                "actor_ids": [c["claimant_id"]],
                "countries": [str(c["claimant_country"])],
                "what": f"{hedge}{figure} — {counts_label[str(c['counts'])]} ({c['wording']})",
                "counts": str(c["counts"]),
            }
        )
    for s in data.statements.itertuples(index=False):
        rows.append(
            {
                "id": s.statement_id,
                "type": "Statements",
                "date": s.date,
                "precision": str(s.date_precision),
                "who": f"{name[s.actor_id]} ({s.role})",
                "actor_ids": [s.actor_id],
                "countries": [country[s.actor_id]],
                "what": f"{data.labels('statements', 'stance')[str(s.stance)]}: {s.summary}",
                "counts": None,
            }
        )
    for a in data.assessments.itertuples(index=False):
        rows.append(
            {
                "id": a.assessment_id,
                "type": "Assessments",
                "date": a.date,
                "precision": str(a.date_precision),
                "who": str(a.assessor),
                "actor_ids": [a.actor_id],
                "countries": [country[a.actor_id]],
                "what": f"{data.labels('assessments', 'theme')[str(a.theme)]}: {a.summary}",
                "counts": None,
            }
        )
    out = pd.DataFrame(rows)
    out["source"] = out["id"].map(source)
    return out.sort_values(["date", "id"]).reset_index(drop=True)


def _table(frame: pd.DataFrame) -> str:
    """Records as an escaped HTML table (or a line saying there are none)."""
    if frame.empty:
        return '<p class="explorer-empty">No records match this view.</p>'
    cells = []
    for r in frame.to_dict("records"):
        when = format_date(r["date"], str(r["precision"]))
        values = (r["id"], when, r["who"], r["what"], r["source"])
        cells.append("<tr>" + "".join(f"<td>{html_text(v)}</td>" for v in values) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Id", "Date", "Who", "What", "Main source"))
    return (
        '<div class="report-table-wrap" tabindex="0" role="region" aria-label="Matching records">'
        '<table class="report-table explorer-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(cells)}</tbody></table></div>"
    )


def month_chart(frame: pd.DataFrame) -> str:
    """A small HTML bar chart: records per month, stacked by record type.

    Drawn in HTML rather than as an image so that each of the many precomputed views costs a
    few hundred bytes and reads the same in every browser, with a text equivalent for screen
    readers.
    """
    if frame.empty:
        return ""
    month = frame["date"].dt.to_period("M")
    counts = frame.groupby([month, "type"]).size().unstack(fill_value=0)
    top = int(counts.sum(axis=1).max())
    rows = []
    for period, row in counts.iterrows():
        segments = "".join(
            f'<span class="bar" style="width:{100 * int(row.get(t, 0)) / top:.1f}%;'
            f'background:{TYPE_COLOUR[t]}" title="{t}: {int(row.get(t, 0))}"></span>'
            for t in RECORD_TYPES
            if int(row.get(t, 0))
        )
        label = f"{pd.Period(str(period)):%b %Y}"
        rows.append(
            f'<div class="bar-row"><span class="bar-label">{label}</span>'
            f'<span class="bar-track">{segments}</span>'
            f'<span class="bar-total">{int(row.sum())}</span></div>'
        )
    key = " ".join(
        f'<span class="key"><span class="swatch" style="background:{c}"></span>{t}</span>'
        for t, c in TYPE_COLOUR.items()
    )
    summary = "; ".join(f"{pd.Period(str(p)):%B %Y}: {int(r.sum())}" for p, r in counts.iterrows())
    return (
        f'<figure class="month-chart" role="img" aria-label="Records per month. {summary}">'
        f"<figcaption>Records per month, by type</figcaption>{''.join(rows)}"
        f'<div class="bar-key">{key}</div></figure>'
    )


def _view(frame: pd.DataFrame) -> w.Widget:
    """One precomputed view: the month chart and a tab per record type."""
    tabs = w.Tab(
        children=[
            w.HTML(_table(frame[frame["type"] == t]), layout=w.Layout(width="100%"))
            for t in RECORD_TYPES
        ]
    )
    for i, t in enumerate(RECORD_TYPES):
        tabs.set_title(i, f"{t} ({int((frame['type'] == t).sum())})")
    return w.VBox([w.HTML(month_chart(frame)), tabs])


def countries(frame: pd.DataFrame) -> list[str]:
    """Countries and bodies present in the records, most records first."""
    return list(frame["countries"].explode().value_counts().index)


def periods(frame: pd.DataFrame) -> list[str]:
    """The years present in the records."""
    return [str(y) for y in sorted(frame["date"].dt.year.unique())]


def browse(data: Dataset) -> w.VBox:
    """The part of the explorer that needs no kernel: precomputed views, switched in the page."""
    with stable_ids("browse"):
        return _browse(data)


def _browse(data: Dataset) -> w.VBox:
    recs = records(data)
    country_options = [ALL_COUNTRIES, *countries(recs)]
    period_options = [WHOLE_PERIOD, *periods(recs)]
    country = w.Dropdown(options=country_options, description="Country", value=ALL_COUNTRIES)
    period = w.ToggleButtons(options=period_options, description="Period", value=WHOLE_PERIOD)
    outer = []
    for c in country_options:
        sub = recs if c == ALL_COUNTRIES else recs[recs["countries"].map(lambda cs, c=c: c in cs)]
        views = []
        for p in period_options:
            part = sub if p == WHOLE_PERIOD else sub[sub["date"].dt.year == int(p)]
            views.append(_view(part))
        inner = w.Stack(children=views, selected_index=0)
        w.jslink((period, "index"), (inner, "selected_index"))
        outer.append(inner)
    stack = w.Stack(children=outer, selected_index=0)
    w.jslink((country, "index"), (stack, "selected_index"))
    note = w.HTML(
        "<p class='explorer-note'>These controls work in the web page itself: every view was "
        "computed when the book was built.</p>"
    )
    return w.VBox([note, w.HBox([country]), period, stack], layout=w.Layout(width="100%"))


def live_filters(data: Dataset) -> w.VBox:
    """Free filters that call back into Python: they work only with a running kernel."""
    with stable_ids("live"):
        return _live_filters(data)


def _live_filters(data: Dataset) -> w.VBox:
    recs = records(data)
    actors = data.actors.set_index("actor_id")["name"].astype(str)
    used = sorted({a for ids in recs["actor_ids"] for a in ids}, key=lambda a: actors[a])
    kinds = w.SelectMultiple(options=RECORD_TYPES, value=tuple(RECORD_TYPES), description="Type")
    actor = w.Dropdown(
        options=[("Any actor", ""), *[(actors[a], a) for a in used]], description="Actor"
    )
    counts = w.SelectMultiple(
        options=[(v, k) for k, v in data.labels("troop_claims", "counts").items()],
        value=tuple(data.labels("troop_claims", "counts")),
        description="Counts",
    )
    months = [str(p) for p in pd.period_range(recs["date"].min(), recs["date"].max(), freq="M")]
    first = w.Dropdown(options=months, value=months[0], description="From")
    last = w.Dropdown(options=months, value=months[-1], description="To")
    out = w.HTML()

    def update(_: object = None) -> None:
        sel = recs[recs["type"].isin(kinds.value)]
        if actor.value:
            sel = sel[sel["actor_ids"].map(lambda ids: actor.value in ids)]
        is_claim = sel["type"] == "Stated figures"
        sel = sel[~is_claim | sel["counts"].isin(counts.value)]
        start, end = pd.Period(first.value, freq="M"), pd.Period(last.value, freq="M")
        month = sel["date"].dt.to_period("M")
        sel = sel[(month >= start) & (month <= end)]
        out.value = f"<p>{len(sel)} records match.</p>{month_chart(sel)}{_table(sel)}"

    for control in (kinds, actor, counts, first, last):
        control.observe(update, names="value")
    update()
    note = w.HTML(
        "<p class='explorer-note'><strong>These filters need a running Python kernel.</strong> "
        "On the web page they cannot respond: open this chapter as a notebook in JupyterLab "
        "(see the README) to use them.</p>"
    )
    return w.VBox([note, w.HBox([kinds, counts]), actor, w.HBox([first, last]), out])


def summary(data: Dataset) -> pd.DataFrame:
    """Records per country and type: the explorer's static summary (for the PDF)."""
    recs = records(data).explode("countries")
    table = recs.groupby(["countries", "type"]).size().unstack(fill_value=0)
    table = table.reindex(columns=RECORD_TYPES, fill_value=0)
    table["All"] = table.sum(axis=1)
    table = table.sort_values("All", ascending=False)
    return table.rename_axis("Country or body").reset_index()
