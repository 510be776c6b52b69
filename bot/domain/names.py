"""Names members read and tell apart: candidate labels, poll options, faction names.

Two steps, after Unicode's security mechanisms (UTS #39):

- `clean_label` is what is shown: NFKC (fullwidth letters, ligatures and the like become their
  plain forms), invisible characters removed (zero-width, bidirectional controls, variation
  selectors, tags, Hangul fillers: every default-ignorable code point), control characters and
  line breaks turned into spaces, whitespace collapsed.
- `label_key` is what is compared: the confusable skeleton of the cleaned label, case-folded.
  Two labels a reader cannot tell apart on screen ("Anna" with a Cyrillic А, "Anna" with a
  zero-width space, "ＡＮＮＡ") share a key; labels with different keys look different.

The skeleton table (``confusables.txt`` beside this module) is generated from Unicode's data by
``scripts/make_confusables.py``.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

TABLE = Path(__file__).with_name("confusables.txt")

# Default-ignorable code points (DerivedCoreProperties) beyond the format characters (Cf),
# which are caught by category: they render as nothing.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong/jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian free variation selectors
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xE0000, 0xE0FFF),  # tags and variation selectors supplement
)
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def is_invisible(ch: str) -> bool:
    """Renders as nothing: format characters (zero-width, bidi controls, soft hyphen...) and
    the other default-ignorable code points."""
    if unicodedata.category(ch) == "Cf":
        return True
    point = ord(ch)
    return any(low <= point <= high for low, high in _IGNORABLE_RANGES)


def is_bidi_control(ch: str) -> bool:
    return ch in _BIDI_CONTROLS


def clean_label(text: str) -> str:
    """The form shown to members: NFKC, invisible characters removed, one line, single spaces."""
    # Invisible characters go before NFKC too, so what they separated composes ("e", ZWSP,
    # combining acute becomes "é"), and the result is stable under cleaning again.
    visible = "".join(ch for ch in text if not is_invisible(ch))
    normal = unicodedata.normalize("NFKC", visible)
    kept = []
    for ch in normal:
        if is_invisible(ch):
            continue
        kept.append(" " if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch)
    return " ".join("".join(kept).split())


@functools.cache
def _prototypes() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        source, target = line.split("\t")
        table[chr(int(source, 16))] = "".join(chr(int(p, 16)) for p in target.split())
    return table


def skeleton(text: str) -> str:
    """UTS #39 skeleton: NFD, each character replaced by its confusable prototype, NFD."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(prototypes.get(ch, ch) for ch in decomposed)
    return unicodedata.normalize("NFD", mapped)


def label_key(text: str) -> str:
    """Equal for labels a reader cannot tell apart: same skeleton up to case and spacing.

    Repeated to a fixed point: some prototypes ("%" is "º/₀") are themselves folded by NFKC,
    and a key must be its own key (it is stored, and compared with keys of keys)."""
    key = _key_once(text)
    for _ in range(_MAX_ROUNDS):
        again = _key_once(key)
        if again == key:
            break
        key = again
    return key


_MAX_ROUNDS = 8


def _key_once(text: str) -> str:
    # Case first, so "READING" and "reading" meet (the skeleton alone would send "I" to "l"
    # but leave "i"); then skeleton, fold and skeleton again, so that what one step maps
    # (a Cyrillic capital to a Latin capital) the next one folds the same way.
    once = skeleton(clean_label(text).casefold())
    return " ".join(skeleton(once.casefold()).casefold().split())
