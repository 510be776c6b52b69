"""A wire-level fake of Discord (HTTP API v10 + gateway) for the unmodified discord.py client.

Every REST request the bot makes is checked against Discord's official OpenAPI description
(spec/openapi.json); tests and `caucus demo` both use it.
"""

from caucus_demo.fake_discord.client import FAKE_TOKEN, running_client
from caucus_demo.fake_discord.interactions import (
    CallbackType,
    InteractionResult,
    InteractionTimeoutError,
    InteractionType,
)
from caucus_demo.fake_discord.rest import RequestRecord
from caucus_demo.fake_discord.server import FakeDiscord
from caucus_demo.fake_discord.slash import FakeUpload, OptionType
from caucus_demo.fake_discord.state import ChannelType, FakeGuild, FakeMember, FakeRole, FakeUser
from caucus_demo.fake_discord.validation import Violation, ViolationKind

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
