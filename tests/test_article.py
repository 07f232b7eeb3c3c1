"""The source article: stored byte for byte, and every claim taken from it anchored to it."""

from __future__ import annotations

import hashlib

from conftest import ARTICLE_ID, DATA

from dprk_russia import load
from dprk_russia.core.cells import normalise_quote

#: SHA-256 of the article as delivered in shared/sources (its file name is its id).
ARTICLE_SHA256 = "50cc950dd633e8ade70917a7f576cc5caaf4b9bb4bf3c86828ea86e5ddd8c343"


def test_article_is_stored_byte_for_byte() -> None:
    path = DATA / "sources" / f"{ARTICLE_ID}.txt"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == ARTICLE_SHA256


def test_article_source_records_its_inferred_publisher_and_date() -> None:
    src = load().sources.set_index("source_id").loc[ARTICLE_ID]
    assert bool(src["date_inferred"]) is True
    assert src["text_path"] == f"sources/{ARTICLE_ID}.txt"
    assert "inferred" in src["notes"]


def test_every_article_quote_is_in_the_stored_article() -> None:
    data = load()
    text = normalise_quote(data.texts[ARTICLE_ID])
    quotes = data.citations[data.citations["source_id"] == ARTICLE_ID]["quote"]
    assert len(quotes) >= 14
    missing = [q for q in quotes if normalise_quote(q) not in text]
    assert missing == []


def test_article_facts_are_all_recorded() -> None:
    """Each point the article makes is carried by at least one record cited to it."""
    data = load()
    cited = data.citations[data.citations["source_id"] == ARTICLE_ID]
    spans = " ".join(cited["quote"])
    for phrase in [
        "immediate withdrawal",
        "all available measures",
        "1,500",
        "international law",
        "third countries",
        "12,000",
        "June",
        "escalation",
        "countermeasures",
        "reckless and illegal",
        "condemned",
        "de-escalation",
        "international issue",
        "language barriers",
        "border",
    ]:
        assert phrase in spans, phrase
    kinds = set(cited["record_id"].str[0])
    assert kinds >= {"E", "C", "S", "A"}
