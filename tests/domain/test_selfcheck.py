"""The self-check's rules: each shortfall of the guild against the config, with its fix."""

from __future__ import annotations

from bot.domain.selfcheck import (
    ChannelKind,
    ChannelNeed,
    GuildNeeds,
    SeenChannel,
    SeenGuild,
    check_guild,
)

TALK = ("view_channel", "send_messages", "embed_links")
NEEDS = GuildNeeds(
    (
        ChannelNeed(
            "channels.reading",
            "reading",
            1,
            frozenset({ChannelKind.TEXT, ChannelKind.FORUM}),
            (*TALK, "create_public_threads"),
        ),
        ChannelNeed("channels.log", "organizer log", 2, frozenset({ChannelKind.TEXT}), TALK),
    ),
    {"roles.organizer": 10, "roles.member": 11},
    ("manage_events",),
)
ALL = frozenset({*TALK, "create_public_threads"})


def _seen(**changes: object) -> SeenGuild:
    values: dict[str, object] = {
        "channels": {
            1: SeenChannel("reading", ChannelKind.TEXT, ALL),
            2: SeenChannel("log", ChannelKind.TEXT, ALL),
        },
        "roles": {10: "Organizers", 11: "Members"},
        "guild_permissions": frozenset({"manage_events"}),
    }
    values.update(changes)
    return SeenGuild(**values)  # type: ignore[arg-type]


def test_a_guild_that_matches_has_no_problem() -> None:
    assert check_guild(NEEDS, _seen()) == []


def test_a_missing_channel_names_the_key_and_the_fix() -> None:
    [problem] = check_guild(NEEDS, _seen(channels={2: SeenChannel("log", ChannelKind.TEXT, ALL)}))
    assert problem.key == "channels.reading"
    assert "does not exist" in problem.what
    assert "put its id in channels.reading" in problem.fix


def test_a_missing_permission_is_named_as_discord_shows_it() -> None:
    channels = {
        1: SeenChannel("reading", ChannelKind.TEXT, ALL - {"create_public_threads"}),
        2: SeenChannel("log", ChannelKind.TEXT, ALL),
    }
    [problem] = check_guild(NEEDS, _seen(channels=channels))
    assert problem.what == "Caucus lacks Create Public Threads in #reading, the reading channel."
    assert "allow Create Public Threads" in problem.fix


def test_a_voice_channel_as_reading_channel_is_the_wrong_kind() -> None:
    channels = {
        1: SeenChannel("reading", ChannelKind.VOICE, ALL),
        2: SeenChannel("log", ChannelKind.TEXT, ALL),
    }
    [problem] = check_guild(NEEDS, _seen(channels=channels))
    assert "must be a forum or text channel" in problem.what


def test_missing_roles_and_server_permissions_are_listed() -> None:
    problems = check_guild(NEEDS, _seen(roles={10: "Organizers"}, guild_permissions=frozenset()))
    assert [p.key for p in problems] == ["guild", "roles.member"]
    assert "Manage Events" in problems[0].what


def test_an_unreachable_guild_is_one_problem() -> None:
    [problem] = check_guild(NEEDS, None)
    assert "cannot see this server" in problem.what
