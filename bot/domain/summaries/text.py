"""Text handling for summaries: neutralising markup, splitting sentences, content terms."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.domain.summaries.caseless import CaselessPattern
from bot.domain.summaries.stopwords import STOPWORDS

# Discord markup that must never survive into a digest: a quoted digest must not ping anyone.
_USER_MENTION = re.compile(r"<@!?\d+>")
_ROLE_MENTION = re.compile(r"<@&\d+>")
_CHANNEL_MENTION = re.compile(r"<#\d+>")
_CUSTOM_EMOJI = re.compile(r"<a?:(\w+):\d+>")
_TIMESTAMP = re.compile(r"<t:\d+(?::[tTdDfFR])?>")
_MASS_MENTION = re.compile(r"@(everyone|here)\b", re.IGNORECASE)
_CODE_BLOCK = re.compile(r"```.*?```", re.DOTALL)
_MARKDOWN_CHARS = re.compile(r"(\*{1,3}|_{2}|~~|\|\||`+)")
_HEADING_OR_QUOTE = re.compile(r"^\s*(?:#{1,3}\s|>{1,3}\s?|-#\s)", re.MULTILINE)
_REMAINING_AT = re.compile(r"@(?=\w)|(?<=<)@")  # "<@" half of a mention is dropped too
_SPACES = re.compile(r"\s+")
_NON_ASCII = re.compile(r"[^\x20-\x7e]")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\[\d+\]")
_SYMBOL_RUN = re.compile(r"[-=_*#~<>|(){}\[\]/\\+]{3,}")
_DOT_RUN = re.compile(r"\.{4,}")
# Where a pasted or forwarded earlier message starts: what follows is someone else's text.
_QUOTED_HEADER = re.compile(
    r"-*\s*original message\s*-*|\bon [^.!?]{0,80}\bwrote:|\bfrom:\s*\S[^.!?]{0,120}"
    r"\b(?:sent|date|to|subject):",
    re.IGNORECASE,
)

# Spoken fillers carry no content; dropping them leaves more of the budget for content.
_FILLERS = re.compile(r"(?<!\w)(?:uh-huh|mm+-?hmm+|u+h+|u+m+|e+r+m+|hmm+)(?!\w)\s*,?\s*", re.I)
_TRANSCRIPT_EMPTY = re.compile(r"\s+([,.!?;:])")
_PUNCTUATION_RUN = re.compile(r"([.!?])[\s.,]*[.,]")
# Transcripts split contractions ("it 's", "we 're") and spell letters out ("L_C_D_", "T_V_s").
_DETACHED_CONTRACTION = re.compile(r"(?<=\w)\s+(?=(?:'(?:s|re|ve|ll|d|m)|n't)(?!\w))", re.I)
_SPELLED_LETTERS = re.compile(r"(?<![\w])(?:[A-Z]_){2,}")

# Quick pre-checks: a text none of these match is left unchanged by the substitutions above.
_NEEDS_NEUTRALISING = re.compile(r"[^\x20-\x7e\n\t]|[<@*_~|`#>]")
_CONTROL = re.compile(r"[^\x20-\x7e\n\t]")
# Searched for every message: caseless patterns, lower-cased text searched case-sensitively.
_NOISE_HINT = CaselessPattern(
    r"://|www\.|@|\[\d|[-=_*#~<>|(){}\[\]/\\+]{3}|\.{4}|original message|wrote:|from:",
)
_FILLER_HINT = CaselessPattern(
    r"(?<!\w)(?:u[uhm]|e[er]|hm|mm)|\s[,.!?;:]|[.!?][\s.,]*[.,]|\s(?:'|n't)|_[a-z]_"
)

_SENTENCE_BREAK = re.compile(
    # Chat often goes on in lower case after a question: "when's the quiz? if there's no ...".
    r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|(?<=\?)\s+(?=[a-z])|\n+|(?<=[.!?])\s*$"
)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SIGN_OFF = CaselessPattern(
    r"(?:^|[\s.!])(?:kind regards|best regards|warm regards|regards|cheers|best wishes|"
    r"sincerely|many thanks|thanks again|all the best)\b[,.!]?",
)


def neutralise(text: str) -> str:
    """Plain text safe to show anywhere: no pings, no markdown, no control characters.

    Most messages are plain printable ASCII with none of the markup characters: one search
    finds that and returns them as they are; the others pay only for the markup they hold."""
    if not _NEEDS_NEUTRALISING.search(text):
        return text
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = _NON_ASCII.sub(_printable_or_space, text)
    elif _CONTROL.search(text):
        text = _NON_ASCII.sub(_printable_or_space, text)
    if "`" in text:
        text = _CODE_BLOCK.sub(" (code) ", text)
    if "<" in text:
        text = _USER_MENTION.sub("someone", text)
        text = _ROLE_MENTION.sub("a role", text)
        text = _CHANNEL_MENTION.sub("a channel", text)
        text = _CUSTOM_EMOJI.sub(r":\1:", text)
        text = _TIMESTAMP.sub("a time", text)
    if "@" in text:
        text = _MASS_MENTION.sub(r"\1", text)
    if "#" in text or ">" in text:
        text = _HEADING_OR_QUOTE.sub("", text)
    text = _MARKDOWN_CHARS.sub("", text)
    return _REMAINING_AT.sub("", text) if "@" in text else text


def _printable_or_space(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in "\n\t":
        return ch
    # Control, format (zero-width, bidi overrides), surrogates, unassigned and private use.
    return " " if unicodedata.category(ch).startswith("C") else ch


def strip_noise(text: str) -> str:
    """Drop links, addresses, rules of symbols and anything after a forwarded-message header."""
    if not _NOISE_HINT.search(text):
        return text  # one search instead of four for the usual message
    header = _QUOTED_HEADER.search(text)
    if header:
        text = text[: header.start()]
    return _DOT_RUN.sub(". ", _SYMBOL_RUN.sub(" ", _URL.sub(" ", text)))


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())  # what \s+ -> " " and strip() do, without a regex


def drop_fillers(sentence: str) -> str:
    if not _FILLER_HINT.search(sentence):
        return collapse_spaces(sentence)
    without = _FILLERS.sub("", sentence)
    without = _TRANSCRIPT_EMPTY.sub(r"\1", without)
    without = _PUNCTUATION_RUN.sub(r"\1", without)
    without = _DETACHED_CONTRACTION.sub("", without)
    without = _SPELLED_LETTERS.sub(_joined_letters, without)
    return collapse_spaces(without)


def _joined_letters(match: re.Match[str]) -> str:
    return match.group().replace("_", "")


def strip_sign_off(text: str) -> str:
    """Cut an e-mail style sign-off and signature ("Kind regards, Ana Ortiz, Acme Inc ...")."""
    matches = list(_SIGN_OFF.finditer(text))
    if not matches:
        return text
    last = matches[-1]
    # Only near the end: "thanks" early in a message is content, not a signature.
    if last.start() < len(text) * 0.5:
        return text
    return text[: last.start()].rstrip()


def strip_vocative(text: str, names: frozenset[str]) -> str:
    """Drop an opening greeting or address ("Hi Ben,", "Ben, ...", "Hello all,")."""
    match = re.match(r"\s*(?:(?:hi|hello|hey|dear|greetings)\b[^,.!?\n]{0,40}[,!.]\s*)", text, re.I)
    if match:
        return text[match.end() :]
    match = re.match(r"\s*([A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+)?\s*[,:]\s+", text)
    if match and match.group(1).lower() in names:
        return text[match.end() :]
    return text


def split_sentences(text: str) -> list[str]:
    parts = _SENTENCE_BREAK.split(text)
    return [collapse_spaces(part) for part in parts if part and part.strip()]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match "vote", "votes", "voting", "voted"."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, keep in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: len(word) - len(suffix)] + keep
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


_SUFFIXES = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("fulness", "ful"),
    ("iveness", "ive"),
    ("ments", ""),
    ("ment", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("edly", ""),
    ("ed", ""),
    ("ly", ""),
    ("sses", "ss"),
    ("xes", "x"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("s", ""),
)


def content_terms(text: str) -> list[str]:
    """Stemmed words that carry meaning (stopwords and one-letter tokens removed)."""
    terms: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        if len(token) < 2 or token in STOPWORDS:
            continue
        terms.append(stem(token))
    return terms


def word_count(text: str) -> int:
    return len(text.split())


def truncate_words(text: str, max_words: int) -> str:
    words = text.split()
    if len(words) <= max_words:
        return " ".join(words)
    return " ".join(words[:max_words])
