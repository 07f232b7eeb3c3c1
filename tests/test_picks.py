"""Chapters choose the records their prose names; the shared package only computes.

``views.picks.picked`` is the one way a chapter names records, and no record id is written
inside the package.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dprk_russia import load
from dprk_russia.views.picks import picked

PACKAGE = Path(__file__).resolve().parent.parent / "dprk_russia"
#: A record, citation, search or correction id as the data writes them (E01, C66, cit0001...).
RECORD_ID = re.compile(r"""["'](?:[ECSAQK][0-9]{2,5}|cit[0-9]{4,5}|O[0-9]{2,5})["']""")


def test_no_record_id_is_chosen_inside_the_shared_package() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if RECORD_ID.search(line)
    ]
    assert not found, "record ids belong in the chapter that names them:\n" + "\n".join(found)


def test_the_package_id_check_would_see_an_id() -> None:
    assert RECORD_ID.search('KEY = {"treaty": "E01"}')
    assert RECORD_ID.search("cite = 'cit0465'")
    assert not RECORD_ID.search('"E" + str(n)')


def test_each_kind_of_pick_gives_its_values_from_the_record() -> None:
    data = load()
    v = picked(
        data,
        {"treaty": "E01", "c_first": "C03", "rutte": "S16", "q_art": "cit0001", "q_t": "Q02"},
    )
    assert (v["treaty_date"], v["treaty_who"]) == ("19 June 2024", "Vladimir Putin and Kim Jong Un")
    assert v["c_first_stated"] == "some 1,500" and v["c_first_id"] == "C03"
    assert (v["rutte_speaker"], v["rutte_date"]) == ("Mark Rutte", "21 October 2024")
    quote = data.citations.set_index("citation_id").loc["cit0001", "quote"]
    assert v["q_art"] == quote
    assert v["q_t_id"] == "Q02" and v["q_t_searched"]
    for prefix in ("treaty", "c_first", "rutte"):
        assert v[f"{prefix}_quote"] and v[f"{prefix}_source"]


def test_a_claim_with_a_trailing_hedge_reads_as_said() -> None:
    assert picked(load(), {"c": "C51"})["c_stated"] == "3,000 or more"


def test_an_unknown_id_stops_the_chapter_naming_the_prefix() -> None:
    with pytest.raises(KeyError, match=r"nis_first.*E9999"):
        picked(load(), {"nis_first": "E9999"})
