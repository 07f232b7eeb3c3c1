"""Values for the records a chapter's prose names: the one way a chapter chooses records.

Which records a sentence speaks about is an editorial choice, so it is made in the chapter, next
to the prose: a chapter writes ``{glue prefix: id}`` and passes it to :func:`picked`, which gives
each pick the values its prose may cite, found from the id alone (events, stated figures,
statements, assessments, citations and searches each give their own). The shared package never
chooses a record.

Every record gives ``{prefix}_date`` (at its precision), ``{prefix}_quote`` and
``{prefix}_source`` (the quote and publisher of its main source) and ``{prefix}_source_url``
(the address of its page, for a linked source in the prose). Besides:

- an event: ``_who`` (its actors, as prose lists them);
- a stated figure: ``_figure``, ``_stated`` (with its hedge), ``_claimant``, ``_who``, ``_id``;
- a statement: ``_speaker``, ``_role``, ``_stance``;
- an assessment: ``_assessor``, ``_theme``;
- a citation: ``{prefix}`` (the quote itself), ``_source`` and ``_source_url``;
- a search: ``_id``, ``_searched``, ``_corpus``, ``_terms`` (for a "we found no ..." sentence).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from ..core.loading import Dataset
from ..text import as_printed, format_date, when
from .claims import claim_values, claims_frame
from .concepts import statements_frame
from .records import address, main_citations, names, row_of

Values = dict[str, str]


def _event(data: Dataset, rid: str, p: str) -> Values:
    row = row_of(data.events, "event_id", rid)
    return {f"{p}_who": names(data, str(row["actor_ids"]))}


def _claim(data: Dataset, rid: str, p: str) -> Values:
    return claim_values(claims_frame(data), rid, p)


def _statement(data: Dataset, rid: str, p: str) -> Values:
    row = row_of(statements_frame(data), "statement_id", rid)
    stance = data.labels("statements", "stance")[str(row["stance"])]
    return {
        f"{p}_speaker": str(row["speaker"]),
        f"{p}_role": str(row["role"]),
        f"{p}_stance": stance.lower(),
    }


def _assessment(data: Dataset, rid: str, p: str) -> Values:
    row = row_of(data.assessments, "assessment_id", rid)
    theme = data.labels("assessments", "theme")[str(row["theme"])]
    return {f"{p}_assessor": str(row["assessor"]), f"{p}_theme": theme}


RECORD_PICKERS: dict[str, Callable[[Dataset, str, str], Values]] = {
    "events": _event,
    "troop_claims": _claim,
    "statements": _statement,
    "assessments": _assessment,
}


def _record(data: Dataset, table: str, rid: str, p: str) -> Values:
    """What every record gives, then what its kind gives."""
    date = data.policy.record_tables[table]
    row = row_of(data.table(table), data.primary_key(table), rid)
    cite = main_citations(data).loc[rid]
    out = {
        f"{p}_date": when(row, date),
        f"{p}_quote": str(cite["quote"]),
        f"{p}_source": str(cite["publisher"]),
        f"{p}_source_url": address(cite["url"]),
    }
    out.update(RECORD_PICKERS[table](data, rid, p))
    return out


def _citation(data: Dataset, cid: str, p: str) -> Values:
    row = row_of(data.citations, "citation_id", cid)
    source = row_of(data.sources, "source_id", str(row["source_id"]))
    return {
        p: str(row["quote"]),
        f"{p}_source": str(source["publisher"]),
        f"{p}_source_url": address(source["url"]),
    }


def _search(data: Dataset, qid: str, p: str) -> Values:
    q = row_of(data.searches, "search_id", qid)
    return {
        f"{p}_id": qid,
        f"{p}_searched": format_date(pd.Timestamp(str(q["searched"]))),
        f"{p}_corpus": str(q["corpus"]),
        f"{p}_terms": str(q["terms"]),
    }


def _kinds(data: Dataset) -> dict[str, str]:
    """Every id a chapter may pick, with the table it is a key of."""
    out: dict[str, str] = {}
    for table in [*data.policy.record_tables, "citations", "searches"]:
        frame = data.table(table)
        out.update(dict.fromkeys(frame[data.primary_key(table)].astype(str), table))
    return out


def picked(data: Dataset, picks: Mapping[str, str]) -> dict[str, str]:
    """The glue values of every pick (``{prefix: id}``), as the book prints them.

    Raises ``KeyError`` naming the prefix when an id is not in the data, so that a chapter
    whose record was renamed or removed stops the build instead of printing a stale value.
    """
    kinds = _kinds(data)
    out: dict[str, str] = {}
    for prefix, rid in picks.items():
        table = kinds.get(rid)
        if table is None:
            raise KeyError(f"{prefix}: {rid!r} is not the id of a record, citation or search")
        if table == "citations":
            out.update(_citation(data, rid, prefix))
        elif table == "searches":
            out.update(_search(data, rid, prefix))
        else:
            out.update(_record(data, table, rid, prefix))
    return as_printed(out)
