"""Reading a ranked ballot typed on a phone into a modal text box.

Accepted forms (most preferred first; a partial ranking is fine):

* **Numbers** from the list as shown to that voter (their own shuffled order), separated by
  spaces, commas, semicolons, ``>`` or new lines: ``3 1 2``, ``3,1,2``, ``3 > 1 > 2``.
  The text is read as numbers only when every item is a plain number.
* **Names**, separated by commas, semicolons, ``>`` or new lines (not spaces, since names
  contain them): ``Alice, Bob``, ``alice > bob``, one name per line. Case and extra spaces
  are ignored, and the start of a name is enough when only one option starts that way
  (``ali`` for Alice).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.voting.ballots import RankedBallot
from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import VoteOption

_NUMBER_SEPARATORS = re.compile(r"[\s,;>]+")
_NAME_SEPARATORS = re.compile(r"[,;>\n\r]+")


def _is_number(token: str) -> bool:
    return token.isascii() and token.isdigit()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _by_position(tokens: list[str], shown: Sequence[VoteOption]) -> list[VoteOption]:
    chosen = []
    for token in tokens:
        position = int(token)
        if not 1 <= position <= len(shown):
            raise VotingError(
                f"There is no number {position} on your ballot; "
                f"the numbers go from 1 to {len(shown)}."
            )
        chosen.append(shown[position - 1])
    return chosen


def _by_name(token: str, shown: Sequence[VoteOption]) -> VoteOption:
    key = _key(token)
    exact = [option for option in shown if _key(option.label) == key]
    if exact:
        return exact[0]
    starting = [option for option in shown if _key(option.label).startswith(key)]
    if len(starting) == 1:
        return starting[0]
    if starting:
        names = ", ".join(option.label for option in starting)
        raise VotingError(f"{token!r} could be any of: {names}. Write more of the name.")
    raise VotingError(f"Unknown option {token!r}: it is not on this ballot.")


def parse_ranked_text(text: str, shown: Sequence[VoteOption]) -> RankedBallot:
    """Turn typed preferences into a ranked ballot. `shown` is the option list in the order
    this voter was shown it (numbers refer to it). Raises VotingError with the member's
    message; call `validate(spec)` on the result as for any ballot."""
    number_tokens = [token for token in _NUMBER_SEPARATORS.split(text) if token]
    if not number_tokens:
        raise VotingError("Write at least one preference, for example 2 1 3.")
    if all(_is_number(token) for token in number_tokens):
        chosen = _by_position(number_tokens, shown)
    else:
        name_tokens = [token.strip() for token in _NAME_SEPARATORS.split(text) if token.strip()]
        chosen = [_by_name(token, shown) for token in name_tokens]
    seen: set[str] = set()
    for option in chosen:
        if option.id in seen:
            raise VotingError(f"You ranked {option.label} twice.")
        seen.add(option.id)
    return RankedBallot(tuple(option.id for option in chosen))
