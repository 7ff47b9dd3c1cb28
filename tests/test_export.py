"""rasid export: ACLED-like CSV, GeoJSON, JSON lines, with date and type filters."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

from typer.testing import CliRunner

import rasid
from rasid.cli import app
from rasid.export import ACLED_COLUMNS, acled_rows, event_day, geojson, select_events
from rasid.kb import default_kb
from rasid.model import Event
from rasid.store import MemoryStore, SqlStore

ARTICLES = [
    ("خبر\nقصفت قوات النظام بلدة كفرنبل في ريف إدلب يوم أمس.", datetime(2020, 3, 10)),
    ("خبر\nعلقت روسيا وتركيا الدوريات المشتركة على طريق M4.", datetime(2020, 3, 20)),
    ("خبر\nاعتقلت الشرطة التركية عشرة أشخاص في أنقرة الشهر الماضي.", datetime(2020, 4, 2)),
]


def _store() -> MemoryStore:
    store = MemoryStore()
    store.put([rasid.analyze(text, published=when) for text, when in ARTICLES])
    return store


def test_acled_rows_map_plover_types_and_keep_the_arabic() -> None:
    rows = acled_rows(_store().events(), default_kb())
    shelling, patrols, arrests = rows
    assert (shelling["event_type"], shelling["sub_event_type"]) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack",
    )  # fmt: skip
    assert shelling["event_date"] == "2020-03-09" and shelling["time_precision"] == 1
    assert shelling["actor1"] == "Syrian government forces"
    assert shelling["country"] == "Syria" and shelling["geo_precision"] == 1
    assert "قصفت" in shelling["notes"]
    assert patrols["modality"] == "suspended" and patrols["event_type"] == "Strategic developments"
    assert arrests["sub_event_type"] == "Arrests"
    assert (arrests["event_date"], arrests["time_precision"]) == ("2020-03-01", 3)
    assert arrests["actor1"] == "Police Forces of Turkey"


def test_csv_has_the_acled_columns_and_an_optional_byte_order_mark() -> None:
    from rasid.export import write_acled_csv

    stream = io.StringIO()
    write_acled_csv(acled_rows(_store().events(), default_kb()), stream, bom=True)
    text = stream.getvalue()
    assert text.startswith("\ufeffevent_date,")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(rows) == 3


def test_geojson_is_a_valid_feature_collection_of_points() -> None:
    collection = geojson(_store().events())
    assert collection["type"] == "FeatureCollection" and collection["features"]
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(feature["properties"], dict)
    json.dumps(collection)  # serialisable as it is


def test_events_are_selected_by_day_and_type() -> None:
    store = _store()
    march = select_events(store.events(), since=datetime(2020, 3, 5).date(),
                          until=datetime(2020, 3, 31).date())  # fmt: skip
    assert [hit.event.type for hit in march] == ["ASSAULT", "COOPERATE", "COERCE"]
    assert [hit.event.type for hit in store.events(type="COERCE")] == ["COERCE"]
    early = select_events(store.events(), until=datetime(2020, 3, 9).date())
    assert [hit.event.type for hit in early] == ["ASSAULT", "COERCE"]


def test_event_day_reads_weeks_months_years_and_leaves_relative_values() -> None:
    def day(value: str) -> object:
        event = rasid.analyze("خبر\nقصفت قوات النظام بلدة كفرنبل.").records(Event)[0]
        from dataclasses import replace

        return event_day(replace(event, date=value))

    assert day("2020-W11") == (datetime(2020, 3, 9).date(), 2)
    assert day("2020") == (datetime(2020, 1, 1).date(), 3)
    assert day("DCT-1D") == (None, None)


def test_export_command_writes_each_format(tmp_path: Path) -> None:
    db = tmp_path / "rasid.db"
    store = SqlStore(str(db))
    store.put([rasid.analyze(text, published=when) for text, when in ARTICLES])
    store.close()
    runner = CliRunner()
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "acled-csv", "--bom",
                                 "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbfevent_date")
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "geojson"])
    assert json.loads(result.stdout)["type"] == "FeatureCollection"
    result = runner.invoke(app, ["export", "--db", str(db), "--type", "assault"])
    [line] = result.stdout.splitlines()
    assert json.loads(line)["type"] == "ASSAULT"
    bad = runner.invoke(app, ["export", "--db", str(db), "--since", "March"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output
