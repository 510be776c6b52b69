"""Interactions the fake sends to the bot, and what the bot answered: responses and followups."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from caucus_demo.fake_discord.message_payloads import MESSAGE_FLAG_EPHEMERAL
from caucus_demo.fake_discord.state import FakeState, Payload

MESSAGE_FLAG_LOADING = 1 << 7


class InteractionType(IntEnum):
    PING = 1
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class CallbackType(IntEnum):
    PONG = 1
    CHANNEL_MESSAGE = 4
    DEFERRED_CHANNEL_MESSAGE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    AUTOCOMPLETE_RESULT = 8
    MODAL = 9


class InteractionTimeoutError(AssertionError):
    """The bot did not answer an interaction (or did not finish a deferred one) in time."""


@dataclass
class InteractionRecord:
    """Live record of one interaction; the REST handlers fill it in as the bot answers."""

    id: int
    token: str
    type: InteractionType
    description: str
    guild_id: int | None
    channel_id: int
    user_id: int
    source_message_id: int | None = None
    # Discord's interaction_metadata for messages this interaction's answers create.
    metadata: Payload = field(default_factory=dict)
    response_type: CallbackType | None = None
    original_message_id: int | None = None
    modal: Payload | None = None
    autocomplete_choices: list[Payload] | None = None
    followups: list[Payload] = field(default_factory=list)
    original_edits: int = 0
    # perf_counter() when the event went onto the gateway socket and when the bot's callback
    # request reached the fake: their difference is the bot's handling latency (bench_load).
    dispatched_at: float | None = None
    answered_at: float | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def notify(self) -> None:
        self._changed.set()

    async def wait_until(self, done: Any, within: float, what: str) -> None:
        """Waits until `done()` holds, re-checking each time the bot answers something."""
        try:
            async with asyncio.timeout(within):
                while not done():
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            raise InteractionTimeoutError(
                f"interaction {self.id} ({self.description}): {what} within {within:.1f} s"
            ) from None


def walk_components(components: list[Payload]) -> Iterator[Payload]:
    """Every component in a message or modal, nested rows, sections and labels included."""
    for component in components:
        yield component
        yield from walk_components(component.get("components", []))
        for key in ("component", "accessory"):
            if key in component:
                yield from walk_components([component[key]])


class InteractionResult:
    """What the bot made of an interaction; reads the live record, so later followups show up."""

    def __init__(self, record: InteractionRecord, state: FakeState) -> None:
        self._record = record
        self._state = state

    @property
    def id(self) -> int:
        return self._record.id

    @property
    def response_type(self) -> CallbackType | None:
        return self._record.response_type

    @property
    def dispatched_at(self) -> float | None:
        return self._record.dispatched_at

    @property
    def answered_at(self) -> float | None:
        return self._record.answered_at

    @property
    def latency(self) -> float | None:
        """Seconds from the INTERACTION_CREATE leaving the fake to the bot's callback arriving."""
        record = self._record
        if record.dispatched_at is None or record.answered_at is None:
            return None
        return record.answered_at - record.dispatched_at

    @property
    def deferred(self) -> bool:
        return self._record.response_type in (
            CallbackType.DEFERRED_CHANNEL_MESSAGE,
            CallbackType.DEFERRED_UPDATE_MESSAGE,
        )

    @property
    def message(self) -> Payload | None:
        """The response message: the one created, or the component's message when updated."""
        message_id = self._record.original_message_id
        return None if message_id is None else self._state.find_message(message_id)

    @property
    def content(self) -> str | None:
        return None if self.message is None else self.message["content"]

    @property
    def embeds(self) -> list[Payload]:
        return [] if self.message is None else self.message["embeds"]

    @property
    def components(self) -> list[Payload]:
        return [] if self.message is None else self.message["components"]

    @property
    def flags(self) -> int:
        return 0 if self.message is None else int(self.message["flags"])

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & MESSAGE_FLAG_EPHEMERAL)

    @property
    def modal(self) -> Payload | None:
        return self._record.modal

    @property
    def autocomplete_choices(self) -> list[Payload] | None:
        return self._record.autocomplete_choices

    @property
    def followups(self) -> list[Payload]:
        return list(self._record.followups)

    @property
    def custom_ids(self) -> list[str]:
        """Custom ids of every component on the response message (buttons, selects, ...)."""
        return [c["custom_id"] for c in walk_components(self.components) if "custom_id" in c]

    @property
    def text(self) -> str:
        """Content, embed titles, descriptions and fields, and followups, for loose assertions."""
        parts: list[str] = []
        messages = {m["id"]: m for m in ([self.message] if self.message else []) + self.followups}
        for message in messages.values():
            parts.append(message["content"])
            for embed in message["embeds"]:
                parts.extend(str(embed.get(k, "")) for k in ("title", "description"))
                for embed_field in embed.get("fields", []):
                    parts.extend((embed_field["name"], embed_field["value"]))
        return "\n".join(p for p in parts if p)

    async def wait_for_followups(self, count: int = 1, within: float = 5.0) -> list[Payload]:
        await self._record.wait_until(
            lambda: len(self._record.followups) >= count,
            within,
            f"the bot sent {len(self._record.followups)} of {count} expected followups",
        )
        return self.followups

    def __repr__(self) -> str:
        kind = None if self.response_type is None else self.response_type.name
        return f"<InteractionResult {self.id} {kind} content={self.content!r}>"
