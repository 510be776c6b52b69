"""Reading the config file: TOML parse, pydantic validation, and errors a human can act on.

Every problem is reported as ``key: what is wrong (line N)``; the user never sees a traceback.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.config.locate import key_lines
from bot.config.models import Settings


class ConfigError(Exception):
    """The config file cannot be used; ``problems`` lists each one as ``key: message``."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _has_nested(errors: list[Any], loc: tuple[int | str, ...]) -> bool:
    return any(len(e["loc"]) > len(loc) and tuple(e["loc"][: len(loc)]) == loc for e in errors)


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind in ("too_short", "missing") and tuple(error["loc"]) == ("guilds",):
        return "at least one [[guilds]] table is required"
    if kind == "extra_forbidden":
        return "unknown key (check the spelling against config.example.toml)"
    if kind == "missing":
        return "required key is missing"
    text = str(error["msg"])
    return text.removeprefix("Value error, ")


DATABASE_URL_ENV = "CAUCUS_DATABASE_URL"


def parse_settings(
    text: str, source: str = "<config>", environ: Mapping[str, str] | None = None
) -> Settings:
    """Parse and validate config text; raise ConfigError listing every problem.

    Secrets stay out of the file: ``$CAUCUS_DATABASE_URL`` (which may hold a password) overrides
    ``database.url``.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [f"(toml): {exc}"]) from None
    if environ and environ.get(DATABASE_URL_ENV):
        data.setdefault("database", {})["url"] = environ[DATABASE_URL_ENV]
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        lines = key_lines(text)
        problems = []
        errors = exc.errors()
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] == "too_short" and _has_nested(errors, loc):
                continue  # pydantic's follow-on complaint when the items themselves failed
            # pydantic appends the failing union/enum member; trim to keys present in the file.
            line = lines.get(loc) or lines.get(loc[:-1]) if loc else None
            where = f" (line {line})" if line else ""
            problems.append(f"{_dotted(loc)}: {_message(error)}{where}")
        raise ConfigError(source, problems) from None


def load_settings(path: Path | str, environ: Mapping[str, str] | None = None) -> Settings:
    """Read a config file from disk. Missing or unreadable files are ConfigErrors too."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), ["(file): not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"(file): cannot be read: {exc}"]) from None
    return parse_settings(text, str(path), environ)
