"""The config file: valid examples load; every kind of mistake is named with key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[2]

MINIMAL = """
[[guilds]]
id = 123456789012345678
timezone = "Europe/Berlin"
[guilds.channels]
reading = 1
announcements = 2
votes = 3
log = 4
[guilds.roles]
organizer = 5
member = 6
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_settings(text)
    return caught.value.problems


def test_example_config_is_valid() -> None:
    settings = load_settings(ROOT / "config.example.toml")
    assert settings.guilds[0].timezone == "America/New_York"


def test_minimal_config_fills_defaults() -> None:
    settings = parse_settings(MINIMAL)
    guild = settings.guilds[0]
    assert guild.reading.reminder_offsets_hours == (24.0, 1.0)
    assert guild.voting.secret_by_default
    assert settings.database_url.startswith("sqlite+aiosqlite:///")


def test_bad_toml_reports_the_line() -> None:
    [problem] = problems("[[guilds]\nid = 1")
    assert problem.startswith("(toml):")
    assert "line 1" in problem


def test_unknown_key_is_named_with_its_line() -> None:
    found = problems(MINIMAL.replace("[guilds.roles]", "[guilds.roles]\nmemebr = 7"))
    assert found == [
        "guilds[0].roles.memebr: unknown key (check the spelling against "
        "config.example.toml) (line 11)"
    ]


def test_wrong_type_is_named() -> None:
    [problem] = problems(MINIMAL.replace("votes = 3", 'votes = "three"'))
    assert problem.startswith("guilds[0].channels.votes: Input should be a valid integer")
    assert problem.endswith("(line 8)")


def test_bad_time_zone_is_named() -> None:
    [problem] = problems(MINIMAL.replace("Europe/Berlin", "Europe/Atlantis"))
    assert problem == (
        "guilds[0].timezone: unknown IANA time zone 'Europe/Atlantis' "
        "(e.g. 'Europe/Berlin') (line 4)"
    )


def test_missing_guild_id_is_named() -> None:
    [problem] = problems(MINIMAL.replace("id = 123456789012345678\n", ""))
    assert problem == "guilds[0].id: required key is missing (line 2)"


def test_no_guild_at_all_is_explained() -> None:
    assert problems("[bot]\nlog_level = 'INFO'") == [
        "guilds: at least one [[guilds]] table is required"
    ]


def test_every_problem_is_listed_at_once() -> None:
    text = MINIMAL.replace("Europe/Berlin", "Nowhere").replace("log = 4", "log = -4")
    assert len(problems(text)) == 2


def test_duplicate_guilds_are_refused() -> None:
    text = MINIMAL + MINIMAL
    assert any("guild ids must be unique" in p for p in problems(text))


def test_words_and_minutes_together_are_refused() -> None:
    text = MINIMAL + "[guilds.reading]\nwords_per_session = 1000\nminutes_per_session = 10\n"
    assert any("not both" in p for p in problems(text))


def test_check_config_exits_2_and_lists_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        MINIMAL.replace("Europe/Berlin", "Mars/Base").replace("[guilds.roles]", "[guilds.rolez]")
    )
    assert main(["check-config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "guilds[0].timezone: unknown IANA time zone 'Mars/Base'" in err
    assert "guilds[0].rolez: unknown key" in err
    assert "Traceback" not in err


def test_check_config_summarises_a_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(ROOT / "config.example.toml")]) == 0
    assert "America/New_York" in capsys.readouterr().out


def test_check_config_on_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", "/nonexistent/caucus.toml"]) == 2
    assert "not found" in capsys.readouterr().err


def test_database_url_from_the_environment_overrides_the_file() -> None:
    url = "postgresql+asyncpg://caucus:secret@db/caucus"
    settings = parse_settings(MINIMAL, environ={"CAUCUS_DATABASE_URL": url})
    assert settings.database_url == url


@pytest.mark.parametrize(("count", "threshold"), [(3, 0), (3, 4), (0, 1), (26, 2), (2, -1)])
def test_teller_counts_outside_one_to_k_to_n_to_25_are_refused(count: int, threshold: int) -> None:
    text = MINIMAL + f"[guilds.tellers]\ncount = {count}\nthreshold = {threshold}\n"
    assert any("tellers" in p for p in problems(text)), problems(text)


def test_no_tellers_by_default_and_k_of_n_when_set() -> None:
    assert parse_settings(MINIMAL).guilds[0].tellers.enabled is False
    text = MINIMAL + "[guilds.tellers]\ncount = 3\nthreshold = 2\n"
    tellers = parse_settings(text).guilds[0].tellers
    assert (tellers.count, tellers.threshold, tellers.enabled) == (3, 2, True)


def test_conventions_default_to_organizers_chairing_and_one_cosigner() -> None:
    conventions = parse_settings(MINIMAL).guilds[0].conventions
    assert conventions.chair_role is None
    assert conventions.amendment_cosigners == 1
    assert conventions.quorum_fraction is None


@pytest.mark.parametrize("share", ["3/2", "150%", "half", "0/4"])
def test_a_convention_quorum_share_outside_0_to_100_percent_is_refused(share: str) -> None:
    text = MINIMAL + f'[guilds.conventions]\nquorum_share = "{share}"\n'
    assert any("quorum_share" in p for p in problems(text)), problems(text)


def test_a_convention_chair_role_and_quorum_are_read() -> None:
    text = MINIMAL + '[guilds.conventions]\nchair_role = 42\nquorum_share = "40%"\n'
    conventions = parse_settings(text).guilds[0].conventions
    assert conventions.chair_role == 42
    assert str(conventions.quorum_fraction) == "2/5"
