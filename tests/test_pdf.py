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
    pattern = r"\{glue:text\}`" + re.escape(name) + r"`([^{`*\n]*)"
    for after in re.findall(pattern, source):
        words = re.findall(r"[\w’']+|[,;.]", after)[:2]
        tail = re.sub(r" ([,;.])", r"\1", " ".join(words))
        joiner = "" if not words or words[0] in ",;." else " "
        phrases.append(re.sub(r"\s+", " ", f"{value}{joiner}{tail}").strip())
    assert phrases, f"index.md glues no {name}"
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
