"""The folder to publish (``make site``: ``_build/site``): its downloads and their checksums, what
links to them, the edition each page states, and the pages' social-card metadata, first as built
here (no site address configured), then in a copy built with an address, as the deploy
workflow builds it.

The browser tests (``test_site.py``) serve the same folder at ``/`` and under a sub-path.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, git_copy, ok, run_build

from dprk_russia import load
from dprk_russia.publish import site as site_module
from dprk_russia.publish.build import FINISHED, cache_path, chapters
from dprk_russia.publish.editions import build_date, format_day, version
from dprk_russia.publish.site import CHECKSUMS, DATA_ZIP, NOTEBOOKS_ZIP, PDF, assemble
from dprk_russia.views.records import coverage

#: Needs the built site (make site), and one test whole builds: make test, not make check.
pytestmark = pytest.mark.slow

SITE = ROOT / "_build" / "site"
DATA = ROOT / "data"
CHAPTERS = [str(p.relative_to(ROOT).with_suffix("")) for p in chapters()]
DOWNLOADS = [PDF, DATA_ZIP, NOTEBOOKS_ZIP, CHECKSUMS]


def soup(path: Path) -> BeautifulSoup:
    assert path.exists(), f"{path} missing (run make site)"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def read_sums(text: str) -> dict[str, str]:
    sums = {}
    for line in text.splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    return sums


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_every_download_is_in_the_site_and_matches_its_checksum() -> None:
    sums = read_sums((SITE / CHECKSUMS).read_text(encoding="utf-8"))
    expected = {Path(p).name for p in (PDF, DATA_ZIP, NOTEBOOKS_ZIP)}
    assert set(sums) == expected
    for name, digest in sums.items():
        assert sha((SITE / "downloads" / name).read_bytes()) == digest, name
    assert (SITE / PDF).read_bytes() == (ROOT / "_build" / FINISHED["pdflatex"]).read_bytes()


def test_the_data_zip_is_the_evidence_base_and_validates_on_its_own(tmp_path: Path) -> None:
    from dprk_russia.core.validation import check

    with zipfile.ZipFile(SITE / DATA_ZIP) as zf:
        names = zf.namelist()
        folder = names[0].split("/")[0]
        assert folder == f"dprk-troops-evidence-{version(ROOT)}"
        files = {n.removeprefix(folder + "/"): zf.read(n) for n in names}
    package = json.loads(files["datapackage.json"])
    tables = [r["path"] for r in package["resources"]]
    stored = sorted(
        p.relative_to(DATA).as_posix()
        for folder in ("sources", "geo")
        for p in (DATA / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    assert sorted(files) == sorted(["datapackage.json", *tables, *stored, "SHA256SUMS"])
    for name, data in files.items():
        if name != "SHA256SUMS":
            assert data == (DATA / name).read_bytes(), name
    inner = read_sums(files["SHA256SUMS"].decode())
    assert set(inner) == set(files) - {"SHA256SUMS"}
    assert all(sha(files[n]) == d for n, d in inner.items())
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    raws, _ = check(tmp_path)  # raises DataError on any problem
    assert set(raws) == {r["name"] for r in package["resources"]}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_notebook_is_the_executed_one_with_outputs(chapter: str) -> None:
    data = (SITE / "_sources" / f"{chapter}.ipynb").read_bytes()
    nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert any(c.outputs for c in code), f"{chapter}: no cell has an output"
    assert all(c.execution_count for c in code if c.source.strip()), f"{chapter}: not executed"
    with zipfile.ZipFile(SITE / NOTEBOOKS_ZIP) as zf:
        folder = zf.namelist()[0].split("/")[0]
        assert zf.read(f"{folder}/{chapter}.ipynb") == data


def hrefs(page: BeautifulSoup) -> set[str]:
    return {str(a["href"]) for a in page.find_all("a", href=True)}


@pytest.mark.parametrize("page", ["book/index.html", "book/method.html", "book/editions.html"])
def test_the_landing_page_method_and_edition_pages_link_every_download(page: str) -> None:
    links = hrefs(soup(SITE / page))
    for target in DOWNLOADS:
        assert f"../{target}" in links, f"{page} does not link {target}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_download_menu_offers_the_real_pdf_and_the_data(chapter: str) -> None:
    page = soup(SITE / f"{chapter}.html")
    menu = page.select_one(".dropdown-download-buttons")
    assert menu is not None
    links = {str(a["href"]) for a in menu.find_all("a", href=True)}
    assert {f"../{PDF}", f"../{DATA_ZIP}", f"../_sources/{chapter}.ipynb"} <= links
    assert "window.print" not in str(menu)


def test_the_landing_page_states_the_edition_the_evidence_date_and_the_build_date() -> None:
    text = " ".join(soup(SITE / "book" / "index.html").select_one("main").get_text(" ").split())
    assert f"Edition {version(ROOT)}" in text
    assert f"evidence up to {coverage(load())['latest_date']}, the date of the newest" in text
    assert f"built on {format_day(build_date(ROOT)[0])}" in text


def test_the_edition_page_has_how_to_cite_and_the_evidence_changelog() -> None:
    page = soup(SITE / "book" / "editions.html")
    text = " ".join(page.select_one("main").get_text(" ").split())
    assert page.find(id="how-to-cite") is not None
    cite = f"The DPRK–Russia report team ({build_date(ROOT)[0].year}). North Korean troops in"
    assert cite in text and f"Edition {version(ROOT)}, evidence to" in text
    assert "What changed in the evidence" in text
    assert page.find(id="table-evidence-by-table") is not None


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_page_has_a_description_and_card_metadata(chapter: str) -> None:
    page = soup(SITE / f"{chapter}.html")
    meta = {
        (m.get("name") or m.get("property")): m.get("content")
        for m in page.find_all("meta")
        if m.get("content") is not None
    }
    assert 40 <= len(meta["description"]) <= 200
    assert meta["og:description"] == meta["twitter:description"] == meta["description"]
    title = page.find("h1").get_text().strip("#¶ \n")
    assert meta["og:title"].startswith(title) and meta["twitter:title"] == meta["og:title"]
    assert meta["twitter:card"] in ("summary", "summary_large_image")


def test_assembling_the_site_again_gives_the_same_downloads(tmp_path: Path) -> None:
    again = tmp_path / "site"
    assemble(ROOT, again)
    for name in DOWNLOADS:
        assert (again / name).read_bytes() == (SITE / name).read_bytes(), name


# --- Built with the site's address, as the deploy workflow builds it ----------------------

ADDRESS = "https://reports.example.org/dprk-troops/"


@pytest.fixture(scope="module")
def addressed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository built as the deploy workflow builds it (``SITE_URL`` set); the
    execution cache is copied over, so nothing is executed again."""
    repo = git_copy(tmp_path_factory.mktemp("addressed") / "repo")
    cache = cache_path()
    shutil.copytree(cache, cache_path(repo, repo / "_build", cache.name))
    env = {"SITE_URL": ADDRESS}
    for builder in ("html", "pdflatex", "site"):
        result = ok(run_build(repo, builder, env))
        assert "executing" not in result.stdout, "the copied execution cache was not used"
    return repo / "_build" / "site"


def metas(page: BeautifulSoup) -> dict[str, str]:
    return {
        str(m.get("name") or m.get("property")): str(m["content"])
        for m in page.find_all("meta")
        if m.get("content") is not None
    }


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_with_an_address_each_page_has_its_canonical_address_and_card_image(
    addressed: Path, chapter: str
) -> None:
    from PIL import Image

    page = soup(addressed / f"{chapter}.html")
    url = f"{ADDRESS}{chapter}.html"
    canonical = page.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == url
    meta = metas(page)
    assert meta["og:url"] == url
    image = meta["og:image"]
    assert image.startswith(f"{ADDRESS}_images/") and image.endswith(".png")
    assert meta["twitter:image"] == image and meta["twitter:card"] == "summary_large_image"
    png = addressed / image.removeprefix(ADDRESS)
    with Image.open(png) as card:
        assert card.size == site_module.CARD_SIZE
    first = page.select_one("main figure img")
    if first is not None:  # a page with figures shows its first one
        assert Path(str(first["src"])).stem == png.stem


def test_with_an_address_the_pdf_names_it_wherever_it_points_to_the_web_edition(
    addressed: Path,
) -> None:
    text = subprocess.run(
        ["pdftotext", str(addressed / PDF), "-"], capture_output=True, text=True, check=True
    ).stdout
    joined = "".join(text.split())  # addresses may break across lines
    assert f"Thewebedition:{ADDRESS}" in joined  # the title page
    assert f"webeditionofthisreport({ADDRESS}book/explorer.html)" in joined
    mentions = [i for i in range(len(joined)) if joined.startswith("webedition", i)]
    assert len(mentions) >= 3
    for at in mentions:  # the address follows every mention, within a few words
        assert ADDRESS in joined[at : at + 150], joined[max(at - 80, 0) : at + 150]
    with zipfile.ZipFile(io.BytesIO((addressed / NOTEBOOKS_ZIP).read_bytes())) as zf:
        assert any(n.endswith("README.txt") for n in zf.namelist())
