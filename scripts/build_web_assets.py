"""Put the dashboard's third-party assets into rasid/web/static/, from the npm registry.

    python scripts/build_web_assets.py [--cache .cache/npm]

- Leaflet 1.9.4 (BSD-2-Clause): dist/leaflet.js, leaflet.css, its marker and
  layer images and its LICENSE, into static/vendor/leaflet/.
- Country outlines: world-atlas 2.0.2 (ISC), Natural Earth's 1:110m admin-0
  countries (public domain) as TopoJSON, turned into GeoJSON with coordinates
  rounded to 0.01 degree, into static/countries.geojson. The map's base
  layer, so that no tile server is ever asked for anything.

The packages are fetched with `npm pack` (the registry is reachable where
the project is built; nothing is fetched at run time) unless their tarballs
are already in the cache folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "rasid" / "web" / "static"
PACKAGES = {"leaflet": "1.9.4", "world-atlas": "2.0.2"}
LEAFLET_FILES = (
    "package/LICENSE",
    "package/dist/leaflet.js",
    "package/dist/leaflet.css",
    "package/dist/images/layers.png",
    "package/dist/images/layers-2x.png",
    "package/dist/images/marker-icon.png",
    "package/dist/images/marker-icon-2x.png",
    "package/dist/images/marker-shadow.png",
)


def tarball(name: str, cache: Path) -> Path:
    path = cache / f"{name}-{PACKAGES[name]}.tgz"
    if not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"{name}@{PACKAGES[name]}"], cwd=cache, check=True)
    return path


def decode_topology(topology: dict[str, Any], name: str) -> dict[str, Any]:
    """GeoJSON of one object of a quantised TopoJSON topology.

    Written here rather than taken from a package: decoding needs only the
    delta-encoded arcs undone and stitched into rings, twenty lines, and the
    Python TopoJSON packages pull in a geometry stack for it.
    """
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(
                [round(x * scale[0] + translate[0], 2), round(y * scale[1] + translate[1], 2)]
            )
        arcs.append(points)

    def ring(indexes: list[int]) -> list[list[float]]:
        points: list[list[float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    features = []
    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            coordinates: Any = [ring(r) for r in geometry["arcs"]]
        elif kind == "MultiPolygon":
            coordinates = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "id": geometry.get("id"),
                "properties": {"name": geometry.get("properties", {}).get("name")},
                "geometry": {"type": kind, "coordinates": coordinates},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "npm")
    args = parser.parse_args()
    vendor = STATIC / "vendor" / "leaflet"
    shutil.rmtree(vendor, ignore_errors=True)
    (vendor / "images").mkdir(parents=True)
    with tarfile.open(tarball("leaflet", args.cache)) as archive:
        for member in LEAFLET_FILES:
            data = archive.extractfile(member)
            assert data is not None, member
            target = vendor / member.removeprefix("package/").removeprefix("dist/")
            target.write_bytes(data.read())
    with tarfile.open(tarball("world-atlas", args.cache)) as archive:
        data = archive.extractfile("package/countries-110m.json")
        assert data is not None
        topology = json.load(data)
    outlines = decode_topology(topology, "countries")
    (STATIC / "countries.geojson").write_text(
        json.dumps(outlines, separators=(",", ":")), encoding="utf-8"
    )
    print(f"leaflet -> {vendor}; {len(outlines['features'])} countries -> countries.geojson")


if __name__ == "__main__":
    main()
