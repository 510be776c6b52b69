"""Audit entries read as sentences: names through the lookup, never ids or JSON."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.audit import AuditEntry, append
from bot.domain.audit.sentences import describe_entry

NAMES = {7: "olga", 8: "ann", 9: "ben"}


def name_of(member_id: int | None) -> str:
    return "Caucus" if member_id is None else NAMES.get(member_id, "a former member")


def entry(action: str, details: dict[str, object], actor: int | None = 7) -> AuditEntry:
    at = datetime(2026, 12, 1, tzinfo=UTC)
    return append(None, at=at, guild_id=1, actor_id=actor, action=action, details=details)


def test_a_vote_for_delegates_reads_as_a_sentence() -> None:
    text = describe_entry(
        entry(
            "vote.created",
            {
                "vote": 4,
                "title": "Budget",
                "kind": "motion",
                "secret": True,
                "eligible": ["Delegates"],
                "as_organizer": True,
            },
        ),
        name_of,
    )
    assert text == (
        "olga created vote #4 “Budget”, a motion by secret ballot, for members with the "
        "Delegates role."
    )


def test_ids_in_details_become_names() -> None:
    filed = entry(
        "minority_report.filed",
        {"report": 2, "vote": 4, "faction": None, "signers": ["8", "9", "123"]},
    )
    text = describe_entry(filed, name_of)
    assert text == (
        "Minority report R2 on vote #4 was filed, signed by ann, ben and a former member."
    )


def test_an_endorsement_names_the_candidate() -> None:
    decided = entry(
        "endorsement.decided",
        {
            "faction": 1,
            "name": "Reds",
            "election": 3,
            "candidate": "8",
            "endorsed": True,
            "yes": 5,
            "roll_size": 7,
        },
        actor=None,
    )
    assert describe_entry(decided, name_of) == (
        "The faction Reds endorses ann in election #3 (5 yes of 7 members)."
    )


def test_an_unknown_action_still_reads_as_words_without_json() -> None:
    text = describe_entry(
        entry("organizer.appointed", {"member": "9", "until": "2027-01-01", "as_organizer": True}),
        name_of,
    )
    assert text == "olga — organizer appointed (member: ben; until: 2027-01-01)."
    assert "{" not in text


def test_a_known_action_with_unexpected_details_falls_back_to_words() -> None:
    text = describe_entry(entry("faction.created", {"founders": 5}), name_of)
    assert "{" not in text
    assert text.startswith("The faction ")
