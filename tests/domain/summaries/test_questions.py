from __future__ import annotations

import pytest

from bot.domain.summaries import summarize_thread
from tests.domain.summaries.threads import ThreadBuilder, reading_order_debate


def _open_question_texts(thread: ThreadBuilder) -> list[str]:
    return [item.question.text for item in summarize_thread(thread.messages).open_questions]


def test_question_nobody_answers_is_open() -> None:
    summary = summarize_thread(reading_order_debate())

    texts = [item.question.text for item in summary.open_questions]

    assert texts == ["Who is going to host the meetings on Thursday evenings?"]


def test_open_question_links_to_its_message() -> None:
    summary = summarize_thread(reading_order_debate())

    question = summary.open_questions[0].question

    assert question.message_id == "6"
    assert question.author_id == "id-eli"
    assert question.jump_url is not None


def test_question_with_a_reply_from_someone_else_is_answered() -> None:
    thread = ThreadBuilder()
    asked = thread.say("Ana", "Which room do we use for the assembly?")
    thread.say("Ben", "Something unrelated about snacks.")
    thread.say("Ben", "Still unrelated, about the weather today.")
    thread.say("Cleo", "More on the weather, it will rain.")
    thread.say("Dev", "Yet more chatter about nothing much.")
    thread.say("Eli", "The big hall downstairs.", reply_to=asked)

    assert _open_question_texts(thread) == []


def test_question_answered_by_the_next_message_on_its_topic_is_answered() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "Which room do we use for the assembly?")
    thread.say("Ben", "The assembly is in the big hall downstairs.")

    assert _open_question_texts(thread) == []


def test_answer_addressed_to_the_asker_by_name_counts() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "Is anyone bringing a projector?")
    thread.say("Ben", "Ana, I can bring mine.")

    assert _open_question_texts(thread) == []


def test_asker_answering_themselves_leaves_the_question_open() -> None:
    thread = ThreadBuilder()
    asked = thread.say("Ana", "Which room do we use for the assembly?")
    thread.say("Ana", "The assembly room question still stands.", reply_to=asked)

    assert _open_question_texts(thread) == ["Which room do we use for the assembly?"]


def test_reply_to_another_message_does_not_answer_the_question() -> None:
    thread = ThreadBuilder()
    earlier = thread.say("Cleo", "The leaflets for the assembly are printed.")
    thread.say("Ana", "Which room do we use for the assembly?")
    thread.say("Ben", "Great work on the assembly leaflets!", reply_to=earlier)

    assert _open_question_texts(thread) == ["Which room do we use for the assembly?"]


def test_off_topic_chatter_after_a_question_leaves_it_open() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "Who will chair the vote on the budget?")
    thread.say("Ben", "Lovely weather for the picnic today.")
    thread.say("Cleo", "The picnic snacks were great.")
    thread.say("Dev", "Picnic photos are in the album.")
    thread.say("Eli", "Actually I will bring more crisps next time.")

    assert _open_question_texts(thread) == ["Who will chair the vote on the budget?"]


def test_an_answer_of_the_kind_asked_for_with_the_questions_words_counts_after_chatter() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "Who will chair the vote on the budget?")
    thread.say("Ben", "Lovely weather for the picnic today.")
    thread.say("Cleo", "The picnic snacks were great.")
    thread.say("Dev", "Picnic photos are in the album.")
    thread.say("Eli", "Actually I will chair the budget vote.")

    assert _open_question_texts(thread) == []


def test_one_word_reactions_are_not_questions() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "Really?")
    thread.say("Ben", "Seriously?")

    assert _open_question_texts(thread) == []


def test_a_question_for_a_fact_inside_an_objection_stays_open() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "We should hold the swap in the park on Saturday.")
    thread.say("Ben", "I disagree, the hall is dry. Who has the key to the hall, though?")
    thread.say("Cleo", "The park is lovely in May.")

    assert _open_question_texts(thread) == ["Who has the key to the hall, though?"]


def test_a_rhetorical_question_inside_an_objection_is_not_open() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "We should hold the swap in the park on Saturday.")
    thread.say("Ben", "I disagree. Why would anyone stand in the rain for books?")
    thread.say("Cleo", "The park is lovely in May.")

    assert _open_question_texts(thread) == []


def test_taking_a_side_on_the_askers_view_does_not_answer_her_question_for_a_fact() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "We should hold the swap in the park on Saturday.")
    thread.say("Ana", "Does anyone know whether the council wants a permit for it?")
    thread.say("Ben", "Ana is right, outdoors is friendlier than the hall.")
    thread.say("Cleo", "Saturday suits me, I'll bring a table.")

    assert _open_question_texts(thread) == [
        "Does anyone know whether the council wants a permit for it?"
    ]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("How many tickets are left for the social?", "Eleven, I counted this morning."),
        ("When does the library close on Sundays?", "Four o'clock."),
        ("Who is printing the leaflets this month?", "I can, the office printer is free."),
        ("Does the hall have a hearing loop?", "It does, by the stage."),
        ("Is the march going past the station or the park?", "Park, the route changed."),
    ],
)
def test_a_plain_answer_of_the_kind_asked_for_closes_a_question(question: str, answer: str) -> None:
    thread = ThreadBuilder()
    thread.say("Ana", question)
    thread.say("Ben", answer)

    assert _open_question_texts(thread) == []


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        # Not one of the options asked about.
        ("Where do we meet, the library or the cafe?", "Chapter two needs finishing first."),
        # A number, but not the answer's opening: an argument going on.
        (
            "How much does the room cost per month?",
            "Voluntary dues mean the same three people pay.",
        ),
        # A side taken, not a fact given.
        ("Do we know who else has signed the letter?", "Count me in as well."),
        # Thanks for an earlier answer.
        ("What time does the building lock on Saturdays?", "Thanks Cleo, I'll pass that on."),
        # Put to someone else by name.
        ("Who speaks for the coalition at the council?", "Cleo, it's fifty pounds a year."),
        # An offer about something else.
        ("Can we get the branch to sponsor the drinks?", "I'll bring the sound system."),
    ],
)
def test_a_reply_that_only_looks_like_an_answer_leaves_the_question_open(
    question: str, reply: str
) -> None:
    thread = ThreadBuilder()
    thread.say("Cleo", "We're planning the social for the eighth.")
    thread.say("Ana", question)
    thread.say("Ben", reply)

    assert _open_question_texts(thread) == [question]


def test_praise_put_as_a_question_is_not_open() -> None:
    thread = ThreadBuilder()
    thread.say("Pia", "Let's share the books we own so members can borrow them.")
    thread.say("Quincy", "Why didn't we do this years ago? Love it.")

    assert _open_question_texts(thread) == []


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Wait, where would the social even be without a hall?", "The back room at the café."),
        (
            "How long does the report-back usually run?",
            "I keep the timings: it ran between 25 and 40 minutes lately.",
        ),
        ("If we do this, who keeps the membership count?", "I can, I keep the spreadsheet."),
    ],
)
def test_more_answers_of_the_kind_asked_for(question: str, answer: str) -> None:
    thread = ThreadBuilder()
    thread.say("Ana", question)
    thread.say("Ben", answer)

    assert _open_question_texts(thread) == []


def test_a_question_for_a_fact_answered_a_few_messages_later_with_its_words_is_answered() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "If we publish anything, who keeps the membership count?")
    thread.say("Ben", "Publish, openness is a principle.")
    thread.say("Cleo", "Don't publish, the council reads our site.")
    thread.say("Dev", "Bulletin only, members deserve to know.")
    thread.say("Eli", "I can keep the membership count going if someone sends me the forms.")

    assert _open_question_texts(thread) == []


def test_thanks_naming_the_asker_does_not_answer_her_question() -> None:
    thread = ThreadBuilder()
    thread.say("Pania", "Where would the second group even sit? The room's tiny.")
    thread.say("Oren", "Thanks for offering the summaries btw, Pania.")

    assert _open_question_texts(thread) == ["Where would the second group even sit?"]


def test_asking_for_another_option_inside_an_objection_stays_open() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "We should take the developer's money for the legal fund.")
    thread.say("Ben", "I'm against taking it. Is there another funder we could approach?")

    assert _open_question_texts(thread) == ["Is there another funder we could approach?"]
