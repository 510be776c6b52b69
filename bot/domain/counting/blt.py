"""Reading and writing ballots in the BLT format used by STV counting programs.

Layout::

    4 2 -3              candidates, seats, then any withdrawn candidates as negative numbers
    (T-81F2) 1 2 4 0    one line per ballot: an optional (id), the weight, preferences, 0
    3 1 3 0
    0                   end of ballots
    "Ada"               one name per candidate, in number order (quotes optional on input)
    ...
    "Title"             optional title

Candidates are numbered from 1 in the file and from 0 in ``BltElection`` (as everywhere in
``bot.domain.counting``). A line of negative numbers straight after the first line is also
read as withdrawn candidates. Equal rankings (``=``) and skipped preferences (``-``) are not
supported: they are reported as errors. ``format_blt`` writes the canonical form above, so
``parse_blt(format_blt(e)) == e`` and canonical text round-trips character for character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.counting.ballots import RankedBallot
from bot.domain.counting.errors import BltFormatError

_BALLOT_ID = re.compile(r"\(([^()\s]+)\)")


@dataclass(frozen=True, slots=True)
class BltElection:
    candidates: tuple[str, ...]
    seats: int
    ballots: tuple[RankedBallot, ...]
    withdrawn: tuple[int, ...] = ()
    title: str = ""


def _integer(token: str, line: int, what: str) -> int:
    try:
        return int(token)
    except ValueError:
        raise BltFormatError(line, f"expected {what}, found {token!r}") from None


def _parse_header(tokens: list[str], line: int) -> tuple[int, int, list[int]]:
    if len(tokens) < 2:
        raise BltFormatError(line, "the first line must give the number of candidates and seats")
    count = _integer(tokens[0], line, "the number of candidates")
    seats = _integer(tokens[1], line, "the number of seats")
    if count < 1:
        raise BltFormatError(line, f"there must be at least one candidate, not {count}")
    if seats < 1:
        raise BltFormatError(line, f"there must be at least one seat, not {seats}")
    return count, seats, _parse_withdrawn(tokens[2:], line, count)


def _parse_withdrawn(tokens: list[str], line: int, count: int) -> list[int]:
    withdrawn: list[int] = []
    for token in tokens:
        number = _integer(token, line, "a withdrawn candidate (a negative number)")
        if number >= 0:
            raise BltFormatError(line, f"withdrawn candidates are negative numbers, not {token}")
        if -number > count:
            raise BltFormatError(line, f"withdrawn candidate {-number} does not exist")
        if -number - 1 in withdrawn:
            raise BltFormatError(line, f"candidate {-number} is withdrawn twice")
        withdrawn.append(-number - 1)
    return withdrawn


def _parse_ballot(tokens: list[str], line: int, count: int) -> RankedBallot:
    ballot_id: str | None = None
    if tokens and tokens[0].startswith("("):
        match = _BALLOT_ID.fullmatch(tokens[0])
        if match is None:
            raise BltFormatError(line, f"malformed ballot id {tokens[0]!r}")
        ballot_id = match.group(1)
        tokens = tokens[1:]
    if len(tokens) < 2 or tokens[-1] != "0":
        raise BltFormatError(line, "a ballot line is a weight, preferences, and a closing 0")
    weight = _integer(tokens[0], line, "a ballot weight")
    if weight < 1:
        raise BltFormatError(line, f"a ballot weight must be a positive whole number, not {weight}")
    ranking: list[int] = []
    for token in tokens[1:-1]:
        if "=" in token or token == "-":
            raise BltFormatError(line, f"equal or skipped rankings ({token!r}) are not supported")
        number = _integer(token, line, "a candidate number")
        if not 1 <= number <= count:
            raise BltFormatError(line, f"candidate {number} does not exist (1 to {count})")
        if number - 1 in ranking:
            raise BltFormatError(line, f"candidate {number} is ranked twice")
        ranking.append(number - 1)
    return RankedBallot(ranking=tuple(ranking), weight=weight, ballot_id=ballot_id)


def _unquote(text: str, line: int) -> str:
    """Text as written, or the inside of a double-quoted string with backslash escapes."""
    if not text.startswith('"'):
        return text
    result: list[str] = []
    index = 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            result.append(text[index + 1])
            index += 2
            continue
        if char == '"':
            if index != len(text) - 1:
                raise BltFormatError(line, f"unexpected text after the closing quote in {text}")
            return "".join(result)
        result.append(char)
        index += 1
    raise BltFormatError(line, f"unterminated quoted text {text}")


def parse_blt(text: str) -> BltElection:
    """Parse BLT ``text``; raise ``BltFormatError`` (a ``ValueError``) naming the bad line."""
    lines = [(n, raw.strip()) for n, raw in enumerate(text.splitlines(), start=1)]
    lines = [(n, raw) for n, raw in lines if raw]
    if not lines:
        raise BltFormatError(1, "the file is empty")
    number, header = lines[0]
    count, seats, withdrawn = _parse_header(header.split(), number)
    position = 1
    if position < len(lines) and lines[position][1].startswith("-"):
        number, raw = lines[position]
        withdrawn += _parse_withdrawn(raw.split(), number, count)
        position += 1
    ballots: list[RankedBallot] = []
    while True:
        if position >= len(lines):
            raise BltFormatError(lines[-1][0], "the ballots must end with a line holding 0")
        number, raw = lines[position]
        position += 1
        if raw == "0":
            break
        ballots.append(_parse_ballot(raw.split(), number, count))
    names = lines[position : position + count]
    if len(names) < count:
        last = lines[-1][0]
        raise BltFormatError(last, f"expected {count} candidate names, found {len(names)}")
    candidates = tuple(_unquote(raw, number) for number, raw in names)
    seen: set[str] = set()
    for (number, _), name in zip(names, candidates, strict=True):
        if not name:
            raise BltFormatError(number, "a candidate name is empty")
        if name in seen:
            raise BltFormatError(number, f"candidate name {name!r} appears twice")
        seen.add(name)
    rest = lines[position + count :]
    if len(rest) > 1:
        raise BltFormatError(rest[1][0], "unexpected text after the title")
    title = _unquote(rest[0][1], rest[0][0]) if rest else ""
    return BltElection(
        candidates=candidates,
        seats=seats,
        ballots=tuple(ballots),
        withdrawn=tuple(withdrawn),
        title=title,
    )


def _quote(text: str) -> str:
    if "\n" in text or "\r" in text:
        raise ValueError(f"BLT text cannot hold a line break: {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_blt(election: BltElection) -> str:
    """Write ``election`` in canonical BLT form (ending with a newline)."""
    header = [str(len(election.candidates)), str(election.seats)]
    header += [str(-(index + 1)) for index in election.withdrawn]
    lines = [" ".join(header)]
    for ballot in election.ballots:
        if ballot.ballot_id is not None and not _BALLOT_ID.fullmatch(f"({ballot.ballot_id})"):
            raise ValueError(f"ballot id {ballot.ballot_id!r} cannot be written in BLT")
        tokens = [] if ballot.ballot_id is None else [f"({ballot.ballot_id})"]
        tokens.append(str(ballot.weight))
        tokens += [str(index + 1) for index in ballot.ranking]
        tokens.append("0")
        lines.append(" ".join(tokens))
    lines.append("0")
    lines += [_quote(name) for name in election.candidates]
    if election.title:
        lines.append(_quote(election.title))
    return "\n".join(lines) + "\n"
