"""BLT files: parsing, writing, round trips and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.counting import BltElection, BltFormatError, RankedBallot, format_blt, parse_blt

WARDS = Path(__file__).parents[2] / "data" / "scotland-2017"

CANONICAL = """\
4 2 -3
(T-81F2) 1 2 4 0
3 1 3 0
1 0
0
"Ada"
"Ben \\"Benny\\" Ng"
"Cai"
"Dee"
"Committee, 2026"
"""


def test_parses_candidates_seats_withdrawn_and_title() -> None:
    election = parse_blt(CANONICAL)
    assert election.candidates == ("Ada", 'Ben "Benny" Ng', "Cai", "Dee")
    assert election.seats == 2
    assert election.withdrawn == (2,)
    assert election.title == "Committee, 2026"


def test_parses_ballots_with_weights_ids_and_zero_based_ranks() -> None:
    election = parse_blt(CANONICAL)
    assert election.ballots == (
        RankedBallot(ranking=(1, 3), weight=1, ballot_id="T-81F2"),
        RankedBallot(ranking=(0, 2), weight=3),
        RankedBallot(ranking=(), weight=1),
    )


def test_canonical_text_round_trips_exactly() -> None:
    assert format_blt(parse_blt(CANONICAL)) == CANONICAL


def test_withdrawn_line_after_the_header_is_read() -> None:
    text = '3 1\n-2 -3\n1 1 0\n0\n"A"\n"B"\n"C"\n'
    assert parse_blt(text).withdrawn == (1, 2)


def test_unquoted_names_and_title_are_read() -> None:
    election = parse_blt("2 1\n1 2 1 0\n0\nAda Lovelace\nBen\nWard 1 - Banff\n")
    assert election.candidates == ("Ada Lovelace", "Ben")
    assert election.title == "Ward 1 - Banff"


@pytest.mark.parametrize("ward", sorted(WARDS.glob("*.blt"))[:10], ids=lambda p: p.stem)
def test_ward_files_survive_a_round_trip(ward: Path) -> None:
    election = parse_blt(ward.read_text())
    assert parse_blt(format_blt(election)) == election


names = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12
).filter(lambda name: name.strip() == name and name)


@st.composite
def elections(draw: st.DrawFn) -> BltElection:
    candidates = tuple(draw(st.lists(names, min_size=1, max_size=6, unique=True)))
    size = len(candidates)
    ballot = st.builds(
        RankedBallot,
        ranking=st.permutations(range(size)).flatmap(
            lambda order: st.integers(0, size).map(lambda n: tuple(order[:n]))
        ),
        weight=st.integers(1, 50),
        ballot_id=st.none() | st.from_regex(r"[A-Za-z0-9_-]{1,10}", fullmatch=True),
    )
    return BltElection(
        candidates=candidates,
        seats=draw(st.integers(1, size)),
        ballots=tuple(draw(st.lists(ballot, max_size=8))),
        withdrawn=tuple(draw(st.lists(st.integers(0, size - 1), unique=True, max_size=size - 1))),
        title=draw(st.just("") | names),
    )


@settings(max_examples=80, deadline=None)
@given(elections())
def test_any_election_round_trips(election: BltElection) -> None:
    text = format_blt(election)
    assert parse_blt(text) == election
    assert format_blt(parse_blt(text)) == text


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("", 1, "empty"),
        ("x 2\n", 1, "number of candidates"),
        ("2\n", 1, "number of candidates and seats"),
        ("2 0\n", 1, "at least one seat"),
        ("2 1 3\n", 1, "negative"),
        ("2 1 -5\n", 1, "does not exist"),
        ("2 1\n1 1 2\n0\nA\nB\n", 2, "closing 0"),
        ("2 1\n1 1 3 0\n0\nA\nB\n", 2, "candidate 3 does not exist"),
        ("2 1\n1 1 1 0\n0\nA\nB\n", 2, "ranked twice"),
        ("2 1\n0 1 0\n0\nA\nB\n", 2, "positive"),
        ("2 1\n1 1=2 0\n0\nA\nB\n", 2, "not supported"),
        ("2 1\n(bad id) 1 1 0\n0\nA\nB\n", 2, "ballot id"),
        ("2 1\n1 1 0\n1 2 0\n", 3, "end with a line holding 0"),
        ("2 1\n1 1 0\n0\nA\n", 4, "expected 2 candidate names"),
        ('2 1\n1 1 0\n0\n"A\nB\n', 4, "unterminated"),
        ("2 1\n1 1 0\n0\nA\nA\n", 5, "appears twice"),
        ("2 1\n1 1 0\n0\nA\nB\nTitle\nMore\n", 7, "after the title"),
    ],
)
def test_malformed_input_names_the_line(text: str, line: int, problem: str) -> None:
    with pytest.raises(BltFormatError, match=problem) as raised:
        parse_blt(text)
    assert raised.value.line == line
    assert isinstance(raised.value, ValueError)


def test_name_with_a_line_break_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="line break"):
        format_blt(BltElection(candidates=("A\nB",), seats=1, ballots=()))
