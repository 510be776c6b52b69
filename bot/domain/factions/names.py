"""Faction names: what a valid name is and when two names count as the same.

Two names collide when their *keys* are equal. The key folds what a reader cannot tell
apart on screen: case (casefold), compatibility forms such as fullwidth letters and
ligatures (NFKC), runs of whitespace, invisible format characters, and a small table of
Cyrillic and Greek letters drawn like Latin ones. It is a reasonable guard against
look-alike names, not the full Unicode confusables table (UTS #39).
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain.factions.errors import FactionError
from bot.domain.factions.rules import FactionRules

# Letters in other scripts that render like a Latin letter in Discord's fonts.
_LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
        "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɑ": "a", "ɡ": "g", "ı": "i",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
    }
)  # fmt: skip

# Mentions Discord would turn into pings or links: @everyone, @here, <@id>, <@!id>,
# <@&role>, <#channel>, </command:id>.
_MENTION = re.compile(r"@(everyone|here)\b|<(@[!&]?|#|/)[^>]*>", re.IGNORECASE)

# Bidirectional overrides and isolates can make a name display as a different name.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def name_key(name: str) -> str:
    """The form under which two faction names are compared for uniqueness."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    # Fold again: the lookalike table only holds lower-case letters.
    skeleton = visible.translate(_LOOKALIKES)
    return " ".join(skeleton.split())


def clean_name(raw: str, rules: FactionRules) -> str:
    """The name as it will be shown, or a FactionError saying what is wrong with it."""
    for ch in raw:
        category = unicodedata.category(ch)
        if category in {"Cc", "Zl", "Zp"} or ch in _BIDI_CONTROLS:
            raise FactionError(
                "A faction name cannot contain line breaks, tabs or other control characters."
            )
    name = " ".join(raw.split())
    # Check the NFKC form too: fullwidth "＠everyone" becomes "@everyone".
    if _MENTION.search(name) or _MENTION.search(unicodedata.normalize("NFKC", name)):
        raise FactionError("A faction name cannot contain mentions such as @everyone or <@…>.")
    length = len(name)
    if length < rules.name_min_chars or length > rules.name_max_chars:
        raise FactionError(
            f"A faction name must be {rules.name_min_chars} to {rules.name_max_chars} "
            f"characters long; this one has {length}."
        )
    if not name_key(name).strip():
        raise FactionError("A faction name needs some visible characters.")
    return name
