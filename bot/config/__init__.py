"""Settings: the TOML config file validated by pydantic, plus secrets from the environment."""

from bot.config.loader import ConfigError, load_settings, parse_settings
from bot.config.models import (
    ConventionSettings,
    DatabaseSettings,
    FactionSettings,
    GuildSettings,
    ReadingSettings,
    Settings,
    SummarySettings,
    VotingSettings,
)

__all__ = [
    "ConfigError",
    "ConventionSettings",
    "DatabaseSettings",
    "FactionSettings",
    "GuildSettings",
    "ReadingSettings",
    "Settings",
    "SummarySettings",
    "VotingSettings",
    "load_settings",
    "parse_settings",
]
