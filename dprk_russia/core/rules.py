"""The report's rules on the records, one function per rule.

Each rule takes the :class:`Context` (the tables read as text, their keys, and where to report)
and reports every row that breaks it. A cell that failed its own check (:mod:`.cells`) is
passed to later rules as empty, so one mistake is reported once, not by every rule that reads
it. A table that cannot be used (not readable, or a header and no records) is named once, and
no rule reports the references into it that then fail.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .cells import cell_problem, normalise_quote
from .problems import Problem
from .reading import RawTable, Row, Unreadable, stored_text
from .schema import policy

#: A verbatim quote needs this many letters or digits to mean anything, and to be checked.
QUOTE_MIN_CHARS = 12
#: The tables whose records can be the later outcome of an assessment.
OUTCOME_TABLES = ("events", "troop_claims")
#: Tables with a '; '-separated list of ids, and the tables whose ids the list may hold.
ID_LISTS: dict[str, tuple[str, ...]] = {
    "searches": ("records",),
    "corrections": ("records", "citations", "searches"),
}


@dataclass
class Context:
    """What the rules share: the raw tables, and what earlier rules found."""

    root: Path
    raws: dict[str, RawTable]
    problems: list[Problem]
    #: (line, field) of every cell that failed its own check, by table.
    bad: defaultdict[str, set[tuple[int, str]]] = field(default_factory=lambda: defaultdict(set))
    #: Rows by primary key, by table (first of each duplicate).
    keys: dict[str, dict[str, Row]] = field(default_factory=dict)
    #: Every record (event, claim, statement, assessment) by id, with its table.
    records: dict[str, tuple[str, Row]] = field(default_factory=dict)
    #: Stored source texts by source id.
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def record_tables(self) -> dict[str, str]:
        """Record tables and their date column, as the data package declares them."""
        return policy(self.root).record_tables

    @property
    def unusable(self) -> set[str]:
        return {name for name, raw in self.raws.items() if not raw.usable}

    def report(self, raw: RawTable, row: Row, name: str | None, message: str) -> None:
        self.problems.append(Problem(raw.file, row.line, raw.key(row), name, message))

    def value(self, tname: str, row: Row, name: str) -> str:
        """The cell's value if it passed its own checks, else ''."""
        if (row.line, name) in self.bad[tname]:
            return ""
        return row.values.get(name, "")

    def rows(self, tname: str) -> list[Row]:
        raw = self.raws.get(tname)
        return raw.rows if raw is not None else []

    def broken(self, tables: tuple[str, ...] | list[str] | dict[str, str]) -> set[str]:
        """Keys of rows too broken to check in these tables (their own problem)."""
        return {k for t in tables if t in self.raws for k in self.raws[t].broken_keys}


def each_cell(ctx: Context) -> None:
    """Each cell on its own: characters, type, range, category, pattern, address."""
    rules = policy(ctx.root)
    period = rules.period()
    for tname, raw in ctx.raws.items():
        present = [f for f in raw.table.fields if f.name in raw.columns]
        for row in raw.rows:
            for f in present:
                msg = cell_problem(f, row.values[f.name], period, rules.plain_http_hosts)
                if msg:
                    ctx.report(raw, row, f.name, msg)
                    ctx.bad[tname].add((row.line, f.name))


def unique_keys(ctx: Context) -> None:
    """No two rows of a table share an id; collects the keys for the rules after."""
    for tname, raw in ctx.raws.items():
        pk = raw.table.primary_key
        ctx.keys[tname] = {}
        for row in raw.rows:
            value = ctx.value(tname, row, pk)
            if not value:
                continue
            if value in ctx.keys[tname]:
                first = ctx.keys[tname][value].line
                ctx.report(raw, row, pk, f"duplicate id {value!r} (first on line {first})")
            else:
                ctx.keys[tname][value] = row
    for tname in ctx.record_tables:
        for rid, row in ctx.keys.get(tname, {}).items():
            ctx.records[rid] = (tname, row)


def foreign_keys(ctx: Context) -> None:
    """Every reference the schema declares names a row of its table."""
    for tname, raw in ctx.raws.items():
        for fk in raw.table.foreign_keys:
            if fk.resource in ctx.unusable:  # reported once, as that table's problem
                continue
            target = ctx.keys.get(fk.resource, {})
            broken = ctx.broken([fk.resource])
            for row in raw.rows:
                value = ctx.value(tname, row, fk.field)
                if value and value not in target and value not in broken:
                    ctx.report(raw, row, fk.field, f"unknown {fk.resource} id {value!r}")


def event_actors(ctx: Context) -> None:
    """An event's ``actor_ids`` are '; '-separated known actors, none twice."""
    if "events" not in ctx.raws or "actors" in ctx.unusable:
        return
    raw, actors = ctx.raws["events"], ctx.keys.get("actors", {})
    for row in raw.rows:
        value = ctx.value("events", row, "actor_ids")
        if not value:
            continue
        ids = value.split("; ")
        for actor in ids:
            if actor not in actors:
                message = f"unknown actors id {actor!r} (ids are '; '-separated)"
                ctx.report(raw, row, "actor_ids", message)
        if len(set(ids)) != len(ids):
            ctx.report(raw, row, "actor_ids", "an actor is listed twice")


def date_precision(ctx: Context) -> None:
    """A month-precision date is on day 01, a year-precision one on 1 January; a source's
    published date states its precision."""
    for tname, raw in ctx.raws.items():
        date_fields = [f.name for f in raw.table.fields if f.type == "date"]
        prec_field = "published_precision" if tname == "sources" else "date_precision"
        for row in raw.rows:
            prec = ctx.value(tname, row, prec_field)
            for name in date_fields:
                value = ctx.value(tname, row, name)
                if not value:
                    continue
                if not prec and tname == "sources":
                    ctx.report(raw, row, prec_field, "a published date needs its precision")
                if prec == "month" and not value.endswith("-01"):
                    ctx.report(raw, row, name, f"month-precision date must be on day 01: {value}")
                if prec == "year" and not value.endswith("-01-01"):
                    ctx.report(raw, row, name, f"year-precision date must be on 1 January: {value}")


def stored_texts(ctx: Context) -> None:
    """A source's ``text_path`` is a readable stored text; collects the texts."""
    for row in ctx.rows("sources"):
        rel = ctx.value("sources", row, "text_path")
        sid = ctx.value("sources", row, "source_id")
        if not rel or not sid:  # a missing id is reported with the columns
            continue
        try:
            ctx.texts[sid] = stored_text(ctx.root, rel)
        except Unreadable as exc:
            ctx.report(ctx.raws["sources"], row, "text_path", f"stored text {rel!r}: {exc}")


def citation_quotes(ctx: Context) -> None:
    """A quote is long enough to check, and a quote of a stored text is verbatim in it."""
    normalised = {sid: normalise_quote(text) for sid, text in ctx.texts.items()}
    for row in ctx.rows("citations"):
        raw = ctx.raws["citations"]
        sid = ctx.value("citations", row, "source_id")
        quote = ctx.value("citations", row, "quote")
        if quote and sum(ch.isalnum() for ch in quote) < QUOTE_MIN_CHARS:
            message = (
                f"too short to be a checkable verbatim quote: at least {QUOTE_MIN_CHARS} "
                f"letters or digits, not {quote!r}"
            )
            ctx.report(raw, row, "quote", message)
        if sid in normalised and quote and normalise_quote(quote) not in normalised[sid]:
            ctx.report(raw, row, "quote", f"quote is not verbatim in the stored text of {sid}")


def cited_records(ctx: Context) -> None:
    """A citation names a known record, and every record has at least one citation."""
    if "citations" not in ctx.raws:
        return
    usable = not ctx.unusable & set(ctx.record_tables)
    broken = ctx.broken(ctx.record_tables)
    cited: set[str] = set()
    for row in ctx.rows("citations"):
        rid = ctx.value("citations", row, "record_id")
        if not rid:
            continue
        if rid not in ctx.records and usable and rid not in broken:
            ctx.report(ctx.raws["citations"], row, "record_id", f"unknown record id {rid!r}")
        cited.add(rid)
    if "citations" in ctx.unusable:
        return
    for rid, (tname, row) in ctx.records.items():
        if rid not in cited:
            ctx.report(ctx.raws[tname], row, None, "record has no citation (needs a source)")


def dated_before_source(ctx: Context) -> None:
    """A record's date is never after the publication date of a source that reports it."""
    for row in ctx.rows("citations"):
        rid = ctx.value("citations", row, "record_id")
        sid = ctx.value("citations", row, "source_id")
        source = ctx.keys.get("sources", {}).get(sid)
        if rid not in ctx.records or source is None:
            continue
        published = ctx.value("sources", source, "published")
        tname, rec = ctx.records[rid]
        dname = ctx.record_tables[tname]
        when = ctx.value(tname, rec, dname)
        if published and when and when > published:
            message = (
                f"date {when} is after the publication date {published} of its source "
                f"{sid} ({ctx.raws['citations'].file}, line {row.line})"
            )
            ctx.report(ctx.raws[tname], rec, dname, message)


def outcome_records(ctx: Context) -> None:
    """An assessment's outcome is a later event or stated figure (with its own sources)."""
    if "assessment_outcomes" not in ctx.raws or ctx.unusable & set(OUTCOME_TABLES):
        return
    raw = ctx.raws["assessment_outcomes"]
    broken = ctx.broken(OUTCOME_TABLES)
    for row in raw.rows:
        rid = ctx.value("assessment_outcomes", row, "record_id")
        found = ctx.records.get(rid)
        if not rid or (found is not None and found[0] in OUTCOME_TABLES) or rid in broken:
            continue
        if found is None:
            ctx.report(raw, row, "record_id", f"unknown event or troop claim id {rid!r}")
        else:
            message = f"{rid!r} is a {found[0]} id; an outcome must be an event or troop claim"
            ctx.report(raw, row, "record_id", message)


def id_lists(ctx: Context) -> None:
    """Every id in a search's or a correction's ``record_ids`` names a record (or, for a
    correction, a citation or a search) that exists."""
    for tname, allowed in ID_LISTS.items():
        raw = ctx.raws.get(tname)
        if raw is None:
            continue
        targets = [
            t for kind in allowed for t in (ctx.record_tables if kind == "records" else [kind])
        ]
        if any(t in ctx.raws and not ctx.raws[t].usable for t in targets):
            continue
        known: set[str] = set()
        for kind in allowed:
            known |= set(ctx.records) if kind == "records" else set(ctx.keys.get(kind, {}))
        broken = ctx.broken(targets)
        for row in raw.rows:
            value = ctx.value(tname, row, "record_ids")
            for rid in value.split("; ") if value else []:
                if rid not in known and rid not in broken:
                    what = " or ".join(allowed)
                    ctx.report(raw, row, "record_ids", f"unknown id {rid!r} (not among the {what})")


def figure_order(ctx: Context) -> None:
    """A stated figure's bounds are ordered: low <= best <= high."""
    names = ("figure_low", "figure_best", "figure_high")
    for row in ctx.rows("troop_claims"):
        raw = ctx.raws["troop_claims"]
        vals = {n: int(v) for n in names if (v := ctx.value("troop_claims", row, n))}
        low, best, high = (vals.get(n) for n in names)
        if low is not None and high is not None and low > high:
            ctx.report(raw, row, "figure_low", f"figure_low {low} is above figure_high {high}")
        if best is not None and low is not None and best < low:
            ctx.report(raw, row, "figure_best", f"figure_best {best} is below figure_low {low}")
        if best is not None and high is not None and best > high:
            ctx.report(raw, row, "figure_best", f"figure_best {best} is above figure_high {high}")


#: Every rule, in the order they run (the first two collect what the others read).
RULES: tuple[Callable[[Context], None], ...] = (
    each_cell,
    unique_keys,
    foreign_keys,
    event_actors,
    date_precision,
    stored_texts,
    citation_quotes,
    cited_records,
    dated_before_source,
    outcome_records,
    id_lists,
    figure_order,
)
