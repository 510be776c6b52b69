"""Raw text to classified lines: decoding with clear refusals, then the catalog's exclude rules
and comment marker applied line by line (the file itself is never altered)."""

from __future__ import annotations

from enum import Enum

from bot.domain.corpus.catalog import CatalogEntry, ExcludeRule, RuleKind
from bot.domain.corpus.errors import CorpusError

MAX_DOCUMENT_BYTES = 2_000_000
MAX_LINE_CHARS = 20_000


class LineRole(Enum):
    READING = "reading"
    EXCLUDED = "excluded"
    COMMENT = "comment"


def decode_document(data: bytes | str, name: str) -> str:
    """Bytes (UTF-8, optional BOM) or text -> text with '\\n' line ends, or a CorpusError."""
    if isinstance(data, bytes):
        if len(data) > MAX_DOCUMENT_BYTES:
            raise CorpusError(
                f"{name}: {len(data):,} bytes is too large (limit {MAX_DOCUMENT_BYTES:,} bytes)"
            )
        if b"\x00" in data:
            raise CorpusError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CorpusError(
                f"{name}: not UTF-8 text (undecodable byte 0x{data[error.start]:02x} "
                f"at offset {error.start}); save the file as UTF-8"
            ) from None
    else:
        text = data.removeprefix("\ufeff")
        if len(text) > MAX_DOCUMENT_BYTES:
            raise CorpusError(f"{name}: {len(text):,} characters is too large")
        if "\x00" in text:
            raise CorpusError(f"{name}: contains NUL characters; is it a binary file?")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CorpusError(f"{name}: the document is empty")
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise CorpusError(
                f"{name}: line {number} is {len(line):,} characters long (limit "
                f"{MAX_LINE_CHARS:,}); separate paragraphs with blank lines"
            )
    return text


def classify_lines(lines: list[str], entry: CatalogEntry) -> tuple[LineRole, ...]:
    """The role of every line: excluded by a rule, a reader comment, or reading text."""
    roles = [LineRole.READING] * len(lines)
    for rule in entry.exclude:
        matched = _excluded_by(rule, lines, entry.id)
        if not matched:
            raise CorpusError(
                f"document {entry.id!r}: exclude rule #{rule.position} "
                f"({rule.kind.value} {rule.start.describe()}) matched no line"
            )
        for index in matched:
            roles[index] = LineRole.EXCLUDED
    if entry.comments_start is not None:
        start = next(
            (i for i, line in enumerate(lines) if entry.comments_start.matches(line)), None
        )
        if start is None:
            raise CorpusError(
                f"document {entry.id!r}: comments_start {entry.comments_start.describe()} "
                "matched no line"
            )
        for index in range(start, len(lines)):
            if roles[index] is LineRole.READING:
                roles[index] = LineRole.COMMENT
    return tuple(roles)


def _excluded_by(rule: ExcludeRule, lines: list[str], doc_id: str) -> list[int]:
    matched: list[int] = []
    hits = 0
    index = 0
    while index < len(lines) and (rule.limit is None or hits < rule.limit):
        if not rule.start.matches(lines[index]):
            index += 1
            continue
        hits += 1
        if rule.kind is not RuleKind.SPAN:
            matched.append(index)
            index += 1
            continue
        end = len(lines) - 1
        if rule.end is not None:
            found = next(
                (j for j in range(index + 1, len(lines)) if rule.end.matches(lines[j])), None
            )
            if found is None:
                raise CorpusError(
                    f"document {doc_id!r}: exclude rule #{rule.position}: span starting at "
                    f"line {index + 1} has no end line {rule.end.describe()}"
                )
            end = found
        matched.extend(range(index, end + 1))
        index = end + 1
    return matched
