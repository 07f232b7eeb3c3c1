"""Tables for readers: one function per table the book shows, each taking the dataset and
returning a frame with the book's column names, dates at their precision and categories by their
labels (from ``datapackage.json``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .core.loading import Dataset
from .core.schema import tables as schema_tables
from .text import format_date
from .views.chronology import deployment_events
from .views.claims import claims_frame
from .views.concepts import statements_frame
from .views.records import main_citations
from .views.table_cells import (
    Cell,
    dated,
    dates,
    linked,
    numbered,
    pieced,
    row_address,
    source_cells,
    with_ids,
)


def claims_table(data: Dataset) -> pd.DataFrame:
    """The stated figures as the book lists them: one row per claim, newest last; the figure
    sorts by its value, the date as a date, the source links to its page."""
    c = claims_frame(data).sort_values(["date_stated", "claim_id"])
    table = pd.DataFrame(
        {
            "Stated": dates(c, "date_stated"),
            "Claimant (as reported)": c["claimant_as_reported"].to_numpy(),
            "Country": c["claimant_country"].to_numpy(),
            "Figure (as stated)": [
                numbered(s, v) for s, v in zip(c["stated"], c["figure_point"], strict=True)
            ],
            "Counts": c["counts"].map(data.labels("troop_claims", "counts")).to_numpy(),
            "Wording": c["wording"].to_numpy(),
            "Main source": source_cells(data, c["claim_id"]),
        }
    )
    return with_ids(table, c["claim_id"])


def events_table(data: Dataset) -> pd.DataFrame:
    """The timeline as a table: date at its precision (which the date's wording shows), actors
    by name, type, description, and the main source linked to its page."""
    e = data.events.sort_values(["date", "event_id"])
    names = data.actors.set_index("actor_id")["name"]
    actors = e["actor_ids"].map(lambda ids: "; ".join(names[i] for i in str(ids).split("; ")))
    table = pd.DataFrame(
        {
            "Date": dates(e, "date"),
            "Actors": actors.to_numpy(),
            "Type": e["event_type"].astype("string").str.replace("_", " ").to_numpy(),
            "What happened": e["description"].to_numpy(),
            "Main source": source_cells(data, e["event_id"]),
        }
    )
    return with_ids(table, e["event_id"])


def statements_table(data: Dataset) -> pd.DataFrame:
    """Who said what and when, with the stance, the main quote and its source."""
    s = statements_frame(data).sort_values(["date", "statement_id"])
    cites = main_citations(data)
    table = pd.DataFrame(
        {
            "Date": dates(s, "date"),
            "Speaker": s["speaker"].to_numpy(),
            "Role": s["role"].to_numpy(),
            "Country": s["country"].to_numpy(),
            "Stance": s["stance"].map(data.labels("statements", "stance")).to_numpy(),
            "Quote": s["statement_id"].map(cites["quote"]).to_numpy(),
            "Source": source_cells(data, s["statement_id"]),
        }
    )
    return with_ids(table, s["statement_id"])


def assessments_table(data: Dataset) -> pd.DataFrame:
    """The expert assessments with their theme, main quote and its source."""
    a = data.assessments.sort_values(["date", "assessment_id"])
    cites = main_citations(data)
    table = pd.DataFrame(
        {
            "Date": dates(a, "date"),
            "Assessor": a["assessor"].to_numpy(),
            "Theme": a["theme"].map(data.labels("assessments", "theme")).to_numpy(),
            "Assessment": a["summary"].to_numpy(),
            "Quote": a["assessment_id"].map(cites["quote"]).to_numpy(),
            "Source": source_cells(data, a["assessment_id"]),
        }
    )
    return with_ids(table, a["assessment_id"])


def deployment_table(data: Dataset) -> pd.DataFrame:
    """The events of the deployment as the book lists them, with the step each belongs to."""
    events = deployment_events(data)
    table = events_table(data)
    table = table[table.index.isin(events["event_id"])]
    stage = events.set_index("event_id")["stage"]
    table.insert(1, "Step", [str(stage[rid]) for rid in table.index])
    return table.drop(columns=["Type"])


#: The order of the bibliography: a page's own text first, mirrors and aggregators last.
ORIGINS = ["own", "agency_copy", "mirror"]


def _published(when: Any, precision: object, inferred: bool) -> Cell:
    """A source's date as the bibliography gives it: at its precision, marked where inferred,
    'undated' where there is none; sorted as a date."""
    if pd.isna(when):
        return dated(None)
    text = format_date(pd.Timestamp(when), str(precision)) + (" (inferred)" if inferred else "")
    return dated(when, precision, text)


def _title_or_address(title: object, url: object, text_path: object) -> Cell:
    """A source's title where it was recorded, else its address, linked to the page (a source
    known only from its stored text says where that text is)."""
    address = url if isinstance(url, str) and url else None
    if isinstance(title, str) and title:
        return linked(title, address)
    return linked(address or f"(stored text: {text_path})", address)


def bibliography(data: Dataset) -> pd.DataFrame:
    """Every source: its publisher, its title (where recorded) or else its address, linked to
    the page, its date, whose text it is and how many citations rely on it. The outlets' own
    pages come first, then pages carrying a credited agency or outlet report, then mirrors,
    rewrites and reposts; by publisher and date within each."""
    s = data.sources.copy()
    s["rank"] = s["origin"].astype("string").map({o: i for i, o in enumerate(ORIGINS)})
    s = s.sort_values(["rank", "publisher", "published", "source_id"], na_position="last")
    uses = data.citations["source_id"].value_counts()
    labels = data.labels("sources", "origin")
    table = pd.DataFrame(
        {
            "Publisher": s["publisher"].to_numpy(),
            "Title or address": [
                _title_or_address(t, u, p)
                for t, u, p in zip(s["title"], s["url"], s["text_path"], strict=True)
            ],
            "Published": [
                _published(d, p, bool(i))
                for d, p, i in zip(
                    s["published"], s["published_precision"], s["date_inferred"], strict=True
                )
            ],
            "Whose text": [
                Cell(labels[o], order=rank)
                for o, rank in zip(s["origin"].astype(str), s["rank"], strict=True)
            ],
            "Citations": s["source_id"].map(uses).fillna(0).astype(int).to_numpy(),
        }
    )
    return with_ids(table, s["source_id"])


def data_dictionary(data: Dataset | None = None) -> pd.DataFrame:
    """Every field of every table, from the schema itself (so it cannot drift from the data)."""
    rows = []
    for table in schema_tables(data.directory if data is not None else None).values():
        for f in table.fields:
            allowed = ", ".join(f.enum) if f.enum else ""
            rows.append(
                {
                    "Table": table.name,
                    "Field": f.name,
                    "Type": f.type,
                    "Required": "yes" if f.required else "",
                    "Description": f.description,
                    "Allowed values": allowed,
                }
            )
    return pd.DataFrame(rows)


def corrections_table(data: Dataset) -> pd.DataFrame:
    """The corrections log as the book prints it: when, where, what it said, what is right,
    and the records behind the change with their main sources."""
    k = data.corrections
    ids = [[i for i in str(v).split("; ") if i] for v in k["record_ids"].fillna("")]
    table = pd.DataFrame(
        {
            "Corrected": [dated(d) for d in k["date"]],
            "Where": k["location"].to_numpy(),
            "Kind": k["kind"].map(data.labels("corrections", "kind")).to_numpy(),
            "It said": k["was"].to_numpy(),
            "It now says": k["now"].to_numpy(),
            "Records (main source)": [_records_and_sources(data, row) for row in ids],
        }
    )
    return with_ids(table, k["correction_id"])


def _records_and_sources(data: Dataset, ids: list[str]) -> Cell:
    """Records by id, each linked to its row in the book and followed by its main source
    linked to its page: 'E64 (NK News); E65 (CNA (Reuters))'. A search has no source."""
    cites = main_citations(data)
    pieces: list[tuple[str, Any]] = []
    for rid in ids:
        if pieces:
            pieces.append(("; ", None))
        pieces.append((rid, row_address(data, rid)))
        if rid in cites.index:
            pieces += [(" (", None), (str(cites.at[rid, "publisher"]), cites.at[rid, "url"])]
            pieces.append((")", None))
    return pieced(pieces)


def searches_table(data: Dataset) -> pd.DataFrame:
    """The recorded searches behind every 'we found no ...' of the book."""
    q = data.searches
    return pd.DataFrame(
        {
            "Search": q["search_id"],
            "Run on": [dated(d) for d in q["searched"]],
            "Looking for": q["looking_for"],
            "Terms": q["terms"],
            "In": q["corpus"],
            "Result": q["result"].map({"found_none": "none found", "found": "found"}),
            "Notes": q["notes"].fillna(""),
        }
    ).reset_index(drop=True)


def citation_checks(data: Dataset) -> pd.DataFrame:
    """How many quotes the latest re-check found verbatim, and how many it could not re-find,
    by the kind of source (the stored source article, or a public page)."""
    c = data.citations.join(data.sources.set_index("source_id")["kind"], on="source_id")
    kind = c["kind"].astype("string").where(c["kind"] == "source_article", "public page")
    kind = kind.replace({"source_article": "the stored source article"})
    table = pd.crosstab(kind, c["check_status"].astype("string"))
    table = table.reindex(columns=["verbatim", "not_refound"], fill_value=0)
    table.columns = ["Re-found verbatim", "Not re-found"]
    table["All citations"] = table.sum(axis=1)
    table.index.name = "Source"
    return table.reset_index()
