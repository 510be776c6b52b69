import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import VoteOption
from bot.domain.voting.ranked_text import parse_ranked_text
from tests.domain.voting.factories import candidates

# Shown order for this voter: 1 Carol, 2 Alice, 3 Bob, 4 Dave (ids 102, 100, 101, 103).
SHOWN = [candidates()[i] for i in (2, 0, 1, 3)]


def ranking(text: str) -> tuple[str, ...]:
    return parse_ranked_text(text, SHOWN).ranking


@pytest.mark.parametrize("text", ["3 1 2", "3,1,2", "3, 1, 2", "3 > 1 > 2", "3\n1\n2", " 3;1;2 "])
def test_numbers_refer_to_the_order_shown_to_the_voter(text):
    assert ranking(text) == ("101", "102", "100")


@pytest.mark.parametrize("text", ["Alice, Bob", "alice > BOB", "Alice\nBob", "  alice ;  bob  "])
def test_names_are_matched_ignoring_case_and_spaces(text):
    assert ranking(text) == ("100", "101")


def test_the_start_of_a_name_is_enough_when_unique():
    assert ranking("ca, d") == ("102", "103")


def test_an_ambiguous_start_lists_the_matches():
    shown = [VoteOption("1", "Alan"), VoteOption("2", "Alice")]
    with pytest.raises(VotingError, match="could be any of: Alan, Alice"):
        parse_ranked_text("Al", shown)


def test_exact_name_wins_over_a_longer_one_it_starts():
    shown = [VoteOption("1", "Ann"), VoteOption("2", "Anne")]
    assert parse_ranked_text("ann", shown).ranking == ("1",)


def test_unknown_name_is_refused():
    with pytest.raises(VotingError, match="Unknown option 'Zed'"):
        ranking("Alice, Zed")


def test_ranking_the_same_option_twice_is_refused():
    with pytest.raises(VotingError, match="You ranked Alice twice"):
        ranking("2 3 2")


def test_number_outside_the_list_is_refused():
    with pytest.raises(VotingError, match="no number 5 on your ballot; the numbers go from 1 to 4"):
        ranking("1 5")


def test_zero_is_not_a_position():
    with pytest.raises(VotingError, match="no number 0"):
        ranking("0")


@pytest.mark.parametrize("text", ["", "  ", ", ,", "\n"])
def test_blank_text_is_refused(text):
    with pytest.raises(VotingError, match="at least one preference"):
        ranking(text)


def test_partial_ranking_is_allowed():
    assert ranking("4") == ("103",)


@given(st.permutations(range(1, 5)).flatmap(lambda p: st.integers(1, 4).map(lambda n: p[:n])))
def test_any_typed_order_of_positions_is_read_back_in_that_order(positions):
    text = " ".join(map(str, positions))
    assert ranking(text) == tuple(SHOWN[p - 1].id for p in positions)
