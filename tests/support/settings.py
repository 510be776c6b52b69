"""Build Settings for tests without a file."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bot.config import Settings

GUILD_ID = 900_000_000_000_000_001
_DATA_ROOT: list[Path] = []


def fresh_data_dir() -> Path:
    """A new empty data directory (vote key files land there), removed when tests end."""
    if not _DATA_ROOT:
        root = Path(tempfile.mkdtemp(prefix="caucus-test-data-"))
        atexit.register(shutil.rmtree, root, True)
        _DATA_ROOT.append(root)
    return Path(tempfile.mkdtemp(dir=_DATA_ROOT[0]))


def make_settings(
    *,
    guild_id: int = GUILD_ID,
    channels: dict[str, int] | None = None,
    roles: dict[str, int] | None = None,
    database_url: str = "sqlite+aiosqlite:///:memory:",
    data_dir: Path | None = None,
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
    return Settings.model_validate(
        {
            "database": {"url": database_url},
            "bot": {"data_dir": str(data_dir or fresh_data_dir())},
            "guilds": [guild],
        }
    )
