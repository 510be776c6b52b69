"""Pydantic models for every key of the config file. Unknown keys are errors, so typos fail."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Snowflake = Annotated[int, Field(gt=0, lt=2**64)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown IANA time zone {name!r} (e.g. 'Europe/Berlin')") from None
    return name


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        """Monday is 0, as in ``datetime.weekday()``."""
        return list(Weekday).index(self)


class BotSettings(_Strict):
    data_dir: Path = Path("data")
    log_level: str = "INFO"
    log_format: str = Field(default="text", pattern="^(text|json)$")
    documents_dir: Path | None = None

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return value.upper()


class DatabaseSettings(_Strict):
    url: str = ""
    connect_retries: int = Field(default=5, ge=0, le=100)
    connect_backoff_seconds: float = Field(default=1.0, gt=0, le=60)
    echo: bool = False

    @field_validator("url")
    @classmethod
    def _supported_driver(cls, value: str) -> str:
        if value and not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use 'sqlite+aiosqlite:///PATH' or 'postgresql+asyncpg://...'")
        return value


class ChannelSettings(_Strict):
    reading: Snowflake
    announcements: Snowflake
    votes: Snowflake
    log: Snowflake
    events: Snowflake | None = None


class RoleSettings(_Strict):
    organizer: Snowflake
    member: Snowflake


class ReadingSettings(_Strict):
    enabled: bool = True
    documents: tuple[str, ...] = ()
    weekday: Weekday = Weekday.THURSDAY
    time: dt.time = dt.time(19, 0)
    start: dt.date | None = None
    words_per_session: int | None = Field(default=None, ge=100, le=50_000)
    minutes_per_session: int | None = Field(default=None, ge=5, le=600)
    reading_wpm: int = Field(default=230, ge=60, le=1000)
    reminder_offsets_hours: tuple[float, ...] = (24.0, 1.0)
    post_lead_hours: float = Field(default=0.0, ge=0, le=24 * 7)
    grace_period_hours: float = Field(default=6.0, ge=0, le=168)
    blind_first: bool = False
    reveal_after_hours: float = Field(default=48.0, gt=0, le=24 * 14)
    session_length_minutes: int = Field(default=90, ge=15, le=600)
    event_location: str = Field(default="", max_length=100)
    events_ahead: int = Field(default=4, ge=1, le=20)

    @model_validator(mode="after")
    def _one_length_rule(self) -> ReadingSettings:
        if self.words_per_session and self.minutes_per_session:
            raise ValueError("give words_per_session or minutes_per_session, not both")
        if any(offset <= 0 for offset in self.reminder_offsets_hours):
            raise ValueError("reminder_offsets_hours must all be positive")
        if self.documents and self.start is None:
            raise ValueError("start (the first session's date) is required when documents are set")
        return self

    @property
    def target_words(self) -> int:
        if self.words_per_session:
            return self.words_per_session
        return (self.minutes_per_session or 30) * self.reading_wpm


class VotingSettings(_Strict):
    members_can_create: bool = False
    secret_by_default: bool = True
    ranked_method: str = Field(default="schulze", pattern="^(schulze|irv)$")
    election_method: str = Field(default="scottish_stv", pattern="^(scottish_stv|meek)$")
    changeable_by_default: bool = True
    reminder_before_close_hours: float = Field(default=24.0, ge=0, le=24 * 14)
    nomination_days: int = Field(default=7, ge=0, le=60)
    default_duration_days: int = Field(default=7, ge=1, le=60)


class TellerSettings(_Strict):
    """Tellers for secret votes (docs/secret-ballots.md, "Tellers"): `count` tellers are named
    per vote and any `threshold` of them together open the ballots. 0 tellers: the bot opens
    them alone, as before."""

    count: int = Field(default=0, ge=0, le=25)
    threshold: int = Field(default=0, ge=0, le=25)
    release_deadline_hours: float = Field(default=72.0, gt=0, le=24 * 60)

    @model_validator(mode="after")
    def _k_of_n(self) -> TellerSettings:
        if self.count == 0 and self.threshold == 0:
            return self
        if not 1 <= self.threshold <= self.count <= 25:
            raise ValueError(
                "tellers need 1 <= threshold <= count <= 25 "
                f"(got threshold = {self.threshold}, count = {self.count})"
            )
        return self

    @property
    def enabled(self) -> bool:
        return self.count > 0


class FactionSettings(_Strict):
    enabled: bool = True
    co_founders_required: int = Field(default=1, ge=1, le=50)
    create_roles: bool = False
    create_channels: bool = False
    minority_report_window_hours: float = Field(default=72.0, gt=0, le=24 * 60)
    minority_report_cosigners: int = Field(default=3, ge=1, le=100)
    reading_proposals_decided_by: str = Field(
        default="member_vote", pattern="^(member_vote|organizers)$"
    )
    digest_day_of_month: int = Field(default=1, ge=1, le=28)
    minority_report_faction_signers: int = Field(default=2, ge=1, le=100)
    member_vote_hours: float = Field(default=72.0, ge=1, le=24 * 30)


class ConventionSettings(_Strict):
    """Conventions (README "Conventions"): who chairs, who must back an amendment, how
    amendments and motions are voted."""

    chair_role: Snowflake | None = None  # unset: the organizers chair
    amendment_cosigners: int = Field(default=1, ge=0, le=50)
    secret: bool | None = None  # unset: voting.secret_by_default
    vote_minutes: int = Field(default=30, ge=5, le=24 * 60)
    quorum_share: str = Field(default="", pattern=r"^(|\d+/\d+|\d+(\.\d+)?%)$")
    quorum_count: int = Field(default=1, ge=1, le=100_000)

    @field_validator("quorum_share")
    @classmethod
    def _share_at_most_all(cls, value: str) -> str:
        if value and not 0 < cls.share_of(value) <= 1:
            raise ValueError(f"quorum_share must be more than 0 and at most 100% (got {value!r})")
        return value

    @staticmethod
    def share_of(value: str) -> Fraction:
        percent = value.endswith("%")
        share = Fraction(value.removesuffix("%"))
        return share / 100 if percent else share

    @property
    def quorum_fraction(self) -> Fraction | None:
        return self.share_of(self.quorum_share) if self.quorum_share else None


class SummarySettings(_Strict):
    enabled: bool = True
    auto_on_session_close: bool = True
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key_env: str = "CAUCUS_LLM_API_KEY"
    llm_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    stack_new_speakers_first: bool = True
    pile_on_guard: bool = False
    pile_on_replies: int = Field(default=5, ge=2, le=100)
    pile_on_minutes: int = Field(default=10, ge=1, le=1440)
    norms_text: str = Field(
        default=(
            "A reminder of our discussion norms: respond to arguments, not people; "
            "give everyone room to answer; one reply is usually enough."
        ),
        max_length=1000,
    )

    @model_validator(mode="after")
    def _llm_pair(self) -> SummarySettings:
        if bool(self.llm_base_url) != bool(self.llm_model):
            raise ValueError("llm_base_url and llm_model go together: set both or neither")
        return self


class GuildSettings(_Strict):
    id: Snowflake
    name: str = ""
    timezone: str = "UTC"
    channels: ChannelSettings
    roles: RoleSettings
    reading: ReadingSettings = ReadingSettings()
    voting: VotingSettings = VotingSettings()
    tellers: TellerSettings = TellerSettings()
    factions: FactionSettings = FactionSettings()
    summaries: SummarySettings = SummarySettings()
    conventions: ConventionSettings = ConventionSettings()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return _check_timezone(value)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Settings(_Strict):
    bot: BotSettings = BotSettings()
    database: DatabaseSettings = DatabaseSettings()
    guilds: tuple[GuildSettings, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_guilds(self) -> Settings:
        ids = [guild.id for guild in self.guilds]
        duplicates = sorted({gid for gid in ids if ids.count(gid) > 1})
        if duplicates:
            raise ValueError(f"guild ids must be unique; repeated: {duplicates}")
        return self

    def guild(self, guild_id: int) -> GuildSettings | None:
        return next((g for g in self.guilds if g.id == guild_id), None)

    @property
    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite+aiosqlite:///{self.bot.data_dir / 'caucus.sqlite3'}"
