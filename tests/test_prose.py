"""The prose of the chapters: what a sentence may claim about absence.

"Not found" is not "false". A sentence that says something does not exist, was not found, or
rests on one source alone stands only with the search behind it recorded in
``data/searches.csv`` and cited in the same paragraph (through a glued ``..._searched`` value,
which carries the date of the search).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dprk_russia.core.loading import load
from dprk_russia.publish.build import chapters

#: Wordings that claim an absence or a single source.
ABSENCE = re.compile(
    r"no other source|only source|(?:article|source) alone|article only"
    r"|none (?:was|were) (?:published|found|reported)"
    r"|no (?:record|transcript|statement|source|figure)s? (?:was |were )?"
    r"(?:found|records|reports|says)"
    r"|not (?:be )?(?:found|verified)|could not be (?:verified|found|dated)"
    r"|found no\b|finds no\b|\bno\b[^.;]*\b(?:was|were) (?:found|published|recorded)"
    r"|holds no\b|is not in the record"
    r"|does not exist|never (?:published|confirmed|said)",
    re.IGNORECASE,
)
#: How a paragraph cites its recorded search: a glued value named ``<prefix>_searched``.
SEARCH_CITED = re.compile(r"\{eval\}`(\w+)_searched`")
_FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """The prose paragraphs of a MyST chapter (front matter, code cells and directives' fences
    left out), each with its first line number. List items count as paragraphs of their own."""
    out: list[tuple[int, str]] = []
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = next(i for i in range(1, len(lines)) if lines[i].strip() == "---") + 1
    fence: str | None = None
    current: list[str] = []
    first = 0
    for n in range(start, len(lines)):
        line = lines[n]
        m = _FENCE.match(line.strip())
        if m:
            fence = m.group(1) if fence is None else (None if line.strip() == fence else fence)
            line = ""
        if fence is not None and fence.startswith("`"):
            line = ""
        new_item = re.match(r"^\s*(?:[-*]|\d+\.)\s", line)
        if (not line.strip() or new_item) and current:
            out.append((first, " ".join(current)))
            current = []
        if line.strip():
            if not current:
                first = n + 1
            current.append(line.strip())
    if current:
        out.append((first, " ".join(current)))
    return out


def unsearched_absences(text: str) -> list[str]:
    """Paragraphs that claim an absence without citing a recorded search."""
    return [
        f"line {line}: {para[:160]}"
        for line, para in paragraphs(text)
        if ABSENCE.search(para) and not SEARCH_CITED.search(para)
    ]


@pytest.mark.parametrize("path", chapters(), ids=lambda p: Path(p).stem)
def test_no_sentence_claims_an_absence_without_its_recorded_search(path: Path) -> None:
    assert unsearched_absences(path.read_text(encoding="utf-8")) == []


def test_every_search_a_chapter_cites_is_recorded() -> None:
    recorded = set(load().searches["search_id"])
    for path in chapters():
        for search_id in re.findall(r"[\"'](Q\d{2,4})[\"']", path.read_text(encoding="utf-8")):
            assert search_id in recorded, f"{path.name} cites unrecorded search {search_id}"


@pytest.mark.parametrize(
    "paragraph",
    [
        "The article adds a detail that no other source records.",
        "That view rests on the article alone.",
        "No Japanese statement from before the article was found.",
        "According to later reports (no transcript was found), he said so.",
        "Every figure is a claim; none was published by Moscow or Pyongyang.",
        "We found no such statement.",
    ],
)
def test_an_absence_claim_without_a_search_is_caught(paragraph: str) -> None:
    assert unsearched_absences(f"Intro.\n\n{paragraph}\n") != []


def test_an_absence_claim_with_its_search_passes() -> None:
    text = "We found no such statement (search {eval}`q1_id`, {eval}`q1_searched`).\n"
    assert unsearched_absences(text) == []


def test_code_cells_and_front_matter_are_not_prose() -> None:
    text = "---\ntitle: none was published\n---\n\n```{code-cell}\nx = 'not found'\n```\n\nOk.\n"
    assert unsearched_absences(text) == []
