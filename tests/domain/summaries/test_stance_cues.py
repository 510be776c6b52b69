"""Agreement said without the usual words, found in debates written after the fourth round."""

from __future__ import annotations

import pytest

from bot.domain.summaries import summarize_thread
from bot.domain.summaries.stance import Stance, classify_stance
from tests.domain.summaries.test_attribution import position_of
from tests.domain.summaries.threads import ThreadBuilder


@pytest.mark.parametrize(
    "text",
    [
        "The short version only, yes, I've no problem with that.",
        "Honestly I have no issues with this.",
        "A monthly social I can live with.",
        "Drawing lots. Very fair. I approve.",
        "said it. Rotating chairs.",
    ],
)
def test_agreement_without_the_word_agree(text: str) -> None:
    assert classify_stance(text) is Stance.AGREE


@pytest.mark.parametrize(
    "text",
    [
        "I'd have no problem with that if it were free, but it costs £200.",
        "Nobody said it would be easy.",
        "a fresh start is what they said about the last review as well. how did that go",
        # Acknowledging someone is not agreeing with them.
        "Mo I hear you. The review needs a proper campaign, not just a letter.",
        "I see your point. Let's talk to the stewards first.",
        "i see that, the hall is expensive",
        "i get that, it's a lot of money",
    ],
)
def test_look_alikes_that_do_not_agree(text: str) -> None:
    assert classify_stance(text) is not Stance.AGREE


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("yeah no, a zoom social is grim", Stance.DISAGREE),
        ("yeah nah, not for me", Stance.DISAGREE),
        ("no you're right, online makes sense", Stance.AGREE),
        ("No, that's right.", Stance.AGREE),
        ("No. You're wrong about the hall.", Stance.DISAGREE),
        ("I'm sympathetic, honestly, but no.", Stance.DISAGREE),
        ("Love the idea. Not this year though, we're broke.", Stance.DISAGREE),
    ],
)
def test_a_no_that_agrees_and_a_yes_that_refuses(text: str, stance: Stance) -> None:
    assert classify_stance(text) is stance


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Oh. ok, that moves me. Probably the hall then.", Stance.CONVERT),
        ("honestly Kemi's point kills it for me", Stance.CONVERT),
        ("That's exactly why I'm back on Alex.", Stance.AGREE),
    ],
)
def test_changes_of_mind_said_in_passing(text: str, stance: Stance) -> None:
    assert classify_stance(text) is stance


def test_back_with_someone_after_a_change_of_mind_sides_with_them() -> None:
    thread = ThreadBuilder()
    thread.say("Ada", "Next term we should read Gramsci, the prison notebooks selection.")
    luxemburg = thread.say("Bo", "I'd rather do Luxemburg, Reform or Revolution is shorter.")
    thread.say("Cy", "Luxemburg sounds good to me.", luxemburg)
    thread.say("Cy", "actually Gramsci fits what we did on hegemony, I'm back with Ada")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Cy") == {"Ada", "Cy"}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Yeah, fair, sorry. I meant the council, not you.", Stance.NEUTRAL),
        ("ok sorry, my bad", Stance.NEUTRAL),
        ("Sorry, I meant the rota, not the pay.", Stance.NEUTRAL),
        ("Sorry, I've changed my mind, you're right.", Stance.CONVERT),
    ],
)
def test_an_apology_for_how_something_was_said_takes_no_side(text: str, stance: Stance) -> None:
    assert classify_stance(text) is stance


@pytest.mark.parametrize("text", ["Ana's not right there", "Ana isn't right about this one"])
def test_saying_someone_is_not_right_answers_them(text: str) -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "We should ask the council for a free room at the community centre.")
    thread.say("Ben", "Let's just keep paying for the pub back room, it's easier.")
    thread.say("Cleo", text)

    summary = summarize_thread(thread.messages)

    assert all(
        "Cleo" not in item.against_names or "Ana" in item.for_names
        for item in summary.disagreements
    )
    assert any("Cleo" in item.against_names for item in summary.disagreements)
