from pathlib import Path

import pytest

from metrics.core.errors import SettingsError
from metrics.core.settings import SETTINGS, load_settings

ROOT = Path(__file__).resolve().parents[3]


def test_project_config_loads_with_leicester_home():
    s = load_settings(path=ROOT / "config.toml")
    assert s.home_area == "E06000016"
    assert "E10000018" in s.councils and "E10000019" in s.councils
    assert s.suppression_threshold == 5
    assert s.data_dir == ROOT / "data"
    assert set(s.roles.rules) == {"councillor", "officer", "admin"} and s.roles.claim == "groups"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('audience = "everyone"', "audience"),
        ('audience = "officer"', "audience"),  # no longer a whole server: officers sign in
        ('[roles]\nofficer = { groups = "team" }', "roles.officer.groups"),
        ("suppression_threshold = 0", "suppression_threshold"),
        ('suppression_threshold = "5"', "suppression_threshold"),
        ('comparators = ["cipfa"]', "comparators"),
        ('colour = "red"', "colour"),
        ("home_area = 5", "home_area"),
        ('contact = { team = "Scrutiny", email = "scrutiny", phone = "0116 454 6350" }', "contact.email"),
        ('contact = { team = "Scrutiny", email = "a@b.gov.uk", phone = "call us" }', "contact.phone"),
        ('contact = { team = "", email = "a@b.gov.uk", phone = "0116 454 6350" }', "contact.team"),
        ('contact = { email = "a@b.gov.uk" }', "contact"),
    ],
)
def test_bad_setting_fails_fast_naming_the_key(tmp_path, text, key):
    cfg = tmp_path / "config.toml"
    cfg.write_text(text)
    with pytest.raises(SettingsError) as err:
        load_settings(path=cfg)
    assert f"`{key}`" in str(err.value) and str(cfg) in str(err.value)


def test_defaults_apply_and_home_joins_the_council_list(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text('home_area = "E06000018"\n')
    s = load_settings(path=cfg)
    assert s.councils[0] == "E06000018" and s.audience == "public"


def test_the_code_defaults_are_the_settings_a_missing_key_gets(tmp_path):
    """Each setting's one declared default is what a config.toml that leaves it out gets (no second default)."""
    cfg = tmp_path / "config.toml"
    cfg.write_text("")
    s = load_settings(path=cfg)
    for setting in SETTINGS:
        got = getattr(s, setting.key)
        if setting.key in ("data_dir", "commentary_store"):
            assert got == tmp_path / str(setting.default), setting.key
        elif setting.key == "roles":
            assert got.rules == {}, setting.key
        elif setting.key == "contact":
            assert (got.team, got.email, got.phone) == tuple(setting.default.values()), setting.key
        elif isinstance(setting.default, list):
            assert list(got) == setting.default, setting.key
        else:
            assert got == setting.default, setting.key
