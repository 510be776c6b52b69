from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.summaries import text as text_module
from bot.domain.summaries.prepare import prepare_messages
from bot.domain.summaries.text import (
    collapse_spaces,
    drop_fillers,
    neutralise,
    split_sentences,
    stem,
    strip_noise,
    strip_sign_off,
)
from tests.domain.summaries.threads import ThreadBuilder


def test_sentences_split_on_final_punctuation_and_line_breaks() -> None:
    text = "We vote today. Is that fine? Yes!\nNext item"

    assert split_sentences(text) == ["We vote today.", "Is that fine?", "Yes!", "Next item"]


def test_transcript_style_spaced_punctuation_splits_too() -> None:
    assert split_sentences("So . OK . It works .") == ["So .", "OK .", "It works ."]


def test_fillers_are_dropped_from_spoken_text() -> None:
    assert drop_fillers("Uh I think , um , we should vote .") == "I think, we should vote."


def test_transcript_contractions_and_spelled_letters_are_joined() -> None:
    spoken = "it 's the L_C_D_ screen , we do n't want T_V_s that we 've got"

    assert drop_fillers(spoken) == "it's the LCD screen, we don't want TVs that we've got"


def test_quotes_and_snake_case_are_not_taken_for_transcript_spelling() -> None:
    assert drop_fillers("call my_var_name, she said 'so' twice") == (
        "call my_var_name, she said 'so' twice"
    )


def test_stem_joins_forms_of_a_word() -> None:
    assert {stem(word) for word in ["vote", "votes", "voting", "voted"]} == {"vot"}


def test_neutralise_removes_control_and_bidi_characters() -> None:
    assert neutralise("a\u202eb\u200bc\x00d") == "a b c d"


def test_channel_role_and_emoji_markup_become_words() -> None:
    assert neutralise("<#12> <@&34> <:comrade:56>") == "a channel a role :comrade:"


def test_sign_off_and_signature_are_cut() -> None:
    text = "The draft looks right to me and we should adopt it. Kind regards, Ana Ortiz, Acme"

    assert strip_sign_off(text) == "The draft looks right to me and we should adopt it."


def test_early_thanks_is_content_not_a_sign_off() -> None:
    text = "Cheers, that settles it: we meet on Monday at the library, room four."

    assert strip_sign_off(text) == text


def test_quoted_mail_block_of_another_author_is_not_their_words() -> None:
    thread = ThreadBuilder()
    thread.say("Ben", "<ana> We should adopt the draft. </ana> <ben> I would wait a week. </ben>")

    prepared = prepare_messages(thread.messages)

    assert [s.text for s in prepared[0].sentences] == ["I would wait a week."]


def test_repeated_sentence_is_not_quoted_twice_but_echoes_its_source() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "We should adopt the draft constitution now.")
    thread.say("Ben", "We should adopt the draft constitution now.")

    prepared = prepare_messages(thread.messages)

    assert prepared[1].sentences == ()
    assert prepared[1].echoes == 0


def test_greeting_and_address_are_dropped() -> None:
    thread = ThreadBuilder()
    thread.say("Ana", "Hi all, the room is booked.")
    thread.say("Ben", "Ana, thanks for booking the room.")

    prepared = prepare_messages(thread.messages)

    assert [m.text for m in prepared] == ["the room is booked.", "thanks for booking the room."]


def test_a_cut_off_mention_leaves_no_mention_opening() -> None:
    assert "<@" not in neutralise("<@")
    assert "<@" not in neutralise("see <@ and <@!12")


# The clean-up used to run every substitution on every message; the pre-checks that skip them
# must change nothing. The straightforward versions, kept here as the reference:
def _reference_neutralise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text_module._NON_ASCII.sub(text_module._printable_or_space, text)
    text = text_module._CODE_BLOCK.sub(" (code) ", text)
    text = text_module._USER_MENTION.sub("someone", text)
    text = text_module._ROLE_MENTION.sub("a role", text)
    text = text_module._CHANNEL_MENTION.sub("a channel", text)
    text = text_module._CUSTOM_EMOJI.sub(r":\1:", text)
    text = text_module._TIMESTAMP.sub("a time", text)
    text = text_module._MASS_MENTION.sub(r"\1", text)
    text = text_module._HEADING_OR_QUOTE.sub("", text)
    text = text_module._MARKDOWN_CHARS.sub("", text)
    return text_module._REMAINING_AT.sub("", text)


def _reference_strip_noise(text: str) -> str:
    header = text_module._QUOTED_HEADER.search(text)
    if header:
        text = text[: header.start()]
    return text_module._DOT_RUN.sub(
        ". ", text_module._SYMBOL_RUN.sub(" ", text_module._URL.sub(" ", text))
    )


def _reference_collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _reference_drop_fillers(sentence: str) -> str:
    without = text_module._FILLERS.sub("", sentence)
    without = text_module._TRANSCRIPT_EMPTY.sub(r"\1", without)
    without = text_module._PUNCTUATION_RUN.sub(r"\1", without)
    without = text_module._DETACHED_CONTRACTION.sub("", without)
    without = text_module._SPELLED_LETTERS.sub(lambda m: m.group().replace("_", ""), without)
    return _reference_collapse_spaces(without)


_PIECES = [
    *"ab uhmerHM.,!?;:<>@#*_~|`-=+/\\()[]{}&0123456789\n\t\r\x00\u00e9\u200b\u00a0",
    *("<@123>", "<@&9>", "<#5>", "<:x:7>", "<t:1:R>", "@everyone", "```c```", "> "),
    *("http://x.y", "www.a", "wrote:", "From: a sent:", "original message", "uh-huh"),
    *("mm-hmm", "errm", "....", " 's", " n't", "'re", "T_", "V_", "s_", "L_C_D_s"),
]
_MARKUP_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_MARKUP_TEXT)
def test_quick_clean_up_equals_running_every_substitution(text: str) -> None:
    assert neutralise(text) == _reference_neutralise(text)
    assert strip_noise(text) == _reference_strip_noise(text)
    assert collapse_spaces(text) == _reference_collapse_spaces(text)
    assert drop_fillers(text) == _reference_drop_fillers(text)
