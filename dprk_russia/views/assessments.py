"""Expert assessments: who judged what, how later records bear on each judgment, and the
track record that follows from those bearings (a rule applied to our own bearings, not a grade)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from ..core.loading import Dataset
from ..text import as_printed, count_text, format_date, when
from .claims import claims_frame
from .records import address, cited, main_citations
from .table_cells import Cell, dated, dates, linked, row_address, source_cells, with_ids

#: How the assessments chapter names a bearing, and how the chart draws it (colour-blind-safe:
#: blue against vermillion, and a different marker for each).
BEARING_LABEL = {"supports": "Supports", "contradicts": "Contradicts", "mixed": "Mixed"}


def records_frame(data: Dataset) -> pd.DataFrame:
    """Events and troop claims as one table of later records: id, kind, date and a description.

    An outcome may be either; the assessments chapter shows both the same way.
    """
    e = data.events
    events = pd.DataFrame(
        {
            "record_id": e["event_id"],
            "kind": "event",
            "date": e["date"],
            "date_precision": e["date_precision"].astype("string"),
            "what": e["description"],
        }
    )
    c = claims_frame(data)
    claims = pd.DataFrame(
        {
            "record_id": c["claim_id"],
            "kind": "stated figure",
            "date": c["date_stated"],
            "date_precision": c["date_precision"].astype("string"),
            "what": c["claimant_as_reported"]
            + " stated "
            + c["stated"]
            + ": "
            + c["wording"]
            + ".",
        }
    )
    return pd.concat([events, claims], ignore_index=True).set_index("record_id")


def assessment_values(data: Dataset) -> dict[str, str | int]:
    """For each assessment (prefix: its id in lower case): date, assessor, theme, the research's
    confidence in the record, its main quote and publisher, and how many later records support,
    contradict or are mixed on it; and the totals."""
    a = data.assessments.set_index("assessment_id")
    cites = main_citations(data)
    o = data.assessment_outcomes
    out: dict[str, str | int] = {
        "n_assessments": len(a),
        "n_outcomes": len(o),
        "n_outcome_records": int(o["record_id"].nunique()),
        "n_assessed_themes": int(a["theme"].nunique()),
    }
    for bearing in BEARING_LABEL:
        out[f"n_{bearing}"] = int((o["bearing"] == bearing).sum())
    for aid in a.index.astype(str):
        row = a.loc[aid]
        p = aid.lower()
        out[f"{p}_date"] = when(row)
        out[f"{p}_assessor"] = str(row["assessor"])
        out[f"{p}_theme"] = data.labels("assessments", "theme")[str(row["theme"])]
        out[f"{p}_confidence"] = str(row["confidence"])
        out[f"{p}_quote"] = str(cites.loc[aid, "quote"])
        out[f"{p}_source"] = str(cites.loc[aid, "publisher"])
        out[f"{p}_source_url"] = address(cites.loc[aid, "url"])
        mine = o[o["assessment_id"] == aid]
        out[f"{p}_n_outcomes"] = len(mine)
        for bearing in BEARING_LABEL:
            n = int((mine["bearing"] == bearing).sum())
            out[f"{p}_n_{bearing}"] = n
            out[f"{p}_n_{bearing}_text"] = count_text(n)
    return as_printed(out)


#: "<Name> from the <institute> warns/says ...": how a rewrite names an analyst.
_NAMED = re.compile(
    r"^(?P<name>[A-Z][\w-]*(?: [A-Z][\w-]*)+) from the (?P<institute>[A-Z][^,]*?)"
    r" (?:warns|says|said|notes|noted|argues)\b"
)


def rewrite_attribution(data: Dataset, assessment_id: str, prefix: str) -> dict[str, str]:
    """Who a later rewrite of the article names as the analyst, with the rewrite's publisher
    and the research's confidence in it: the article itself leaves its analysts unnamed, and
    the chapter must say that the name rests on a rewrite alone."""
    c = cited(data)
    c = c[(c["record_id"] == assessment_id) & (c["source_id"] != data.article_source)]
    for _, row in c.iterrows():
        found = _NAMED.match(str(row["quote"]))
        if found:
            values = {
                f"{prefix}_name": found.group("name"),
                f"{prefix}_institute": found.group("institute"),
                f"{prefix}_quote": str(row["quote"]),
                f"{prefix}_source": str(row["publisher"]),
                f"{prefix}_source_url": address(row["url"]),
                f"{prefix}_confidence": str(row["confidence"]),
            }
            return as_printed(values)
    raise LookupError(f"no citation of {assessment_id} names an analyst")


def outcomes_frame(data: Dataset) -> pd.DataFrame:
    """Each outcome with its assessment and its later record (kind, date, description) and the
    record's main source: one row per link between an assessment and a later record."""
    records = records_frame(data)
    cites = main_citations(data)
    a = data.assessments.set_index("assessment_id")
    o = data.assessment_outcomes.copy()
    o["theme"] = o["assessment_id"].map(a["theme"].astype("string"))
    o["assessment_date"] = o["assessment_id"].map(a["date"])
    o["assessment_precision"] = o["assessment_id"].map(a["date_precision"].astype("string"))
    for col in ("kind", "date", "date_precision", "what"):
        o[f"record_{col}"] = o["record_id"].map(records[col])
    o["source"] = o["record_id"].map(cites["publisher"])
    o["source_url"] = o["record_id"].map(cites["url"])
    o["assessor"] = o["assessment_id"].map(a["assessor"])
    o["source_quote"] = o["record_id"].map(cites["quote"])
    return o.sort_values(["assessment_id", "record_date", "outcome_id"]).reset_index(drop=True)


def outcomes_table(data: Dataset, assessment_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The later records that bear on the given assessments, as the chapter lists them: what
    the record says, how it bears, our reasoning, and the record's own main source, quoted.

    The assessment column is left out when the table is for one assessment only, and the
    record's id and date share a column, so that the table stays narrow enough to read beside
    the prose.
    """
    o = outcomes_frame(data)
    if assessment_ids is not None:
        o = o[o["assessment_id"].isin(list(assessment_ids))]
    later = [
        Cell(
            format_date(d, str(p)),
            links=[(0, len(format_date(d, str(p))), row_address(data, rid) or "")],
            order=f"{d:%Y-%m-%d}",
            note=f"Record {rid}",
        )
        for rid, d, p in zip(
            o["record_id"], o["record_date"], o["record_date_precision"], strict=True
        )
    ]
    sources = [
        linked(f'{pub}: "{quote}"', url, link_chars=len(str(pub)))
        for pub, quote, url in zip(o["source"], o["source_quote"], o["source_url"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "Assessment": [
                Cell(who, note=f"Assessment {aid}")
                for who, aid in zip(o["assessor"], o["assessment_id"], strict=True)
            ],
            "Later record": later,
            "What the record says": o["record_what"].to_numpy(),
            "Bearing": o["bearing"].astype("string").map(BEARING_LABEL).to_numpy(),
            "Our reasoning": o["note"].to_numpy(),
            "Main source (quoted)": sources,
        }
    )
    if o["assessment_id"].nunique() == 1:
        table = table.drop(columns="Assessment")
    return with_ids(table, o["outcome_id"])


#: How the track record names an assessment's standing, from the bearings of its later records.
VERDICTS = {
    "borne_out": "Borne out so far",
    "not_borne_out": "Not borne out so far",
    "mixed": "Mixed",
    "untested": "Not yet tested by the record",
}


def verdict(supports: int, contradicts: int, mixed: int) -> str:
    """An assessment's standing in the record: borne out (only supporting records), not borne
    out (only contradicting ones), mixed (both, or records that are mixed), or untested (no
    later record bears on it). A rule applied to our own bearings, not a grade of the analyst."""
    if supports + contradicts + mixed == 0:
        return "untested"
    if contradicts == 0 and mixed == 0:
        return "borne_out"
    if supports == 0 and mixed == 0:
        return "not_borne_out"
    return "mixed"


def track_record(data: Dataset, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Every assessment (or those with ``ids``) with how many later records support, contradict
    or are mixed on it, and its standing: the scored track record. One row per assessment,
    oldest first. The counts are of links we judged, not a score of the analysts."""
    a = data.assessments.sort_values(["date", "assessment_id"])
    if ids is not None:
        a = a[a["assessment_id"].isin(ids)]
    o = data.assessment_outcomes
    counts = pd.crosstab(o["assessment_id"], o["bearing"].astype("string"))
    counts = counts.reindex(index=a["assessment_id"], columns=list(BEARING_LABEL), fill_value=0)
    standing = [
        VERDICTS[verdict(int(r["supports"]), int(r["contradicts"]), int(r["mixed"]))]
        for _, r in counts.iterrows()
    ]
    table = pd.DataFrame(
        {
            "Date": dates(a, "date"),
            "Assessor": a["assessor"].to_numpy(),
            "Question": a["theme"]
            .astype("string")
            .map(data.labels("assessments", "theme"))
            .to_numpy(),
            "Standing": standing,
            **{BEARING_LABEL[b]: counts[b].astype(int).to_numpy() for b in BEARING_LABEL},
            "Hedge (as said)": a["hedge"].fillna("").to_numpy(),
        }
    )
    return with_ids(table, a["assessment_id"])


def track_values(data: Dataset) -> dict[str, str | int]:
    """Counts for the prose on the track record and on who assessed."""
    table = track_record(data)
    a = data.assessments
    standing = table["Standing"].value_counts()
    out: dict[str, str | int] = {
        f"n_{key}": int(standing.get(label, 0)) for key, label in VERDICTS.items()
    }
    out["n_tested"] = len(table) - int(out["n_untested"])
    out["n_assessors"] = int(a["actor_id"].nunique())
    out["n_named_assessors"] = int(
        a.loc[a["assessor_kind"].astype("string") != "analysts_in_press", "actor_id"].nunique()
    )
    out["first_assessment_date"] = format_date(a["date"].min(), "month")
    out["last_assessment_date"] = when(a.sort_values("date").iloc[-1])
    kinds = a["assessor_kind"].astype("string").value_counts()
    for kind in data.labels("assessments", "assessor_kind"):
        out[f"n_kind_{kind}"] = int(kinds.get(kind, 0))
    return as_printed(out)


def assessments_on(data: Dataset, theme: str) -> pd.DataFrame:
    """The assessments answering one question, oldest first: who, when, their own hedge, the
    quote that carries the judgment, and where it was published."""
    a = data.assessments[data.assessments["theme"] == theme].sort_values(["date", "assessment_id"])
    cites = main_citations(data)
    who = [
        dated(d, p, f"{name}, {format_date(d, str(p))}")
        for name, d, p in zip(a["assessor"], a["date"], a["date_precision"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "Who, and when": who,
            "In their words (quoted)": a["assessment_id"].map(cites["quote"]).to_numpy(),
            "Hedge (as said)": a["hedge"].fillna("").to_numpy(),
            "Source": source_cells(data, a["assessment_id"]),
        }
    )
    return with_ids(table, a["assessment_id"])


def questions_table(data: Dataset) -> pd.DataFrame:
    """How many assessments answer each question, by kind of assessor."""
    a = data.assessments
    table = pd.crosstab(
        a["theme"].astype("string").map(data.labels("assessments", "theme")),
        a["assessor_kind"].astype("string").map(data.labels("assessments", "assessor_kind")),
    )
    table["All"] = table.sum(axis=1)
    table = table.sort_values("All", ascending=False)
    table.index.name = "Question"
    return table.reset_index()
