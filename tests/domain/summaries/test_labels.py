"""Position labels name the view in the thread's own words, not the politeness around it.
Threads written for these tests."""

from __future__ import annotations

import pytest

from bot.domain.summaries import summarize_thread
from tests.domain.summaries.threads import ThreadBuilder


def _labels(*lines: tuple[str, str]) -> list[str]:
    thread = ThreadBuilder()
    first = None
    for author, text in lines:
        said = thread.say(author, text, first)
        first = first or said
    return [position.label for position in summarize_thread(thread.messages).positions]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Separate point: we hold the talk online this time.", "We hold the talk online this time"),
        ("🔥🔥 picket at 6am tomorrow by the gates 🔥🔥", "Picket at 6am tomorrow by the gates"),
        # Cut after eight words, never inside a name nor on a word that leads nowhere.
        (
            "We should hold the Christmas social at the Red Lion this year.",
            "We should hold the Christmas social",
        ),
        (
            "We should hold our Christmas social at Red Lion Hotel this year.",
            "We should hold our Christmas social at Red Lion Hotel",
        ),
        (
            "We should join the climate march as a bloc with banners.",
            "We should join the climate march",
        ),
    ],
)
def test_a_label_is_the_view_itself(text: str, label: str) -> None:
    assert _labels(("Ana", text))[0] == label


def test_an_objection_that_first_grants_something_is_named_by_its_objection() -> None:
    labels = _labels(
        ("Ana", "Motion: the branch affiliates to the tenants' union this year."),
        ("Ben", "Love the idea in principle. Not this year though, we're broke."),
        ("Cleo", "I'm sympathetic, honestly, but no."),
    )

    assert "Love the idea in principle" not in labels
    assert "Not this year" in labels


def test_a_kind_no_after_but_is_a_stance() -> None:
    thread = ThreadBuilder()
    motion = thread.say("Ana", "Motion: the branch affiliates to the tenants' union this year.")
    thread.say("Cleo", "I'm sympathetic, honestly, but no.", motion)

    summary = summarize_thread(thread.messages)

    assert any("Cleo" in position.holder_names for position in summary.positions)


def test_a_verdict_on_someone_is_not_a_label() -> None:
    labels = _labels(
        ("Ana", "We should meet fortnightly instead of monthly."),
        ("Ben", "Ana is wrong here, monthly meetings are plenty for a small branch."),
    )

    assert labels[1].startswith("Monthly meetings are plenty")
