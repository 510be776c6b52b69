"""Agreement said without the usual words, found in debates written after the fourth round."""

from __future__ import annotations

import pytest

from bot.domain.summaries.stance import Stance, classify_stance


@pytest.mark.parametrize(
    "text",
    [
        "The short version only, yes, I've no problem with that.",
        "Honestly I have no issues with this.",
        "A monthly social I can live with.",
        "Drawing lots. Very fair. I approve.",
        "said it. Rotating chairs.",
    ],
)
def test_agreement_without_the_word_agree(text: str) -> None:
    assert classify_stance(text) is Stance.AGREE


@pytest.mark.parametrize(
    "text",
    [
        "I'd have no problem with that if it were free, but it costs £200.",
        "Nobody said it would be easy.",
        "a fresh start is what they said about the last review as well. how did that go",
        # Acknowledging someone is not agreeing with them.
        "Mo I hear you. The review needs a proper campaign, not just a letter.",
        "I see your point. Let's talk to the stewards first.",
        "i see that, the hall is expensive",
        "i get that, it's a lot of money",
    ],
)
def test_look_alikes_that_do_not_agree(text: str) -> None:
    assert classify_stance(text) is not Stance.AGREE
