"""In doubt, apart: members whose latest exchange argued a point without agreeing are never put
in one position, whatever words they share. Threads written for these tests."""

from __future__ import annotations

from bot.domain.summaries import summarize_thread
from tests.domain.summaries.test_attribution import position_of, together
from tests.domain.summaries.threads import ThreadBuilder


def test_a_reply_that_argues_a_consequence_does_not_join_what_it_answers() -> None:
    thread = ThreadBuilder()
    plan = thread.say(
        "Halima", "Let's move the branch reading group to the central library on Tuesdays."
    )
    thread.say(
        "Ivo",
        "The central library shuts its rooms at seven on Tuesdays, so the reading group "
        "would get forty minutes.",
        plan,
    )
    thread.say("Jana", "Tuesdays at the library suit me, count me in.", plan)

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Halima", "Ivo")
    assert position_of(summary, "Jana") == {"Halima", "Jana"}
    # Kept apart, but not reported as disagreeing: Ivo never said he was against.
    assert all("Ivo" not in item.against_names for item in summary.disagreements)


def test_a_statement_after_a_proposal_that_counts_its_cost_does_not_join_it() -> None:
    thread = ThreadBuilder()
    thread.say("Kofi", "We should print the reading packs in colour this term.")
    thread.say("Mats", "Colour printing for forty reading packs costs the whole term's budget.")
    thread.say("Lidia", "Colour packs would look great, yes please.")

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Kofi", "Mats")
    assert position_of(summary, "Lidia") == {"Kofi", "Lidia"}


def test_adding_to_ones_own_agreement_is_not_arguing() -> None:
    thread = ThreadBuilder()
    proposal = thread.say("Nadia", "We should open every meeting with ten minutes of news.")
    thread.say("Oren", "Yes, news first gets the latecomers in before the reading.", proposal)
    thread.say("Oren", "It also gives the quieter members something easy to talk about.", proposal)
    thread.say("Petra", "No, the news eats into the reading, it always overruns.", proposal)

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Oren") == {"Nadia", "Oren"}
    assert not together(summary, "Petra", "Nadia")


def test_answering_a_question_is_not_arguing() -> None:
    thread = ThreadBuilder()
    proposal = thread.say("Quilla", "Let's hold the book swap in the park on Saturday.")
    thread.say("Rafa", "Great idea, the park is perfect for the swap.", proposal)
    question = thread.say("Rafa", "Quilla, does the park need a permit for stalls?")
    thread.say(
        "Quilla", "It needs one for more than twenty people, free from the council.", question
    )

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Rafa") == {"Quilla", "Rafa"}


def test_offers_after_a_laugh_or_beside_a_question_take_no_side() -> None:
    thread = ThreadBuilder()
    thread.say("Sol", "Leafleting at the station on Friday, meet by the ticket office at 7.")
    thread.say("Tam", "I can print the leaflets at work. Do I have to use the new logo?")
    thread.say("Uma", "haha the old logo. I'll bring the clipboards, I've got six at home")

    summary = summarize_thread(thread.messages)

    held = {name for position in summary.positions for name in position.holder_names}
    assert "Tam" not in held
    assert "Uma" not in held


def test_a_member_kept_apart_after_a_plus_one_is_named_by_their_own_words() -> None:
    thread = ThreadBuilder()
    proposal = thread.say("Vera", "We should move the reading group to Wednesdays.")
    plus_one = thread.say("Wim", "+1", proposal)
    thread.say("Vera", "Wednesdays also free up the Thursday room for the choir.", plus_one)
    thread.say("Wim", "The choir has its own hall on Thursdays, it never used our room.")

    summary = summarize_thread(thread.messages)

    labels = {position.label for position in summary.positions}
    assert "+1" not in labels
    assert all(position.label.strip("+1 .") for position in summary.positions)


def test_agreeing_by_name_with_a_member_kept_apart_goes_with_them() -> None:
    thread = ThreadBuilder()
    proposal = thread.say("Xan", "Subs should go up by 50p a month to fill the strike fund.")
    rebuttal = thread.say(
        "Yul", "Putting subs up in a cost of living crisis will lose us members.", proposal
    )
    thread.say("Zia", "I agree with Yul", rebuttal)

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Zia") == {"Yul", "Zia"}
    assert not together(summary, "Zia", "Xan")


def test_a_short_proposal_after_a_rhetorical_question_is_a_view() -> None:
    thread = ThreadBuilder()
    thread.say("Ren", "Who keeps the depot running every night? We do. We should walk out.")
    thread.say("Sal", "Agreed, walkout on Monday.")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Sal") == {"Ren", "Sal"}
    assert summary.open_questions == ()


def test_an_offer_to_whoever_needs_it_takes_no_side() -> None:
    thread = ThreadBuilder()
    march = thread.say("Tex", "We should march with the climate bloc, banner and all.")
    thread.say("Uli", "Yes, let's. I'll fetch the banner from the office.", march)
    thread.say("Vic", "I'll book the minibus for anyone who needs a lift.")

    summary = summarize_thread(thread.messages)

    held = {name for position in summary.positions for name in position.holder_names}
    assert "Vic" not in held


def test_a_plan_of_ones_own_put_to_a_proposal_is_its_own_view() -> None:
    thread = ThreadBuilder()
    proposal = thread.say(
        "Ama", "We should ask the council for a free room at the community centre."
    )
    thread.say("Cas", "yes, council room, it's free", proposal)
    rival = thread.say(
        "Bex", "The council takes months to answer, let's keep the pub back room.", proposal
    )
    thread.say("Ama", "fair enough, you're right, pub it is", rival)

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Ama") == {"Ama", "Bex"}
    assert not together(summary, "Bex", "Cas")
    assert any(p.label.startswith("Let's keep the pub") for p in summary.positions)


def test_one_word_answers_to_an_either_or_poll_are_stances() -> None:
    thread = ThreadBuilder()
    poll = thread.say("Dee", "Shall we read Fanon or Rodney in January?")
    thread.say("Eko", "Fanon", poll)
    thread.say("Fay", "Rodney", poll)
    thread.say("Gus", "Rodney, it's more concrete about the economics", poll)

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Fay") == {"Fay", "Gus"}
    assert position_of(summary, "Eko") == {"Eko"}


def test_answering_an_either_or_question_of_fact_takes_no_side() -> None:
    thread = ThreadBuilder()
    asked = thread.say("Hal", "Is the vote at the general meeting or online?")
    thread.say("Ida", "Online, the committee settled it last week.", asked)

    summary = summarize_thread(thread.messages)

    assert summary.positions == ()
