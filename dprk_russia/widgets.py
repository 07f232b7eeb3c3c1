"""The evidence explorer's records, and its filters for a live kernel.

:func:`records` puts every record of every kind in one table; the web page ships them once as
JSON and filters them in the browser (``publish/explorer_page.py`` and
``book/_static/explorer.js``), since a published Jupyter Book has no kernel behind it.

:func:`live_filters` are ipywidgets that call back into Python: record type, actor, what a claim
counts and a range of months, with the matching records and a chart. They need a running kernel
(the chapter rerun in JupyterLab), so the web page does not show them (the cell is tagged
``remove-cell``).

Every piece of record text is HTML-escaped before it reaches a widget (``escaping.html_text``).
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


def _row(rid: object, kind: str, date: object, precision: object, who: str) -> dict[str, Any]:
    return {"id": str(rid), "type": kind, "date": date, "precision": str(precision), "who": who}


def _event_rows(
    data: Dataset, name: dict[str, str], country: dict[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for e in data.events.itertuples(index=False):
        ids = str(e.actor_ids).split("; ")
        row = _row(e.event_id, "Events", e.date, e.date_precision, "; ".join(name[i] for i in ids))
        what = f"{str(e.event_type).replace('_', ' ')}: {e.description}"
        countries = sorted({country[i] for i in ids})
        rows.append({**row, "actor_ids": ids, "countries": countries, "what": what, "counts": None})
    return rows


def _claim_rows(data: Dataset) -> list[dict[str, Any]]:
    label = data.labels("troop_claims", "counts")
    rows = []
    for c in claims_frame(data).to_dict("records"):
        row = _row(c["claim_id"], "Stated figures", c["date_stated"], c["date_precision"],
                   str(c["claimant_as_reported"]))  # fmt: skip
        what = f"{c['stated']} — {label[str(c['counts'])]} ({c['wording']})"
        rows.append({**row, "actor_ids": [c["claimant_id"]],
                     "countries": [str(c["claimant_country"])], "what": what,
                     "counts": str(c["counts"])})  # fmt: skip
    return rows


def _statement_rows(
    data: Dataset, name: dict[str, str], country: dict[str, str]
) -> list[dict[str, Any]]:
    stance = data.labels("statements", "stance")
    rows = []
    for s in data.statements.itertuples(index=False):
        who = f"{name[str(s.actor_id)]} ({s.role})"
        row = _row(s.statement_id, "Statements", s.date, s.date_precision, who)
        what = f"{stance[str(s.stance)]}: {s.summary}"
        rows.append({**row, "actor_ids": [s.actor_id], "countries": [country[str(s.actor_id)]],
                     "what": what, "counts": None})  # fmt: skip
    return rows


def _assessment_rows(data: Dataset, country: dict[str, str]) -> list[dict[str, Any]]:
    theme = data.labels("assessments", "theme")
    rows = []
    for a in data.assessments.itertuples(index=False):
        row = _row(a.assessment_id, "Assessments", a.date, a.date_precision, str(a.assessor))
        what = f"{theme[str(a.theme)]}: {a.summary}"
        rows.append({**row, "actor_ids": [a.actor_id], "countries": [country[str(a.actor_id)]],
                     "what": what, "counts": None})  # fmt: skip
    return rows


def records(data: Dataset) -> pd.DataFrame:
    """Every record of every kind in one table: id, type, date, who, countries, what, source."""
    actors = data.actors.set_index("actor_id")
    name = {str(k): str(v) for k, v in actors["name"].items()}
    country = {str(k): str(v) for k, v in actors["country"].items()}
    rows = [
        *_event_rows(data, name, country),
        *_claim_rows(data),
        *_statement_rows(data, name, country),
        *_assessment_rows(data, country),
    ]
    out = pd.DataFrame(rows)
    out["source"] = out["id"].map(main_citations(data)["publisher"].astype(str).to_dict())
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

    Drawn in HTML rather than as an image, with a text equivalent for screen readers; every
    month of the span has a row, a month without records a zero.
    """
    if frame.empty:
        return ""
    month = frame["date"].dt.to_period("M")
    counts = frame.groupby([month, "type"]).size().unstack(fill_value=0)
    # Every month from the first to the last, a month without records included (as a zero).
    counts = counts.reindex(pd.period_range(month.min(), month.max(), freq="M"), fill_value=0)
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


def countries(frame: pd.DataFrame) -> list[str]:
    """Countries and bodies present in the records, most records first."""
    return list(frame["countries"].explode().value_counts().index)


def periods(frame: pd.DataFrame) -> list[str]:
    """The years present in the records."""
    return [str(y) for y in sorted(frame["date"].dt.year.unique())]


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
