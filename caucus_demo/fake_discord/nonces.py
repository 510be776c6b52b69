"""Message nonces the way Discord's Create Message documents them.

A create-message request may carry a ``nonce`` (an integer or a string of at most 25
characters). With ``enforce_nonce: true``, Discord checks it for uniqueness "in the past few
minutes": if the same author created a message with the same nonce in that time, that message
is returned and no new one is created. Without ``enforce_nonce`` the nonce is only echoed back.

Discord does not say how many minutes; the fake keeps a nonce for ``NONCE_WINDOW_SECONDS`` and
lets a test shorten the window or move its clock. Nor does it say what happens when the first
message was deleted since: the fake then creates a new one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

NONCE_WINDOW_SECONDS = 120.0  # "a few minutes": the shortest reading of it


@dataclass
class NonceMemory:
    window_seconds: float = NONCE_WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    _seen: dict[tuple[int, str], tuple[float, int]] = field(default_factory=dict)

    def earlier(self, author_id: int, nonce: str) -> int | None:
        """The id of the message this author created with this nonce within the window."""
        seen = self._seen.get((author_id, nonce))
        if seen is None or self.clock() - seen[0] > self.window_seconds:
            return None
        return seen[1]

    def remember(self, author_id: int, nonce: str, message_id: int) -> None:
        self._seen[(author_id, nonce)] = (self.clock(), message_id)
