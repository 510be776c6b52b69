"""A wire-level fake of Discord (HTTP API v10 + gateway) for the unmodified discord.py client.

Every REST request the bot makes is checked against Discord's official OpenAPI description
(spec/openapi.json); tests and `caucus demo` both use it.
"""

from bot.fake_discord.client import FAKE_TOKEN, running_client
from bot.fake_discord.interactions import (
    CallbackType,
    InteractionResult,
    InteractionTimeoutError,
    InteractionType,
)
from bot.fake_discord.rest import RequestRecord
from bot.fake_discord.server import FakeDiscord
from bot.fake_discord.slash import FakeUpload, OptionType
from bot.fake_discord.state import ChannelType, FakeGuild, FakeMember, FakeRole, FakeUser
from bot.fake_discord.validation import Violation, ViolationKind

__all__ = [
    "FAKE_TOKEN",
    "CallbackType",
    "ChannelType",
    "FakeDiscord",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUpload",
    "FakeUser",
    "InteractionResult",
    "InteractionTimeoutError",
    "InteractionType",
    "OptionType",
    "RequestRecord",
    "Violation",
    "ViolationKind",
    "running_client",
]
