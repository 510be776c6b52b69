from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.audit import AuditEntry, append
from bot.domain.transparency import (
    Cadence,
    DocumentAdded,
    FactionFigure,
    Period,
    TransparencyDigest,
    VoteHeld,
    compute_digest,
    format_share,
    local_midnight,
    month_period,
    previous_period,
    render_digest,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MARCH_2026 = month_period(2026, 3, BERLIN)
ORGANIZER_A, ORGANIZER_B = 11, 12
FIVE_FACTIONS = [
    FactionFigure("Small Circle", 3),
    FactionFigure("Reading Left", 40),
    FactionFigure("Eco Readers", 12),
    FactionFigure("Book Club Bloc", 25),
    FactionFigure("Night Shift", 8),
]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def organizer_log() -> list[AuditEntry]:
    log: list[AuditEntry] = []
    for at, actor, action in [
        (utc(2026, 2, 28, 22, 30), ORGANIZER_A, "vote.opened"),  # 23:30 Berlin: February
        (utc(2026, 2, 28, 23, 30), ORGANIZER_A, "vote.opened"),  # 00:30 Berlin: March
        (utc(2026, 3, 10, 9, 0), ORGANIZER_B, "config.changed"),
        (utc(2026, 3, 20, 9, 0), ORGANIZER_A, "vote.opened"),
        (utc(2026, 3, 31, 22, 30), ORGANIZER_B, "document.added"),  # 00:30 Berlin: April
    ]:
        log.append(
            append(
                log[-1] if log else None,
                at=at,
                guild_id=1,
                actor_id=actor,
                action=action,
                details={"as_organizer": True},
            )
        )
    return log


def march_digest() -> TransparencyDigest:
    return compute_digest(
        period=MARCH_2026,
        member_count=200,
        factions=FIVE_FACTIONS,
        votes=[
            VoteHeld("Spring reading plan", "reading_plan", utc(2026, 3, 5, 18), 200, 150),
            VoteHeld("Delegate election", "election", utc(2026, 3, 25, 18), 190, 95),
            VoteHeld("February motion", "motion", utc(2026, 2, 27, 18), 200, 10),
        ],
        documents=[
            DocumentAdded("What Is to Be Done?", utc(2026, 3, 3, 12)),
            DocumentAdded("Reform or Revolution", utc(2026, 4, 3, 12)),
        ],
        organizer_actions=organizer_log(),
    )


def test_month_bounds_follow_the_guilds_zone_across_the_spring_change() -> None:
    march = month_period(2026, 3, BERLIN)
    assert march == Period(utc(2026, 2, 28, 23), utc(2026, 3, 31, 22))
    assert march.end - march.start == timedelta(days=31, hours=-1)


def test_month_bounds_across_the_autumn_change() -> None:
    october = month_period(2026, 10, BERLIN)
    assert october.end - october.start == timedelta(days=31, hours=1)


def test_december_runs_into_the_next_year() -> None:
    assert month_period(2026, 12, NEW_YORK) == Period(utc(2026, 12, 1, 5), utc(2027, 1, 1, 5))


def test_previous_month_is_read_on_the_guilds_calendar() -> None:
    # 00:30 on 1 April in Berlin is still 31 March in UTC: March is over.
    assert previous_period(utc(2026, 3, 31, 22, 30), BERLIN) == MARCH_2026


def test_previous_month_just_before_midnight_is_the_month_before() -> None:
    assert previous_period(utc(2026, 3, 31, 21, 59), BERLIN) == month_period(2026, 2, BERLIN)


def test_previous_month_in_january_is_last_december() -> None:
    assert previous_period(utc(2027, 1, 15), BERLIN) == month_period(2026, 12, BERLIN)


def test_previous_week_runs_monday_to_monday_local() -> None:
    # Wednesday 1 April 2026; the week before began Monday 23 March (still winter time).
    week = previous_period(utc(2026, 4, 1, 12), BERLIN, Cadence.WEEKLY)
    assert week == Period(utc(2026, 3, 22, 23), utc(2026, 3, 29, 22))


def test_midnight_that_does_not_exist_starts_at_the_jump() -> None:
    # São Paulo moved clocks from 00:00 to 01:00 on 4 November 2018.
    start = local_midnight(datetime(2018, 11, 4).date(), ZoneInfo("America/Sao_Paulo"))
    assert start == utc(2018, 11, 4, 3)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        previous_period(datetime(2026, 4, 1), BERLIN)


@given(
    st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]),
)
def test_previous_month_ends_where_the_current_month_begins(now: datetime, zone: str) -> None:
    tz = ZoneInfo(zone)
    period = previous_period(now, tz)
    assert period.end <= now
    assert period.start.astimezone(tz).day == 1
    assert period.end.astimezone(tz).day == 1
    assert period.end.astimezone(tz).date() == now.astimezone(tz).date().replace(day=1)


def test_digest_with_200_members_and_five_factions() -> None:
    digest = march_digest()
    assert digest.member_count == 200
    assert [(f.name, f.members, f.share) for f in digest.factions] == [
        ("Reading Left", 40, Fraction(1, 5)),
        ("Book Club Bloc", 25, Fraction(1, 8)),
        ("Eco Readers", 12, Fraction(3, 50)),
        ("Night Shift", 8, Fraction(1, 25)),
        ("Small Circle", 3, Fraction(3, 200)),
    ]


def test_digest_shares_render_as_percentages() -> None:
    lines = render_digest(march_digest(), BERLIN)
    assert "- Reading Left: 40 members (20.0% of members)" in lines
    assert "- Book Club Bloc: 25 members (12.5% of members)" in lines
    assert "- Small Circle: 3 members (1.5% of members)" in lines
    assert "Factions: 5" in lines


def test_digest_counts_only_votes_closed_in_the_period() -> None:
    digest = march_digest()
    assert [vote.title for vote in digest.votes] == ["Spring reading plan", "Delegate election"]
    assert digest.votes_by_kind == (("election", 1), ("reading_plan", 1))


def test_overall_turnout_weighs_each_vote_by_its_roll() -> None:
    assert march_digest().overall_turnout == Fraction(150 + 95, 200 + 190)


def test_vote_lines_show_turnout() -> None:
    lines = render_digest(march_digest(), BERLIN)
    assert "- Delegate election (election): 95 of 190 voted, turnout 50.0%" in lines
    assert "Turnout across all votes: 62.8%" in lines


def test_documents_added_outside_the_period_are_left_out() -> None:
    assert [d.title for d in march_digest().documents_added] == ["What Is to Be Done?"]


def test_organizer_actions_are_counted_on_the_guilds_calendar() -> None:
    digest = march_digest()
    assert digest.organizer_actions == 3
    assert digest.organizer_actions_by_action == (("vote.opened", 2), ("config.changed", 1))
    assert digest.organizer_actions_by_actor == ((ORGANIZER_A, 2), (ORGANIZER_B, 1))


def test_rendered_digest_names_the_local_period_and_organizers() -> None:
    lines = render_digest(march_digest(), BERLIN, actor_name=lambda actor: f"organizer {actor}")
    assert lines[0] == "Transparency digest, 1 March 2026 to 31 March 2026"
    assert lines[-1] == "By organizer: organizer 11 2, organizer 12 1"


def test_quiet_month_renders_zero_figures() -> None:
    digest = compute_digest(
        period=MARCH_2026, member_count=0, factions=[], votes=[], documents=[], organizer_actions=[]
    )
    assert digest.overall_turnout is None
    assert render_digest(digest, BERLIN)[1:] == [
        "Members: 0",
        "Factions: 0",
        "Votes held: 0",
        "Documents added: 0",
        "Organizer actions: 0",
    ]


def test_vote_with_more_ballots_than_roll_places_is_refused() -> None:
    with pytest.raises(ValueError, match="3 ballots from a roll of 2"):
        VoteHeld("Odd", "motion", utc(2026, 3, 1), roll_size=2, ballots_cast=3)


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (Fraction(1, 8), "12.5%"),
        (Fraction(1, 3), "33.3%"),
        (Fraction(2, 3), "66.7%"),
        (Fraction(1, 2000), "0.1%"),
        (Fraction(0), "0.0%"),
        (Fraction(1), "100.0%"),
    ],
)
def test_format_share_rounds_half_up_to_one_decimal(share: Fraction, text: str) -> None:
    assert format_share(share) == text


def test_rendered_digest_says_what_organizers_did_in_words() -> None:
    lines = render_digest(march_digest(), BERLIN)
    assert "Organizers opened 2 votes and changed the configuration once." in lines
    assert "Votes held: 2: 1 election and 1 reading-plan vote." in lines
    assert not any("vote.opened" in line or "config.changed" in line for line in lines)


def test_what_the_bot_recorded_is_never_an_organizer_action() -> None:
    bot = ORGANIZER_B  # say the bot recorded the config change, with organizer powers
    digest = compute_digest(
        period=MARCH_2026,
        member_count=200,
        factions=[],
        votes=[],
        documents=[],
        organizer_actions=organizer_log(),
        bot_ids=frozenset({bot}),
    )
    assert digest.organizer_actions == 2
    assert digest.organizer_actions_by_actor == ((ORGANIZER_A, 2),)
    assert digest.organizer_actions_by_action == (("vote.opened", 2),)
