"""Parse `catalog.toml` into typed entries; every error names the entry and the key at fault.

The format is documented in the comment header of seeds/catalog.toml.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from bot.domain.corpus.errors import CorpusError
from bot.domain.corpus.model import CuratedPrompt

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 64
SUPPORTED_SUFFIXES = (".txt", ".md")
DEFAULT_FIRST_SECTION = "Introduction"

_REQUIRED_KEYS = ("id", "file", "title", "author", "date", "source")
_OPTIONAL_KEYS = (
    "language",
    "headings",
    "first_section",
    "breaks",
    "exclude",
    "comments_start",
    "prompts",
)
_RULE_KEYS = frozenset({"line", "pattern", "start", "start_pattern", "end", "end_pattern"})
_RULE_EXTRA_KEYS = frozenset({"limit", "why"})


def normalize_spaces(text: str) -> str:
    return " ".join(text.split())


class HeadingMode(Enum):
    AUTO = "auto"
    NONE = "none"
    LISTED = "listed"


class RuleKind(Enum):
    LINE = "line"
    PATTERN = "pattern"
    SPAN = "span"


@dataclass(frozen=True, slots=True)
class LineMatcher:
    """Matches one line, compared with runs of whitespace (no-break spaces too) as one space."""

    text: str | None = None
    regex: re.Pattern[str] | None = None

    def matches(self, line: str) -> bool:
        stripped = normalize_spaces(line)
        if self.regex is not None:
            return self.regex.fullmatch(stripped) is not None
        return stripped == self.text

    def describe(self) -> str:
        return f"pattern {self.regex.pattern!r}" if self.regex is not None else repr(self.text)


@dataclass(frozen=True, slots=True)
class ExcludeRule:
    position: int  # 1-based place in the entry's exclude list, for error messages
    kind: RuleKind
    start: LineMatcher
    end: LineMatcher | None = None  # spans only; None runs to the end of the file
    limit: int | None = None
    why: str = ""


@dataclass(frozen=True, slots=True)
class SectionBreak:
    title: str
    at: str  # the start of the paragraph that opens the new section


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    id: str
    file: str
    title: str
    author: str
    date: str
    source: str
    language: str = "en"
    heading_mode: HeadingMode = HeadingMode.AUTO
    listed_headings: tuple[str, ...] = ()
    first_section: str = DEFAULT_FIRST_SECTION
    breaks: tuple[SectionBreak, ...] = ()
    exclude: tuple[ExcludeRule, ...] = ()
    comments_start: LineMatcher | None = None
    prompts: tuple[CuratedPrompt, ...] = ()


def parse_catalog(
    text: str, *, source: str = "catalog.toml", directory: Path | None = None
) -> tuple[CatalogEntry, ...]:
    """Parse catalog text. With `directory`, also check that every listed file exists there."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CorpusError(f"{source}: not valid TOML: {error}") from None
    unknown = sorted(set(data) - {"documents"})
    if unknown:
        raise CorpusError(f"{source}: unknown top-level key(s) {', '.join(unknown)}")
    tables = data.get("documents", [])
    if not isinstance(tables, list):
        raise CorpusError(f"{source}: 'documents' must be an array of tables ([[documents]])")
    entries: list[CatalogEntry] = []
    seen: set[str] = set()
    for number, table in enumerate(tables, start=1):
        entry = _parse_entry(table, f"{source}: document #{number}")
        if entry.id in seen:
            raise CorpusError(f"{source}: document id {entry.id!r} is listed twice")
        seen.add(entry.id)
        if directory is not None and not (directory / entry.file).is_file():
            raise CorpusError(
                f"{source}: document {entry.id!r}: file {entry.file!r} not found in {directory}"
            )
        entries.append(entry)
    return tuple(entries)


def _parse_entry(table: Any, where: str) -> CatalogEntry:
    if not isinstance(table, Mapping):
        raise CorpusError(f"{where}: must be a table")
    if isinstance(table.get("id"), str):
        where = f"{where.rsplit(': ', 1)[0]}: document {table['id']!r}"
    unknown = sorted(set(table) - set(_REQUIRED_KEYS) - set(_OPTIONAL_KEYS))
    if unknown:
        raise CorpusError(f"{where}: unknown key(s) {', '.join(unknown)}")
    for key in _REQUIRED_KEYS:
        if key not in table:
            raise CorpusError(f"{where}: missing required key {key!r}")
    values = {key: _string(table, key, where) for key in _REQUIRED_KEYS}
    doc_id = values["id"]
    if len(doc_id) > MAX_ID_LENGTH or not ID_PATTERN.fullmatch(doc_id):
        raise CorpusError(f"{where}: key 'id': {doc_id!r} must be a lowercase slug like 'my-doc'")
    if Path(values["file"]).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise CorpusError(f"{where}: key 'file': {values['file']!r} must end in .txt or .md")
    mode, listed = _parse_headings(table.get("headings", "auto"), where)
    entry_prompts = tuple(
        _parse_prompt(item, f"{where}: prompts[{i}]")
        for i, item in enumerate(_list(table, "prompts", where))
    )
    return CatalogEntry(
        id=doc_id,
        file=values["file"],
        title=values["title"],
        author=values["author"],
        date=values["date"],
        source=values["source"],
        language=_string(table, "language", where) if "language" in table else "en",
        heading_mode=mode,
        listed_headings=listed,
        first_section=(
            _string(table, "first_section", where)
            if "first_section" in table
            else DEFAULT_FIRST_SECTION
        ),
        breaks=tuple(
            _parse_break(item, f"{where}: breaks[{i}]")
            for i, item in enumerate(_list(table, "breaks", where))
        ),
        exclude=tuple(
            _parse_rule(item, i + 1, f"{where}: exclude[{i}]")
            for i, item in enumerate(_list(table, "exclude", where))
        ),
        comments_start=_parse_comments_start(table.get("comments_start"), where),
        prompts=entry_prompts,
    )


def _string(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(f"{where}: key {key!r} must be a non-empty string")
    return value.strip()


def _list(table: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise CorpusError(f"{where}: key {key!r} must be a list")
    return value


def _regex(value: Any, where: str, key: str) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise CorpusError(f"{where}: key {key!r} must be a non-empty string")
    try:
        return re.compile(value)
    except re.error as error:
        raise CorpusError(
            f"{where}: key {key!r}: bad regular expression {value!r}: {error}"
        ) from None


def _matcher(table: Mapping[str, Any], text_key: str, regex_key: str, where: str) -> LineMatcher:
    if text_key in table and regex_key in table:
        raise CorpusError(f"{where}: use either {text_key!r} or {regex_key!r}, not both")
    if regex_key in table:
        return LineMatcher(regex=_regex(table[regex_key], where, regex_key))
    return LineMatcher(text=normalize_spaces(_string(table, text_key, where)))


def _parse_rule(item: Any, position: int, where: str) -> ExcludeRule:
    if not isinstance(item, Mapping):
        raise CorpusError(f'{where}: an exclude rule must be a table like {{line = "..."}}')
    unknown = sorted(set(item) - _RULE_KEYS - _RULE_EXTRA_KEYS)
    if unknown:
        raise CorpusError(f"{where}: unknown key(s) {', '.join(unknown)}")
    limit = item.get("limit")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise CorpusError(f"{where}: key 'limit' must be a positive integer")
    why = item.get("why", "")
    if not isinstance(why, str):
        raise CorpusError(f"{where}: key 'why' must be a string")
    keys = set(item) & _RULE_KEYS
    if keys == {"line"}:
        return ExcludeRule(
            position, RuleKind.LINE, _matcher(item, "line", "pattern", where), None, limit, why
        )
    if keys == {"pattern"}:
        matcher = LineMatcher(regex=_regex(item["pattern"], where, "pattern"))
        return ExcludeRule(position, RuleKind.PATTERN, matcher, None, limit, why)
    if (
        keys
        and keys <= {"start", "start_pattern", "end", "end_pattern"}
        and keys
        & {
            "start",
            "start_pattern",
        }
    ):
        start = _matcher(item, "start", "start_pattern", where)
        has_end = bool(keys & {"end", "end_pattern"})
        end = _matcher(item, "end", "end_pattern", where) if has_end else None
        return ExcludeRule(position, RuleKind.SPAN, start, end, limit, why)
    raise CorpusError(
        f"{where}: give exactly one of 'line', 'pattern', or 'start'/'start_pattern' "
        "(with an optional 'end'/'end_pattern')"
    )


def _parse_headings(value: Any, where: str) -> tuple[HeadingMode, tuple[str, ...]]:
    if value in ("auto", "none"):
        return HeadingMode(value), ()
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return HeadingMode.LISTED, tuple(normalize_spaces(v) for v in value)
    raise CorpusError(f'{where}: key \'headings\' must be "auto", "none" or a list of lines')


def _parse_break(item: Any, where: str) -> SectionBreak:
    if not isinstance(item, Mapping) or set(item) != {"title", "at"}:
        raise CorpusError(f'{where}: a break must be a table {{title = "...", at = "..."}}')
    title = normalize_spaces(_string(item, "title", where))
    return SectionBreak(title=title, at=normalize_spaces(_string(item, "at", where)))


def _parse_prompt(item: Any, where: str) -> CuratedPrompt:
    if not isinstance(item, Mapping) or set(item) != {"section", "text"}:
        raise CorpusError(f"{where}: a prompt must be a table with keys 'section' and 'text'")
    section = normalize_spaces(_string(item, "section", where))
    return CuratedPrompt(section=section, text=_string(item, "text", where))


def _parse_comments_start(value: Any, where: str) -> LineMatcher | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _matcher({"line": value}, "line", "pattern", f"{where}: comments_start")
    if isinstance(value, Mapping) and len(value) == 1 and set(value) <= {"line", "pattern"}:
        return _matcher(value, "line", "pattern", f"{where}: comments_start")
    raise CorpusError(
        f"{where}: key 'comments_start' must be a line or a table "
        "{line = ...} / {pattern = ...}"
    )
