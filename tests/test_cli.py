from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasid.cli import app
from tests.conftest import SCRAPED_ARTICLE

runner = CliRunner()

ANALYZE_KEYS = {
    "id", "external_id", "source", "url", "published", "title", "text",
    "removed", "repairs", "entities", "quotes", "dates", "events",
}  # fmt: skip
ENTITY_KEYS = {
    "text", "start", "end", "type", "kb_id", "name_en", "description_en", "lat", "lon",
}  # fmt: skip
QUOTE_KEYS = {
    "speaker", "speaker_en", "speaker_kb_id", "anonymous", "cue", "content", "direct", "via",
    "start", "end",
}  # fmt: skip


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(SCRAPED_ARTICLE, encoding="utf-8")
    return path


def test_analyze_json_prints_exactly_one_object_with_the_documented_keys(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(_article(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    view = json.loads(line)
    assert set(view) == ANALYZE_KEYS
    assert view["removed"][0] == {
        "line": 2,
        "reason": "repeated_headline",
        "text": view["removed"][0]["text"],
    }
    assert view["repairs"][0]["fixed"] == "النازحين"
    # The convoy crossing with aid is an event the event stage logs.
    aid = next(event for event in view["events"] if event["type"] == "AID")
    assert view["text"][aid["start"] : aid["end"]] == aid["sentence"]
    assert view["quotes"] and all(set(quote) >= QUOTE_KEYS for quote in view["quotes"])
    official = view["quotes"][0]
    assert official["anonymous"] and official["speaker"] == "مسؤول في إدارة المعبر"
    assert view["text"][official["start"] : official["end"]].endswith(official["content"])
    assert all(set(entity) >= ENTITY_KEYS for entity in view["entities"])
    idlib = next(e for e in view["entities"] if e["name_en"] == "Idlib")
    assert view["text"][idlib["start"] : idlib["end"]] == idlib["text"] == "إدلب"
    assert idlib["type"] == "LOC" and idlib["lat"] == pytest.approx(35.93, abs=0.05)


def test_analyze_metadata_options_override_inferred_values(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["analyze", str(_article(tmp_path)), "--format", "json", "--source", "عنب بلدي",
         "--published", "2020-03-12"],
    )  # fmt: skip
    view = json.loads(result.stdout)
    assert (view["source"], view["published"]) == ("عنب بلدي", "2020-03-12T00:00:00")


def test_analyze_text_format_shows_removed_lines_and_repairs(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(_article(tmp_path))])
    assert result.exit_code == 0
    assert "repeated_headline" in result.stdout
    assert "النازحين" in result.stdout


def test_analyze_bad_file_fails_with_a_message_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "empty input" in result.stderr


def test_bad_published_date_is_rejected_with_a_hint(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(_article(tmp_path)), "--published", "yesterday"])
    assert result.exit_code == 1
    assert "ISO 8601" in result.stderr


def test_ingest_show_and_stats(tmp_path: Path) -> None:
    db = str(tmp_path / "rasid.db")
    path = _article(tmp_path)
    result = runner.invoke(app, ["ingest", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    assert "articles added" in result.stdout
    shown = runner.invoke(app, ["show", str(path), "--db", db, "--format", "json"])
    view = json.loads(shown.stdout)
    assert view["external_ids"] == [str(path)]
    assert view["revision"] == 1
    stats = runner.invoke(app, ["stats", "--db", db, "--format", "json"])
    assert json.loads(stats.stdout)["articles"] == 1


def test_ingest_exit_code_is_non_zero_only_when_nothing_was_stored(tmp_path: Path) -> None:
    db = str(tmp_path / "rasid.db")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    only_bad = runner.invoke(app, ["ingest", str(bad), "--db", db])
    assert only_bad.exit_code == 1
    assert "bad.txt" in only_bad.stderr
    mixed = runner.invoke(app, ["ingest", str(bad), str(_article(tmp_path)), "--db", db])
    assert mixed.exit_code == 0
    assert "failed" in mixed.stdout


def test_show_unknown_id_fails_clearly(tmp_path: Path) -> None:
    db = str(tmp_path / "rasid.db")
    runner.invoke(app, ["ingest", str(_article(tmp_path)), "--db", db])
    result = runner.invoke(app, ["show", "nothing-here", "--db", db])
    assert result.exit_code == 1
    assert "nothing-here" in result.stderr


def test_reading_commands_do_not_create_a_database_at_a_mistyped_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 1
    assert "no database there yet" in result.stderr
    assert not (tmp_path / "typo.db").exists()


def test_ingest_of_an_empty_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "no input files" in result.stderr


def test_malformed_field_option_is_explained(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(_article(tmp_path)), "--field", "textbody"])
    assert result.exit_code == 1
    assert "expected role=field" in result.stderr


def test_a_database_url_without_its_driver_is_a_clear_error(tmp_path: Path) -> None:
    url = "postgresql+psycopg2://nobody@localhost/rasid"
    result = runner.invoke(app, ["ingest", str(_article(tmp_path)), "--db", url])
    assert result.exit_code == 1
    assert "driver is not installed" in result.stderr


def test_text_that_looks_like_rich_markup_is_printed_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "markup.txt"
    path.write_text(
        "عنوان [red]الخبر[/red]\nقال المسؤول إن الاجتماع انتهى [/انتهى] دون اتفاق.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    assert "[/انتهى]" in result.stdout
    assert "[red]الخبر[/red]" in result.stdout


def test_a_record_whose_error_looks_like_markup_does_not_stop_the_run(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    good = json.dumps(
        {"id": "ok", "text": "قال المسؤول إن الاجتماع انتهى دون اتفاق."}, ensure_ascii=False
    )
    bad = json.dumps(
        {"id": "bad", "text": "نص الخبر هنا.", "published": "[/تاريخ]"}, ensure_ascii=False
    )
    feed.write_text(f"{bad}\n{good}\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(feed), "--db", str(tmp_path / "rasid.db")])
    assert result.exit_code == 0, result.output
    assert "[/تاريخ]" in result.stderr
    assert "articles added" in result.stdout


def test_eval_ner_prints_per_type_and_micro_scores_for_any_conll_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "قال\tO\nوزير\tO\nالخارجية\tO\nسيرغي\tB-PERS\nلافروف\tI-PERS\nفي\tO\nموسكو\tB-LOC\n.\tO\n\n",
        encoding="utf-8",
    )
    for extra in ([], ["--system"], ["--tagger", "crf"]):
        result = runner.invoke(app, ["eval", "ner", str(gold), "--format", "json", *extra])
        assert result.exit_code == 0, result.output
        scores = json.loads(result.stdout)
        assert set(scores) >= {"LOC", "PERS", "micro"}
        assert set(scores["micro"]) == {"precision", "recall", "f1"}
        assert scores["LOC"]["f1"] == 1.0


def test_eval_ner_on_a_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "ner", str(tmp_path / "none.tsv")])
    assert result.exit_code != 0
    assert "none.tsv" in result.output


def test_kb_search_finds_a_misspelt_place_and_an_english_name() -> None:
    result = runner.invoke(app, ["kb", "search", "اللازقية", "--format", "json"])
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)[0]
    assert first["name_en"] == "Latakia" and first["lat"] == pytest.approx(35.53, abs=0.05)
    english = json.loads(runner.invoke(app, ["kb", "search", "Aleppo", "--format", "json"]).stdout)
    assert english[0]["id"].startswith(("geonames:", "admin1:"))
    missing = runner.invoke(app, ["kb", "search", "Xyzzyville"])
    assert missing.exit_code == 1 and "no record" in missing.output


def test_entities_lists_stored_entities_with_mention_counts(tmp_path: Path) -> None:
    db = str(tmp_path / "rasid.db")
    result = runner.invoke(app, ["ingest", str(_article(tmp_path)), "--db", db])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["entities", "--db", db, "--format", "json", "--type", "LOC"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    idlib = next(row for row in rows if row["name_en"] == "Idlib")
    assert idlib["mentions"] >= 1 and idlib["articles"] == 1 and idlib["type"] == "LOC"
    bad = runner.invoke(app, ["entities", "--db", db, "--type", "PLACE"])
    assert bad.exit_code != 0 and "PLACE" in bad.output


def test_accurate_tagger_mode_runs_the_pooled_networks(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["analyze", str(_article(tmp_path)), "--format", "json", "--tagger", "accurate"]
    )
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert any(e["name_en"] == "Idlib" for e in view["entities"])
    wrong = runner.invoke(app, ["analyze", str(_article(tmp_path)), "--tagger", "best"])
    assert wrong.exit_code == 1 and "fast, accurate" in wrong.output


@pytest.mark.parametrize(
    ("command", "extra"), [(["ingest"], "rasid[dask]"), (["kb", "build"], "rasid[kb]")]
)
def test_help_names_the_extras_to_install(command: list[str], extra: str) -> None:
    """The help is rich text, where an unescaped `[dask]` is taken as markup and vanishes."""
    result = runner.invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert f"pip install '{extra}'" in " ".join(result.output.split())
