"""Records and their sources: the article's citations, each record's main source, quotes
found by what they say, and the size and provenance of the evidence base."""

from __future__ import annotations

import pandas as pd

from ..core.loading import Dataset
from ..text import actor_phrase, and_list, as_printed, format_date, when


def row_of(frame: pd.DataFrame, column: str, key: str) -> pd.Series:
    """The row whose ``column`` equals ``key`` (ids are unique: the validator checks them)."""
    match = frame[frame[column] == key]
    if match.empty:
        raise KeyError(f"no row with {column} {key!r}")
    return match.iloc[0]


def cited(data: Dataset) -> pd.DataFrame:
    """Every citation with its source's publisher and address, in file order (the first is the
    main one)."""
    sources = data.sources.set_index("source_id")
    return data.citations.assign(
        publisher=data.citations["source_id"].map(sources["publisher"]),
        url=data.citations["source_id"].map(sources["url"]),
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


def address(url: object) -> str:
    """A source's address, glued to make a source in the prose a link ('' where none)."""
    return url if isinstance(url, str) else ""


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


def names(data: Dataset, actor_ids: str) -> str:
    """Actor names as prose lists them: 'A', 'A and B', 'A, B and C'."""
    table = data.actors.set_index("actor_id")["name"]
    return and_list([str(table[i]) for i in str(actor_ids).split("; ")])


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
        c = c[(c["source_id"] == data.article_source) == article]
    hits = c[c["quote"].str.contains(pattern, case=False, regex=True)]
    if hits.empty:
        raise LookupError(f"no citation of {record_id} matches {pattern!r}")
    return hits.iloc[0]


def quote_values(
    data: Dataset, record_id: str, pattern: str, prefix: str, article: bool | None = None
) -> dict[str, str]:
    """Glue values for one quote chosen by what it says: the quote, its publisher and the
    address of its page."""
    row = find_quote(data, record_id, pattern, article)
    values = {
        f"{prefix}_quote": str(row["quote"]),
        f"{prefix}_source": str(row["publisher"]),
        f"{prefix}_source_url": address(row["url"]),
    }
    return as_printed(values)


def record_dates(data: Dataset) -> pd.Series:
    """The date of every record of every kind, in one series."""
    return pd.concat(
        [
            data.events["date"],
            data.troop_claims["date_stated"],
            data.statements["date"],
            data.assessments["date"],
        ],
        ignore_index=True,
    )


def coverage(data: Dataset) -> dict[str, int | str]:
    """Size and period of the evidence base, for the landing page and the method chapter."""
    dates = record_dates(data)
    return {
        "n_events": len(data.events),
        "n_claims": len(data.troop_claims),
        "n_statements": len(data.statements),
        "n_assessments": len(data.assessments),
        "n_sources": len(data.sources),
        "n_citations": len(data.citations),
        "n_actors": len(data.actors),
        "first_date": format_date(dates.min()),
        "latest_date": format_date(dates.max()),
    }


def provenance(data: Dataset) -> dict[str, int]:
    """How the records are sourced, for the method chapter: citations of the article, undated
    sources, month-precision records, and sources by whose text they are (``origin``)."""
    precision = pd.concat(
        [
            data.table(n)["date_precision"].astype("string")
            for n in ("events", "troop_claims", "statements", "assessments")
        ]
    )
    return {
        "n_article_citations": int((data.citations["source_id"] == data.article_source).sum()),
        "n_undated_sources": int(data.sources["published"].isna().sum()),
        "n_month_precision": int((precision == "month").sum()),
        **{
            f"n_sources_{origin}": int((data.sources["origin"] == origin).sum())
            for origin in data.labels("sources", "origin")
        },
    }


def check_counts(data: Dataset) -> dict[str, int | str]:
    """How the latest re-check of the quotes came out, for the method chapter."""
    c = data.citations
    status = c["check_status"].astype("string")
    return {
        "n_verbatim": int((status == "verbatim").sum()),
        "n_not_refound": int((status == "not_refound").sum()),
        "last_checked": format_date(pd.Timestamp(c["checked"].max())),
        "n_searches": len(data.searches),
        "n_corrections": len(data.corrections),
    }


def article_date(data: Dataset) -> str:
    """The source article's date as the report gives it (inferred: that of the BBC report it
    rewrites)."""
    article = row_of(data.sources, "source_id", data.article_source)
    return when(article, "published", "published_precision")
