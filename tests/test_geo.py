"""The map's data files are validated like the rest of data/: a broken one is named, with the
line or feature, the place and the field, and the build stops."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dprk_russia import DataError, read
from dprk_russia.core.geo import COUNTRIES, PLACES, geo_data
from dprk_russia.core.synthetic import scaled_copy


def problems(data_copy: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        read(data_copy)
    return [str(p) for p in err.value.problems]


def edit_places(data_copy: Path, old: str, new: str) -> None:
    path = data_copy / PLACES
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_map_data_validates_and_every_place_is_named_by_its_records() -> None:
    geo = geo_data(Path(read().directory))
    assert {"Russia", "North Korea", "Ukraine"} <= set(geo.countries)
    assert {p.role for p in geo.places} == {"departure", "arrival", "stationed", "fighting"}


def test_a_place_off_the_globe_is_named_with_its_file_line_and_field(data_copy: Path) -> None:
    edit_places(data_copy, "51.72689", "151.72689")
    found = problems(data_copy)
    assert any("geo/places.csv, line 9 (kursk), field latitude" in p for p in found), found


def test_a_place_its_records_do_not_name_is_refused(data_copy: Path) -> None:
    edit_places(data_copy, ",E26,", ",E02,")
    found = problems(data_copy)
    assert any("(wonsan), field record_ids: record E02 does not name Wonsan" in p for p in found)


def test_an_unknown_record_or_role_is_refused(data_copy: Path) -> None:
    edit_places(data_copy, "E06; E26", "E06; E999")
    edit_places(data_copy, ",stationed,", ",guessed,")
    found = "\n".join(problems(data_copy))
    assert "unknown record 'E999'" in found
    assert "field role: must be one of departure, arrival, stationed, fighting" in found


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"type": "FeatureCollection", "features": [', "not valid JSON"),
        ('{"type": "Feature"}', "must be a GeoJSON FeatureCollection"),
        (
            '{"type": "FeatureCollection", "features": [{"properties": {"name": "X"}, '
            '"geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3, 4]]]}}]}',
            "(feature 1), field geometry: X: every ring needs 4+",
        ),
        (
            '{"type": "FeatureCollection", "features": [{"properties": {}, "geometry": null}]}',
            "(feature 1), field properties.name: a country needs a name",
        ),
    ],
)
def test_a_broken_outline_file_is_named(data_copy: Path, content: str, message: str) -> None:
    (data_copy / COUNTRIES).write_text(content, encoding="utf-8")
    found = problems(data_copy)
    assert any("geo/countries.geojson" in p and message in p for p in found), found


def test_a_missing_map_file_is_named(data_copy: Path) -> None:
    (data_copy / COUNTRIES).unlink()
    assert any("geo/countries.geojson: cannot read" in p for p in problems(data_copy))


def test_the_outlines_stay_small_and_keep_their_provenance() -> None:
    root = Path(read().directory)
    assert (root / COUNTRIES).stat().st_size < 200_000
    doc = json.loads((root / COUNTRIES).read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    readme = (root / "geo" / "README.md").read_text(encoding="utf-8")
    for words in ("Natural Earth", "public domain", "cut.py", "GeoNames", "CC BY 4.0"):
        assert words in readme


def test_a_scaled_copy_keeps_its_places_named_by_records(tmp_path: Path) -> None:
    data = read(scaled_copy(Path(read().directory), 3, tmp_path / "data"))
    assert len(geo_data(data.directory).places) == len(geo_data(Path(read().directory)).places)
