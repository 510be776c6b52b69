"""Turning an organizer's request into a validated VoteSpec, with defaults from config."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

from bot.config import VotingSettings
from bot.domain.counting import CountingMethod
from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import (
    TWO_THIRDS,
    VoteKind,
    VoteSpec,
    check_schedule,
    options_from_labels,
)
from bot.errors import UserError
from bot.services.voting.records import CreateRequest

MIN_DURATION = dt.timedelta(minutes=5)
_SHARE_WORDS = {
    "majority": Fraction(1, 2),
    "simple": Fraction(1, 2),
    "simple majority": Fraction(1, 2),
    "half": Fraction(1, 2),
    "two-thirds": TWO_THIRDS,
    "two thirds": TWO_THIRDS,
    "2/3": TWO_THIRDS,
}
_OPTION_SEPARATORS = re.compile(r"[\n,;]+")


def parse_share(text: str, what: str) -> Fraction:
    """A share typed as a word ("majority", "two-thirds"), a fraction ("3/5"), a percentage
    ("60%") or a decimal ("0.6")."""
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in _SHARE_WORDS:
        return _SHARE_WORDS[cleaned]
    try:
        percent = cleaned.endswith("%")
        share = Fraction(cleaned.removesuffix("%").strip()) / (100 if percent else 1)
    except (ValueError, ZeroDivisionError):
        raise UserError(
            f"I couldn't read the {what} {text!r}: write e.g. 'majority', 'two-thirds', "
            "'3/5' or '60%'."
        ) from None
    if not 0 < share <= 1:
        raise UserError(f"The {what} must be more than 0 and at most 100%.")
    return share


def split_options(text: str) -> tuple[str, ...]:
    """Options typed as a list: one per line, or separated by commas or semicolons."""
    return tuple(part.strip() for part in _OPTION_SEPARATORS.split(text) if part.strip())


def _method(request: CreateRequest, voting: VotingSettings) -> CountingMethod | None:
    if request.method is not None:
        return request.method
    if request.kind is VoteKind.RANKED_SINGLE:
        return CountingMethod(voting.ranked_method)
    if request.kind is VoteKind.ELECTION:
        return CountingMethod(voting.election_method)
    return None


def _opening(request: CreateRequest, voting: VotingSettings, now: dt.datetime) -> dt.datetime:
    if request.kind is VoteKind.ELECTION:
        opens_at = request.opens_at or now + dt.timedelta(days=voting.nomination_days)
        if opens_at <= now:
            raise UserError(
                "An election needs a nomination period: give an opening time in the future "
                "(or set voting.nomination_days above 0)."
            )
        return opens_at
    if request.opens_at is not None and request.opens_at < now - dt.timedelta(minutes=1):
        raise UserError("The opening time is in the past.")
    return max(request.opens_at or now, now)


def build_spec(request: CreateRequest, voting: VotingSettings, now: dt.datetime) -> VoteSpec:
    kind = request.kind
    if request.options and kind is VoteKind.MOTION:
        raise UserError("A motion has no options: members vote yes, no or abstain.")
    if request.options and kind is VoteKind.ELECTION:
        raise UserError("An election's candidates come from nominations (/vote nominate).")
    duration = request.duration or dt.timedelta(days=voting.default_duration_days)
    if duration < MIN_DURATION:
        raise UserError("A vote must stay open for at least five minutes.")
    opens_at = _opening(request, voting, now)
    seats = request.seats
    if kind is VoteKind.ELECTION and seats is None:
        seats = 1
    try:
        spec = VoteSpec(
            title=request.title.strip(),
            kind=kind,
            options=options_from_labels(list(request.options)) if request.options else (),
            method=_method(request, voting),
            seats=seats,
            threshold=request.threshold,
            quorum=request.quorum,
            secret=voting.secret_by_default if request.secret is None else request.secret,
            changeable=(
                voting.changeable_by_default if request.changeable is None else request.changeable
            ),
            opens_at=opens_at,
            closes_at=opens_at + duration,
            max_approvals=request.max_approvals,
            eligible_roles=request.eligible_roles,
        )
        check_schedule(spec, now)
    except VotingError as error:
        raise UserError(error.message) from None
    return spec
