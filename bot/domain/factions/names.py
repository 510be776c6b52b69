"""Faction names: what a valid name is and when two names count as the same.

Two names collide when their *keys* are equal: the confusable skeleton of the cleaned name
(bot.domain.names, after Unicode's UTS #39), which folds case, compatibility forms (NFKC),
invisible characters and letters of other scripts drawn like Latin ones.
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain.factions.errors import FactionError
from bot.domain.factions.rules import FactionRules
from bot.domain.names import clean_label, is_bidi_control, label_key

# Mentions Discord would turn into pings or links: @everyone, @here, <@id>, <@!id>,
# <@&role>, <#channel>, </command:id>.
_MENTION = re.compile(r"@(everyone|here)\b|<(@[!&]?|#|/)[^>]*>", re.IGNORECASE)


def name_key(name: str) -> str:
    """The form under which two faction names are compared for uniqueness."""
    return label_key(name)


def clean_name(raw: str, rules: FactionRules) -> str:
    """The name as it will be shown, or a FactionError saying what is wrong with it."""
    for ch in raw:
        category = unicodedata.category(ch)
        # Bidirectional overrides can make a name display as a different name.
        if category in {"Cc", "Zl", "Zp"} or is_bidi_control(ch):
            raise FactionError(
                "A faction name cannot contain line breaks, tabs or other control characters."
            )
    if not name_key(raw).strip():
        raise FactionError("A faction name needs some visible characters.")
    name = clean_label(raw)  # NFKC, zero-width and other invisible characters removed
    # Check the NFKC form too: fullwidth "＠everyone" becomes "@everyone".
    if _MENTION.search(name) or _MENTION.search(unicodedata.normalize("NFKC", name)):
        raise FactionError("A faction name cannot contain mentions such as @everyone or <@…>.")
    length = len(name)
    if length < rules.name_min_chars or length > rules.name_max_chars:
        raise FactionError(
            f"A faction name must be {rules.name_min_chars} to {rules.name_max_chars} "
            f"characters long; this one has {length}."
        )
    return name
