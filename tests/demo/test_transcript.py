"""Rendering the demo transcript: messages as short lines, Discord markup as a reader sees it."""

from __future__ import annotations

import datetime as dt

from caucus_demo.context import synced_command_names
from caucus_demo.fake_discord import ChannelType, FakeDiscord
from caucus_demo.fake_discord.message_payloads import message_payload
from caucus_demo.fake_discord.payloads import thread_payload
from caucus_demo.transcript import LINES_SHOWN, THREAD_NAME_LIMIT, Observer, clip, message_lines


def test_clip_flattens_whitespace_and_marks_the_cut() -> None:
    assert clip("one\n\ntwo   three", 9) == "one two…"
    assert clip("short", 9) == "short"


def test_message_lines_show_content_embed_fields_and_buttons() -> None:
    message = {
        "content": "Vote now",
        "embeds": [{"title": "Motion 3", "fields": [{"name": "Closes", "value": "Friday"}]}],
        "components": [{"type": 1, "components": [{"type": 2, "label": "Yes", "custom_id": "y"}]}],
    }
    assert message_lines(message) == ["Vote now", "▌ Motion 3", "▌   Closes: Friday", "[Yes]"]


def test_message_lines_count_the_embeds_not_shown() -> None:
    message = {"content": "", "embeds": [{"title": "a"}, {"title": "b"}, {"title": "c"}]}
    assert message_lines(message)[-1] == "▌ (+ 2 more embeds)"


def test_empty_message_says_so() -> None:
    assert message_lines({"content": "", "embeds": []}) == ["(empty message)"]


def test_humanize_renders_timestamps_mentions_and_bold() -> None:
    fake = FakeDiscord()
    ana = fake.state.add_user("ana")
    moment = int(dt.datetime(2026, 12, 4, tzinfo=dt.UTC).timestamp())
    text = f"**Session 1** <t:{moment}:F> for <@{ana.id}> in <#1>"
    assert Observer(fake).humanize(text) == "Session 1 Fri 04 Dec 00:00 UTC for @ana in #?"


def test_synced_command_names_walk_groups_and_subcommands() -> None:
    commands = [
        {"name": "respond", "type": 1, "options": [{"name": "prompt", "type": 4}]},
        {
            "name": "caucus",
            "type": 1,
            "options": [
                {"name": "help", "type": 1},
                {"name": "vote", "type": 2, "options": [{"name": "open", "type": 1}]},
            ],
        },
        {"name": "Report message", "type": 3},
    ]
    assert synced_command_names(commands) == ["caucus help", "caucus vote open", "respond"]


def test_a_list_description_keeps_its_lines() -> None:
    embed = {"title": "Responses", "description": "**ana**: yes\n**ben**: no"}
    message = {"content": "", "embeds": [embed]}
    humanize = Observer(FakeDiscord()).humanize
    assert message_lines(message, humanize) == ["▌ Responses", "▌ ana: yes", "▌ ben: no"]


def test_prose_with_a_few_bullets_stays_one_clipped_paragraph() -> None:
    text = "First paragraph.\n\nSecond paragraph.\n\n• one bullet"
    message = {"content": "", "embeds": [{"description": text}]}
    assert message_lines(message) == ["▌ First paragraph. Second paragraph. • one bullet"]


def test_a_long_list_says_how_many_lines_it_leaves_out() -> None:
    rows = "\n".join(f"- item {n}" for n in range(LINES_SHOWN + 3))
    lines = message_lines({"content": rows, "embeds": []})
    assert len(lines) == LINES_SHOWN + 1
    assert lines[-1] == "… (3 more lines)"


def test_a_table_field_keeps_its_rows_and_columns() -> None:
    table = "```\nStage        ana   ben\n1. First     4.00  2.00\n```"
    message = {"content": "", "embeds": [{"fields": [{"name": "Count sheet", "value": table}]}]}
    assert message_lines(message) == [
        "▌   Count sheet:",
        "▌     Stage        ana   ben",
        "▌     1. First     4.00  2.00",
    ]


def test_humanize_shows_jump_links_and_italics_plainly() -> None:
    fake = FakeDiscord()
    votes = fake.add_channel(fake.add_guild("g").id, "votes")
    url = f"https://discord.com/channels/{votes['guild_id']}/{votes['id']}/99"
    observer = Observer(fake)
    assert observer.humanize(f"> Yes — *ana* [↗]({url})") == "> Yes — ana ↗ (jump link)"
    assert observer.humanize(f"Vote #1 is open.\n{url}") == "Vote #1 is open.\n↗ message in #votes"


def test_an_edit_of_only_the_buttons_is_reported_as_such() -> None:
    fake = FakeDiscord()
    votes = fake.add_channel(fake.add_guild("g").id, "votes")
    button = {"type": 2, "label": "Vote", "custom_id": "caucus:vote:1"}
    body = {"content": "Vote #1", "components": [{"type": 1, "components": [button]}]}
    message = message_payload(fake.state, votes, fake.state.bot_user, body)
    fake.state.add_message_payload(message)
    observer = Observer(fake)
    observer.changes()
    message["components"] = []
    assert observer.changes() == [
        ("changed the buttons of its message in #votes", ["(no buttons any more)"])
    ]


def test_long_thread_names_are_clipped_where_actions_happen() -> None:
    fake = FakeDiscord()
    reading = fake.add_channel(fake.add_guild("g").id, "reading")
    name = "Session 1: Socialism in One Organization: Notes on the ISO Crisis"
    thread = thread_payload(fake.state, reading, name, 1, ChannelType.PUBLIC_THREAD)
    fake.state.add_channel_payload(thread)
    assert Observer(fake).where(thread["id"]) == f"thread “{clip(name, THREAD_NAME_LIMIT)}”"
