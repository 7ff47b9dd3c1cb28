from __future__ import annotations

from pathlib import Path

import pytest

from rasid.errors import SettingsError
from rasid.settings import SETTINGS, Options, load_options
from tests.conftest import ROOT


def test_every_setting_is_documented() -> None:
    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"| `{s.name}` |" not in documented]
    assert missing == []


def test_every_option_field_is_a_declared_setting() -> None:
    assert {s.name for s in SETTINGS} == set(Options.__dataclass_fields__)


def test_defaults_match_the_declared_settings() -> None:
    defaults = Options()
    for setting in SETTINGS:
        assert getattr(defaults, setting.name) == setting.default


def test_config_file_then_environment_then_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "rasid.toml"
    config.write_text('[rasid]\ndb = "from-file.db"\nbatch_size = 50\n', encoding="utf-8")
    assert load_options(config).db == "from-file.db"
    monkeypatch.setenv("RASID_DB", "from-env.db")
    options = load_options(config)
    assert (options.db, options.batch_size) == ("from-env.db", 50)
    assert load_options(config, db="from-cli.db").db == "from-cli.db"


def test_jsonl_fields_override_only_the_roles_named() -> None:
    fields = load_options(None, jsonl_fields="text=body").jsonl_fields
    assert fields["text"] == "body"
    assert fields["id"] == "id"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"batch_size": "many"}, "invalid value 'many' for batch_size"),
        ({"min_arabic_ratio": 3}, "must be between 0 and 1"),
        ({"jsonl_fields": "body=text"}, "unknown roles"),
    ],
)
def test_invalid_values_are_rejected_with_the_setting_named(
    values: dict[str, object], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        load_options(None, **values)


def test_unknown_setting_in_a_config_file_is_rejected(tmp_path: Path) -> None:
    config = tmp_path / "rasid.toml"
    config.write_text("colour = 'blue'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown settings"):
        load_options(config)
