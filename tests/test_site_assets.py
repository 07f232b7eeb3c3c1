"""What each built page loads (see ``dprk_russia/publish/page_assets.py``): nothing it does not use.

These read ``_build/html``, which ``make test`` builds first; how fast the pages are is measured
by ``make bench`` (Lighthouse), never here.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from fontTools.ttLib import TTFont

from dprk_russia.publish.page_assets import (
    drop_assets,
    icon_codepoints,
    inlined_css,
    without_unused_icons,
)
from dprk_russia.publish.table_output import table_html

#: Reads the built site: make test, not make check.
pytestmark = pytest.mark.slow

HTML = ROOT / "_build" / "html"
PAGES = sorted(str(p.relative_to(HTML)) for p in HTML.rglob("*.html") if "_static" not in p.parts)
#: The front page is a bare redirect.
THEMED = [p for p in PAGES if p != "index.html"]


def soup(page: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser")


def sources(page: str) -> list[str]:
    s = soup(page)
    found = [t["src"] for t in s.find_all("script", src=True)]
    return found + [t["href"] for t in s.find_all("link", rel="stylesheet")]


@pytest.mark.parametrize("page", THEMED)
def test_no_page_loads_font_awesome_script_or_a_stylesheet_per_extension(page: str) -> None:
    loaded = sources(page)
    assert not [s for s in loaded if "fontawesome" in s]
    sheets = [s for s in loaded if s.split("?")[0].endswith(".css")]
    shared = [s for s in sheets if re.search(r"_static/site-[0-9a-f]{12}\.css", s)]
    assert len(shared) == 1, sheets
    assert set(sheets) - set(shared) <= {
        "../_static/explorer.css?" + s.split("?", 1)[1] for s in sheets if "explorer.css" in s
    }


@pytest.mark.parametrize("page", THEMED)
def test_the_search_index_loads_on_the_search_page_only(page: str) -> None:
    loaded = [s.split("?")[0].rsplit("/", 1)[-1] for s in sources(page)]
    assert ("searchindex.js" in loaded) == (page == "search.html")


@pytest.mark.parametrize("page", THEMED)
def test_widget_manager_and_table_library_only_where_used(page: str) -> None:
    text = (HTML / page).read_text(encoding="utf-8")
    has_widget = "application/vnd.jupyter.widget-view+json" in text
    assert ("widgets/embed.js" in text) == has_widget
    assert ("explorer.js" in text) == ('id="explorer-records"' in text)
    # DataTables only by a dynamic import, from the script of a table longer than a page.
    assert not [s for s in sources(page) if "dt_bundle" in s]


def test_every_icon_the_stylesheet_can_show_is_in_its_font() -> None:
    css_files = list((HTML / "_static").glob("site-*.css"))
    assert len(css_files) == 1
    css = css_files[0].read_text(encoding="utf-8")
    wanted = icon_codepoints(css)
    assert len(wanted) >= 10  # the themes' buttons, admonitions, toggles
    faces = re.findall(r"@font-face\s*\{[^}]*font-weight:900[^}]*\}", css)
    assert len(faces) == 1
    font = re.search(r"url\(([^)]+)\)", faces[0])
    assert font is not None and font.group(1).startswith("site-icons-")
    path = HTML / "_static" / font.group(1)
    assert path.stat().st_size < 20_000
    cmap = set(TTFont(path).getBestCmap())
    original = set(
        TTFont(HTML / "_static/vendor/fontawesome/webfonts/fa-solid-900.ttf").getBestCmap()
    )
    assert wanted & original <= cmap  # every solid icon the stylesheet names, no fewer
    assert len(cmap) < len(original) // 20  # and not the thousands it does not


def test_a_table_loads_datatables_only_when_the_reader_comes_to_it() -> None:
    for rows in (10, 11):  # a small table is sortable too, without pager or search box
        page = table_html(pd.DataFrame({"a": range(rows)}), "t", page_length=10)
        assert page.count("<script") == 1
        assert 'import("../_static/itables/dt_bundle.js")' in page  # a dynamic import, on demand
        assert "import DataTable from" not in page and 'dt_bundle.js"></script>' not in page
        assert f"const small = {'true' if rows <= 10 else 'false'};" in page


def test_dropping_assets_removes_only_the_named_ones() -> None:
    head = (
        '<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '<script src="../_static/scripts/bootstrap.js?digest=1"></script>\n'
        '<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />\n'
    )
    out = drop_assets(head, ["_static/scripts/fontawesome.js", "_static/styles/theme.css"])
    assert "fontawesome" not in out and "theme.css" not in out and "bootstrap.js" in out


def test_bundled_css_inlines_imports_and_rebases_addresses(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "styles").mkdir()
    (tmp_path / "basic.css").write_text("a{background:url(file.png)}")
    (tmp_path / "styles" / "theme.css").write_text(
        '@import "../basic.css";\nb{src:url(../vendor/f.woff2)}c{d:url("data:x")}'
    )
    out = inlined_css(tmp_path, "styles/theme.css")
    assert "@import" not in out
    assert "url(file.png)" in out and "url(vendor/f.woff2)" in out and 'url("data:x")' in out


def test_unused_icon_rules_go_and_used_ones_stay() -> None:
    css = '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-dog:before{content:"\\f6d3"}'
    out = without_unused_icons(css, frozenset({"fa-bars"}))
    assert "fa-bars" in out and "fa-dog" not in out
