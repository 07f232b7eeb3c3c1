"""The explorer's page: every record shipped once as data, a form with every filter, no month
left out, and a page that grows with the records rather than with the ways to view them.

How the page behaves in a browser (search, filters, pages) is tested in ``test_site.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import DATA

from dprk_russia import read
from dprk_russia.core.synthetic import scaled_copy
from dprk_russia.publish.explorer_page import PAGE_SIZE, explorer_html, payload
from dprk_russia.tables import main_citations
from dprk_russia.widgets import month_chart, records


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    return read(DATA)


def shipped(page: str) -> dict:  # type: ignore[type-arg]
    script = BeautifulSoup(page, "html.parser").find("script", id="explorer-records")
    assert script is not None and script.get("type") == "application/json"
    return json.loads(script.string or "")  # type: ignore[no-any-return]


def test_every_record_is_shipped_once_with_what_the_filters_need(data) -> None:  # type: ignore[no-untyped-def]
    p = shipped(explorer_html(data))
    recs = records(data)
    assert [r["id"] for r in p["records"]] == list(recs["id"])
    assert len({r["id"] for r in p["records"]}) == len(recs)
    claims = [r for r in p["records"] if p["types"][r["t"]] == "Stated figures"]
    statements = [r for r in p["records"] if p["types"][r["t"]] == "Statements"]
    assert len(claims) == len(data.troop_claims) and all(r["n"] in p["counts"] for r in claims)
    assert len(statements) == len(data.statements)
    assert all(r["s"] in p["stances"] for r in statements)
    assert all(
        r["s"] is None and r["n"] is None for r in p["records"] if r not in claims + statements
    )
    for r in p["records"]:
        assert all(0 <= i < len(p["countries"]) for i in r["c"]) and r["c"]
        assert all(0 <= i < len(p["actors"]) for i in r["a"]) and r["a"]
        assert r["url"] == "" or r["url"].startswith("https://")
        assert r["m"] == r["d"][:7] and r["m"] in p["months"]
    assert p["pageSize"] == PAGE_SIZE


def test_the_period_has_every_month_from_the_first_record_to_the_last(data) -> None:  # type: ignore[no-untyped-def]
    months = payload(data)["months"]
    dates = records(data)["date"]
    expected = pd.period_range(dates.min(), dates.max(), freq="M").astype(str).tolist()
    assert months == expected
    # Some month has no record at all (July 2024, say): it is a month of the period all the same.
    used = {f"{d:%Y-%m}" for d in dates}
    assert set(months) - used, "the data have no empty month: this test shows nothing"


def test_the_form_offers_search_and_every_filter(data) -> None:  # type: ignore[no-untyped-def]
    soup = BeautifulSoup(explorer_html(data), "html.parser")
    form = soup.find("form")
    assert form is not None
    assert form.find("input", attrs={"type": "search", "name": "q"}) is not None
    names = {s["name"] for s in form.find_all("select")}
    assert names == {"type", "country", "who", "stance", "counts", "from", "to", "order"}
    for select in form.find_all("select"):
        label = soup.find("label", attrs={"for": select["id"]})
        assert label is not None and label.get_text(strip=True), select["name"]
    p = payload(data)
    country = form.find("select", attrs={"name": "country"})
    assert [o.get_text() for o in country.find_all("option")][1:] == p["countries"]
    who = form.find("select", attrs={"name": "who"})
    assert len(who.find_all("option")) == len(p["actors"]) + 1


def test_a_source_links_only_to_an_https_address(data) -> None:  # type: ignore[no-untyped-def]
    address = main_citations(data)["url"].astype(str).to_dict()
    p = payload(data)
    plain = [r for r in p["records"] if not address.get(r["id"], "").startswith("https://")]
    assert plain, "no record's main source has a declared http:// address: nothing shown"
    assert all(r["url"] == "" and r["src"] for r in plain)
    linked = [r for r in p["records"] if r not in plain]
    assert all(r["url"] == address[r["id"]] for r in linked)


def test_the_page_grows_with_the_records_not_with_the_views(data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    small = len(explorer_html(data).encode("utf-8"))
    big_data = read(scaled_copy(DATA, 4, tmp_path / "data"))
    big = len(explorer_html(big_data).encode("utf-8"))
    ratio = len(records(big_data)) / len(records(data))
    # Views would multiply with countries x periods; records alone keep the size in proportion.
    assert big <= 1.15 * ratio * small, (small, big, ratio)


def test_the_kernel_charts_every_month_a_zero_included(data) -> None:  # type: ignore[no-untyped-def]
    recs = records(data)
    html = month_chart(recs)
    dates = recs["date"]
    months = pd.period_range(dates.min(), dates.max(), freq="M")
    assert html.count('class="bar-row"') == len(months)
    assert ">0</span></div>" in html
