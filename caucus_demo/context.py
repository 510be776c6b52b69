"""What demo scenes share: `DemoContext` (the running stage plus the transcript) and helpers.

A scene is ``async def scene(ctx: DemoContext) -> None`` whose docstring's first line is its
title. It drives members through `ctx` (each action and the bot's answer are printed), and
checks with `ctx.expect` that the bot did what the scene shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.app import CaucusBot
from bot.clock import ManualClock
from bot.services.container import Services
from caucus_demo.fake_discord import (
    FakeDiscord,
    FakeGuild,
    FakeMember,
    FakeUpload,
    InteractionResult,
)
from caucus_demo.fake_discord.interactions import walk_components
from caucus_demo.fake_discord.message_payloads import message_payload
from caucus_demo.fake_discord.state import Payload
from caucus_demo.stage import CHAT_CHANNEL, Person, Stage
from caucus_demo.transcript import Transcript, clip

REPLY_MESSAGE_TYPE = 19  # Discord's message type for a reply


class DemoFailure(AssertionError):
    """The bot did not do what a scene expected."""


@dataclass
class DemoContext:
    """What scenes share: the running stage and the transcript they print to."""

    stage: Stage
    transcript: Transcript
    # What one scene leaves for a later one (e.g. a voter's private tracker).
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def fake(self) -> FakeDiscord:
        return self.stage.fake

    @property
    def bot(self) -> CaucusBot:
        return self.stage.bot

    @property
    def services(self) -> Services:
        return self.stage.services

    @property
    def clock(self) -> ManualClock:
        return self.stage.clock

    @property
    def guild(self) -> FakeGuild:
        return self.stage.guild

    @property
    def people(self) -> dict[str, FakeMember]:
        return self.stage.people

    def say(self, text: str) -> None:
        self.transcript.say(text)

    def expect(self, condition: bool, problem: str) -> None:
        if not condition:
            raise DemoFailure(problem)

    def _name(self, who: Person) -> str:
        return self.stage.person(who).user.username

    async def wait_until(self, condition: Callable[[], bool], problem: str) -> None:
        """Waits for work the bot does after answering (e.g. editing a live embed), then shows
        it; `problem` is the failure if it never happens."""
        try:
            await self.fake.wait_for(condition)
        except TimeoutError:
            raise DemoFailure(problem) from None
        self.transcript.show_changes()

    # Members acting ------------------------------------------------------------------------

    async def join(self, name: str, *, organizer: bool = False) -> FakeMember:
        member = self.stage.join(name, organizer=organizer)
        roles = "Organizers, Members" if organizer else "Members"
        self.transcript.action(name, f"joins {self.guild.name} ({roles})")
        return member

    async def slash(
        self,
        who: Person,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        channel: str | int = CHAT_CHANNEL,
        expect_followup: bool | None = None,
    ) -> InteractionResult:
        """A slash command in a configured channel (by name) or in a thread (by id)."""
        shown = " ".join(f"{k}:{_option_text(v)}" for k, v in (options or {}).items())
        where = (
            f"#{channel}" if isinstance(channel, str) else self.transcript.observer.where(channel)
        )
        self.transcript.action(self._name(who), f"/{command} {shown}".rstrip(), where)
        if isinstance(channel, str):
            result = await self.stage.slash(
                who, command, options, channel=channel, expect_followup=expect_followup
            )
        else:
            result = await self.fake.invoke_slash(
                self.guild.id,
                self.stage.person(who).id,
                command,
                options,
                channel_id=channel,
                expect_followup=expect_followup,
            )
        self.transcript.reply(result, self._name(who))
        return result

    async def click(self, who: Person, message: Payload, custom_id: str) -> InteractionResult:
        label = _component_label(message, custom_id)
        self.transcript.action(self._name(who), f"clicks [{label}]")
        result = await self.fake.click(message["id"], custom_id, self.stage.person(who).id)
        self.transcript.reply(result, self._name(who))
        return result

    async def select(
        self, who: Person, message: Payload, custom_id: str, values: list[Any]
    ) -> InteractionResult:
        chosen = ", ".join(_choice_labels(message, custom_id, values))
        self.transcript.action(self._name(who), f"chooses {chosen}")
        result = await self.fake.select(message["id"], custom_id, values, self.stage.person(who).id)
        self.transcript.reply(result, self._name(who))
        return result

    async def submit_modal(
        self, who: Person, custom_id: str, fields: dict[str, str | list[str]]
    ) -> InteractionResult:
        shown = "; ".join(f"{k}: {_option_text(v)}" for k, v in fields.items())
        self.transcript.action(self._name(who), f"submits the form ({shown})")
        result = await self.fake.submit_modal(custom_id, fields, self.stage.person(who).id)
        self.transcript.reply(result, self._name(who))
        return result

    async def post(self, who: Person, channel_id: int | str, content: str) -> Payload:
        """A member writes a plain message (in a channel or a thread the bot opened)."""
        where = self.transcript.observer.where(channel_id)
        self.transcript.action(self._name(who), f"writes “{_option_text(content)}”", where)
        message = await self.fake.post_message(channel_id, self.stage.person(who).id, content)
        self.transcript.observer.mark_seen(message)
        await self.stage.delivered(message)
        self.transcript.show_changes()
        return message

    async def reply(self, who: Person, to: Payload, content: str) -> Payload:
        """A member replies to someone's message (Discord's reply, with its reference)."""
        author = self.fake.state.users[int(to["author"]["id"])].username
        where = self.transcript.observer.where(to["channel_id"])
        self.transcript.action(
            self._name(who), f"replies to {author}: “{_option_text(content)}”", where
        )
        await self.fake.flush_events()
        state = self.fake.state
        body = {"content": content, "message_reference": {"message_id": to["id"]}}
        message = message_payload(
            state, state.channel(to["channel_id"]), state.user(self.stage.person(who).id), body
        )
        message["type"] = REPLY_MESSAGE_TYPE
        message["referenced_message"] = to
        state.add_message_payload(message)
        await self.fake.gateway.dispatch("MESSAGE_CREATE", message)
        self.transcript.observer.mark_seen(message)
        await self.stage.delivered(message)
        self.transcript.show_changes()
        return message

    async def advance(self, delta: dt.timedelta) -> int:
        """Moves the clock, runs the scheduled jobs now due, and shows what the bot did."""
        ran = await self.stage.advance(delta)
        self.transcript.clock(self.clock.now(), ran)
        self.transcript.show_changes()
        return ran

    async def advance_to(self, moment: dt.datetime) -> int:
        """Moves the clock to `moment` (never back) and runs what fell due."""
        return await self.advance(max(moment - self.clock.now(), dt.timedelta(0)))


def _option_text(value: Any) -> str:
    if isinstance(value, FakeMember):
        text = value.user.username
    elif isinstance(value, FakeUpload):
        text = f"📎 {value.filename}"
    elif isinstance(value, list):
        text = ", ".join(_option_text(v) for v in value)
    else:
        text = str(value)
    return clip(text, 60)


def _component_label(message: Payload, custom_id: str) -> str:
    for component in walk_components(message.get("components", [])):
        if component.get("custom_id") == custom_id:
            return str(component.get("label") or custom_id)
    return custom_id


def _choice_labels(message: Payload, custom_id: str, values: list[Any]) -> list[str]:
    """What a member sees of the values they chose in a select menu: the options' labels."""
    for component in walk_components(message.get("components", [])):
        if component.get("custom_id") == custom_id:
            labels = {str(o["value"]): str(o["label"]) for o in component.get("options", [])}
            return [labels.get(str(v), _option_text(v)) for v in values]
    return [_option_text(v) for v in values]


def synced_command_names(commands: list[Payload]) -> list[str]:
    """Every leaf slash command ("caucus help") in the payloads the bot synced."""
    names: list[str] = []

    def walk(prefix: str, options: list[Payload]) -> bool:
        nested = [o for o in options if o["type"] in (1, 2)]  # subcommand, subcommand group
        for option in nested:
            if option["type"] == 1:
                names.append(f"{prefix} {option['name']}")
            else:
                walk(f"{prefix} {option['name']}", option.get("options", []))
        return bool(nested)

    for command in commands:
        if command.get("type", 1) == 1 and not walk(command["name"], command.get("options", [])):
            names.append(command["name"])
    return sorted(names)


Scene = Callable[[DemoContext], Awaitable[None]]


def scene_title(scene: Scene) -> str:
    doc = (scene.__doc__ or "").strip()
    return doc.splitlines()[0] if doc else scene.__name__.replace("_", " ")
