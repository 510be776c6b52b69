from __future__ import annotations

import pytest

from bot.domain.summaries.prepare import prepare_messages
from bot.domain.summaries.stance import Stance, classify_stance, stances
from bot.domain.summaries.targets import reply_targets
from tests.domain.summaries.threads import ThreadBuilder


@pytest.mark.parametrize(
    "text",
    ["I agree with this.", "+1", "Agreed!", "Exactly, that's the point.", "Good point 👍"],
)
def test_agreement_cues(text: str) -> None:
    assert classify_stance(text, is_reply=True) is Stance.AGREE


@pytest.mark.parametrize(
    "text",
    [
        "I disagree.",
        "I don't think that works.",
        "No, the vote comes first.",
        "That's not true at all.",
        "However, the budget is tight.",
    ],
)
def test_disagreement_cues(text: str) -> None:
    assert classify_stance(text, is_reply=True) is Stance.DISAGREE


def test_concession_then_objection_in_a_reply_is_disagreement() -> None:
    assert classify_stance("Good point, but it costs too much.", is_reply=True) is Stance.DISAGREE


def test_plain_statement_is_neutral() -> None:
    assert classify_stance("The meeting starts at six.", is_reply=False) is Stance.NEUTRAL


def test_cue_deep_inside_a_long_message_is_ignored() -> None:
    filler = " ".join(["word"] * 60)
    assert classify_stance(f"{filler} I disagree.", is_reply=False) is Stance.NEUTRAL


def test_unlinked_message_answers_the_latest_other_author() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "First point from Ana.")
    thread.say("Ben", "Ben answers here.")
    thread.say("Ben", "Ben again, still answering.")
    thread.say("Ana", "Ana comes back.")

    targets = reply_targets(prepare_messages(thread.messages))

    assert targets == [None, 0, 0, 2]


def test_reply_link_to_a_missing_message_has_no_target() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "First point from Ana.")
    thread.say("Ben", "Replying to something deleted.", reply_to="999")

    assert reply_targets(prepare_messages(thread.messages)) == [None, None]


def test_the_quick_search_of_every_cue_lexicon_changes_nothing() -> None:
    import json
    from pathlib import Path

    from bot.domain.summaries import cues

    data = Path(__file__).parents[2] / "data" / "debates"
    texts = [
        message["text"]
        for part in ("dev.jsonl", "heldout.jsonl")
        for line in (data / part).read_text(encoding="utf-8").splitlines()
        for message in json.loads(line)["messages"]
    ]
    texts += [
        "+1",
        "-1 from me",
        "👍",
        "I am in.",
        "no.",
        "Nope",
        "This.",
        "Why not?",
        "ok you're right",
        "cheaper than the hall",
        "A fundraiser, not dues.",
        "I'm in favor of it",
        "Agreeing with you",
        "Hall it is.",
        "Support.",
        "lgtm",
        "Against.",
        "I DISAGREE, Ana. YOU'RE WRONG.",
        "Fair Enough, Point Taken",
        "Naïve, but I agree 👍",
    ]
    texts += [variant for text in texts[:200] for variant in (text.upper(), text.title())]
    lexicons = [value for value in vars(cues).values() if isinstance(value, cues.Lexicon)]
    assert len(lexicons) >= 7
    for lexicon in lexicons:
        # Every lexicon takes the quick path: a pattern that fell back would pass unnoticed.
        assert lexicon.lowered_regex is not None, lexicon.pattern[:60]
        for text in texts:
            found, full = lexicon.search(text), lexicon.regex.search(text)
            # The same match, not only a match: callers compare where cues start and end.
            assert (found and found.span()) == (full and full.span()), text
            assert (found and found.group().lower()) == (full and full.group().lower()), text


@pytest.mark.parametrize(
    "text",
    [
        "That won't work, half the members have shifts on Fridays.",
        "Not a chance. The centre charges for the room.",
        "I can't support a move to Fridays.",
        "With respect, weekly issues keep people connected.",
        "Counterpoint: the strike fund needs that money more.",
        "Really? Documentaries are passive.",
        "meh, bowling is expensive for people on low pay",
        "Oh wonderful, a politician lecturing us, just what we need.",
        "I'm not so keen on dropping the book.",
        "Zeno has it backwards, the writers matter here.",
    ],
)
def test_objections_without_the_word_disagree(text: str) -> None:
    assert classify_stance(text) is Stance.DISAGREE


@pytest.mark.parametrize(
    "text",
    [
        "I'm not on board with monthly.",
        "We don't support this at all.",
        "I'm not really with you on this one.",
        "I'm no longer in favour of the move.",
    ],
)
def test_negated_agreement_is_objection(text: str) -> None:
    assert classify_stance(text) is Stance.DISAGREE


def test_concession_then_though_with_a_view_of_ones_own_is_objection() -> None:
    text = "Fair enough in principle, though I think open sessions bring in new people."
    assert classify_stance(text) is Stance.DISAGREE


@pytest.mark.parametrize(
    "text",
    [
        "Yes, Sunday works, though I can't make every week.",
        "Agreed, although we might need a second facilitator.",
    ],
)
def test_concession_with_a_practical_caveat_still_agrees(text: str) -> None:
    assert classify_stance(text) is Stance.AGREE


@pytest.mark.parametrize(
    "text",
    ["Brilliant idea, I'll draft the letter.", "Vik makes the better case, fund it."],
)
def test_more_ways_of_agreeing(text: str) -> None:
    assert classify_stance(text) is Stance.AGREE


@pytest.mark.parametrize(
    "text",
    [
        "You've got to be kidding, the fee pays for the room.",
        "How is that fair to people who want to serve?",
        "Are you serious? Nobody comes in July.",
    ],
)
def test_disbelief_and_rhetorical_pushback_object(text: str) -> None:
    assert classify_stance(text) is Stance.DISAGREE


def test_calling_a_plan_good_agrees() -> None:
    assert classify_stance("Anya's plan is good, I can sort the venue.") is Stance.AGREE


def test_sarcastic_praise_followed_by_a_consequence_objects() -> None:
    text = "Great plan Gio, and then every cop in the county can watch us too."
    assert classify_stance(text) is Stance.DISAGREE


@pytest.mark.parametrize(
    "text",
    [
        "Ben's grant idea is smarter, grants don't squeeze members.",
        "Hep has a real point about security.",
    ],
)
def test_praising_someone_elses_idea_agrees(text: str) -> None:
    assert classify_stance(text) is Stance.AGREE


@pytest.mark.parametrize(
    "text",
    [
        "I suppose that would work, the hall is central.",
        "Ditto, the earlier start suits everyone.",
        "Can't argue with that.",
        "I wouldn't disagree, the budget allows it.",
        "No objection from me.",
        "Hard to disagree with you there.",
        "Same as Noor, keep the recordings.",
        "Count me in.",
        "100%. We've been burned before.",
        "Why haven't we done this before? Great.",
    ],
)
def test_hedged_and_negated_objection_agreements(text: str) -> None:
    assert classify_stance(text) is Stance.AGREE


@pytest.mark.parametrize(
    "text",
    [
        "I'd push back a little, the hall is far for most of us.",
        "I see this differently: the fund is for emergencies.",
        "The problem with that is nobody will chair it.",
        "That assumes everyone has a car.",
        "I have some reservations about the wording.",
        "I'm rather wary of signing things we haven't read.",
        "Wouldn't that leave out the members on night shifts?",
        "Why should we pay for what the library gives for free?",
        "Oh brilliant, because what this group needs is another committee.",
        "Nothing says democracy like a vote nobody was told about.",
        "Sure, and we can all write the minutes in our sleep.",
    ],
)
def test_hedged_reasoned_sarcastic_and_questioning_objections(text: str) -> None:
    assert classify_stance(text) is Stance.DISAGREE


def test_a_second_point_after_the_stance_does_not_replace_it() -> None:
    text = "I'd rather read Lenin first, it answers our question. Also, Friday works for me."
    assert classify_stance(text) is Stance.DISAGREE


def test_changes_of_mind_in_other_words() -> None:
    assert classify_stance("Alright, you've talked me round.") is Stance.CONVERT
    assert classify_stance("Thinking it over, the clash matters more.") is Stance.CONVERT


def test_a_short_form_of_a_display_name_names_that_member() -> None:
    thread = ThreadBuilder()
    thread.say("Alexandra Ruiz", "We should run our own candidate.")
    thread.say("Benjamin Okafor", "Let's back the sitting treasurer.")
    thread.say("Catalina Reyes", "Alex is right, the treasurer ignored us.")
    thread.say("dave.k", "keep the treasurer")
    thread.say("Eleanor Hart", "yeah what dave said")

    prepared = prepare_messages(thread.messages)

    assert prepared[2].named == ("id-alexandra ruiz",)
    assert prepared[4].named == ("id-dave.k",)
    assert reply_targets(prepared)[2] == 0


def test_a_common_word_is_not_taken_for_a_short_name() -> None:
    thread = ThreadBuilder()
    thread.say("Theodora", "We should meet weekly.")
    thread.say("Ben", "The point is that weekly is too often.")

    assert prepare_messages(thread.messages)[1].named == ()


def test_a_name_closing_a_clause_is_whom_it_answers() -> None:
    thread = ThreadBuilder()
    thread.say("Carys", "Vote now and discuss afterwards.")
    thread.say("Zeno", "Read the programme first.")
    thread.say("Desmond", "Exactly what I was going to say, Carys.")

    prepared = prepare_messages(thread.messages)

    assert reply_targets(prepared, stances(prepared))[2] == 0


def test_an_opening_that_points_back_answers_the_latest_message() -> None:
    thread = ThreadBuilder()
    thread.say("Elif", "We should open the group to non-members next series.")
    thread.say("Florin", "We'd lose the safe space members rely on.")
    thread.say("Greta", "That assumes non-members are hostile to members of the group.")

    prepared = prepare_messages(thread.messages)

    assert reply_targets(prepared, stances(prepared))[2] == 1


def test_liking_the_idea_after_an_objection_agrees_with_the_idea() -> None:
    thread = ThreadBuilder()
    thread.say("Oskar", "Let's add a second weekly meeting.")
    thread.say("Priya", "No, nobody has the time.")
    thread.say("Quentin", "+1")
    thread.say("Rosa", "I actually like the idea, the pace helps.")

    prepared = prepare_messages(thread.messages)

    assert reply_targets(prepared, stances(prepared))[3] == 0


def test_a_change_of_mind_answers_whoever_argued_with_its_author() -> None:
    thread = ThreadBuilder()
    thread.say("Aurel", "Hold the vote at the AGM.")
    thread.say("Corin", "AGM, a constitution needs a room.")
    thread.say("Bente", "A room half the members can't reach is no debate, Corin.")
    thread.say("Dagny", "When is the AGM anyway?")
    thread.say("Corin", "Alright, you've talked me round.")

    prepared = prepare_messages(thread.messages)

    assert reply_targets(prepared, stances(prepared))[4] == 2


def test_agreement_reported_about_others_is_not_given() -> None:
    assert classify_stance("They agree with each other on the date.") is Stance.NEUTRAL
    text = "Independent of what? We agree with them on nearly everything."
    assert classify_stance(text) is Stance.DISAGREE


# The fourth round's stance rules: one case per phrasing, labelled with the rule it pins.
STANCE_RULES = [
    pytest.param(
        "Support.", Stance.AGREE, id="votes said in a word and votes taken back: Support."
    ),
    pytest.param(
        "In favour!", Stance.AGREE, id="votes said in a word and votes taken back: In favour!"
    ),
    pytest.param(
        "ok, changing to yes",
        Stance.AGREE,
        id="votes said in a word and votes taken back: ok, changing to y",
    ),
    pytest.param(
        "Against. Members' own accounts are their business.",
        Stance.DISAGREE,
        id="votes said in a word and votes taken back: Against. Members'",
    ),
    pytest.param(
        "Strongly against. Slates turn a branch into two parties.",
        Stance.DISAGREE,
        id="votes said in a word and votes taken back: Strongly against.",
    ),
    pytest.param(
        "Slates seem sensible to me, honestly.",
        Stance.AGREE,
        id="votes said in a word and votes taken back: Slates seem sensi",
    ),
    pytest.param(
        "maybe, but for now still no",
        Stance.DISAGREE,
        id="votes said in a word and votes taken back: maybe, but for no",
    ),
    pytest.param(
        "Sorry, back to no.",
        Stance.DISAGREE,
        id="votes said in a word and votes taken back: Sorry, back to no",
    ),
    pytest.param(
        "sure, skip it, if you want the same mess next year",
        Stance.DISAGREE,
        id="votes said in a word and votes taken back: sure, skip it, if",
    ),
    pytest.param(
        "For the autumn I'd pick Fanon.",
        Stance.NEUTRAL,
        id="votes said in a word and votes taken back: For the autumn I'",
    ),
    pytest.param(
        "Correct. Against, and I'll say so at the meeting.",
        Stance.DISAGREE,
        id="after an acknowledging word the last stance counts: Correct.",
    ),
    pytest.param(
        "fine, minute it. the rest of us are voting yes",
        Stance.AGREE,
        id="after an acknowledging word the last stance counts: fine, mi",
    ),
    pytest.param(
        "Hira is right. No platform for her.",
        Stance.AGREE,
        id="after an acknowledging word the last stance counts: Hira is ",
    ),
    pytest.param(
        "Well I'll be voting against. Enjoy the caucus wars.",
        Stance.DISAGREE,
        id="more ways to vote back and mock: Well I'll be voting against",
    ),
    pytest.param(
        "Ngozi gets it.", Stance.AGREE, id="more ways to vote back and mock: Ngozi gets it."
    ),
    pytest.param(
        "Same as Soo-jin.", Stance.AGREE, id="more ways to vote back and mock: Same as Soo-jin."
    ),
    pytest.param(
        "The complaints panel, same as every other complaint.",
        Stance.NEUTRAL,
        id="more ways to vote back and mock: The complaints panel, same ",
    ),
    pytest.param(
        "great idea, let's move somewhere our 400 followers become 40",
        Stance.DISAGREE,
        id="more ways to vote back and mock: great idea, let's move some",
    ),
    pytest.param(
        "Okay, that's true, nobody trained him. Back to rotating.",
        Stance.CONVERT,
        id="a change of mind said as a move: Okay, that's true, nobody t",
    ),
    pytest.param(
        "Yeah... that AGM was rough. I'm switching to an elected chair, sorry Fiona.",
        Stance.CONVERT,
        id="a change of mind said as a move: Yeah... that AGM was rough.",
    ),
    pytest.param(
        "Sorry, flipping again. Their record on housing is bad.",
        Stance.CONVERT,
        id="a change of mind said as a move: Sorry, flipping again. Thei",
    ),
    pytest.param(
        "Bea's right. We promised confidentiality. A total isn't a list, but it's a start.",
        Stance.AGREE,
        id="a but inside a later sentence is argument not retraction: Be",
    ),
    pytest.param(
        "I agree it matters. But no.",
        Stance.DISAGREE,
        id="a but inside a later sentence is argument not retraction: I ",
    ),
    pytest.param(
        "Fair point, I hadn't clocked that. I'd still go with the £4 though.",
        Stance.DISAGREE,
        id="a but inside a later sentence is argument not retraction: Fa",
    ),
    pytest.param(
        "Scratch that, their reserves are huge. Back to against.",
        Stance.DISAGREE,
        id="a but inside a later sentence is argument not retraction: Sc",
    ),
    pytest.param(
        "Couldn't agree more. Half of us joined as guests.",
        Stance.AGREE,
        id="couldnt agree more and happy with it: Couldn't agree more. H",
    ),
    pytest.param(
        "Then I'm happy with it too, post it.",
        Stance.AGREE,
        id="couldnt agree more and happy with it: Then I'm happy with it",
    ),
    pytest.param(
        "I'm not happy with it.",
        Stance.DISAGREE,
        id="couldnt agree more and happy with it: I'm not happy with it.",
    ),
    pytest.param(
        "I couldn't agree less.",
        Stance.DISAGREE,
        id="couldnt agree more and happy with it: I couldn't agree less.",
    ),
    pytest.param(
        "Read it last night, looks good to me. adopt",
        Stance.AGREE,
        id="settling on a choice and dropping an objection: Read it last",
    ),
    pytest.param(
        "Great. And yes from me on adopting it.",
        Stance.AGREE,
        id="settling on a choice and dropping an objection: Great. And y",
    ),
    pytest.param(
        "Formal ballot it is.",
        Stance.AGREE,
        id="settling on a choice and dropping an objection: Formal ballo",
    ),
    pytest.param(
        "Hall it is.",
        Stance.AGREE,
        id="settling on a choice and dropping an objection: Hall it is.",
    ),
    pytest.param(
        "That is how it is.",
        Stance.NEUTRAL,
        id="settling on a choice and dropping an objection: That is how ",
    ),
    pytest.param(
        "Then fine, I'll stop being awkward. Hall it is.",
        Stance.CONVERT,
        id="settling on a choice and dropping an objection: Then fine, I",
    ),
    pytest.param(
        "If the books are kept properly, I'll drop my objection.",
        Stance.CONVERT,
        id="settling on a choice and dropping an objection: If the books",
    ),
    pytest.param(
        "Not at all, for me. Same as Bea.",
        Stance.AGREE,
        id="a closing nod to a member and faint praise: Not at all, for ",
    ),
    pytest.param(
        "Nope. I'm with Ana.",
        Stance.AGREE,
        id="a closing nod to a member and faint praise: Nope. I'm with A",
    ),
    pytest.param(
        "No. With respect.",
        Stance.DISAGREE,
        id="a closing nod to a member and faint praise: No. With respect",
    ),
    pytest.param(
        "Karim, fair enough, you've been consistent at least.",
        Stance.NEUTRAL,
        id="a closing nod to a member and faint praise: Karim, fair enou",
    ),
    pytest.param(
        "Fair enough.", Stance.AGREE, id="a closing nod to a member and faint praise: Fair enough."
    ),
]


@pytest.mark.parametrize(("text", "stance"), STANCE_RULES)
def test_stance_rules_of_the_fourth_round(text: str, stance: Stance) -> None:
    assert classify_stance(text) is stance


def test_a_nickname_sharing_the_first_letters_names_that_member() -> None:
    thread = ThreadBuilder()
    thread.say("Alejandro", "Caucuses should be allowed if they register.")
    thread.say("Soo-jin", "No, we're too small for factions.")
    thread.say("Zeynep", "Alex is right, there's never a quiet moment for this.")

    prepared = prepare_messages(thread.messages)

    assert prepared[2].named == ("id-alejandro",)
    assert reply_targets(prepared)[2] == 0


@pytest.mark.parametrize("text", ["Sorry, back to no.", "Back to the agenda: who chairs?"])
def test_back_to_no_or_to_the_agenda_is_not_a_change_of_mind(text: str) -> None:
    assert classify_stance(text) is not Stance.CONVERT
