from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.summaries import ThreadMessage, summarize_thread
from tests.domain.summaries.threads import ThreadBuilder, reading_order_debate

_AUTHORS = st.sampled_from(["Ana", "Ben", "Cleo", "@everyone", "**Dev**", "Ｅｌｉ", ""])
_MESSAGES = st.lists(st.tuples(_AUTHORS, st.text(max_size=400)), max_size=12)


def _thread(items: list[tuple[str, str]]) -> list[ThreadMessage]:
    return [
        ThreadMessage(id=str(at), author_id=f"id-{author}", author_name=author, text=text)
        for at, (author, text) in enumerate(items)
    ]


@settings(max_examples=150, deadline=None)
@given(items=_MESSAGES, max_words=st.integers(min_value=0, max_value=120))
def test_digest_never_exceeds_the_word_budget(items: list[tuple[str, str]], max_words: int) -> None:
    digest = summarize_thread(_thread(items)).to_plain_text(max_words)

    assert len(digest.split()) <= max_words


@settings(max_examples=150, deadline=None)
@given(items=_MESSAGES)
def test_any_unicode_is_summarised_without_pings_or_control_characters(
    items: list[tuple[str, str]],
) -> None:
    summary = summarize_thread(_thread(items))
    digest = summary.to_plain_text(200)

    assert "@everyone" not in digest
    assert "@here" not in digest
    assert "<@" not in digest
    assert all(ch in "\n\t" or ch.isprintable() or ch == " " for ch in digest)
    assert summary.participation_line().startswith("Participation: ")


def test_mass_mentions_and_user_mentions_are_neutralised() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "@everyone please read **chapter one** before <@1234567890> arrives @here")

    digest = summarize_thread(thread.messages).to_plain_text(67)

    assert digest == "Ana: everyone please read chapter one before someone arrives here"


def test_markdown_in_display_names_is_neutralised() -> None:
    thread = ThreadBuilder()
    thread.say("**Ana** @everyone", "The budget needs a second reading before the vote.")

    digest = summarize_thread(thread.messages).to_plain_text(67)

    assert digest.startswith("Ana everyone says that the budget")


def test_digest_keeps_thread_order_whatever_the_ranking() -> None:
    messages = reading_order_debate()

    summary = summarize_thread(messages)
    digest = summary.to_plain_text(500)

    labels = [position.label for position in summary.positions]
    told = [p for p in summary.key_points if not any(label in p.quote.text for label in labels)]
    starts = [digest.index(" ".join(point.quote.text.split()[-4:])) for point in told]
    positions = [point.position for point in told]
    assert [p for _, p in sorted(zip(starts, positions, strict=True))] == sorted(positions)


def test_small_budget_cuts_the_best_point_rather_than_returning_nothing() -> None:
    summary = summarize_thread(reading_order_debate())

    digest = summary.to_plain_text(8)

    assert len(digest.split()) == 8
    assert digest.startswith("Ana proposes we read")
    assert digest.endswith("…")


def test_zero_budget_gives_empty_text() -> None:
    assert summarize_thread(reading_order_debate()).to_plain_text(0) == ""


def test_a_debate_digest_opens_with_its_positions_and_who_holds_them() -> None:
    digest = summarize_thread(reading_order_debate()).to_plain_text(67)

    opening = digest.split(". ")[0]
    assert opening.startswith("Ben, Cleo and Dev: ")
    assert "; Ana: " in opening


def test_a_short_thread_reads_who_said_what_in_the_third_person() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "I think we should read the Manifesto first.")
    thread.say("Ben", "Where do we meet on Thursday?")

    digest = summarize_thread(thread.messages).to_plain_text(67)

    assert (
        digest
        == "Ana thinks we should read the Manifesto first. Ben asks: Where do we meet on Thursday?"
    )


def test_a_long_thread_keeps_name_and_point() -> None:
    thread = ThreadBuilder()
    for number in range(70):
        thread.say(f"M{number % 7}", f"I think point {number} about the budget matters.")

    digest = summarize_thread(thread.messages).to_plain_text(30)

    assert "M0: I think point 0" in digest  # not "M0 thinks ...", after any topics line


def test_a_debate_of_one_person_views_only_has_no_positions_line() -> None:
    thread = ThreadBuilder()
    first = thread.say("Ana", "We should read Capital first, it grounds everything else.")
    thread.say("Ben", "No, the Manifesto first, Capital loses newcomers.", reply_to=first)

    text = summarize_thread(thread.messages).to_plain_text(80)

    assert "; Ben: " not in text  # the positions line would read "Ana: ...; Ben: ...."
    assert "Ana" in text
    assert "Ben" in text


def _digest_of(*said: tuple[str, str]) -> str:
    thread = ThreadBuilder()
    for author, text in said:
        thread.say(author, text)
    return summarize_thread(thread.messages).to_plain_text(200)


def test_a_statement_is_reported_with_says_that() -> None:
    digest = _digest_of(("Ana", "The second chapter explains the theory of value."))

    assert digest == "Ana says that the second chapter explains the theory of value."


def test_an_answer_to_someone_is_reported_as_a_reply() -> None:
    thread = ThreadBuilder()
    first = thread.say("Ana", "Which room do we book for the reading group?")
    thread.say("Ben", "The library room is free on Thursdays.", reply_to=first)

    digest = summarize_thread(thread.messages).to_plain_text(67)

    assert "Ben replies that the library room is free on Thursdays." in digest


def test_names_opening_a_sentence_keep_their_capital() -> None:
    digest = _digest_of(("Ana", "Capital explains the theory of value."))

    assert digest == "Ana says that Capital explains the theory of value."


def test_thanks_greetings_and_requests_are_not_reported_with_that() -> None:
    assert _digest_of(("Ana", "Thanks, that settles the question of the room.")).startswith(
        "Ana: Thanks, that settles"
    )
    assert _digest_of(("Ben", "Everyone please read the first chapter.")).startswith(
        "Ben: Everyone please read"
    )
    assert _digest_of(("Cleo", "But the Manifesto skips the economics.")).startswith(
        "Cleo: But the Manifesto"
    )


def test_first_person_verbs_are_conjugated_for_the_third_person() -> None:
    assert _digest_of(("Ana", "I don't think the room is big enough.")).startswith(
        "Ana doesn't think the room"
    )
    assert _digest_of(("Ben", "I noticed the draft changed the budget rules.")).startswith(
        "Ben noticed the draft"
    )
    assert _digest_of(("Cleo", "I also think the vote should wait.")).startswith(
        "Cleo also thinks the vote"
    )
    assert _digest_of(("Dev", "I disagree, the vote should wait a week.")).startswith(
        "Dev disagrees, the vote"
    )


def test_i_and_someone_is_not_read_as_a_verb() -> None:
    digest = _digest_of(("Ana", "I and a friend have been reading the drafts together."))

    assert "ands" not in digest
    assert digest.startswith("Ana: I and a friend")


def test_a_point_the_positions_line_gives_is_not_told_twice() -> None:
    summary = summarize_thread(reading_order_debate())

    digest = summary.to_plain_text(200)

    assert digest.startswith("Ben, Cleo and Dev: Capital is far too long for newcomers;")
    assert digest.count("Capital is far too long for newcomers") == 1
    assert "Ben replies that the Communist Manifesto is short and accessible." in digest


def test_points_do_not_run_into_each_other_or_mix_speakers() -> None:
    thread = ThreadBuilder()
    proposal = thread.say("Ana", "We should introduce voluntary dues of two pounds a month.")
    thread.say("Ben", "+1 Ana", proposal)
    thread.say("Cleo", "If the books are kept properly, I'll drop my objection.", proposal)
    thread.say("Dev", "Fully agree, it costs us nothing.", proposal)

    digest = summarize_thread(thread.messages).to_plain_text(200)

    assert "Ben: +1 Ana. Cleo:" in digest
    assert "replies that If" not in digest
    assert "that I'll" not in digest
    assert "Cleo: If the books are kept properly, I'll drop my objection." in digest
    assert "Dev: Fully agree, it costs us nothing." in digest
