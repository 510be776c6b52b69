"""Open questions in chat as members type it: lower case after a question mark, a statement
run into the question, proposals and calls for views put as questions. Threads written for
these tests."""

from __future__ import annotations

import pytest

from bot.domain.summaries import summarize_thread
from tests.domain.summaries.threads import ThreadBuilder


def _open_ids(thread: ThreadBuilder) -> set[str]:
    return {item.question.message_id for item in summarize_thread(thread.messages).open_questions}


def test_a_question_followed_in_lower_case_is_still_a_question() -> None:
    thread = ThreadBuilder()
    thread.say("Bex", "The zine needs four more pages before it goes to print.")
    thread.say("Caz", "I can write one on the rent campaign.")
    asked = thread.say("Dom", "is the print shop open on sundays? i could drop the files then")
    thread.say("Bex", "Great, Caz, send it by Friday.")

    assert _open_ids(thread) == {asked}


def test_a_statement_run_into_a_question_does_not_hide_who_answered() -> None:
    thread = ThreadBuilder()
    thread.say("Elia", "We could read The Dispossessed next, it came up twice.")
    thread.say("Fen", "and sure, happy with the Dispossessed. who's running the first session?")
    thread.say("Gil", "I'll run it, I've read it three times.")

    assert _open_ids(thread) == set()


@pytest.mark.parametrize(
    ("reply", "stays_open"),
    [
        ("I'd keep it in the room, people clam up on tape.", False),
        ("honestly no, members would never speak freely", False),
        ("I'll bring the biscuits on Thursday.", True),
    ],
)
def test_a_proposal_put_as_a_question_is_answered_by_a_view(reply: str, stays_open: bool) -> None:
    thread = ThreadBuilder()
    thread.say("Hana", "Attendance has dropped since the summer.")
    asked = thread.say("Ivo", "what if we taped the sessions for people who miss them?")
    thread.say("Jae", reply)

    assert (_open_ids(thread) == {asked}) is stays_open


def test_a_call_for_views_is_answered_by_the_views_that_follow() -> None:
    thread = ThreadBuilder()
    asked = thread.say(
        "Kit",
        "The bakery down the road offered us their back room for free. Thoughts before I say yes?",
    )
    thread.say("Lev", "Free is good but the back room has no heating in winter.")
    thread.say("Moe", "It's closer to the bus station than the hall is.")

    assert asked not in _open_ids(thread)


def test_a_question_for_a_slot_is_answered_by_a_day_and_time() -> None:
    thread = ThreadBuilder()
    thread.say("Nell", "Evening meetings keep the parents away.")
    thread.say("Otto", "which slot suits both parents and the night shift then?")
    thread.say("Pam", "Saturday late morning, after the school runs.")

    assert _open_ids(thread) == set()


def test_a_question_the_asker_answers_at_once_makes_a_point() -> None:
    thread = ThreadBuilder()
    thread.say("Quin", "Door-knocking every Saturday would double our contacts.")
    thread.say(
        "Rho",
        "Every Saturday means someone giving up every weekend. Who'd sign up for that? Not me.",
    )
    thread.say("Quin", "We could rotate it.")

    assert _open_ids(thread) == set()


def test_a_closing_or_question_after_a_statement_is_rhetorical() -> None:
    thread = ThreadBuilder()
    thread.say("Sia", "The council leader wants to speak at our rally.")
    thread.say(
        "Teo", "Her group voted for the cuts in March. Or are we pretending that didn't happen?"
    )
    thread.say("Sia", "Fair, I'll say no.")

    assert _open_ids(thread) == set()


def test_the_askers_thanks_show_the_question_was_answered() -> None:
    thread = ThreadBuilder()
    asked = thread.say("Ugo", "What does a work-to-rule mean for the night staff exactly?")
    thread.say("Vi", "Everyone does their contracted hours and tasks, nothing extra.")
    thread.say("Wes", "It is the usual first step here.")
    thread.say("Ugo", "Thanks both, that helps.")

    assert asked not in _open_ids(thread)


@pytest.mark.parametrize("reply", ["no idea sorry", "Not sure, ask the caretaker?", "dunno tbh"])
def test_not_knowing_leaves_the_question_open(reply: str) -> None:
    thread = ThreadBuilder()
    asked = thread.say("Wyn", "Does anyone know who has the keys to the office?")
    thread.say("Xu", reply, asked)

    assert _open_ids(thread) == {asked}
