"""Tables for readers: one function per table the book shows, each taking the dataset and
returning a frame with the book's column names, dates at their precision and categories by their
labels (from ``datapackage.json``)."""

from __future__ import annotations

import pandas as pd

from .core.loading import Dataset
from .core.schema import tables as schema_tables
from .text import format_date
from .views.chronology import deployment_events
from .views.claims import claims_frame
from .views.concepts import statements_frame
from .views.records import main_citations


def _dates(frame: pd.DataFrame, date: str) -> pd.Series:
    return pd.Series(
        [format_date(d, str(p)) for d, p in zip(frame[date], frame["date_precision"], strict=True)],
        index=frame.index,
        dtype="string",
    )


def claims_table(data: Dataset) -> pd.DataFrame:
    """The stated figures as the book lists them: one row per claim, newest last."""
    c = claims_frame(data).sort_values(["date_stated", "claim_id"])
    cites = main_citations(data)
    return pd.DataFrame(
        {
            "Id": c["claim_id"],
            "Stated": _dates(c, "date_stated"),
            "Claimant (as reported)": c["claimant_as_reported"],
            "Country": c["claimant_country"],
            "Figure (as stated)": c["stated"],
            "Counts": c["counts"].map(data.labels("troop_claims", "counts")).astype("string"),
            "Wording": c["wording"],
            "Main source": c["claim_id"].map(cites["publisher"]),
        }
    ).reset_index(drop=True)


def events_table(data: Dataset) -> pd.DataFrame:
    """The timeline as a table: date at its precision, actors by name, type, description."""
    e = data.events.sort_values(["date", "event_id"])
    names = data.actors.set_index("actor_id")["name"]
    actors = e["actor_ids"].map(lambda ids: "; ".join(names[i] for i in str(ids).split("; ")))
    cites = main_citations(data)
    return pd.DataFrame(
        {
            "Id": e["event_id"],
            "Date": _dates(e, "date"),
            "Precision": e["date_precision"].astype("string"),
            "Actors": actors.astype("string"),
            "Type": e["event_type"].astype("string").str.replace("_", " "),
            "What happened": e["description"],
            "Main source": e["event_id"].map(cites["publisher"]),
        }
    ).reset_index(drop=True)


def statements_table(data: Dataset) -> pd.DataFrame:
    """Who said what and when, with the stance and the main quote."""
    s = statements_frame(data).sort_values(["date", "statement_id"])
    cites = main_citations(data)
    return pd.DataFrame(
        {
            "Id": s["statement_id"],
            "Date": _dates(s, "date"),
            "Speaker": s["speaker"],
            "Role": s["role"],
            "Country": s["country"],
            "Stance": s["stance"].map(data.labels("statements", "stance")).astype("string"),
            "Quote": s["statement_id"].map(cites["quote"]),
            "Source": s["statement_id"].map(cites["publisher"]),
        }
    ).reset_index(drop=True)


def assessments_table(data: Dataset) -> pd.DataFrame:
    """The expert assessments with their theme and main quote."""
    a = data.assessments.sort_values(["date", "assessment_id"])
    cites = main_citations(data)
    return pd.DataFrame(
        {
            "Id": a["assessment_id"],
            "Date": _dates(a, "date"),
            "Assessor": a["assessor"],
            "Theme": a["theme"].map(data.labels("assessments", "theme")).astype("string"),
            "Assessment": a["summary"],
            "Quote": a["assessment_id"].map(cites["quote"]),
            "Source": a["assessment_id"].map(cites["publisher"]),
        }
    ).reset_index(drop=True)


def deployment_table(data: Dataset) -> pd.DataFrame:
    """The events of the deployment as the book lists them, with the step each belongs to."""
    events = deployment_events(data)
    table = events_table(data)
    table = table[table["Id"].isin(events["event_id"])].reset_index(drop=True)
    stage = events.set_index("event_id")["stage"]
    table.insert(2, "Step", table["Id"].map(stage).astype("string"))
    return table.drop(columns=["Precision", "Type"])


def bibliography(data: Dataset) -> pd.DataFrame:
    """Every source, by publisher and date, with how many citations rely on it."""
    s = data.sources.copy()
    uses = data.citations["source_id"].value_counts()
    published = [
        "undated" if pd.isna(d) else format_date(d) + (" (inferred)" if inf else "")
        for d, inf in zip(s["published"], s["date_inferred"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "Id": s["source_id"],
            "Publisher": s["publisher"],
            "Published": pd.Series(published, index=s.index, dtype="string"),
            "Address": s["url"].fillna("(stored text: " + s["text_path"].fillna("") + ")"),
            "Citations": s["source_id"].map(uses).fillna(0).astype(int),
        }
    )
    return out.sort_values(["Publisher", "Id"]).reset_index(drop=True)


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
    """The corrections log as the book prints it: when, where, what it said and what is right."""
    k = data.corrections
    return pd.DataFrame(
        {
            "Corrected": pd.Series([format_date(d) for d in k["date"]], dtype="string"),
            "Where": k["location"],
            "Kind": k["kind"].map(data.labels("corrections", "kind")).astype("string"),
            "It said": k["was"],
            "It now says": k["now"],
            "Records": k["record_ids"].fillna(""),
        }
    ).reset_index(drop=True)


def searches_table(data: Dataset) -> pd.DataFrame:
    """The recorded searches behind every 'we found no ...' of the book."""
    q = data.searches
    return pd.DataFrame(
        {
            "Search": q["search_id"],
            "Run on": pd.Series([format_date(d) for d in q["searched"]], dtype="string"),
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
