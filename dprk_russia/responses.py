"""Computed values, tables and one chart for the chapters on diplomatic responses and on expert
assessments.

The chapters cite every date, name, count and quote through ``glue``. Keeping the values here
means a test can compare what the page shows with what the data says, and a corrected row in
``data/`` reaches every sentence that uses it. Quotes are always taken from ``citations`` (never
retyped), and where the prose contrasts two wordings the words are found in the quotes by a
pattern that must match: if a quote changes so that it no longer says what the prose says it
says, the build stops instead of printing a stale comparison.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import TypeVar, cast

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .charts import LANES, OKABE_ITO, lane_bands, lane_frame, pack_slots, report_style
from .concepts import CRITICAL, SHIELDING, WINDOW_WEEKS, densest_window, stance_split
from .loading import Dataset
from .stats import ARTICLE_ID, format_date
from .tables import (
    ASSESSOR_KIND_LABEL,
    STANCE_LABEL,
    THEME_LABEL,
    claims_frame,
    main_citations,
    statements_frame,
)

T = TypeVar("T")


#: One point where the responses chapter sets the source article's wording beside the record:
#: a label, the article's record and a pattern its quote must contain, the record it is checked
#: against (a statement or an event) and a pattern that record's quote must contain, and the
#: chapter's verdict. Which points, and the verdicts, are the chapter's choice: it passes them in.
Framing = tuple[str, str, str, str, str, str]


#: How the assessments chapter names a bearing, and how the chart draws it (colour-blind-safe:
#: blue against vermillion, and a different marker for each).
BEARING_LABEL = {"supports": "Supports", "contradicts": "Contradicts", "mixed": "Mixed"}
BEARING_STYLE = {
    "supports": (OKABE_ITO["blue"], "^"),
    "contradicts": (OKABE_ITO["vermillion"], "v"),
    "mixed": (OKABE_ITO["grey"], "D"),
}


# --- Citations and records ---------------------------------------------------------------------


def row_of(frame: pd.DataFrame, column: str, key: str) -> pd.Series:
    """The row whose ``column`` equals ``key`` (ids are unique: the validator checks them)."""
    match = frame[frame[column] == key]
    if match.empty:
        raise KeyError(f"no row with {column} {key!r}")
    return match.iloc[0]


def _date(row: pd.Series, column: str = "date", precision: str = "date_precision") -> str:
    """A record's date as the report prints it, at the precision it is known."""
    return format_date(pd.Timestamp(row[column]), str(row[precision]))


def cited(data: Dataset) -> pd.DataFrame:
    """Every citation with its source's publisher, in file order (the first is the main one)."""
    pubs = data.sources.set_index("source_id")["publisher"]
    return data.citations.assign(publisher=data.citations["source_id"].map(pubs))


def find_quote(
    data: Dataset, record_id: str, pattern: str, article: bool | None = None
) -> pd.Series:
    """The first citation of a record whose quote matches ``pattern`` (case-insensitive).

    ``article`` keeps only the source article's citations (True) or only the others (False).
    Raises ``LookupError`` if none matches, so that prose built on a quote cannot go stale.
    """
    c = cited(data)
    c = c[c["record_id"] == record_id]
    if article is not None:
        c = c[(c["source_id"] == ARTICLE_ID) == article]
    hits = c[c["quote"].str.contains(pattern, case=False, regex=True)]
    if hits.empty:
        raise LookupError(f"no citation of {record_id} matches {pattern!r}")
    return hits.iloc[0]


def printed(text: str) -> str:
    """Text as the book prints it in running prose.

    Sphinx sets straight quotes and apostrophes, '--' and '...' typographically in the prose
    (its "smartquotes"), and that includes glued text. A glued quote is therefore given in that
    form already, so that the page shows exactly the glued value; the validator counts the two
    forms as the same quote, so the quote stays verbatim.
    """
    from docutils.utils.smartquotes import smartyPants  # docutils comes with the book's Sphinx

    return str(smartyPants(text, "qDe", "en"))


def as_printed(values: dict[str, T]) -> dict[str, T]:
    """Glue values with every text value as the book prints it (see :func:`printed`)."""
    return {k: cast(T, printed(v)) if isinstance(v, str) else v for k, v in values.items()}


def phrase(quote: str, pattern: str) -> str:
    """The words of ``quote`` that ``pattern`` matches, as written there."""
    found = re.search(pattern, quote, flags=re.IGNORECASE)
    if found is None:
        raise LookupError(f"{pattern!r} not in {quote!r}")
    return found.group(0)


def quote_values(
    data: Dataset, record_id: str, pattern: str, prefix: str, article: bool | None = None
) -> dict[str, str]:
    """Glue values for one quote chosen by what it says: the quote and its publisher."""
    row = find_quote(data, record_id, pattern, article)
    values = {f"{prefix}_quote": str(row["quote"]), f"{prefix}_source": str(row["publisher"])}
    return as_printed(values)


def statement_values(data: Dataset, ids: Sequence[str]) -> dict[str, str]:
    """Glue values for each statement the prose names: date, speaker, role, stance, and the
    quote and publisher of its main source (prefix: the id in lower case, e.g. ``s16_date``)."""
    s = statements_frame(data)
    cites = main_citations(data)
    out: dict[str, str] = {}
    for sid in ids:
        row = row_of(s, "statement_id", sid)
        p = sid.lower()
        out[f"{p}_date"] = _date(row)
        out[f"{p}_speaker"] = str(row["speaker"])
        out[f"{p}_role"] = str(row["role"])
        out[f"{p}_stance"] = STANCE_LABEL[str(row["stance"])].lower()
        out[f"{p}_quote"] = str(cites.loc[sid, "quote"])
        out[f"{p}_source"] = str(cites.loc[sid, "publisher"])
    return as_printed(out)


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
    low, high = c["figure_low"], c["figure_high"]
    figure = low.map("{:,}".format).where(
        low == high, low.map("{:,}".format) + "–" + high.map("{:,}".format)
    )
    qualifier = c["qualifier"].astype("string")
    stated = figure.where(qualifier.isna() | (qualifier == "between"), qualifier + " " + figure)
    claims = pd.DataFrame(
        {
            "record_id": c["claim_id"],
            "kind": "stated figure",
            "date": c["date_stated"],
            "date_precision": c["date_precision"].astype("string"),
            "what": c["claimant_as_reported"] + " stated " + stated + ": " + c["wording"] + ".",
        }
    )
    return pd.concat([events, claims], ignore_index=True).set_index("record_id")


def record_values(data: Dataset, ids: Sequence[str]) -> dict[str, str]:
    """Glue values for each later record the prose names (an event or a stated figure): its
    date, and the quote and publisher of its main source (e.g. ``e53_date``)."""
    records = records_frame(data).reset_index()
    cites = main_citations(data)
    out: dict[str, str] = {}
    for rid in ids:
        row = row_of(records, "record_id", rid)
        p = rid.lower()
        out[f"{p}_date"] = _date(row)
        out[f"{p}_quote"] = str(cites.loc[rid, "quote"])
        out[f"{p}_source"] = str(cites.loc[rid, "publisher"])
    return as_printed(out)


# --- Diplomatic responses ----------------------------------------------------------------------


def _countries(data: Dataset) -> pd.DataFrame:
    """Statements with speaker and country, in date order, with whether only the article has
    them (a statement resting on the source article alone is weaker than one recorded
    elsewhere)."""
    s = statements_frame(data).sort_values(["date", "statement_id"])
    c = data.citations
    non_article = set(c.loc[c["source_id"] != ARTICLE_ID, "record_id"])
    return s.assign(article_only=~s["statement_id"].isin(non_article))


def with_article(country: str) -> str:
    """A country or body as it reads mid-sentence: 'the United States', 'NATO'."""
    if country == "Multilateral":
        return "multilateral groupings"
    return "the " + country if country.startswith("United ") else country


def _count_text(n: int) -> str:
    """A count as the prose reads it: 'none' rather than '0'."""
    return "none" if n == 0 else str(n)


def first_weeks(data: Dataset) -> tuple[str, str]:
    """The window the zoomed responses chart shows: the disclosure window
    (:func:`dprk_russia.concepts.densest_window`), the same weeks the timeline zooms in on."""
    start, end, _count = densest_window(data)
    return f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"


def response_values(data: Dataset) -> dict[str, str | int]:
    """The counts and dates the responses chapter cites: how many statements, from whom, when,
    how they split, and when Moscow and Pyongyang moved from deflection to confirmation."""
    s = _countries(data)
    start, end = first_weeks(data)
    early = s["date"].between(pd.Timestamp(start), pd.Timestamp(end))
    window_start, window_end, _count = densest_window(data)
    per_country = s["country"].value_counts()
    order = {c: i for i, c in enumerate(LANES)}
    top = sorted(per_country.items(), key=lambda kv: (-kv[1], order.get(str(kv[0]), 99)))[0]
    out: dict[str, str | int] = {
        "n_statements": len(s),
        "n_speakers": int(s["actor_id"].nunique()),
        "n_statement_countries": int(s["country"].nunique()),
        "first_statement_date": format_date(s["date"].min()),
        "last_statement_date": format_date(s["date"].max()),
        "window_weeks": WINDOW_WEEKS,
        "window_start": format_date(window_start),
        "window_end": format_date(window_end),
        "n_window_statements": int(early.sum()),
        "share_window_statements": f"{early.mean():.0%}",
        "top_country": with_article(str(top[0])),
        "top_country_n": int(top[1]),
        "n_article_only": int(s["article_only"].sum()),
    }
    split = stance_split(data)
    out.update({k: v for k, v in split.items() if k != "n_partner_critical"})
    out["partner_critical_text"] = _count_text(split["n_partner_critical"])
    for body, prefix in [("NATO", "nato"), ("United States", "us")]:
        own = s[s["country"] == body]
        doubt = own.loc[own["stance"] == "cannot_confirm", "date"].min()
        sure = own.loc[own["stance"] == "confirms", "date"].min()
        if pd.notna(doubt) and pd.notna(sure):
            out[f"{prefix}_days_to_confirm"] = int((sure - doubt).days)
    for country, prefix in [("Russia", "ru"), ("North Korea", "kp"), ("China", "cn")]:
        own = s[s["country"] == country]
        confirms = own[own["stance"] == "confirms"]
        out[f"{prefix}_n"] = len(own)
        out[f"{prefix}_n_shielding"] = int(own["stance"].isin(SHIELDING).sum())
        out[f"{prefix}_critical_text"] = _count_text(int(own["stance"].isin(CRITICAL).sum()))
        if not confirms.empty:
            first = confirms["date"].min()
            before = own[(own["date"] < first) & own["stance"].isin(SHIELDING)]
            out[f"{prefix}_first_confirm_date"] = format_date(first)
            out[f"{prefix}_n_before_confirm"] = len(before)
    return as_printed(out)


def stance_counts(data: Dataset) -> pd.DataFrame:
    """How many statements of each stance each country or body made: the table behind the
    chapter's comparison of who condemned, who deflected and who did both.

    Rows follow the timeline's lanes; a stance no one took gets no column. The last column
    counts the statements known only from the source article, which are the weakest.
    """
    s = _countries(data)
    stances = [k for k in STANCE_LABEL if (s["stance"] == k).any()]
    table = pd.crosstab(s["country"], s["stance"].astype("string"))
    rows = [c for c in LANES if c in table.index]
    table = table.reindex(index=rows, columns=stances, fill_value=0)
    table.columns = [STANCE_LABEL[k] for k in stances]
    table["All statements"] = table.sum(axis=1)
    table["Cited to the article only"] = (
        s[s["article_only"]].groupby("country").size().reindex(rows, fill_value=0)
    )
    table = table.astype(int)
    table.index.name = "Country or body"
    return table.reset_index()


def _framing_row(data: Dataset, point: Framing) -> dict[str, str]:
    label, art_id, art_pat, rec_id, rec_pat, verdict = point
    art = find_quote(data, art_id, art_pat, article=True)
    rec = find_quote(data, rec_id, rec_pat, article=False)
    records = pd.concat(
        [
            data.statements[["statement_id", "date", "date_precision"]].rename(
                columns={"statement_id": "record_id"}
            ),
            data.events[["event_id", "date", "date_precision"]].rename(
                columns={"event_id": "record_id"}
            ),
        ]
    )
    when = row_of(records, "record_id", rec_id)
    return {
        "Point": label,
        "Source article (quoted)": str(art["quote"]),
        "Recorded wording (quoted)": str(rec["quote"]),
        "Recorded by": str(rec["publisher"]),
        "Said on": _date(when),
        "Verdict": verdict,
        "article_words": phrase(str(art["quote"]), art_pat),
        "record_words": phrase(str(rec["quote"]), rec_pat),
    }


def framing_table(data: Dataset, points: Sequence[Framing]) -> pd.DataFrame:
    """The source article's wording beside the recorded wording of the same statement, both as
    quoted, with the chapter's verdict on each point."""
    rows = [_framing_row(data, point) for point in points]
    return pd.DataFrame(rows).drop(columns=["article_words", "record_words"])


def framing_values(data: Dataset, points: dict[str, Framing]) -> dict[str, str | int]:
    """For each point (by glue prefix): the article's quote and the words its pattern matched,
    the recorded quote, its words, publisher and date, so the prose can set them side by side;
    and the article's date as the report gives it."""
    out: dict[str, str | int] = {}
    for prefix, point in points.items():
        row = _framing_row(data, point)
        out[f"{prefix}_article_quote"] = row["Source article (quoted)"]
        out[f"{prefix}_article_words"] = row["article_words"]
        out[f"{prefix}_record_quote"] = row["Recorded wording (quoted)"]
        out[f"{prefix}_record_words"] = row["record_words"]
        out[f"{prefix}_record_source"] = row["Recorded by"]
        out[f"{prefix}_record_date"] = row["Said on"]
    out["article_date"] = article_date(data)
    return as_printed(out)


def article_date(data: Dataset) -> str:
    """The source article's date as the report gives it (inferred: that of the BBC report it
    rewrites)."""
    article = row_of(data.sources, "source_id", ARTICLE_ID)
    return _date(article, "published", "published_precision")


# --- Expert assessments ------------------------------------------------------------------------


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
        out[f"{p}_date"] = _date(row)
        out[f"{p}_assessor"] = str(row["assessor"])
        out[f"{p}_theme"] = THEME_LABEL[str(row["theme"])]
        out[f"{p}_confidence"] = str(row["confidence"])
        out[f"{p}_quote"] = str(cites.loc[aid, "quote"])
        out[f"{p}_source"] = str(cites.loc[aid, "publisher"])
        mine = o[o["assessment_id"] == aid]
        out[f"{p}_n_outcomes"] = len(mine)
        for bearing in BEARING_LABEL:
            n = int((mine["bearing"] == bearing).sum())
            out[f"{p}_n_{bearing}"] = n
            out[f"{p}_n_{bearing}_text"] = _count_text(n)
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
    c = c[(c["record_id"] == assessment_id) & (c["source_id"] != ARTICLE_ID)]
    for _, row in c.iterrows():
        found = _NAMED.match(str(row["quote"]))
        if found:
            values = {
                f"{prefix}_name": found.group("name"),
                f"{prefix}_institute": found.group("institute"),
                f"{prefix}_quote": str(row["quote"]),
                f"{prefix}_source": str(row["publisher"]),
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
    dates = [
        format_date(d, str(p))
        for d, p in zip(o["record_date"], o["record_date_precision"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "Assessment": o["assessment_id"],
            "Later record": o["record_id"] + ", " + pd.Series(dates, index=o.index),
            "What the record says": o["record_what"],
            "Bearing": o["bearing"].astype("string").map(BEARING_LABEL),
            "Our reasoning": o["note"],
            "Main source (quoted)": o["source"] + ': "' + o["source_quote"] + '"',
        }
    ).reset_index(drop=True)
    if table["Assessment"].nunique() == 1:
        table = table.drop(columns="Assessment")
    return table


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
    dates = [format_date(d, str(p)) for d, p in zip(a["date"], a["date_precision"], strict=True)]
    return pd.DataFrame(
        {
            "Assessment": a["assessment_id"].to_numpy(),
            "Date": dates,
            "Assessor": a["assessor"].to_numpy(),
            "Question": a["theme"].astype("string").map(THEME_LABEL).to_numpy(),
            "Standing": standing,
            **{BEARING_LABEL[b]: counts[b].astype(int).to_numpy() for b in BEARING_LABEL},
            "Hedge (as said)": a["hedge"].fillna("").to_numpy(),
        }
    )


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
    out["last_assessment_date"] = _date(a.sort_values("date").iloc[-1])
    kinds = a["assessor_kind"].astype("string").value_counts()
    for kind in ASSESSOR_KIND_LABEL:
        out[f"n_kind_{kind}"] = int(kinds.get(kind, 0))
    return as_printed(out)


def assessments_on(data: Dataset, theme: str) -> pd.DataFrame:
    """The assessments answering one question, oldest first: who, when, their own hedge, the
    quote that carries the judgment, and where it was published."""
    a = data.assessments[data.assessments["theme"] == theme].sort_values(["date", "assessment_id"])
    cites = main_citations(data)
    dates = [format_date(d, str(p)) for d, p in zip(a["date"], a["date_precision"], strict=True)]
    who = [f"{name}, {when}" for name, when in zip(a["assessor"], dates, strict=True)]
    return pd.DataFrame(
        {
            "Who, and when": who,
            "In their words (quoted)": a["assessment_id"].map(cites["quote"]).to_numpy(),
            "Hedge (as said)": a["hedge"].fillna("").to_numpy(),
            "Source": a["assessment_id"].map(cites["publisher"]).to_numpy(),
        }
    )


def questions_table(data: Dataset) -> pd.DataFrame:
    """How many assessments answer each question, by kind of assessor."""
    a = data.assessments
    table = pd.crosstab(
        a["theme"].astype("string").map(THEME_LABEL),
        a["assessor_kind"].astype("string").map(ASSESSOR_KIND_LABEL),
    )
    table["All"] = table.sum(axis=1)
    table = table.sort_values("All", ascending=False)
    table.index.name = "Question"
    return table.reset_index()


#: The most assessments the outcomes chart draws; beyond this a row per assessment stops being
#: readable, so the chart keeps those with the most later records and says so.
OUTCOME_ROWS = 12


def outcomes_chart(data: Dataset, most: int = OUTCOME_ROWS) -> Figure:
    """Each assessment on its own row: when it was made, and each later record that bears on it,
    marked by whether it supports, contradicts or is mixed on the assessment.

    Records that would touch in a row are stacked, never overprinted; an assessment known only
    to the month is drawn as a bar across that month, not as a day. With more than ``most``
    assessments, the ``most`` with the most later records are drawn (ties: the earlier id) and
    a note above the chart says how many of how many; the table lists them all.
    """
    a = data.assessments.sort_values("assessment_id").reset_index(drop=True)
    o = outcomes_frame(data)
    note = None
    if len(a) > most:
        counts = o["assessment_id"].value_counts()
        ranked = a.assign(n=a["assessment_id"].map(counts).fillna(0).astype(int))
        ranked = ranked.sort_values(["n", "assessment_id"], ascending=[False, True]).head(most)
        a = a[a["assessment_id"].isin(ranked["assessment_id"])].reset_index(drop=True)
        o = o[o["assessment_id"].isin(a["assessment_id"])]
        note = f"The {most} of {len(data.assessments)} assessments with the most later records"
    ids = a["assessment_id"].tolist()
    dates = mdates.date2num(o["record_date"])
    a_start = mdates.date2num(a["date"])
    month = (a["date_precision"] != "day").to_numpy()
    a_end = mdates.date2num(a["date"] + pd.offsets.MonthBegin(1))
    x0 = float(min(a_start.min(initial=np.inf), dates.min(initial=np.inf)))
    x1 = float(max(a_end.max(initial=-np.inf), dates.max(initial=-np.inf)))
    if not np.isfinite([x0, x1]).all():
        x0, x1 = 0.0, 30.0
    pad = max((x1 - x0) * 0.03, 1.0)
    row_in, labels_in = 0.16, 2.0
    width = row_in * (x1 - x0 + 2 * pad) / (7.5 - labels_in)
    keys = o["assessment_id"].tolist()
    slots = pack_slots(keys, dates - width / 2, dates + width / 2)
    depth = {
        aid: max([1] + [int(n) + 1 for k, n in zip(keys, slots, strict=True) if k == aid])
        for aid in ids
    }
    extent = {aid: depth[aid] + 2 for aid in ids}
    total = sum(extent.values())
    bottom = {aid: band[0] for aid, band in lane_bands(extent).items()}
    with report_style():
        fig = Figure(figsize=(7.5, 1.6 + row_in * max(total, 6)))
        ax = fig.subplots()
        handles: list[Artist] = []
        for i, aid in enumerate(ids):
            base = bottom[aid] + 1.0
            mine = o["assessment_id"] == aid
            last = float(dates[mine.to_numpy()].max(initial=a_start[i]))
            ax.plot([a_start[i], last], [base, base], color="#bbbbbb", linewidth=1, zorder=1)
            if month[i]:
                ax.add_patch(
                    mpl.patches.Rectangle(
                        (a_start[i], base - 0.3),
                        a_end[i] - a_start[i],
                        0.6,
                        facecolor="#dddddd",
                        edgecolor="black",
                        linewidth=0.8,
                        zorder=2,
                    )
                )
            else:
                ax.scatter(
                    [a_start[i]],
                    [base],
                    s=46,
                    marker="o",
                    facecolor="white",
                    edgecolor="black",
                    linewidth=1.2,
                    zorder=3,
                )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="white",
                markeredgecolor="black",
                label="assessment made",
            )
        )
        if month.any():
            handles.append(
                mpl.patches.Patch(
                    facecolor="#dddddd",
                    edgecolor="black",
                    label="assessment known only to the month",
                )
            )
        y = np.array([bottom[k] + 1.0 + (n + 1) * 0.9 for k, n in zip(keys, slots, strict=True)])
        size = {"^": 0.9, "v": 0.9, "D": 0.65}  # a diamond looks larger than a triangle
        for bearing, label in BEARING_LABEL.items():
            m = (o["bearing"] == bearing).to_numpy()
            if not m.any():
                continue
            colour, marker = BEARING_STYLE[bearing]
            ax.scatter(
                dates[m],
                y[m],
                s=(size[marker] * row_in * 72) ** 2,
                marker=marker,
                color=colour,
                edgecolor="white",
                linewidth=0.4,
                zorder=4,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=marker,
                    linestyle="",
                    color=colour,
                    label=f"later record: {label.lower()}",
                )
            )
        labels = [
            textwrap.fill(f"{THEME_LABEL[str(t)]} ({aid})", 24)
            for aid, t in zip(ids, a["theme"], strict=True)
        ]
        bands = {label: (bottom[aid], extent[aid]) for label, aid in zip(labels, ids, strict=True)}
        lane_frame(ax, bands, (x0 - pad, x1 + pad))
        fig.legend(handles=handles, loc="outside lower center", ncol=3)
        if note is not None:
            fig.suptitle(note, x=0.01, ha="left", fontsize=9, color="#555555")
    return fig
