"""Case-insensitive patterns (the stance cue lexicons, the clean-up pre-checks) searched
quickly, with exactly the matches of ``re.compile(pattern, re.IGNORECASE)``.

ASCII text is lower-cased and searched by a case-sensitive compile of the pattern, two to three
times faster than IGNORECASE (whose per-letter folding also keeps `re` from skipping an
alternative on its first letter). That finds the same matches only when no part of the pattern
treats an upper-case letter apart from its lower case, so each pattern is checked
(`_folds_like_lowercase`), and one that fails is searched with IGNORECASE as written.
tests/domain/summaries/test_caseless.py and test_stance.py check both.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any


class CaselessPattern:
    """A case-insensitive pattern, compiled on first use (start-up time).

    `search` and `finditer` return the matches of `re.compile(pattern, re.IGNORECASE)`, with
    the same spans; for ASCII text they are matches in the lower-cased text, so `.group()` is
    lower case."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._regex: re.Pattern[str] | None = None
        self._lowered_regex: re.Pattern[str] | None = None
        self._checked = False  # whether the pattern was checked for `lowered_regex`

    @property
    def regex(self) -> re.Pattern[str]:
        """The pattern as written, compiled case-insensitively: the reference for `search`."""
        if self._regex is None:
            self._regex = re.compile(self.pattern, re.IGNORECASE)
        return self._regex

    @property
    def lowered_regex(self) -> re.Pattern[str] | None:
        """A case-sensitive compile that finds in lower-cased ASCII text what `regex` finds in
        the text; None when the pattern does not allow one."""
        if not self._checked:
            if _folds_like_lowercase(self.pattern):
                self._lowered_regex = re.compile(self.pattern)
            self._checked = True
        return self._lowered_regex

    def search(self, text: str) -> re.Match[str] | None:
        if text.isascii():
            lowered = self.lowered_regex
            if lowered is not None:
                return lowered.search(text.lower())  # the same length: spans are kept
        return self.regex.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if text.isascii():
            lowered = self.lowered_regex
            if lowered is not None:
                return lowered.finditer(text.lower())
        return self.regex.finditer(text)


def _folds_like_lowercase(pattern: str) -> bool:
    """Whether `pattern`, compiled case-sensitively, matches lower-cased ASCII text exactly where
    the IGNORECASE compile matches the original text.

    IGNORECASE compares each character by its lower case, so it finds the same in the
    lower-cased text; there a case-sensitive compile differs only where the pattern holds an
    upper-case letter (a literal, or a range that takes in upper-case letters without their
    lower case), a non-ASCII character whose case fold is ASCII (the Kelvin sign is a "k"), or a
    group that switches IGNORECASE off or on. Anything this walk does not know is refused."""
    parser = importlib.import_module("re._parser")  # what re.compile itself parses with
    try:
        parsed = parser.parse(pattern, re.IGNORECASE)
    except re.error:
        return False
    return _items_fold(parsed)


def _items_fold(items: Any) -> bool:
    for op, value in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL"):
            if not _char_folds(value):
                return False
        elif name == "IN":
            if not all(_set_item_folds(str(kind), item) for kind, item in value):
                return False
        elif name == "BRANCH":
            if not all(_items_fold(branch) for branch in value[1]):
                return False
        elif name == "SUBPATTERN":
            _, add_flags, del_flags, inner = value
            if add_flags or del_flags or not _items_fold(inner):
                return False
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT", "ASSERT", "ASSERT_NOT"):
            if not _items_fold(value[-1]):
                return False
        elif name == "ATOMIC_GROUP":
            if not _items_fold(value):
                return False
        elif name == "GROUPREF_EXISTS":
            if not all(branch is None or _items_fold(branch) for branch in value[1:]):
                return False
        elif name not in ("ANY", "AT", "GROUPREF", "CATEGORY"):
            return False
    return True


def _set_item_folds(kind: str, item: Any) -> bool:
    if kind == "LITERAL":
        return _char_folds(item)
    if kind == "RANGE":
        low, high = item
        if high >= 0x80:
            return False
        return not any(
            low <= ord(letter.upper()) <= high and not low <= ord(letter) <= high
            for letter in "abcdefghijklmnopqrstuvwxyz"
        )
    return kind in ("CATEGORY", "NEGATE")


@lru_cache(maxsize=64)
def _char_folds(code: int) -> bool:
    """An upper-case ASCII letter does not; a non-ASCII character does unless IGNORECASE lets
    it match some ASCII character."""
    if code < 0x80:
        return not chr(code).isupper()
    single = re.compile(re.escape(chr(code)), re.IGNORECASE)
    return not any(single.fullmatch(chr(ascii_code)) for ascii_code in range(0x80))
