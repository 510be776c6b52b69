"""How objections form camps: the rules added after the first held-out debates were scored.

Each thread is written to break one rule; phrasing differs from the labelled debates."""

from __future__ import annotations

from bot.domain.summaries import summarize_thread
from tests.domain.summaries.test_attribution import holders, position_of, together
from tests.domain.summaries.threads import ThreadBuilder


def test_an_objection_with_an_alternative_of_its_own_does_not_back_what_it_argued_with() -> None:
    thread = ThreadBuilder()
    film = thread.say(
        "Ines", "For the open day we should show a documentary about the 1984 strike."
    )
    talk = thread.say(
        "Jonas", "@Ines films are passive, nobody talks afterwards. A speaker is enough."
    )
    thread.say("Kemal", "@Jonas speakers ramble for an hour. Let's run a games table instead.")
    thread.say("Lale", "@Ines yes, the documentary, people love it.", film)
    thread.say("Mirko", "@Kemal games table, count me in.")
    del talk

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Kemal", "Ines")
    assert not together(summary, "Mirko", "Lale")
    assert position_of(summary, "Kemal") == {"Kemal", "Mirko"}
    assert position_of(summary, "Ines") == {"Ines", "Lale"}


def test_objecting_to_an_objection_still_backs_the_proposal() -> None:
    thread = ThreadBuilder()
    proposal = thread.say(
        "Nuria", "We should publish the branch's membership numbers every quarter."
    )
    objection = thread.say("Oskar", "No, rival groups would use the numbers against us.", proposal)
    thread.say(
        "Pilar", "Oskar, that's paranoid. Members deserve to know how many we are.", objection
    )

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Pilar") == {"Nuria", "Pilar"}
    assert not together(summary, "Oskar", "Pilar")


def test_a_flat_no_is_not_the_camp_of_a_yes_but() -> None:
    thread = ThreadBuilder()
    proposal = thread.say("Quentin", "From now on the steering committee should be elected by lot.")
    thread.say("Rana", "Sure, but only if people can opt out of the draw.", proposal)
    thread.say("Stig", "No. Elections are how members hold leaders to account.", proposal)
    thread.say("Tuuli", "Quentin is right, lot breaks up the cliques.", proposal)

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Rana", "Stig")
    assert not together(summary, "Stig", "Quentin")
    assert position_of(summary, "Tuuli") == {"Quentin", "Tuuli"}


def test_thats_fair_concedes_to_what_it_answers() -> None:
    thread = ThreadBuilder()
    cut = thread.say("Umberto", "Let's drop the newsletter, hardly anyone opens it.")
    keep = thread.say("Vilja", "No, the newsletter is how retired members hear from us.", cut)
    thread.say("Umberto", "That's fair, I forgot about them. Keep it going.", keep)
    thread.say("Wojtek", "Drop it anyway, it takes a whole weekend to put together.", cut)

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Umberto") == {"Umberto", "Vilja"}
    assert not together(summary, "Wojtek", "Umberto")


def test_objecting_to_someone_placed_in_ones_own_view_moves_them_not_oneself() -> None:
    thread = ThreadBuilder()
    thread.say("Xenia", "I want our meetings to stay in person, nothing beats the room.")
    thread.say("Yusuf", "I think they should move online, carers can't get to the room.")
    thread.say("Zlata", "Xenia's right, people only bond when they meet.")
    thread.say("Aarav", "Yusuf has a point, the carers keep missing out.")
    hybrid = thread.say("Bodil", "In person, with a phone line so carers can join online.")
    thread.say(
        "Yusuf", "Bodil, a phone line just leaves carers listening in on the sidelines.", hybrid
    )

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Yusuf") == {"Yusuf", "Aarav"}
    assert not together(summary, "Yusuf", "Bodil")
    assert not together(summary, "Bodil", "Aarav")


def test_naming_the_alternative_a_proposal_turned_down_does_not_join_it() -> None:
    thread = ThreadBuilder()
    thread.say("Cosmin", "We should read the pamphlets in Spanish rather than English.")
    thread.say("Dilnoza", "Too hard for most of us, Spanish would lose half the group.")
    thread.say("Eero", "Agreed with Cosmin, the originals say more.")
    thread.say("Fumiko", "English, please. Spanish means half of us sit silent.")

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Fumiko", "Cosmin")
    assert not together(summary, "Fumiko", "Eero")
    assert position_of(summary, "Eero") == {"Cosmin", "Eero"}
    assert len(holders(summary)) >= 2


def test_yes_to_a_question_of_fact_joins_nobody_in_the_askers_view() -> None:
    thread = ThreadBuilder()
    thread.say("Greet", "We should give the journalist an interview about the rent strike.")
    thread.say("Hemi", "No, the press always twists what tenants say.")
    thread.say("Greet", "Has the journalist offered to let us check the quotes?")
    thread.say("Ilse", "Yes, she offered that herself last week.")

    summary = summarize_thread(thread.messages)

    assert not any("Ilse" in group for group in holders(summary))


def test_a_choice_named_in_its_own_words_joins_that_view_not_the_last_speaker() -> None:
    thread = ThreadBuilder()
    thread.say("Nanami", "We should have a dues waiver for members who are out of work.")
    thread.say("Osei", "Exactly the wrong priority, we're short on the hall rent.")
    thread.say("Petra", "Osei's right, the hall comes first.")
    thread.say("Quirin", "It's a handful of people, Osei. I'm for the dues waiver.")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Quirin") == {"Nanami", "Quirin"}
    assert not together(summary, "Quirin", "Osei")


def test_asking_for_an_alternative_is_not_an_objection() -> None:
    thread = ThreadBuilder()
    thread.say("Rafa", "For January let's read State and Revolution.")
    thread.say("Sunniva", "Not that again, half the new members would drop out.")
    thread.say("Tadeu", "What would you read instead, Sunniva?")
    thread.say("Sunniva", "The Housing Question, it's about their lives.")

    summary = summarize_thread(thread.messages)

    assert not any("Tadeu" in group for group in holders(summary))


def test_a_vote_is_on_the_motion_not_on_the_last_speaker() -> None:
    thread = ThreadBuilder()
    thread.say("Ulrike", "Motion: we give £500 from the social fund to the bus drivers' strike.")
    thread.say("Vasco", "Yes, obviously.")
    thread.say("Wiebke", "I'll vote against. The social fund is for our own members.")
    thread.say("Xabier", "fine, noted. the rest of us are voting yes")

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Xabier", "Wiebke")
    assert position_of(summary, "Xabier") >= {"Ulrike", "Xabier"}


def test_agreeing_with_a_compromise_put_as_a_question_joins_the_compromise() -> None:
    thread = ThreadBuilder()
    thread.say("Zuzana", "I want to move meetings from 7:30 to 6pm, the last bus goes at 10:15.")
    thread.say("Adaeze", "6 is impossible for anyone working 9 to 5 across town.")
    thread.say("Bjorn", "couldn't agree less with Adaeze. 6 works for most of us.")
    compromise = thread.say("Chayton", "what about 6:45 as a compromise?", None)
    thread.say("Zuzana", "6:45 still gets us out before the bus, yes. I'd take that.", compromise)
    thread.say("Bjorn", "I'm staying at 6, meetings always overrun.")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Zuzana") == {"Chayton", "Zuzana"}
    assert not together(summary, "Zuzana", "Bjorn")


def test_backing_an_amount_of_ones_own_is_a_view_of_its_own() -> None:
    thread = ThreadBuilder()
    thread.say("Dagny", "Proposal: raise monthly dues from £3 to £5, room hire went up.")
    thread.say("Emeka", "Raise it to £5, it's a coffee a month.")
    thread.say("Farid", "I'd back £4, not £5. It splits the difference.")

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Farid", "Dagny")
    assert position_of(summary, "Emeka") == {"Dagny", "Emeka"}


def test_a_reply_that_answers_back_without_a_cue_does_not_lean_towards_what_it_answers() -> None:
    thread = ThreadBuilder()
    thread.say("Gulnara", "I propose we hire a full-time organiser, we have the grant.")
    part_time = thread.say(
        "Hamza", "Full-time is a big jump. Part-time, 20 hours a week, for two years."
    )
    thread.say("Ieva", "Full-time. 20 hours won't even cover the casework we have.", part_time)

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Ieva", "Hamza")


def test_granting_a_point_then_putting_a_plan_of_ones_own_is_not_joining() -> None:
    thread = ThreadBuilder()
    thread.say("Jarno", "The 3% offer is an insult. I move we go to a formal strike ballot.")
    thread.say("Kalinda", "I'd take the 3%. Half of us are on fixed-term contracts.")
    thread.say(
        "Lisandro",
        "Kalinda's right that turnout is the risk. So let's run an indicative ballot first.",
    )

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Lisandro", "Kalinda")
    assert not together(summary, "Lisandro", "Jarno")


def test_a_label_drops_whole_opening_words_only() -> None:
    for objection, label in (
        ("nope. people won't speak freely if it's a lottery", "People won't speak freely"),
        ("No, sortition throws away accountability.", "Sortition throws away accountability"),
    ):
        thread = ThreadBuilder()
        thread.say("Mireille", "Let's choose the committee by lot from now on.")
        thread.say("Nnamdi", objection)

        labels = [position.label for position in summarize_thread(thread.messages).positions]

        assert any(found.startswith(label) for found in labels), labels


def test_a_vote_naming_someone_is_still_on_the_motion() -> None:
    thread = ThreadBuilder()
    thread.say("Pernille", "Motion: add a clause on members' public posts to the code of conduct.")
    thread.say("Quang", "Against. What members post on their own accounts is their business.")
    thread.say("Rosalie", "oh, if it's that narrow i'm fine with it. changing to yes")
    thread.say("Quang", "Narrow today. Every code gets broader with each revision.")
    thread.say("Rosalie", "quang's point about revisions is a good one tho. back to no, sorry")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Rosalie") == {"Quang", "Rosalie"}


def test_taking_on_a_task_for_the_other_side_is_not_changing_sides() -> None:
    thread = ThreadBuilder()
    thread.say("Saskia", "I propose we move the reading group to the Trades Hall, it's free.")
    thread.say("Tobias", "I'd rather stay at the library, people walk in off the street there.")
    flyers = thread.say("Tobias", "Could we at least leave flyers at the library about the move?")
    thread.say("Saskia", "Yes, I'll ask the front desk this week.", flyers)

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Saskia", "Tobias")


def test_a_question_with_its_reason_founds_no_position() -> None:
    thread = ThreadBuilder()
    thread.say("Ulla", "I propose we move the reading group to the Trades Hall.")
    thread.say("Vivek", "Is the hall accessible? The library has a lift, that's why we picked it.")

    summary = summarize_thread(thread.messages)

    assert not any("Vivek" in group for group in holders(summary))


def test_a_bare_no_after_an_objection_piles_on_the_proposal() -> None:
    thread = ThreadBuilder()
    thread.say(
        "Wanjiru", "A developer's fund offered us £2,000 for the legal fund. I say we take it."
    )
    thread.say("Xander", "absolutly not. they're evicting thirty families on Mill Lane")
    thread.say("Yuki", "No. The first time we criticise them, they'll say we took their money.")

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Yuki", "Wanjiru")
    assert position_of(summary, "Yuki") == {"Xander", "Yuki"}


def test_a_change_of_mind_goes_to_the_member_whose_idea_it_names() -> None:
    thread = ThreadBuilder()
    thread.say("Zofia", "Let the reporter sit in on the whole meeting, we've nothing to hide.")
    thread.say("Anton", "No press in the room. People clam up when a reporter is there.")
    thread.say("Beatrix", "Compromise: the reporter stays for the first half hour, then leaves.")
    thread.say("Cyprian", "Zofia's right, the coverage matters.")
    thread.say("Anton", "Still no press for me.")
    thread.say(
        "Cyprian",
        "Hm. Beatrix's half-hour idea answers Anton's worry and still gets coverage. "
        "Switching to that.",
    )

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Cyprian") == {"Beatrix", "Cyprian"}
