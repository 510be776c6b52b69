from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.factions import (
    DissolutionReason,
    Faction,
    FactionError,
    FactionRules,
    create_faction,
    join_faction,
    leave_faction,
    update_description,
    update_platform,
)

ALICE, BOB, CAROL, DAVE, ERIN = 101, 102, 103, 104, 105
EVERYONE = frozenset({ALICE, BOB, CAROL, DAVE, ERIN})
AT = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)


def found(
    rules: FactionRules,
    *,
    name: str = "Reading Left",
    co_founders: list[int] | None = None,
    existing: list[Faction] | None = None,
    founder: int = ALICE,
    eligible: frozenset[int] = EVERYONE,
) -> Faction:
    faction, _ = create_faction(
        faction_id=1,
        name=name,
        description="A faction for readers.",
        platform="",
        founder_id=founder,
        co_founder_ids=[BOB] if co_founders is None else co_founders,
        eligible=eligible,
        existing=existing or [],
        at=AT,
        rules=rules,
    )
    return faction


def test_founder_and_co_founders_become_the_first_members(rules: FactionRules) -> None:
    faction = found(rules, co_founders=[BOB, CAROL])
    assert faction.members == {ALICE, BOB, CAROL}
    assert faction.founders == faction.members


def test_creation_event_names_founders(rules: FactionRules) -> None:
    _, event = create_faction(
        faction_id=3,
        name=" Reading  Left ",
        description="",
        platform="",
        founder_id=ALICE,
        co_founder_ids=[BOB],
        eligible=EVERYONE,
        existing=[],
        at=AT,
        rules=rules,
    )
    assert (event.faction_id, event.actor_id, event.name) == (3, ALICE, "Reading Left")
    assert event.founders == {ALICE, BOB}


def test_creation_without_the_required_co_founder_is_refused(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="needs 1 co-founder"):
        found(rules, co_founders=[])


def test_no_co_founder_needed_when_rules_say_zero() -> None:
    assert found(FactionRules(co_founders_required=0), co_founders=[]).members == {ALICE}


def test_founder_cannot_co_found_with_themselves(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="your own co-founder"):
        found(rules, co_founders=[ALICE])


def test_repeated_co_founder_counts_once_and_is_refused() -> None:
    with pytest.raises(FactionError, match="only once"):
        found(FactionRules(co_founders_required=2), co_founders=[BOB, BOB])


def test_ineligible_co_founder_is_refused(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="<@999>"):
        found(rules, co_founders=[999])


def test_ineligible_founder_is_refused(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="Only eligible members"):
        found(rules, founder=999)


def test_name_taken_by_an_active_faction_is_refused(rules: FactionRules) -> None:
    first = found(rules, name="Reading Left")
    with pytest.raises(FactionError, match="already a faction called Reading Left"):
        found(rules, name="READING  LEFT", co_founders=[CAROL], existing=[first])


def test_lookalike_name_is_refused(rules: FactionRules) -> None:
    first = found(rules, name="Reading Left")
    with pytest.raises(FactionError, match="already a faction"):
        found(rules, name="Rеаding Lеft", existing=[first])  # Cyrillic е and а


def test_name_of_a_dissolved_faction_is_free_again(rules: FactionRules) -> None:
    first = found(rules, name="Reading Left")
    dissolved = replace(first, dissolved_at=AT)
    assert found(rules, name="Reading Left", existing=[dissolved]).name == "Reading Left"


def test_long_description_is_refused(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="at most 300"):
        create_faction(
            faction_id=1,
            name="Reading Left",
            description="d" * 301,
            platform="",
            founder_id=ALICE,
            co_founder_ids=[BOB],
            eligible=EVERYONE,
            existing=[],
            at=AT,
            rules=rules,
        )


def test_naive_time_is_refused(rules: FactionRules) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        join_faction(found(rules), CAROL, EVERYONE, AT.replace(tzinfo=None))


def test_eligible_member_joins(rules: FactionRules) -> None:
    joined, event = join_faction(found(rules), CAROL, EVERYONE, AT)
    assert CAROL in joined.members
    assert event.actor_id == CAROL


def test_member_cannot_join_twice(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="already a member"):
        join_faction(found(rules), BOB, EVERYONE, AT)


def test_ineligible_person_cannot_join(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="Only eligible members"):
        join_faction(found(rules), 999, EVERYONE, AT)


def test_member_may_belong_to_several_factions(rules: FactionRules) -> None:
    left = found(rules, name="Reading Left")
    right = found(rules, name="Reading Right", founder=CAROL, co_founders=[DAVE])
    in_left, _ = join_faction(left, ERIN, EVERYONE, AT)
    in_right, _ = join_faction(right, ERIN, EVERYONE, AT)
    assert ERIN in in_left.members
    assert ERIN in in_right.members


def test_leaving_removes_the_member_and_reports_the_size(rules: FactionRules) -> None:
    remaining, event, dissolved = leave_faction(found(rules), BOB, AT)
    assert remaining.members == {ALICE}
    assert event.members_left == 1
    assert dissolved is None
    assert remaining.is_active


def test_founder_leaving_does_not_end_the_faction(rules: FactionRules) -> None:
    remaining, _, dissolved = leave_faction(found(rules), ALICE, AT)
    assert remaining.members == {BOB}
    assert dissolved is None


def test_last_member_leaving_dissolves_the_faction(rules: FactionRules) -> None:
    alone, _, _ = leave_faction(found(rules), BOB, AT)
    later = AT + timedelta(days=1)
    ended, event, dissolved = leave_faction(alone, ALICE, later)
    assert ended.members == frozenset()
    assert ended.dissolved_at == later
    assert event.members_left == 0
    assert dissolved is not None
    assert dissolved.reason is DissolutionReason.LAST_MEMBER_LEFT


def test_non_member_cannot_leave(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="not a member"):
        leave_faction(found(rules), CAROL, AT)


def test_nobody_joins_a_dissolved_faction(rules: FactionRules) -> None:
    alone, _, _ = leave_faction(found(rules), BOB, AT)
    ended, _, _ = leave_faction(alone, ALICE, AT)
    with pytest.raises(FactionError, match="dissolved"):
        join_faction(ended, CAROL, EVERYONE, AT)


def test_member_updates_the_platform(rules: FactionRules) -> None:
    updated, event = update_platform(found(rules), BOB, "  We want a reading plan.  ", AT, rules)
    assert updated.platform == "We want a reading plan."
    assert (event.old_chars, event.new_chars) == (0, len("We want a reading plan."))


def test_non_member_cannot_update_the_platform(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="Only members of Reading Left can edit its platform"):
        update_platform(found(rules), CAROL, "Hijacked", AT, rules)


def test_platform_over_the_limit_is_refused(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="20,000"):
        update_platform(found(rules), ALICE, "p" * 20_001, AT, rules)


def test_platform_at_the_limit_is_accepted(rules: FactionRules) -> None:
    updated, _ = update_platform(found(rules), ALICE, "p" * 20_000, AT, rules)
    assert len(updated.platform) == 20_000


def test_non_member_cannot_update_the_description(rules: FactionRules) -> None:
    with pytest.raises(FactionError, match="Only members"):
        update_description(found(rules), DAVE, "Ours now", AT, rules)


def test_member_updates_the_description(rules: FactionRules) -> None:
    updated, event = update_description(found(rules), ALICE, "Readers of Gramsci", AT, rules)
    assert updated.description == event.description == "Readers of Gramsci"
