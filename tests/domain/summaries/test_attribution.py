"""Each attribution rule of issue 12, pinned by a small thread that would break it."""

from __future__ import annotations

from bot.domain.summaries import ThreadSummary, summarize_thread
from bot.domain.summaries.prepare import prepare_messages
from tests.domain.summaries.threads import ThreadBuilder


def holders(summary: ThreadSummary) -> list[set[str]]:
    return [set(position.holder_names) for position in summary.positions]


def position_of(summary: ThreadSummary, name: str) -> set[str]:
    found = [group for group in holders(summary) if name in group]
    assert len(found) == 1, f"{name} is in {len(found)} positions: {holders(summary)}"
    return found[0]


def together(summary: ThreadSummary, a: str, b: str) -> bool:
    groups = holders(summary) + [set(p.agreeing_names) for p in summary.agreements]
    return any(a in group and b in group for group in groups)


def open_ids(summary: ThreadSummary) -> set[str]:
    return {item.question.message_id for item in summary.open_questions}


def test_final_stance_counts_after_a_change_of_mind() -> None:
    thread = ThreadBuilder()
    gramsci = thread.say("Greta", "Let's read Gramsci's prison notebooks over the winter.")
    luxemburg = thread.say(
        "Hamid", "Too fragmentary. I'd rather do Luxemburg's Reform or Revolution.", gramsci
    )
    thread.say("Isla", "Gramsci is perfect for winter, the notebooks reward slow reading.", gramsci)
    thread.say("Greta", "Honestly Hamid, you've changed my mind. Luxemburg it is.", luxemburg)

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Greta") == {"Greta", "Hamid"}
    assert position_of(summary, "Isla") == {"Isla"}


def test_concession_then_but_no_is_opposition() -> None:
    thread = ThreadBuilder()
    proposal = thread.say("Ula", "Every session should end with an action point for the group.")
    thread.say(
        "Vera",
        "I agree it matters, but no. Weekly action points turn study into box-ticking.",
        proposal,
    )

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Ula", "Vera")
    assert {"Ula"} in holders(summary)
    assert {"Vera"} in holders(summary)
    [dispute] = summary.disagreements
    assert set(dispute.for_names) | set(dispute.against_names) == {"Ula", "Vera"}


def test_agree_words_with_the_opposite_meaning_are_opposition() -> None:
    for objection in (
        "I couldn't agree less, caps reward people who talk fast.",
        "Absolutely not, caps reward people who talk fast.",
        "Exactly the wrong idea, caps reward people who talk fast.",
        "Sure, if you want every debate to become a stopwatch contest.",
    ):
        thread = ThreadBuilder()
        proposal = thread.say("Omar", "We should cap speaking time at three minutes each.")
        thread.say("Priya", objection, proposal)

        summary = summarize_thread(thread.messages)

        assert not together(summary, "Omar", "Priya"), objection


def test_quoting_someone_is_not_agreeing_with_them() -> None:
    thread = ThreadBuilder()
    thread.say("Emil", "We should read Fanon next, it speaks to the anti-colonial debates we have.")
    thread.say(
        "Farah",
        "> it speaks to the anti-colonial debates we have\n"
        "That is exactly why it's a bad choice, we'd argue about violence all evening.",
    )

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Emil", "Farah")
    farah = next(p for p in summary.positions if "Farah" in p.holder_names)
    assert all("anti-colonial" not in quote.text for quote in farah.quotes)


def test_discord_reply_reference_binds_the_agreement() -> None:
    thread = ThreadBuilder()
    capital = thread.say("Ana", "We should start the series with Capital volume one.")
    thread.say("Ben", "I'd rather start with the Manifesto, it is short and readable.", capital)
    thread.say("Cleo", "Agreed.", capital)  # replies to Ana, although Ben spoke last

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Cleo") == {"Ana", "Cleo"}


def test_quote_binds_the_reply_to_the_quoted_message() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "We should start the series with Capital volume one.")
    thread.say("Ben", "I'd rather start with the Manifesto, it is short and readable.")
    thread.say("Cleo", "> start the series with Capital volume one\nAgreed, 100%.")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Cleo") == {"Ana", "Cleo"}


def test_at_name_binds_the_reply() -> None:
    thread = ThreadBuilder()
    thread.say("Nadia", "I want us to join the coalition against the policing bill.")
    thread.say("Otto", "I don't want our name next to the Liberal Democrats. Our own campaign.")
    thread.say("Pia", "@Nadia +1, a broad coalition is the only way to stop the bill.")
    thread.say("Sven", "@Otto agreed, we should run our own campaign.")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Pia") == {"Nadia", "Pia"}
    assert position_of(summary, "Sven") == {"Otto", "Sven"}


def test_named_person_is_right_binds_to_that_person() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "We should meet every week, momentum matters.")
    thread.say("Ben", "Every fortnight is better, nobody finishes the reading in a week.")
    thread.say("Cleo", "Ana is right, weekly keeps people coming.")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Cleo") == {"Ana", "Cleo"}
    assert not together(summary, "Ana", "Ben")


def test_opposed_people_never_share_a_position_even_with_shared_words() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "The reading group should affiliate to the trades council this year.")
    thread.say("Ben", "I disagree, affiliating to the trades council this year costs our budget.")
    thread.say("Ana", "Affiliating to the trades council this year gives us a voice.")

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Ana", "Ben")
    assert all(len(group) == 1 for group in holders(summary))


def test_everyone_who_took_a_stance_is_in_a_position() -> None:
    thread = ThreadBuilder()
    proposal = thread.say("Liam", "We should accept the donation from the local businessman.")
    thread.say("Mirela", "No. Taking his money makes us answerable to him.", proposal)
    thread.say("Nikhil", "No way.", proposal)
    thread.say("Odile", "+1", proposal)
    thread.say("Pat", "Who is the businessman, for those of us who missed it?")

    summary = summarize_thread(thread.messages)

    placed = set().union(*holders(summary))
    assert placed == {"Liam", "Mirela", "Nikhil", "Odile"}  # Pat only asked
    assert position_of(summary, "Nikhil") == {"Mirela", "Nikhil"}
    assert position_of(summary, "Odile") == {"Liam", "Odile"}


def test_the_loudest_person_counts_once() -> None:
    thread = ThreadBuilder()
    for number in range(12):
        thread.say("Jamal", f"We need a dues system, reason number {number}: the hall costs money.")
    thread.say("Kira", "I'm against compulsory dues, it keeps out people who are broke.")
    thread.say("Luis", "Agreed with Kira, make dues voluntary.")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Jamal") == {"Jamal"}
    assert position_of(summary, "Kira") == {"Kira", "Luis"}
    assert summary.positions[0].holder_names == ("Kira", "Luis")  # people, not messages
    assert sum(names.count("Jamal") for names in (p.holder_names for p in summary.positions)) == 1


def test_answered_question_is_not_open_and_unanswered_one_is() -> None:
    thread = ThreadBuilder()
    thread.say("Vlad", "What time does the march start on Saturday?")
    thread.say("Wendy", "The march starts at eleven from the station.")
    banner = thread.say("Xander", "Are we bringing the group banner?")
    thread.say("Yetunde", "Yes, I have it at mine.", banner)
    bloc = thread.say("Zara", "Does anyone know if there will be a bloc for unions?")

    summary = summarize_thread(thread.messages)

    assert open_ids(summary) == {bloc}


def test_rhetorical_question_in_an_objection_is_not_open() -> None:
    thread = ThreadBuilder()
    proposal = thread.say("Jana", "I propose we spend November on the Paris Commune.")
    thread.say("Kemal", "Isn't that a bit remote from what members care about?", proposal)
    thread.say("Lior", "No. Why would newcomers care about 1871?", proposal)

    assert open_ids(summarize_thread(thread.messages)) == set()


def test_each_position_has_a_short_label_in_the_threads_words() -> None:
    thread = ThreadBuilder()
    proposal = thread.say(
        "Tariq", "I think we should run our own candidate in the council election, because ..."
    )
    thread.say(
        "Uma", "No, electoralism swallows every group. Organise the tenants instead.", proposal
    )
    thread.say("Wen", "I'm with Tariq, our own candidate gets our programme heard.")

    summary = summarize_thread(thread.messages)
    words = {w.lower().strip(".,") for m in thread.messages for w in m.text.split()}

    labels = [position.label for position in summary.positions]
    assert len(set(labels)) == len(labels) == 2
    for label in labels:
        assert 2 <= len(label.split()) <= 8
        assert {w.lower().strip(".,") for w in label.split()} <= words
    assert labels[0].lower().startswith("we should run our own candidate")


def test_third_camp_opposes_both_others() -> None:
    thread = ThreadBuilder()
    thread.say("Tobi", "We should keep the lecture format, one person presents.")
    thread.say("Uri", "No, lectures make people passive. Discussion circles work better.")
    thread.say("Valeria", "Neither. Let's read aloud together in the session itself.")
    thread.say("Ximena", "Reading aloud together, I support Valeria.")

    summary = summarize_thread(thread.messages)

    assert len(holders(summary)) == 3
    assert position_of(summary, "Ximena") == {"Valeria", "Ximena"}
    for other in ("Tobi", "Uri"):
        assert not together(summary, "Valeria", other)


def test_an_objection_without_cue_words_never_joins_the_view_it_answers() -> None:
    thread = ThreadBuilder()
    move = thread.say("Orla", "We should move the reading group to the community centre, Fridays.")
    thread.say("Piet", "That won't work, half the members have shifts on Fridays.", move)
    thread.say("Rhea", "Community centre on Fridays sounds lovely to me.", move)

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Piet", "Orla")
    assert not together(summary, "Piet", "Rhea")


def test_several_people_named_right_bind_the_agreement_to_them() -> None:
    thread = ThreadBuilder()
    town = thread.say("Iker", "The march should go past the town hall, that's where it's decided.")
    thread.say("Jade", "Absolutely, the town hall route is the obvious one.", town)
    thread.say("Kofi", "The river route is safer and the police already approved it.")
    thread.say("Lars", "Jade is wrong about the route, Kofi's river route avoids the market.")
    thread.say("Mina", "Iker and Jade are right, visibility matters more than comfort.")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Mina") == {"Iker", "Jade", "Mina"}
    assert not together(summary, "Mina", "Lars")


def test_an_argument_under_a_quote_opposes_the_quoted_person() -> None:
    thread = ThreadBuilder()
    thread.say(
        "Anya", "We should run a summer school on political economy, three weekends in July."
    )
    thread.say("Dita", "A summer school would be the best thing we've done all year.")
    thread.say("Chen", "> three weekends in July\nJuly is when everyone is away, it will be empty.")

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Chen", "Anya")
    assert not together(summary, "Chen", "Dita")


def test_a_quote_binds_to_the_message_holding_most_of_its_words() -> None:
    thread = ThreadBuilder()
    thread.say("Anya", "We should run a summer school, three weekends in July.")
    thread.say("Boris", "Three weekends is a huge ask of volunteers.")
    thread.say("Chen", "> three weekends in July\nJuly is when everyone is away.")

    prepared = prepare_messages(thread.messages)

    assert prepared[2].quoted == 0


def test_shared_words_under_a_negation_do_not_join_that_view() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "Capital volume one should open the autumn series, it is the foundation.")
    thread.say("Ben", "Newcomers won't finish Capital volume one by the autumn.")

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Ana", "Ben")
    assert position_of(summary, "Ben") == {"Ben"}


def test_an_unlinked_answer_sharing_the_words_of_a_view_is_not_put_in_it() -> None:
    thread = ThreadBuilder()
    thread.say("Aurel", "We should hold the constitution vote at the AGM, not online.")
    thread.say("Bente", "Online gives every member a vote on the constitution, the AGM only a few.")

    summary = summarize_thread(thread.messages)

    assert not together(summary, "Aurel", "Bente")
    assert {"Aurel"} in holders(summary)
    assert {"Bente"} in holders(summary)


def test_a_restatement_with_no_link_still_joins_its_view() -> None:
    thread = ThreadBuilder()
    thread.say("Dara", "Let's start with the Communist Manifesto, it is short enough for everyone.")
    thread.say("Eli", "Let's start with the Communist Manifesto, newcomers read it in an evening.")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Eli") == {"Dara", "Eli"}


def test_a_nod_to_the_other_side_that_still_holds_a_view_keeps_it() -> None:
    thread = ThreadBuilder()
    thread.say("Amara", "Let's hold the sessions in the community centre.")
    thread.say("Bastian", "Yes, the centre is on the tram line.")
    thread.say("Dunya", "Online is the only way the carers can come. Keep it online.")
    thread.say("Bastian", "Fair point, but I still lean towards the centre, with a call-in line.")
    thread.say("Emeka", "I agree with you, keep it online.")
    thread.say("Bastian", "Good point about carers. I still think the centre works best.")

    summary = summarize_thread(thread.messages)

    assert position_of(summary, "Bastian") == {"Amara", "Bastian"}
    assert not together(summary, "Bastian", "Dunya")
