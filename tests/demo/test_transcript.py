"""Rendering the demo transcript: messages as short lines, Discord markup as a reader sees it."""

from __future__ import annotations

import datetime as dt

from bot.demo.context import synced_command_names
from bot.demo.transcript import Observer, clip, message_lines
from bot.fake_discord import FakeDiscord


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
