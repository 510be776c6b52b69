from __future__ import annotations

import re

import pytest

from bot.domain.summaries import ThreadMessage, summarize_thread
from bot.domain.summaries import topics as topics_module
from bot.domain.summaries.prepare import prepare_messages
from bot.domain.summaries.topics import TOPIC_MESSAGES, main_topics, topics_line
from tests.domain.summaries.threads import ThreadBuilder

# A tenants' meeting: the boiler, the rent strike and the landlord's letter come up again and
# again, from several people; chatter and one member's pet subject fill the rest.
_LINES = (
    ("Ana", "The boiler in block B broke again, third time since October."),
    ("Ben", "Yeah, okay, good point, I think we should just keep going."),
    ("Cleo", "If the boiler is not fixed by Friday the rent strike starts on the first."),
    ("Dev", "Thanks Ana, good point."),
    ("Ana", "The landlord's letter says the rent strike would breach the tenancy."),
    ("Eli", "My allotment needs rain, the allotment is dry."),
    ("Ben", "The letter is a bluff, Ana, a rent strike over a broken boiler is legal here."),
    ("Cleo", "Ana, let's reply to the letter together and copy the council."),
    ("Dev", "Right, sure, keep going, sounds good to me."),
)


def _meeting(messages: int) -> list[ThreadMessage]:
    thread = ThreadBuilder()
    for at in range(messages):
        author, text = _LINES[at % len(_LINES)]
        # Numbered, so that no sentence repeats an earlier one word for word.
        thread.say(author, text.replace(".", f" ({at}).", 1))
    return thread.messages


def test_a_long_threads_topics_are_the_phrases_several_people_keep_using() -> None:
    topics = main_topics(prepare_messages(_meeting(TOPIC_MESSAGES)))

    assert topics[:3] == ("rent strike", "boiler", "letter")


def test_topics_leave_out_chatter_names_and_one_members_pet_subject() -> None:
    topics = main_topics(prepare_messages(_meeting(TOPIC_MESSAGES * 2)))

    words = {word for topic in topics for word in topic.split()}
    # Chatter and Ana's name are said by several people, but tell nothing of the subject.
    assert not words & {"ana", "Ana", "thanks", "good", "point", "okay", "keep", "going", "sure"}
    assert "allotment" not in words  # said often, but only ever by Eli


def test_topics_are_words_from_the_thread() -> None:
    messages = _meeting(TOPIC_MESSAGES)
    said = " ".join(message.text for message in messages)

    topics = main_topics(prepare_messages(messages))

    assert topics
    assert all(re.search(rf"\b{re.escape(topic)}\b", said, re.IGNORECASE) for topic in topics)


def test_a_thread_shorter_than_a_meeting_has_no_topics_line() -> None:
    short = summarize_thread(_meeting(TOPIC_MESSAGES - 1))
    long = summarize_thread(_meeting(TOPIC_MESSAGES))

    assert short.topics == ()
    assert "Topics:" not in short.to_plain_text(109)
    assert long.to_plain_text(109).startswith("Topics: rent strike, boiler, letter")


def test_the_topics_line_keeps_to_a_quarter_of_the_budget() -> None:
    summary = summarize_thread(_meeting(TOPIC_MESSAGES))

    opening = summary.to_plain_text(16).split(".")[0]

    assert opening == "Topics: rent strike, boiler"
    assert "Topics:" not in summary.to_plain_text(11)


def test_topics_line_lists_the_topics() -> None:
    assert topics_line(("rent strike", "boiler")) == "Topics: rent strike, boiler."
    assert topics_line(()) == ""


def test_a_very_long_thread_is_read_in_an_even_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    messages = prepare_messages(_meeting(300))
    everything = main_topics(messages)

    # Every other message is read: over the nine-line cycle, each line still comes up.
    monkeypatch.setattr(topics_module, "MAX_READ", 150)

    assert main_topics(messages) == everything


def test_every_thread_longer_than_a_narrative_opens_with_its_topics() -> None:
    from bot.domain.summaries.digest import NARRATIVE_MESSAGES

    assert TOPIC_MESSAGES == NARRATIVE_MESSAGES + 1
