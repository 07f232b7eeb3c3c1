"""The PDF that ``make pdf`` builds (``make test`` builds it first): complete and current."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfReader

from dprk_russia import load
from dprk_russia.views.claims import claims_frame, first_and_latest
from dprk_russia.views.concepts import disclosure
from dprk_russia.views.records import coverage

#: Needs a built book, and some tests a browser, TeX or whole builds: make test, not make check.
pytestmark = pytest.mark.slow


PDF = ROOT / "_build" / "latex" / "dprk-troops-in-russia.pdf"


@pytest.fixture(scope="module")
def reader() -> PdfReader:
    assert PDF.exists(), "run make pdf first"
    return PdfReader(PDF)


@pytest.fixture(scope="module")
def text(reader: PdfReader) -> str:
    raw = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", raw)


def chapter_titles() -> list[str]:
    titles = []
    for md in sorted((ROOT / "book").glob("*.md")):
        match = re.search(r"^# (.+)$", md.read_text(encoding="utf-8"), re.MULTILINE)
        assert match, md
        titles.append(match.group(1).strip())
    return titles


def test_pdf_holds_every_chapter_title(text: str) -> None:
    for title in chapter_titles():
        assert title in text, title


def in_context(name: str, value: object) -> list[str]:
    """The value with the words the landing page sets right after it ('107 events', '190 days'):
    the value must appear where the book puts it, not just anywhere in 60 pages."""
    source = (ROOT / "book" / "index.md").read_text(encoding="utf-8")
    phrases = []
    pattern = r"\{eval\}`" + re.escape(name) + r"`([^{`*\n]*)"
    for after in re.findall(pattern, source):
        words = re.findall(r"[\w’']+|[,;.]", after)[:2]
        tail = re.sub(r" ([,;.])", r"\1", " ".join(words))
        joiner = "" if not words or words[0] in ",;." else " "
        phrases.append(re.sub(r"\s+", " ", f"{value}{joiner}{tail}").strip())
    assert phrases, f"index.md gives no {name}"
    return phrases


def test_pdf_prints_the_data_modules_values_where_the_book_puts_them(text: str) -> None:
    data = load()
    cov = coverage(data)
    key = disclosure(data)
    latest = first_and_latest(claims_frame(data), "South Korea", ["in_russia"], "kr_total")
    values = {
        "n_events": cov["n_events"],
        "n_claims": cov["n_claims"],
        "latest_date": cov["latest_date"],
        "first_report_date": key["first_report_date"],
        "dprk_confirmation_days": key["dprk_confirmation_days"],
        "kr_total_latest_stated": latest["kr_total_latest_stated"],
    }
    flat = text.replace("\u2019", "'")
    for name, value in values.items():
        phrases = [p.replace("\u2019", "'") for p in in_context(name, value)]
        assert any(p in flat for p in phrases), (name, phrases)


def test_pdf_has_no_unresolved_reference(text: str) -> None:
    assert "??" not in text


def test_pdf_has_numbered_figures_and_a_contents_page(text: str) -> None:
    assert "contents" in text.lower()
    assert re.search(r"Fig(ure|\.) ?\d", text)


def test_every_font_is_embedded() -> None:
    out = subprocess.run(["pdffonts", str(PDF)], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()[2:]
    assert lines, "no fonts listed"
    for line in lines:
        # columns: name type encoding emb sub uni object ID; 'emb' is the 4th from the right
        assert line.split()[-5] == "yes", line


def test_page_count_is_sane(reader: PdfReader) -> None:
    assert 15 <= len(reader.pages) <= 400


def test_pdf_metadata_has_title_and_author(reader: PdfReader) -> None:
    meta = reader.metadata
    assert meta is not None
    assert meta.title and "North Korean troops in Russia" in meta.title
    assert meta.author


def overfull_boxes(log: Path) -> list[float]:
    """How far each line that LaTeX could not fit runs past its box, in points."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return [float(w) for w in re.findall(r"Overfull \\hbox \(([0-9.]+)pt too wide", text)]


def test_no_line_runs_past_its_column_or_the_margin() -> None:
    """Addresses in the bibliography ran up to 614 pt past the margin; table headers stuck out
    of their columns. A point or two is a rounding of the column sizes; more is a layout bug."""
    widths = overfull_boxes(PDF.with_suffix(".log"))
    assert max(widths, default=0.0) < 5.0, sorted(widths)[-5:]


# --- The layout: no blank page, no colliding words, the edition on the title page ------------

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
#: Where the running head ends and the footer starts on an A4 page (points from the top).
HEAD_PT, FOOT_PT = 60.0, 775.0

Word = tuple[float, float, float, float, str]


def word_boxes(pdf: Path) -> list[tuple[float, list[Word]]]:
    """Each page's height and its words with their boxes (``pdftotext -bbox``)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for chunk in out.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', chunk).group(1))  # type: ignore[union-attr]
        words = [
            (float(a), float(b), float(c), float(d), w) for a, b, c, d, w in _WORD.findall(chunk)
        ]
        pages.append((height, words))
    return pages


def colliding(words: list[Word]) -> list[tuple[str, str, float]]:
    """Pairs of words on one line that overlap or touch without a space between them.

    A word that the text extraction splits at a ligature or a dash ("con" + "fi") has its parts
    exactly side by side (within 0.05 pt); words set apart by a space are more than a point
    apart; anything else is two words running into each other ("approximately" into "Killed").
    """
    found = []
    lines = sorted(words, key=lambda w: (round(w[1]), w[0]))
    for i, a in enumerate(lines):
        for b in lines[i + 1 : i + 60]:
            shared = min(a[3], b[3]) - max(a[1], b[1])
            if shared < 0.5 * min(a[3] - a[1], b[3] - b[1]):
                continue
            gap = max(a[0], b[0]) - min(a[2], b[2])
            if gap < 1.0 and not -0.05 < gap < 0.05:
                found.append((a[4], b[4], round(gap, 2)))
    return found


def test_the_collision_check_finds_words_that_run_into_each_other() -> None:
    line = [(10.0, 100.0, 60.0, 108.0, "approximately"), (58.0, 100.0, 80.0, 108.0, "Killed")]
    assert colliding(line) == [("approximately", "Killed", -2.0)]
    spaced = [(10.0, 100.0, 60.0, 108.0, "two"), (62.0, 100.0, 80.0, 108.0, "words")]
    split = [(10.0, 100.0, 20.0, 108.0, "con"), (20.0, 100.0, 25.0, 108.0, "fi")]
    assert colliding(spaced) == [] and colliding(split) == []


def test_no_words_collide_in_tables_or_anywhere_else() -> None:
    """Table columns once collided ("approximately" ran into "Killed and")."""
    found = {n: c for n, (_, words) in enumerate(word_boxes(PDF), 1) if (c := colliding(words))}
    assert found == {}


def test_no_page_is_blank() -> None:
    """A page with nothing but its running head and footer (there were seven)."""
    blank = [
        n
        for n, (height, words) in enumerate(word_boxes(PDF), 1)
        if not any(w[1] > HEAD_PT and w[3] < min(FOOT_PT, height - 60) for w in words)
    ]
    assert blank == []


def test_title_page_states_the_edition_and_the_date_of_the_newest_record(
    reader: PdfReader,
) -> None:
    from dprk_russia.publish.editions import version

    first = re.sub(r"\s+", " ", reader.pages[0].extract_text() or "")
    assert f"Edition {version(ROOT)}" in first
    assert f"{coverage(load())['latest_date']}, the date of the newest record" in first


def test_the_introduction_opens_the_first_chapter_not_the_contents(reader: PdfReader) -> None:
    pages = [re.sub(r"\s+", " ", p.extract_text() or "") for p in reader.pages]
    intro = [n for n, t in enumerate(pages) if "What can be said with confidence" in t]
    assert len(intro) == 1
    # Chapter openings and running heads are set in capitals: CONTENTS is the contents' head.
    assert "KEY JUDGMENTS" in pages[intro[0]] and "CONTENTS" not in pages[intro[0]]
    contents = [n for n, t in enumerate(pages) if "CONTENTS" in t]
    assert contents and max(contents) < intro[0], "the contents come before the first chapter"
