"""The built book: every chapter page, its figures, and every glued number, checked against a
fresh run of the chapter notebooks through a kernel (as a reader who reruns them would do).

These tests read ``_build/html``, which ``make test`` builds first.
"""

from __future__ import annotations

import re
from typing import Any

import jupytext
import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, ReaderRun

from dprk_russia.publish.build import chapters

#: Needs a built book, and some tests a browser, TeX or whole builds: make test, not make check.
pytestmark = pytest.mark.slow


HTML = ROOT / "_build" / "html"
GLUE_TEXT = re.compile(r"\{eval\}`([^`]+)`")
GLUE_FIGURE = re.compile(r"^```\{figure\}\n:name: (\S+)", re.MULTILINE)


CHAPTERS = [str(path.relative_to(ROOT).with_suffix("")) for path in chapters()]


def page(chapter: str) -> BeautifulSoup:
    path = HTML / f"{chapter}.html"
    assert path.exists(), f"{path} was not built (run make book)"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def executed(reader_runs: dict[str, ReaderRun]) -> dict[str, nbformat.NotebookNode]:
    """Every chapter run top to bottom through a Python kernel, outside the book build."""
    return {chapter: run.notebook for chapter, run in reader_runs.items()}


def glued_pairs(nb: nbformat.NotebookNode) -> list[tuple[str, Any]]:
    """Every (name, value) a notebook glued, in order, as text (what {eval} renders); a
    name glued twice appears twice."""
    pairs: list[tuple[str, Any]] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            if "name" in record:
                prefix = record.get("mime_prefix", "")
                pairs.append((record["name"], output["data"][prefix + "text/plain"]))
    return pairs


def glued(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """The values a notebook glued, by name, as text (what {eval} renders)."""
    return dict(glued_pairs(nb))


def names_with_two_values(notebooks: dict[str, nbformat.NotebookNode]) -> dict[str, list[str]]:
    """Glued names that carry more than one value anywhere in the book, each with the values
    and where they were glued: one concept computed two ways, or two concepts under one name."""
    seen: dict[str, dict[str, list[str]]] = {}
    for chapter, nb in notebooks.items():
        for name, value in glued_pairs(nb):
            seen.setdefault(name, {}).setdefault(as_text(value), []).append(chapter)
    return {
        name: [f"{value!r} in {', '.join(sorted(set(where)))}" for value, where in values.items()]
        for name, values in seen.items()
        if len(values) > 1
    }


def as_text(plain: str) -> str:
    """What the page shows for a glued value: strings lose their Python quotes."""
    if len(plain) >= 2 and plain[0] == plain[-1] and plain[0] in "'\"":
        return plain[1:-1]
    return plain


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_top_to_bottom_in_a_kernel(
    executed: dict[str, nbformat.NotebookNode], chapter: str
) -> None:
    errors = [
        o
        for cell in executed[chapter].cells
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert errors == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_exists_with_its_figures_and_alt_text(chapter: str) -> None:
    soup = page(chapter)
    source = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
    for name in GLUE_FIGURE.findall(source):
        figure = soup.find(id=name)
        assert figure is not None, f"figure {name} missing from {chapter}"
        img = figure.find("img")
        assert img is not None and img.get("alt", "").strip(), f"{name} has no alt text"
        assert figure.find(class_="caption-number") is not None, f"{name} is not numbered"
    for img in soup.select("main img"):
        assert img.get("alt", "").strip(), f"an image in {chapter} has no alt text"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_glued_number_on_the_page_equals_the_data_modules_value(
    executed: dict[str, nbformat.NotebookNode], chapter: str
) -> None:
    source = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
    keys = GLUE_TEXT.findall(source)
    shown = [span.get_text() for span in page(chapter).select("main span.pasted-text")]
    values = glued(executed[chapter])
    assert len(shown) == len(keys), f"{chapter}: {len(keys)} eval roles, {len(shown)} on the page"
    for key, text in zip(keys, shown, strict=True):
        assert key in values, f"{chapter}: {key} is never glued"
        assert text == as_text(values[key]), f"{chapter}: {key} shows {text!r}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_glued_source_links_to_its_glued_address(
    executed: dict[str, nbformat.NotebookNode], chapter: str
) -> None:
    source = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
    values = glued(executed[chapter])
    # An {eval} of a name glued with an address beside it (name_url) is a source: a link.
    keys = [k for k in GLUE_TEXT.findall(source) if as_text(values.get(f"{k}_url", ""))]
    links = page(chapter).select("main a.source-link")
    shown = [(a.get_text(), a["href"]) for a in links if a.find(class_="pasted-text")]
    wanted = [(as_text(values[k]), as_text(values[f"{k}_url"])) for k in keys]
    assert shown == wanted


def test_one_glued_name_carries_one_value_across_the_whole_book(
    executed: dict[str, nbformat.NotebookNode],
) -> None:
    assert names_with_two_values(executed) == {}


def _glue_output(name: str, value: str) -> nbformat.NotebookNode:
    return nbformat.from_dict(
        {
            "output_type": "display_data",
            "data": {"text/plain": repr(value)},
            "metadata": {"scrapbook": {"name": name, "mime_prefix": ""}},
        }
    )


def test_a_name_glued_with_two_values_is_reported_with_both_chapters() -> None:
    def notebook(*pairs: tuple[str, str]) -> nbformat.NotebookNode:
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [_glue_output(n, v) for n, v in pairs]
        nb.cells = [cell]
        return nb

    book = {
        "book/index": notebook(("days", "190"), ("same", "x")),
        "book/deployment": notebook(("days", "192"), ("same", "x")),
        "book/timeline": notebook(("twice", "a"), ("twice", "b")),
    }
    found = names_with_two_values(book)
    assert set(found) == {"days", "twice"}
    assert found["days"] == ["'190' in book/index", "'192' in book/deployment"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_reads_no_data_file_itself(chapter: str) -> None:
    nb = jupytext.read(ROOT / f"{chapter}.md")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for forbidden in ("read_csv", "open(", ".csv", "data/", "Path("):
        assert forbidden not in code, f"{chapter} code uses {forbidden!r}"


def test_book_has_no_template_leftovers() -> None:
    index = (HTML / "book" / "index.html").read_text(encoding="utf-8")
    assert "Powered by Jupyter Book" not in index or "CC BY 4.0" in index
    assert "The Jupyter Book Community" not in index
    assert re.search(r"©\s*Copyright\s+20\d\d\.", index) is None


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_offers_its_notebook_for_download(chapter: str) -> None:
    links = [a["href"] for a in page(chapter).find_all("a", href=True)]
    wanted = [h for h in links if h.endswith(f"_sources/{chapter}.ipynb")]
    assert wanted, f"{chapter} has no .ipynb download"
    nb = nbformat.read(HTML / "_sources" / f"{chapter}.ipynb", as_version=4)
    assert any(c.cell_type == "code" for c in nb.cells)


def test_the_front_page_redirects_naming_its_icon_and_linking_the_landing_page() -> None:
    # A bare redirect makes the browser ask for /favicon.ico: a 404 in the console on any host.
    front = (HTML / "index.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="data:,">' in front
    assert "url=book/index.html" in front and '<a href="book/index.html">' in front
