"""Diplomatic responses: who said what about the deployment, when, and how the stances
split; and the source article's wording set beside the record's."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..core.loading import Dataset
from ..text import as_printed, count_text, format_date, phrase, with_article
from .concepts import (
    CRITICAL,
    LANES,
    SHIELDING,
    WINDOW_WEEKS,
    densest_window,
    stance_split,
    statements_frame,
    window_bounds,
)
from .records import article_date, find_quote, row_of
from .table_cells import dated, linked

#: One point where the responses chapter sets the source article's wording beside the record:
#: a label, the article's record and a pattern its quote must contain, the record it is checked
#: against (a statement or an event) and a pattern that record's quote must contain, and the
#: chapter's verdict. Which points, and the verdicts, are the chapter's choice: it passes them in.
Framing = tuple[str, str, str, str, str, str]


def _countries(data: Dataset) -> pd.DataFrame:
    """Statements with speaker and country, in date order, with whether only the article has
    them (a statement resting on the source article alone is weaker than one recorded
    elsewhere)."""
    s = statements_frame(data).sort_values(["date", "statement_id"])
    c = data.citations
    non_article = set(c.loc[c["source_id"] != data.article_source, "record_id"])
    return s.assign(article_only=~s["statement_id"].isin(non_article))


def response_values(data: Dataset) -> dict[str, str | int]:
    """The counts and dates the responses chapter cites: how many statements, from whom, when,
    how they split, and when Moscow and Pyongyang moved from deflection to confirmation."""
    s = _countries(data)
    start, end = window_bounds(data)
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
    out["partner_critical_text"] = count_text(split["n_partner_critical"])
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
        out[f"{prefix}_critical_text"] = count_text(int(own["stance"].isin(CRITICAL).sum()))
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
    stances = [k for k in data.labels("statements", "stance") if (s["stance"] == k).any()]
    table = pd.crosstab(s["country"], s["stance"].astype("string"))
    rows = [c for c in LANES if c in table.index]
    table = table.reindex(index=rows, columns=stances, fill_value=0)
    table.columns = [data.labels("statements", "stance")[k] for k in stances]
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
    said = row_of(records, "record_id", rec_id)
    return {
        "Point": label,
        "Source article (quoted)": str(art["quote"]),
        "Recorded wording (quoted)": str(rec["quote"]),
        "Recorded by": linked(rec["publisher"], rec["url"]),
        "Said on": dated(said["date"], said["date_precision"]),
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
        links = getattr(row["Recorded by"], "links", ())
        out[f"{prefix}_record_source_url"] = links[0][2] if links else ""
        out[f"{prefix}_record_date"] = row["Said on"]
    out["article_date"] = article_date(data)
    return as_printed(out)
