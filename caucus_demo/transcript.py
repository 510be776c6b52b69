"""The demo's readable transcript: who did what, what the bot answered, and what else changed.

Messages are rendered from the payloads the fake holds (content, embed titles, descriptions and
fields, button labels), clipped so a long reading excerpt stays one short paragraph.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console
from rich.text import Text

from caucus_demo.fake_discord import CallbackType, FakeDiscord, InteractionResult
from caucus_demo.fake_discord.interactions import walk_components
from caucus_demo.fake_discord.state import THREAD_TYPES, ChannelType, Payload

CONTENT_LIMIT = 240
DESCRIPTION_LIMIT = 240
FIELD_LIMIT = 90
FIELDS_SHOWN = 8
EMBEDS_SHOWN = 1
# Lists, quotes and tables (a summary, a count sheet) keep their lines, each clipped.
LINES_SHOWN = 16
LINE_LIMIT = 110
THREAD_NAME_LIMIT = 36
INDENT = "    "
TIMESTAMP = re.compile(r"<t:(-?\d+)(?::([tTdDfFR]))?>")
USER_MENTION = re.compile(r"<@!?(\d+)>")
CHANNEL_MENTION = re.compile(r"<#(\d+)>")
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<![*\w])\*(?![\s*])([^*\n]+?)(?<!\s)\*(?![*\w])")
MESSAGE_URL = r"https://discord\.com/channels/\d+/(\d+)/\d+"
MESSAGE_LINK = re.compile(rf"\[([^\]]*)\]\(<?{MESSAGE_URL}>?\)")
BARE_MESSAGE_URL = re.compile(rf"<?{MESSAGE_URL}>?")
STRUCTURED_LINE = re.compile(r"^(?:> |• |- |\*\*|```|\d+\. )")


def clip(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _plain(text: str) -> str:
    return text


def _clip_line(text: str, limit: int) -> str:
    """Clips one line of a list or table, keeping its spaces (table columns)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def message_lines(message: Payload, humanize: Callable[[str], str] = _plain) -> list[str]:
    """A message as a few short lines: content, each embed, its fields and buttons."""
    lines: list[str] = []

    def show(text: str, limit: int) -> str:
        return clip(humanize(text), limit)

    def block(text: str, limit: int, prefix: str = "", *, table: bool = False) -> list[str]:
        """Prose as one clipped line; a list, quotes or a table line by line."""
        shown = humanize(text)
        rows = [row.rstrip() for row in shown.splitlines() if row.strip()]
        raw = [row for row in text.splitlines() if row.strip()]
        structured = sum(1 for row in raw if STRUCTURED_LINE.match(row.lstrip()))
        listed = table or 2 * structured >= len(raw)
        if len(rows) < 2 or not listed:
            return [prefix + clip(shown, limit)]
        kept = [prefix + _clip_line(row, LINE_LIMIT) for row in rows[:LINES_SHOWN]]
        if len(rows) > LINES_SHOWN:
            kept.append(f"{prefix}… ({len(rows) - LINES_SHOWN} more lines)")
        return kept

    if message.get("content"):
        lines += block(message["content"], CONTENT_LIMIT)
    embeds = message.get("embeds", [])
    for embed in embeds[:EMBEDS_SHOWN]:
        if embed.get("title"):
            lines.append(f"▌ {show(embed['title'], FIELD_LIMIT)}")
        if embed.get("description"):
            lines += block(embed["description"], DESCRIPTION_LIMIT, "▌ ")
        fields = embed.get("fields", [])
        for embed_field in fields[:FIELDS_SHOWN]:
            name, value = embed_field["name"], embed_field["value"]
            if value.startswith("```"):  # a table: its rows, not one flattened line
                lines.append(f"▌   {show(name, 40)}:")
                lines += block(value.strip("`\n"), FIELD_LIMIT, "▌     ", table=True)
            else:
                lines.append(f"▌   {show(name, 40)}: {show(value, FIELD_LIMIT)}")
        if len(fields) > FIELDS_SHOWN:
            lines.append(f"▌   … and {len(fields) - FIELDS_SHOWN} more")
    if len(embeds) > EMBEDS_SHOWN:
        lines.append(f"▌ (+ {len(embeds) - EMBEDS_SHOWN} more embeds)")
    labels = [c["label"] for c in walk_components(message.get("components", [])) if c.get("label")]
    if labels:
        lines.append(" ".join(f"[{label}]" for label in labels))
    for attachment in message.get("attachments", []):
        lines.append(f"📎 {attachment['filename']}")
    return lines or ["(empty message)"]


def _signature(message: Payload) -> str:
    return json.dumps([message.get("content"), message.get("embeds"), message.get("components")])


@dataclass
class Observer:
    """Remembers what the transcript has shown, to report what the bot did since."""

    fake: FakeDiscord
    # Times are shown as the branch's members see them (Discord renders each member's own zone;
    # the demo's members live where the branch does).
    zone: dt.tzinfo = dt.UTC
    messages: dict[int, str] = field(default_factory=dict)
    threads: set[int] = field(default_factory=set)
    events: dict[int, str] = field(default_factory=dict)

    def mark_seen(self, message: Payload | None) -> None:
        if message is not None:
            self.messages[int(message["id"])] = _signature(message)

    def humanize(self, text: str) -> str:
        """Discord markup as a reader sees it: timestamps, mentions, bold."""
        state = self.fake.state

        def moment(match: re.Match[str]) -> str:
            return local_time(dt.datetime.fromtimestamp(int(match.group(1)), dt.UTC), self.zone)

        def user(match: re.Match[str]) -> str:
            found = state.users.get(int(match.group(1)))
            return f"@{found.username}" if found else match.group(0)

        def channel(match: re.Match[str]) -> str:
            return self.where(match.group(1)) if int(match.group(1)) in state.channels else "#?"

        def jump(match: re.Match[str]) -> str:
            return f"↗ message in {self.where(match.group(1))}"

        text = TIMESTAMP.sub(moment, text)
        text = USER_MENTION.sub(user, text)
        text = CHANNEL_MENTION.sub(channel, text)
        text = MESSAGE_LINK.sub(lambda match: f"{match.group(1)} (jump link)", text)
        text = BARE_MESSAGE_URL.sub(jump, text)
        return ITALIC.sub(r"\1", BOLD.sub(r"\1", text))

    def where(self, channel_id: int | str) -> str:
        state = self.fake.state
        channel = state.channels.get(int(channel_id))
        if channel is None:
            return f"channel {channel_id}"
        if channel["type"] == ChannelType.DM:
            user_id = next(u for u, c in state.dm_channel_by_user.items() if c == int(channel_id))
            return f"DM to {state.user(user_id).username}"
        if channel["type"] in THREAD_TYPES:
            return f"thread “{clip(channel['name'], THREAD_NAME_LIMIT)}”"
        return f"#{channel['name']}"

    def changes(self) -> list[tuple[str, list[str]]]:
        """(headline, body lines) for each new thread, event, message or edit, in that order."""
        state = self.fake.state
        found: list[tuple[str, list[str]]] = []
        for channel_id, channel in state.channels.items():
            if channel["type"] in THREAD_TYPES and channel_id not in self.threads:
                self.threads.add(channel_id)
                parent = self.where(channel["parent_id"])
                found.append((f"opened thread “{channel['name']}” in {parent}", []))
        for event_id, event in state.scheduled_events.items():
            line = _event_line(event, self.zone)
            before = self.events.get(event_id)
            if before != line:
                self.events[event_id] = line
                verb = "scheduled event" if before is None else "updated event"
                found.append((f"{verb} “{event['name']}”", [line]))
        for message_id, message in state.messages.items():
            signature = _signature(message)
            before = self.messages.get(message_id)
            if before == signature:
                continue
            self.messages[message_id] = signature
            if message["author"]["id"] != str(state.bot_user.id):
                continue
            where = self.where(message["channel_id"])
            if before is None:
                found.append((f"posted in {where}", message_lines(message, self.humanize)))
            elif json.loads(before)[:2] == json.loads(signature)[:2]:
                found.append((f"changed the buttons of its message in {where}", _buttons(message)))
            else:
                found.append(
                    (f"edited its message in {where}", message_lines(message, self.humanize))
                )
        return found


def _buttons(message: Payload) -> list[str]:
    labels = [c["label"] for c in walk_components(message.get("components", [])) if c.get("label")]
    return [" ".join(f"[{label}]" for label in labels) if labels else "(no buttons any more)"]


def local_time(moment: dt.datetime, zone: dt.tzinfo, *, year: bool = False) -> str:
    """A moment as a member in `zone` reads it, with the zone's abbreviation (EST, CET, UTC)."""
    local = moment.astimezone(zone)
    return f"{local:%a %d %b %Y %H:%M %Z}" if year else f"{local:%a %d %b %H:%M %Z}"


def _event_line(event: Payload, zone: dt.tzinfo) -> str:
    start = dt.datetime.fromisoformat(event["scheduled_start_time"])
    location = (event.get("entity_metadata") or {}).get("location")
    where = f" at {location}" if location else ""
    status = {1: "", 2: " (live)", 3: " (ended)", 4: " (cancelled)"}.get(event.get("status", 1), "")
    return f"starts {local_time(start, zone, year=True)}{where}{status}"


@dataclass
class Transcript:
    """Prints the session. Plain text when not on a terminal (tests, pipes)."""

    console: Console
    observer: Observer
    bot_name: str = "Caucus"

    def title(self, text: str) -> None:
        self.console.print(Text(text, style="bold"))

    def scene(self, number: int, title: str) -> None:
        self.console.print()
        self.console.rule(Text(f"{number}. {title}", style="bold"), align="left")

    def say(self, text: str) -> None:
        """Narration between actions."""
        self.console.print(Text(text, style="italic"))

    def action(self, who: str, what: str, where: str | None = None) -> None:
        line = Text("» ", style="dim")
        line.append(who, style="bold cyan")
        line.append(f" {what}")
        if where:
            line.append(f"  in {where}", style="dim")
        self.console.print(line)

    def bot_says(self, headline: str, lines: list[str]) -> None:
        line = Text("  ")
        line.append(self.bot_name, style="bold magenta")
        line.append(f" {headline}")
        self.console.print(line)
        width = max(40, self.console.width - len(INDENT))
        for body in lines:
            for piece in textwrap.wrap(body, width, subsequent_indent="  ") or [""]:
                self.console.print(Text(INDENT + piece))

    def reply(self, result: InteractionResult, who: str) -> None:
        """The bot's answer to one interaction: response, modal, or update, then followups."""
        kind = result.response_type
        if kind is CallbackType.MODAL and result.modal is not None:
            self.bot_says(f"opens the form “{result.modal.get('title', '')}”", [])
        elif kind in (CallbackType.UPDATE_MESSAGE, CallbackType.DEFERRED_UPDATE_MESSAGE):
            self.bot_says("updates the message", self.lines(result.message or {}))
        elif result.message is not None:
            audience = f"(only {who} sees this)" if result.ephemeral else "(public)"
            self.bot_says(f"answers {audience}", self.lines(result.message))
        self.observer.mark_seen(result.message)
        seen = {None if result.message is None else result.message["id"]}
        for followup in result.followups:
            if followup["id"] not in seen:
                self.bot_says("follows up", self.lines(followup))
            self.observer.mark_seen(followup)
        self.show_changes()

    def lines(self, message: Payload) -> list[str]:
        return message_lines(message, self.observer.humanize)

    def show_changes(self) -> None:
        for headline, lines in self.observer.changes():
            self.bot_says(headline, lines)

    def clock(self, moment: dt.datetime, jobs_ran: int) -> None:
        line = Text("⏱  ", style="dim")
        when = local_time(moment, self.observer.zone, year=True)
        line.append(f"clock moves to {when}", style="yellow")
        line.append(f"; {jobs_ran} scheduled job(s) ran", style="dim")
        self.console.print(line)
