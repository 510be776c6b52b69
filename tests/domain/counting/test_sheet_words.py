"""Count sheets and tie breaks in plain words: every stage named, never "Surplus of None"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.counting import RankedBallot, count_meek_stv, count_plurality, count_scottish_stv
from bot.domain.counting.sheet import explain_tie, stage_labels, ties_in
from tests.domain.counting.strategies import ranked_profiles

B = RankedBallot
# The hand-checked Meek example of test_meek.py: A, then B elected; D excluded.
WORKED = [B((0, 1, 2), 10), B((1, 4), 3), B((2,), 5), B((3,), 2), B((4,), 4)]
NAMES = ("A", "B", "C", "D", "E")


def test_meek_surplus_stages_name_every_candidate_passing_a_surplus_on() -> None:
    labels = stage_labels(count_meek_stv(NAMES, WORKED, 3))
    assert labels == ("First choices", "A's surplus", "Surpluses of A and B", "D out")


def test_scottish_stages_name_their_subject() -> None:
    labels = stage_labels(count_scottish_stv(NAMES, WORKED, 3))
    assert labels[0] == "First choices"
    assert "A's surplus" in labels
    assert all("None" not in label for label in labels)


@settings(max_examples=60, deadline=None)
@given(ranked_profiles(), st.integers(1, 3))
def test_no_stage_of_any_meek_count_reads_none(
    profile: tuple[tuple[str, ...], list[RankedBallot]], seats: int
) -> None:
    names, ballots = profile
    for label in stage_labels(count_meek_stv(names, ballots, min(seats, len(names)))):
        assert "None" not in label
        assert label.strip()


def test_a_tie_by_lot_is_told_in_plain_words() -> None:
    sheet = count_plurality(["Library", "Park"], [0, 1], seed=7).to_dict()
    (tie,) = ties_in(sheet)
    text = explain_tie(tie)
    assert text.startswith("Library and Park were tied on who won; it was decided by lot: ")
    assert text.endswith(("Library.", "Park."))


def test_a_tie_settled_by_looking_back_names_the_stage() -> None:
    tie = {
        "decision": "exclusion",
        "stage": 3,
        "tied": ["C", "D"],
        "chosen": "D",
        "resolution": "look_back",
        "looked_back_to": 1,
    }
    assert explain_tie(tie) == (
        "C and D were tied on who was out first; it was settled by looking back to stage 1, "
        "where they last differed: D."
    )
