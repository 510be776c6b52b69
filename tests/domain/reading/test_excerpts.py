from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.reading.excerpts import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBEDS_PER_MESSAGE,
    MESSAGE_TOTAL_LIMIT,
    ExcerptMessage,
    split_excerpt,
)

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz.,!?“”", min_size=1, max_size=30)
SENTENCE = st.lists(WORD, min_size=1, max_size=60).map(" ".join)
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=40).map(". ".join)
TEXT = st.lists(PARAGRAPH, min_size=1, max_size=12).map("\n\n".join)


def _words(messages: tuple[ExcerptMessage, ...]) -> list[str]:
    return [w for m in messages for e in m.embeds for w in e.description.split()]


def _assert_within_limits(messages: tuple[ExcerptMessage, ...]) -> None:
    for message in messages:
        assert 1 <= len(message.embeds) <= EMBEDS_PER_MESSAGE
        assert message.size <= MESSAGE_TOTAL_LIMIT
        for embed in message.embeds:
            assert 0 < len(embed.description) <= EMBED_DESCRIPTION_LIMIT
            assert len(embed.title) <= EMBED_TITLE_LIMIT


@settings(max_examples=150, deadline=None)
@given(text=TEXT, title=st.text(min_size=1, max_size=300))
def test_chunks_keep_every_word_once_in_order_within_discord_limits(text: str, title: str) -> None:
    messages = split_excerpt(text, title)
    assert _words(messages) == text.split()
    _assert_within_limits(messages)


def test_short_text_is_one_embed_with_the_title() -> None:
    (message,) = split_excerpt("One paragraph.\n\nTwo paragraphs.", "Session 1")
    (embed,) = message.embeds
    assert embed.title == "Session 1"
    assert embed.description == "One paragraph.\n\nTwo paragraphs."


def test_cuts_fall_between_paragraphs_when_they_fit() -> None:
    paragraphs = [f"Paragraph {n} " + "word " * 500 for n in range(6)]
    messages = split_excerpt("\n\n".join(p.strip() for p in paragraphs), "T")
    descriptions = [e.description for m in messages for e in m.embeds]
    assert all(d.startswith("Paragraph") for d in descriptions)
    assert all(d.endswith("word") for d in descriptions)


def test_long_paragraph_is_cut_between_sentences() -> None:
    sentence = "This sentence is about fifty characters long, ok. "
    messages = split_excerpt((sentence * 200).strip(), "T")
    descriptions = [e.description for m in messages for e in m.embeds]
    assert len(descriptions) > 1
    assert all(d.endswith("ok.") for d in descriptions)


def test_later_embeds_are_titled_as_continued() -> None:
    messages = split_excerpt("\n\n".join(["word " * 900] * 4), "Session 2")
    titles = [e.title for m in messages for e in m.embeds]
    assert titles[0] == "Session 2"
    assert set(titles[1:]) == {"Session 2 (continued)"}


def test_messages_hold_several_embeds_up_to_the_total_limit() -> None:
    paragraphs = ["x" * 900 + f" p{n}" for n in range(20)]
    messages = split_excerpt("\n\n".join(paragraphs), "T")
    assert len(messages[0].embeds) >= 1
    assert messages[0].size > 4096  # more than one embed's worth in the first message
    _assert_within_limits(messages)


def test_giant_word_is_cut_into_pieces_and_nothing_else_is_lost() -> None:
    giant = "y" * 10_000
    messages = split_excerpt(f"before {giant} after", "T")
    _assert_within_limits(messages)
    joined = "".join(_words(messages))
    assert joined == f"before{giant}after"
