from __future__ import annotations

from bot.domain.summaries import AgreementKind, ThreadMessage, summarize_thread
from tests.domain.summaries.threads import (
    ThreadBuilder,
    pile_on_versus_many,
    reading_order_debate,
)


def _all_quoted_author_ids(messages: list[ThreadMessage], opted_out: set[str]) -> set[str]:
    summary = summarize_thread(messages, opted_out)
    quotes = [point.quote for point in summary.key_points]
    for position in summary.positions:
        quotes += [position.statement, *position.supporting_quotes]
    for agreement in summary.agreements:
        quotes += [agreement.statement, *agreement.quotes]
    for disagreement in summary.disagreements:
        quotes += [disagreement.side_a, disagreement.side_b]
    quotes += [question.question for question in summary.open_questions]
    return {quote.author_id for quote in quotes}


def test_positions_count_people_not_messages() -> None:
    summary = summarize_thread(pile_on_versus_many())

    top, second = summary.positions[:2]

    assert (top.people, second.people) == (7, 3)
    assert "Manifesto" in top.statement.text
    assert "Capital" in second.statement.text
    assert second.message_count == 60


def test_position_statement_names_its_author_and_links_its_message() -> None:
    messages = pile_on_versus_many()
    summary = summarize_thread(messages)
    by_id = {message.id: message for message in messages}

    statement = summary.positions[0].statement

    assert statement.render().startswith(f"{statement.author_name}: ")
    assert by_id[statement.message_id].author_id == statement.author_id
    assert statement.jump_url == by_id[statement.message_id].jump_url


def test_supporting_quotes_come_from_other_holders() -> None:
    summary = summarize_thread(pile_on_versus_many())
    position = summary.positions[0]

    quoted = [quote.author_id for quote in position.supporting_quotes]

    assert 1 <= len(quoted) <= 2
    assert position.statement.author_id not in quoted
    assert set(quoted) <= set(position.holder_ids)


def test_opted_out_members_are_never_quoted_or_counted() -> None:
    messages = pile_on_versus_many()
    opted_out = {"id-ana", "id-dara"}

    summary = summarize_thread(messages, opted_out)

    assert _all_quoted_author_ids(messages, opted_out).isdisjoint(opted_out)
    assert [position.people for position in summary.positions[:2]] == [6, 2]
    assert all(not set(p.holder_ids) & opted_out for p in summary.positions)
    assert {share.author_id for share in summary.participation}.isdisjoint(opted_out)
    assert summary.people_count == 8
    assert "Ana" not in summary.to_plain_text(500)


def test_opted_out_member_is_not_counted_as_agreeing() -> None:
    messages = reading_order_debate()

    summary = summarize_thread(messages, {"id-dev"})

    agreeing = {author for point in summary.agreements for author in point.agreeing_ids}
    assert "id-dev" not in agreeing
    assert "id-cleo" in agreeing


def test_deleted_messages_leave_no_trace() -> None:
    messages = reading_order_debate()
    deleted = messages[1]  # Ben's objection
    remaining = [message for message in messages if message.id != deleted.id]

    summary = summarize_thread(remaining)

    texts = [point.quote.text for point in summary.key_points]
    assert all("far too long" not in text for text in texts)
    assert all(point.quote.message_id != deleted.id for point in summary.key_points)
    assert summary.message_count == len(remaining)


def test_empty_thread_gives_an_empty_summary() -> None:
    summary = summarize_thread([])

    assert summary.key_points == ()
    assert summary.positions == ()
    assert summary.participation == ()
    assert summary.to_plain_text(67) == ""
    assert summary.participation_line() == "Participation: nobody."


def test_thread_of_only_opted_out_members_is_empty() -> None:
    summary = summarize_thread(
        reading_order_debate(), {f"id-{n}" for n in ("ana", "ben", "cleo", "dev", "eli")}
    )

    assert summary.message_count == 0
    assert summary.to_plain_text(67) == ""


def test_small_debate_finds_the_agreement_with_ben() -> None:
    summary = summarize_thread(reading_order_debate())

    backing_ben = [p for p in summary.agreements if "id-ben" in p.agreeing_ids]

    assert len(backing_ben) == 1
    assert backing_ben[0].kind is AgreementKind.SHARED_VIEW
    assert set(backing_ben[0].agreeing_ids) == {"id-ben", "id-cleo", "id-dev"}
    assert backing_ben[0].point


def test_small_debate_finds_both_sides_of_the_disagreement() -> None:
    summary = summarize_thread(reading_order_debate())

    on_capital = next(d for d in summary.disagreements if d.for_ids == ("id-ana",))

    assert "Capital" in on_capital.point
    assert set(on_capital.against_ids) == {"id-ben", "id-cleo", "id-dev"}
    assert on_capital.challenge.message_id == "2"


def test_reply_agreeing_with_a_view_counts_its_author_as_a_holder() -> None:
    summary = summarize_thread(reading_order_debate())

    manifesto = next(p for p in summary.positions if p.statement.author_id == "id-ben")

    assert set(manifesto.holder_ids) == {"id-ben", "id-cleo", "id-dev"}


def test_disagreeing_reply_does_not_join_the_view_it_rejects() -> None:
    thread = ThreadBuilder()
    proposal = thread.say("Ana", "We should vote on the reading list by simple majority.")
    thread.say(
        "Ben", "I disagree, voting by simple majority on the reading list is unfair.", proposal
    )

    summary = summarize_thread(thread.messages)

    assert all(position.people == 1 for position in summary.positions)


def test_key_points_carry_message_ids_and_jump_links() -> None:
    messages = reading_order_debate()
    by_id = {message.id: message for message in messages}

    summary = summarize_thread(messages)

    assert summary.key_points
    for point in summary.key_points:
        assert point.quote.jump_url == by_id[point.quote.message_id].jump_url


def test_digest_names_the_author_before_each_point() -> None:
    summary = summarize_thread(reading_order_debate())

    digest = summary.to_plain_text(200)

    assert "Ana proposes we read Capital" in digest
    assert "Ben replies that the Communist Manifesto is short" in digest


def test_participation_line_counts_messages_most_first() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "one two three four five six seven eight nine ten")
    thread.say("Ben", "one two three four five six seven eight nine ten")
    thread.say("Ana", "one two three four five six seven eight nine ten")
    thread.say("Cleo", "one two three four five six seven eight nine ten")

    summary = summarize_thread(thread.messages)

    assert summary.participation_line() == "Participation: Ana 2 messages, Ben 1, Cleo 1."
