"""The map's data: country outlines and the places of the record, read and validated.

``data/geo/countries.geojson`` holds country outlines cut from Natural Earth (public domain);
``data/geo/places.csv`` the places the records name, with coordinates from GeoNames. Both are
described, with their provenance, in ``data/geo/README.md``. Like every other data file, a
broken one is reported as a :class:`Problem` naming the file, the line or feature, the place
and the field, never as a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .problems import DataError, Problem
from .reading import RawTable, Unreadable, display, read_regular

GEO = "geo"
COUNTRIES = f"{GEO}/countries.geojson"
PLACES = f"{GEO}/places.csv"
#: The most either map file may weigh: small enough to ship in every build.
MAX_BYTES = 500_000
PLACE_FIELDS = [
    "place_id",
    "name",
    "country",
    "role",
    "latitude",
    "longitude",
    "geonameid",
    "geonames_name",
    "record_ids",
    "notes",
]
#: What part a place plays in the route, as its records tell it.
ROLES = ("departure", "arrival", "stationed", "fighting")
#: Where a record's own words are, by table (its citations' quotes count too).
RECORD_TEXT = {
    "events": "description",
    "troop_claims": "wording",
    "statements": "summary",
    "assessments": "summary",
}

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Place:
    place_id: str
    name: str
    country: str
    role: str
    lat: float
    lon: float
    record_ids: tuple[str, ...]


@dataclass(frozen=True)
class GeoData:
    """Outlines by country name (a list of rings each), and the places."""

    countries: dict[str, list[Ring]]
    places: tuple[Place, ...]


def _read(root: Path, rel: str, problems: list[Problem]) -> str | None:
    path = root / rel
    try:
        return read_regular(path, MAX_BYTES).decode("utf-8")
    except (Unreadable, UnicodeDecodeError) as exc:
        why = "not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)
        problems.append(Problem(display(root, path), None, None, None, f"cannot read: {why}"))
        return None


def _ring(ring: Any) -> Ring | None:
    """A closed ring of at least four [lon, lat] points inside the world, else None."""
    if not isinstance(ring, list) or len(ring) < 4:
        return None
    out = []
    for p in ring:
        ok = isinstance(p, list) and len(p) == 2 and all(isinstance(v, int | float) for v in p)
        if not ok or not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90):
            return None
        out.append((float(p[0]), float(p[1])))
    return out


def _polygons(geometry: Any) -> list[Any] | None:
    if not isinstance(geometry, dict):
        return None
    coords = geometry.get("coordinates")
    if geometry.get("type") == "Polygon" and isinstance(coords, list):
        return [coords]
    if geometry.get("type") == "MultiPolygon" and isinstance(coords, list):
        return coords
    return None


def _feature(f: Any, number: int, file: str, problems: list[Problem]) -> tuple[str, list[Ring]]:
    """One country: its name and rings; every fault reported against the feature's number."""

    def bad(field: str, message: str) -> tuple[str, list[Ring]]:
        problems.append(Problem(file, None, f"feature {number}", field, message))
        return "", []

    props = f.get("properties") if isinstance(f, dict) else None
    name = props.get("name") if isinstance(props, dict) else None
    if not isinstance(name, str) or not name.strip():
        return bad("properties.name", "a country needs a name")
    polygons = _polygons(f.get("geometry"))
    if not polygons:
        return bad("geometry", f"{name}: must be a Polygon or MultiPolygon with coordinates")
    rings = [_ring(r) for poly in polygons for r in (poly if isinstance(poly, list) else [None])]
    if not rings or any(r is None for r in rings):
        return bad("geometry", f"{name}: every ring needs 4+ [longitude, latitude] points")
    return name, [r for r in rings if r is not None]


def read_countries(root: Path, problems: list[Problem]) -> dict[str, list[Ring]]:
    """The outlines, by country name, from ``countries.geojson`` (problems reported)."""
    text = _read(root, COUNTRIES, problems)
    file = display(root, root / COUNTRIES)
    if text is None:
        return {}
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(file, exc.lineno, None, None, f"not valid JSON: {exc.msg}"))
        return {}
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not features:
        problems.append(Problem(file, None, None, None, "must be a GeoJSON FeatureCollection"))
        return {}
    out: dict[str, list[Ring]] = {}
    for number, f in enumerate(features, 1):
        name, rings = _feature(f, number, file, problems)
        if name:
            out.setdefault(name, []).extend(rings)
    return out


def _number(value: str, low: float, high: float) -> float | None:
    if not re.fullmatch(r"-?\d{1,3}(\.\d{1,6})?", value):
        return None
    number = float(value)
    return number if low <= number <= high else None


def _place(row: dict[str, str], line: int, file: str, problems: list[Problem]) -> Place | None:
    """One place, checked cell by cell (each fault reported with the line and the place)."""
    key = row.get("place_id") or None
    start = len(problems)

    def bad(field: str, message: str) -> None:
        problems.append(Problem(file, line, key, field, message))

    if not re.fullmatch(r"[a-z][a-z0-9-]*", row["place_id"]):
        bad("place_id", "must be lower-case letters, digits and hyphens")
    for name in ("name", "country", "geonames_name"):
        if not row[name].strip():
            bad(name, "is required")
    if row["role"] not in ROLES:
        bad("role", f"must be one of {', '.join(ROLES)}")
    lat, lon = _number(row["latitude"], -90, 90), _number(row["longitude"], -180, 180)
    if lat is None:
        bad("latitude", "must be decimal degrees between -90 and 90 (at most 6 decimals)")
    if lon is None:
        bad("longitude", "must be decimal degrees between -180 and 180 (at most 6 decimals)")
    if not re.fullmatch(r"[1-9]\d{0,9}", row["geonameid"]):
        bad("geonameid", "must be GeoNames' numeric id of the place")
    ids = tuple(row["record_ids"].split("; ")) if row["record_ids"] else ()
    if not ids:
        bad("record_ids", "a place is on the map only as the records name it: list them")
    if len(problems) > start or lat is None or lon is None:
        return None
    return Place(row["place_id"], row["name"], row["country"], row["role"], lat, lon, ids)


def read_places(root: Path, problems: list[Problem]) -> list[tuple[int, Place]]:
    """The places of ``places.csv``, each with its line (problems reported)."""
    text = _read(root, PLACES, problems)
    file = display(root, root / PLACES)
    if text is None:
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != PLACE_FIELDS:
        message = f"the columns must be {', '.join(PLACE_FIELDS)}; found {reader.fieldnames}"
        problems.append(Problem(file, 1, None, None, message))
        return []
    out, seen = [], set()
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            problems.append(
                Problem(file, line, None, None, "the row has the wrong number of cells")
            )
            continue
        place = _place(row, line, file, problems)
        if place is not None and place.place_id in seen:
            problems.append(Problem(file, line, place.place_id, "place_id", "is used twice"))
        elif place is not None:
            seen.add(place.place_id)
            out.append((line, place))
    return out


def named_in_records(
    root: Path, places: list[tuple[int, Place]], texts: dict[str, str], problems: list[Problem]
) -> None:
    """Every record a place lists exists and names the place, in its own words or in a quote
    cited for it (``texts``: each record's words and quotes, by id)."""
    file = display(root, root / PLACES)
    for line, place in places:
        for rid in place.record_ids:
            if rid not in texts:
                message = f"unknown record {rid!r} (not an event, stated figure or statement)"
                problems.append(Problem(file, line, place.place_id, "record_ids", message))
            elif place.name.lower() not in texts[rid].lower():
                message = f"record {rid} does not name {place.name} (nor does a quote cited for it)"
                problems.append(Problem(file, line, place.place_id, "record_ids", message))


def record_texts(raws: dict[str, RawTable]) -> dict[str, str] | None:
    """Each record's own words and the quotes cited for it, by record id; None when a table
    they come from cannot be used (that table's own problem is reported, not each place)."""
    if any(name in raws and not raws[name].usable for name in [*RECORD_TEXT, "citations"]):
        return None
    texts: dict[str, str] = {}
    for table, column in RECORD_TEXT.items():
        raw = raws.get(table)
        for row in raw.rows if raw is not None else []:
            key = raw.key(row) if raw is not None else None
            if key:
                texts[key] = row.values.get(column, "")
    citations = raws.get("citations")
    for row in citations.rows if citations is not None else []:
        rid = row.values.get("record_id", "")
        if rid in texts:
            texts[rid] += "\n" + row.values.get("quote", "")
    return texts


def geo_problems(root: Path, texts: dict[str, str] | None) -> list[Problem]:
    """Everything wrong with the map's two files (``texts``: see :func:`named_in_records`;
    None: the records cannot be read, so the places' records are not checked)."""
    problems: list[Problem] = []
    read_countries(root, problems)
    places = read_places(root, problems)
    if texts is not None:
        named_in_records(root, places, texts, problems)
    return problems


@cache
def _geo(root: Path) -> GeoData:
    problems: list[Problem] = []
    countries = read_countries(root, problems)
    places = tuple(p for _, p in read_places(root, problems))
    if problems:
        raise DataError(problems)
    return GeoData(countries, places)


def geo_data(root: Path) -> GeoData:
    """The map's data for the data folder ``root`` (validated with the rest of ``data/``)."""
    return _geo(root.resolve())
