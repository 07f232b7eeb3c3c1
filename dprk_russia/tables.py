"""Tables: one function per table the book shows, each taking the dataset and returning a frame.

Also the derived views the charts share (a claim with its claimant's country and the direction
of its hedge), so that the chart and the table of the same claims can never disagree.
"""

from __future__ import annotations

import pandas as pd

from .loading import Dataset
from .schema import tables as schema_tables
from .stats import figure_as_stated, format_date

#: How a qualifier bounds the figure: a floor, a ceiling, or an approximate/exact value.
BOUND = {
    "at least": "lower bound",
    "more than": "lower bound",
    "over": "lower bound",
    "exceeded": "lower bound",
    "surpassed": "lower bound",
    "or more": "lower bound",
    "up to": "upper bound",
    "as many as": "upper bound",
    "nearly": "upper bound",
    "approaching": "upper bound",
}

#: What a claim counts, as the book labels it; the order is the order of the chart's panels.
COUNTS_LABEL = {
    "in_russia": "In Russia (arrived or present)",
    "in_kursk": "In the Kursk region",
    "planned_total": "Planned or expected total",
    "additional_deployment": "Additional deployment",
    "possible_future": "Possible future contingent",
    "killed": "Killed",
    "wounded": "Wounded",
    "casualties": "Killed and wounded",
    "captured": "Captured",
    "imagery_count": "Shown in state imagery (not a total)",
}

#: The claimant groups the charts colour by: the four main claimants, then everyone else.
CLAIMANT_GROUPS = ["South Korea", "Ukraine", "United States", "Russia", "Others"]

STANCE_LABEL = {
    "condemns": "Condemns",
    "demands_withdrawal": "Demands withdrawal",
    "warns_of_escalation": "Warns of escalation",
    "expresses_concern": "Expresses concern",
    "calls_for_countermeasures": "Calls for countermeasures",
    "pledges_cooperation": "Pledges cooperation",
    "urges_deescalation": "Urges de-escalation",
    "cannot_confirm": "Cannot confirm",
    "confirms": "Confirms",
    "denies_or_deflects": "Denies or deflects",
    "justifies": "Justifies",
}

THEME_LABEL = {
    "escalation_internationalisation": "Escalation and internationalisation",
    "integration_problems": "Integration problems",
    "likely_role": "Likely role",
    "battlefield_impact": "Battlefield impact",
    "combat_performance": "How the troops fought",
    "gains_for_north_korea": "What North Korea gains",
    "costs_for_north_korea": "What it costs North Korea",
    "korean_peninsula": "The Korean peninsula",
    "russian_manpower": "Russia's manpower",
    "further_deployments": "More troops, and where",
}

#: How the book names the kind of assessor.
ASSESSOR_KIND_LABEL = {
    "think_tank": "Research institute",
    "intelligence_service": "Intelligence service",
    "academic": "Academic",
    "government_official": "Government official",
    "journalist_analysis": "Journalist's analysis",
    "analysts_in_press": "Analysts quoted in the press",
}


def _dates(frame: pd.DataFrame, date: str) -> pd.Series:
    return pd.Series(
        [format_date(d, str(p)) for d, p in zip(frame[date], frame["date_precision"], strict=True)],
        index=frame.index,
        dtype="string",
    )


def main_citations(data: Dataset) -> pd.DataFrame:
    """Each record's main source, with the source's publisher: its first citation whose quote
    the latest re-check found verbatim (its first citation if none was)."""
    c = data.citations
    unconfirmed = (c["check_status"].astype("string") != "verbatim").to_numpy()
    order = c.assign(_unconfirmed=unconfirmed).sort_values("_unconfirmed", kind="stable")
    cites = order.drop_duplicates("record_id", keep="first").drop(columns="_unconfirmed")
    pubs = data.sources.set_index("source_id")[["publisher", "url", "published"]]
    return cites.join(pubs, on="source_id").set_index("record_id")


def actor_phrase(name: str, kind: str, title: str | None, country: str | None) -> str:
    """An actor as a sentence names them, from the data: 'Volodymyr Zelensky (President of
    Ukraine)', 'South Korea’s Joint Chiefs of Staff (JCS)' (typographic, as the book prints it)."""
    if kind == "person":
        return f"{name} ({title})".replace("'", "\u2019") if title else name
    if country and country not in name and kind == "organisation" and not name.startswith("the "):
        return f"{country}\u2019s {name}"
    return name


def actor_phrases(data: Dataset) -> pd.Series:
    """:func:`actor_phrase` for every actor, by actor id."""
    a = data.actors.set_index("actor_id")
    return pd.Series(
        {
            aid: actor_phrase(
                str(r["name"]),
                str(r["kind"]),
                None if pd.isna(r["title"]) else str(r["title"]),
                None if pd.isna(r["country"]) else str(r["country"]),
            )
            for aid, r in a.iterrows()
        },
        dtype="string",
    )


def claims_frame(data: Dataset) -> pd.DataFrame:
    """Every claim with its claimant's name and country, claimant group and bound direction."""
    actors = data.actors.set_index("actor_id")
    claims = data.troop_claims.copy()
    claims["claimant"] = claims["claimant_id"].map(actors["name"]).astype("string")
    country = claims["claimant_id"].map(actors["country"]).astype("string")
    claims["claimant_country"] = country
    claims["claimant_who"] = claims["claimant_id"].map(actor_phrases(data)).astype("string")
    group = country.where(country.isin(CLAIMANT_GROUPS[:-1]), "Others")
    claims["claimant_group"] = pd.Categorical(group, categories=CLAIMANT_GROUPS)
    bound = claims["qualifier"].astype("string").map(BOUND)
    bound = bound.where(claims["figure_low"] == claims["figure_high"], "range")
    claims["bound"] = bound.fillna("approximate or exact").astype("string")
    best = claims["figure_best"].astype("Float64")
    mid = (claims["figure_low"] + claims["figure_high"]) / 2
    claims["figure_point"] = best.fillna(mid).astype(float)
    return claims


def _figure_text(row: pd.Series) -> str:
    return figure_as_stated(int(row["figure_low"]), int(row["figure_high"]), row["qualifier"])


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
            "Figure (as stated)": c.apply(_figure_text, axis=1),
            "Counts": c["counts"].map(COUNTS_LABEL).astype("string"),
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


def statements_frame(data: Dataset) -> pd.DataFrame:
    """Statements with the speaker's name and country."""
    actors = data.actors.set_index("actor_id")
    s = data.statements.copy()
    s["speaker"] = s["actor_id"].map(actors["name"]).astype("string")
    s["country"] = s["actor_id"].map(actors["country"]).astype("string")
    return s


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
            "Stance": s["stance"].map(STANCE_LABEL).astype("string"),
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
            "Theme": a["theme"].map(THEME_LABEL).astype("string"),
            "Assessment": a["summary"],
            "Quote": a["assessment_id"].map(cites["quote"]),
            "Source": a["assessment_id"].map(cites["publisher"]),
        }
    ).reset_index(drop=True)


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


CORRECTION_KIND_LABEL = {
    "fact": "Fact or number",
    "absence": "Absence or single source",
    "quote": "Quotation",
    "judgment": "Judgment",
}


def corrections_table(data: Dataset) -> pd.DataFrame:
    """The corrections log as the book prints it: when, where, what it said and what is right."""
    k = data.corrections
    return pd.DataFrame(
        {
            "Corrected": pd.Series([format_date(d) for d in k["date"]], dtype="string"),
            "Where": k["location"],
            "Kind": k["kind"].map(CORRECTION_KIND_LABEL).astype("string"),
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
