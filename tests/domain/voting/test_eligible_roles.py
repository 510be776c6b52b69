"""Who may vote, in the vote's definition and in words."""

from __future__ import annotations

import pytest

from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import (
    MAX_ELIGIBLE_ROLES,
    EligibleRole,
    VoteKind,
    VoteSpec,
    describe_eligibility,
)


def test_eligibility_is_described_with_the_roll_size() -> None:
    delegates = (EligibleRole(5, "Delegates"),)
    assert describe_eligibility(delegates, 14) == "members with the Delegates role — 14 people"
    assert describe_eligibility(delegates, 1) == "members with the Delegates role — 1 person"
    assert describe_eligibility(()) == "members with the member role"


def test_several_roles_read_as_any_of_them() -> None:
    roles = (EligibleRole(5, "Delegates"), EligibleRole(6, "Committee"), EligibleRole(7, "Staff"))
    assert describe_eligibility(roles) == "members with the Delegates, Committee or Staff role"


def test_a_role_listed_twice_is_refused() -> None:
    with pytest.raises(VotingError, match="listed twice"):
        VoteSpec("Motion", VoteKind.MOTION, eligible_roles=(EligibleRole(5, "A"),) * 2)


def test_too_many_roles_are_refused() -> None:
    roles = tuple(EligibleRole(n, f"R{n}") for n in range(1, MAX_ELIGIBLE_ROLES + 2))
    with pytest.raises(VotingError, match="at most"):
        VoteSpec("Motion", VoteKind.MOTION, eligible_roles=roles)
