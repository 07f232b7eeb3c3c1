"""Cut countries.geojson from Natural Earth's 1:110m countries, as pyogrio's wheel ships them.

    pip download --no-deps pyogrio==0.13.0 -d /tmp/wheel
    unzip /tmp/wheel/pyogrio-*.whl 'pyogrio/tests/fixtures/naturalearth_lowres/*' -d /tmp/wheel
    python data/geo/cut.py /tmp/wheel/pyogrio/tests/fixtures/naturalearth_lowres > data/geo/countries.geojson

Standard library only: reads the shapefile (.shp polygons, .dbf attributes), keeps every polygon
of a country that reaches into VIEW (lon/lat), rounds coordinates to 0.01 degree (about 1 km)
and drops repeated points. The output is deterministic (same input, same bytes).
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

#: The area the report's map shows, with room around it: west, south, east, north (degrees).
VIEW = (18.0, 30.0, 146.0, 66.0)


def dbf_records(path: Path) -> list[dict[str, str]]:
    encoding = path.with_suffix(".cpg").read_text().strip()  # the fixture says ISO-8859-1
    raw = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", raw[4:12])
    fields, pos = [], 32
    while raw[pos] != 0x0D:
        name = raw[pos : pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, raw[pos + 16]))
        pos += 32
    out = []
    for i in range(count):
        rec = raw[header_len + i * record_len : header_len + (i + 1) * record_len]
        values, at = {}, 1
        for name, width in fields:
            values[name] = rec[at : at + width].decode(encoding).strip()
            at += width
        out.append(values)
    return out


def shp_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    raw = path.read_bytes()
    shapes, pos = [], 100
    while pos < len(raw):
        _, words = struct.unpack(">ii", raw[pos : pos + 8])
        body = raw[pos + 8 : pos + 8 + 2 * words]
        pos += 8 + 2 * words
        kind = struct.unpack("<i", body[:4])[0]
        if kind not in (5, 15, 25):
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{n_parts}i", body[44 : 44 + 4 * n_parts]))
        at = 44 + 4 * n_parts
        pts = [struct.unpack("<dd", body[at + 16 * k : at + 16 * k + 16]) for k in range(n_points)]
        ends = starts[1:] + [n_points]
        shapes.append([pts[a:b] for a, b in zip(starts, ends)])
    return shapes


def in_view(ring: list[tuple[float, float]]) -> bool:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs) <= VIEW[2] and max(xs) >= VIEW[0] and min(ys) <= VIEW[3] and max(ys) >= VIEW[1]


def rounded(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, 2), round(y, 2)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def main(folder: str) -> None:
    base = Path(folder) / "naturalearth_lowres"
    records, shapes = dbf_records(base.with_suffix(".dbf")), shp_polygons(base.with_suffix(".shp"))
    features = []
    for rec, rings in zip(records, shapes, strict=True):
        kept = [rounded(r) for r in rings if in_view(r)]
        kept = [r for r in kept if len(r) >= 4]
        if not kept:
            continue
        # Shapefile rings come outer (clockwise) first; the fixture has no holes in view,
        # so each ring is one polygon.
        geometry = {"type": "MultiPolygon", "coordinates": [[r] for r in kept]}
        props = {"name": rec["name"], "iso_a3": rec["iso_a3"]}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    features.sort(key=lambda f: f["properties"]["name"])
    out = {"type": "FeatureCollection", "features": features}
    sys.stdout.write(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
