"""Build Settings for tests without a file."""

from __future__ import annotations

from typing import Any

from bot.config import Settings

GUILD_ID = 900_000_000_000_000_001


def make_settings(
    *,
    guild_id: int = GUILD_ID,
    channels: dict[str, int] | None = None,
    roles: dict[str, int] | None = None,
    database_url: str = "sqlite+aiosqlite:///:memory:",
    **guild_sections: Any,
) -> Settings:
    guild: dict[str, Any] = {
        "id": guild_id,
        "name": "Test branch",
        "timezone": "America/New_York",
        "channels": channels or {"reading": 11, "announcements": 12, "votes": 13, "log": 14},
        "roles": roles or {"organizer": 21, "member": 22},
    }
    guild.update(guild_sections)
    return Settings.model_validate({"database": {"url": database_url}, "guilds": [guild]})
