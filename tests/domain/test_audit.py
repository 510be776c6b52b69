import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.audit import (
    GENESIS_HASH,
    AuditAction,
    AuditEncodingError,
    AuditEntry,
    ChainAnchor,
    ProblemKind,
    append,
    canonical_bytes,
    is_organizer_action,
    verify_chain,
)

GUILD = 900_000_000_000_000_001
ORGANIZER = 800_000_000_000_000_002
START = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def build_chain(length: int, details: list[dict[str, Any]] | None = None) -> list[AuditEntry]:
    chain: list[AuditEntry] = []
    for index in range(length):
        chain.append(
            append(
                chain[-1] if chain else None,
                at=START + timedelta(minutes=index),
                guild_id=GUILD,
                actor_id=ORGANIZER if index % 2 else None,
                action=AuditAction.VOTE_OPENED if index % 3 else AuditAction.CONFIG_CHANGED,
                details=details[index] if details else {"n": index},
            )
        )
    return chain


def rehash_from(chain: list[AuditEntry], start: int) -> list[AuditEntry]:
    """What a forger with write access does: recompute every hash from ``start`` on."""
    rebuilt = chain[:start]
    for entry in chain[start:]:
        rebuilt.append(
            append(
                rebuilt[-1] if rebuilt else None,
                at=entry.at,
                guild_id=entry.guild_id,
                actor_id=entry.actor_id,
                action=entry.action,
                details=entry.details,
            )
        )
    return rebuilt


def test_first_entry_starts_at_one_after_the_genesis_hash() -> None:
    first = build_chain(1)[0]
    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert GENESIS_HASH == "0" * 64


def test_each_entry_carries_the_hash_of_the_one_before() -> None:
    first, second = build_chain(2)
    assert (second.seq, second.prev_hash) == (2, first.hash)


def test_canonical_encoding_is_compact_sorted_json_with_ids_as_strings() -> None:
    encoded = canonical_bytes(
        seq=3,
        at=datetime(2026, 11, 1, 13, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        guild_id=5,
        actor_id=None,
        action="vote.closed",
        details={"b": [1, "ü"], "a": True},
        prev_hash="ab",
    )
    assert (
        encoded
        == (
            '{"action":"vote.closed","actor_id":null,"at":"2026-11-01T12:00:00.000000+00:00",'
            '"details":{"a":true,"b":[1,"ü"]},"guild_id":"5","prev_hash":"ab","seq":3}'
        ).encode()
    )


def test_hash_is_sha256_of_the_canonical_encoding() -> None:
    entry = build_chain(1)[0]
    encoded = canonical_bytes(
        seq=entry.seq,
        at=entry.at,
        guild_id=entry.guild_id,
        actor_id=entry.actor_id,
        action=entry.action,
        details=entry.details,
        prev_hash=entry.prev_hash,
    )
    assert entry.hash == hashlib.sha256(encoded).hexdigest()


def test_the_same_instant_in_another_zone_gives_the_same_hash() -> None:
    berlin = START.astimezone(ZoneInfo("Europe/Berlin"))
    in_utc = append(None, at=START, guild_id=GUILD, actor_id=1, action="x")
    in_berlin = append(None, at=berlin, guild_id=GUILD, actor_id=1, action="x")
    assert in_utc.hash == in_berlin.hash


def test_entry_keeps_its_own_copy_of_the_details() -> None:
    details: dict[str, Any] = {"roles": ("a", "b")}
    entry = append(None, at=START, guild_id=GUILD, actor_id=1, action="x", details=details)
    details["roles"] = ()
    assert entry.details == {"roles": ["a", "b"]}


@pytest.mark.parametrize(
    "details",
    [{"when": START}, {"ids": {1, 2}}, {"ratio": float("nan")}, {"nested": {1: "x"}}],
)
def test_details_that_are_not_json_are_refused(details: dict[str, Any]) -> None:
    with pytest.raises(AuditEncodingError):
        append(None, at=START, guild_id=GUILD, actor_id=1, action="x", details=details)


def test_naive_time_is_refused() -> None:
    with pytest.raises(AuditEncodingError, match="timezone-aware"):
        append(None, at=START.replace(tzinfo=None), guild_id=GUILD, actor_id=1, action="x")


def test_appending_to_another_guilds_chain_is_refused() -> None:
    with pytest.raises(ValueError, match="own audit chain"):
        append(build_chain(1)[0], at=START, guild_id=GUILD + 1, actor_id=1, action="x")


def test_organizer_actions_are_marked_in_details() -> None:
    marked = append(
        None, at=START, guild_id=GUILD, actor_id=1, action="x", details={"as_organizer": True}
    )
    assert is_organizer_action(marked)
    assert not is_organizer_action(build_chain(1)[0])


def test_intact_chain_verifies_and_reports_its_head() -> None:
    chain = build_chain(5)
    report = verify_chain(chain, anchor=ChainAnchor.of(chain[-1]))
    assert report.ok
    assert report.head == ChainAnchor(5, chain[-1].hash)
    assert report.lines() == ["The audit log is intact: 5 entries checked."]


def test_empty_chain_is_intact() -> None:
    assert verify_chain([]).ok


def test_edited_details_are_reported_at_their_seq() -> None:
    chain = build_chain(5)
    chain[2] = replace(chain[2], details={"n": 99})
    report = verify_chain(chain)
    assert [(p.kind, p.seq) for p in report.problems] == [(ProblemKind.EDITED, 3)]
    assert report.problems[0].message == (
        "Entry 3 was edited: its hash does not match its contents."
    )


def test_edit_with_a_recomputed_hash_breaks_the_next_link() -> None:
    chain = build_chain(5)
    forged = append(
        chain[1], at=chain[2].at, guild_id=GUILD, actor_id=1, action="x", details={"n": 99}
    )
    chain[2] = forged
    report = verify_chain(chain)
    assert [(p.kind, p.seq) for p in report.problems] == [(ProblemKind.LINK_BROKEN, 4)]


def test_deleted_middle_entry_is_reported_as_missing() -> None:
    chain = build_chain(6)
    del chain[3]
    report = verify_chain(chain)
    assert [(p.kind, p.seq) for p in report.problems] == [(ProblemKind.MISSING, 5)]
    assert report.problems[0].message == "Entry 4 is missing before entry 5."


def test_several_deleted_entries_are_named_as_a_range() -> None:
    chain = build_chain(6)
    del chain[1:4]
    assert verify_chain(chain).problems[0].message == "Entries 2 to 4 are missing before entry 5."


def test_deleted_first_entry_is_reported() -> None:
    report = verify_chain(build_chain(3)[1:])
    assert [(p.kind, p.seq) for p in report.problems] == [(ProblemKind.MISSING, 2)]


def test_swapped_entries_are_reported_as_reordered_only() -> None:
    chain = build_chain(5)
    chain[1], chain[2] = chain[2], chain[1]
    report = verify_chain(chain)
    assert [(p.kind, p.seq, p.position) for p in report.problems] == [
        (ProblemKind.OUT_OF_ORDER, 2, 2)
    ]


def test_repeated_entry_is_reported_as_duplicate() -> None:
    chain = build_chain(3)
    chain.insert(2, chain[1])
    assert verify_chain(chain).kinds() == {ProblemKind.DUPLICATE}


def test_entry_with_a_naive_time_is_unreadable() -> None:
    chain = build_chain(3)
    chain[1] = replace(chain[1], at=chain[1].at.replace(tzinfo=None))
    assert [(p.kind, p.seq) for p in verify_chain(chain).problems] == [(ProblemKind.UNREADABLE, 2)]


def test_truncated_end_passes_without_an_anchor() -> None:
    # Documented limit: a chain cut at its end is consistent with itself.
    assert verify_chain(build_chain(5)[:3]).ok


def test_truncated_end_is_caught_by_the_published_head() -> None:
    chain = build_chain(5)
    report = verify_chain(chain[:3], anchor=ChainAnchor.of(chain[-1]))
    assert [(p.kind, p.seq) for p in report.problems] == [(ProblemKind.TRUNCATED, 5)]
    assert "ends at entry 3" in report.problems[0].message


def test_rewritten_history_passes_alone_but_not_against_the_head() -> None:
    chain = build_chain(6)
    anchor = ChainAnchor.of(chain[-1])
    rewritten = rehash_from([*chain[:2], *chain[3:]], start=2)
    assert verify_chain(rewritten).ok
    report = verify_chain(rewritten, anchor=anchor)
    assert report.kinds() == {ProblemKind.TRUNCATED}


def test_rewrite_that_keeps_the_length_mismatches_the_head() -> None:
    chain = build_chain(4)
    anchor = ChainAnchor.of(chain[-1])
    chain[1] = replace(chain[1], details={"n": 99})
    rewritten = rehash_from(chain, start=1)
    report = verify_chain(rewritten, anchor=anchor)
    assert [(p.kind, p.seq) for p in report.problems] == [(ProblemKind.ANCHOR_MISMATCH, 4)]


def test_chain_grown_past_the_published_head_verifies() -> None:
    chain = build_chain(6)
    assert verify_chain(chain, anchor=ChainAnchor.of(chain[3])).ok


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
chains = st.lists(st.dictionaries(st.text(max_size=5), json_values, max_size=3), min_size=1).map(
    lambda details: build_chain(len(details), details)
)
FIELDS = ["seq", "at", "guild_id", "actor_id", "action", "details", "prev_hash", "hash"]


@st.composite
def single_field_edit(draw: st.DrawFn) -> tuple[list[AuditEntry], int]:
    chain = draw(chains)
    index = draw(st.integers(min_value=0, max_value=len(chain) - 1))
    entry = chain[index]
    field = draw(st.sampled_from(FIELDS))
    new_value: object
    if field == "seq":
        new_value = entry.seq + draw(st.integers(min_value=-5, max_value=5).filter(bool))
    elif field == "at":
        new_value = entry.at + timedelta(microseconds=draw(st.integers(1, 10**9)))
    elif field in {"guild_id", "actor_id"}:
        new_value = draw(st.integers().filter(lambda v: v != getattr(entry, field)))
    elif field == "action":
        new_value = draw(st.text().filter(lambda v: v != entry.action))
    elif field == "details":
        new_value = draw(
            st.dictionaries(st.text(max_size=5), json_values).filter(lambda v: v != entry.details)
        )
    else:
        hex_digest = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
        new_value = draw(hex_digest.filter(lambda v: v != getattr(entry, field)))
    change: dict[str, Any] = {field: new_value}
    chain[index] = replace(entry, **change)
    return chain, index


@given(single_field_edit())
def test_any_single_field_edit_is_reported_at_the_edited_entry(
    edit: tuple[list[AuditEntry], int],
) -> None:
    chain, index = edit
    report = verify_chain(chain)
    assert ProblemKind.EDITED in {p.kind for p in report.problems if p.position == index}


@given(chains.filter(lambda chain: len(chain) >= 2), st.data())
def test_any_deletion_before_the_end_is_detected(
    chain: list[AuditEntry], data: st.DataObject
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(chain) - 2))
    deleted_seq = chain[index].seq
    del chain[index]
    report = verify_chain(chain)
    assert [(p.kind, p.seq) for p in report.problems] == [(ProblemKind.MISSING, deleted_seq + 1)]


@given(chains, st.data())
def test_any_deletion_is_detected_against_the_published_head(
    chain: list[AuditEntry], data: st.DataObject
) -> None:
    anchor = ChainAnchor.of(chain[-1])
    del chain[data.draw(st.integers(min_value=0, max_value=len(chain) - 1))]
    assert not verify_chain(chain, anchor=anchor).ok
