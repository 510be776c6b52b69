"""Discord misbehaves: rate limits, server errors and a dropped gateway. Every scheduled post
still appears exactly once, complete and in order."""

from __future__ import annotations

import datetime as dt

from caucus_demo.reading_scenes import FIRST_SESSION_UTC
from caucus_demo.stage import Stage
from cogs.reading.embeds import excerpt_marker, prompts_marker
from tests.production.support import duplicate_posts, session_threads, signature

MESSAGES = "/channels/*/messages"
RETRY_DELAY = dt.timedelta(seconds=31)  # the scheduler retries a failed post after 30 s


async def expected_post(stage: Stage) -> list[tuple[str, ...]]:
    """The footers of the session's messages in order: the opening (none), parts, prompts."""
    post = await stage.services.posting.session_post(stage.guild.id, 1)
    parts = len(post.messages)
    return [
        (),
        *[(excerpt_marker(1, i, parts),) for i in range(1, parts + 1)],
        (prompts_marker(1),),
    ]


def posted(stage: Stage) -> list[tuple[str, ...]]:
    threads = session_threads(stage.fake, stage.branch)
    assert len(threads) == 1, f"expected one session thread, found {len(threads)}"
    return [_last_footer(signature(m)[1]) for m in stage.fake.messages_in(threads[0]["id"])]


def _last_footer(footers: tuple[str, ...]) -> tuple[str, ...]:
    # A part may carry several embeds; its marker is the footer that names the session.
    marked = tuple(f for f in footers if f.startswith("Caucus · session"))
    return marked[-1:] if marked else ()


async def post_first_session(stage: Stage) -> None:
    await stage.advance(FIRST_SESSION_UTC - stage.clock.now())


async def test_rate_limits_and_a_retried_500_post_everything_once(reading_stage: Stage) -> None:
    stage = reading_stage
    fake = stage.fake
    fake.fail_next("POST", MESSAGES, 429, count=3, retry_after=0.05, where=fake.in_thread)
    fake.fail_next("POST", MESSAGES, 500, count=1, after=2, where=fake.in_thread)  # retried

    await post_first_session(stage)

    assert posted(stage) == await expected_post(stage)
    assert duplicate_posts(stage.fake, stage.branch) == []
    assert stage.fake.faults.pending == 0


async def test_a_503_midway_is_retried_later_without_reposting_the_parts_before_it(
    reading_stage: Stage,
) -> None:
    stage = reading_stage
    # The thread's third message, its second excerpt part.
    stage.fake.fail_next("POST", MESSAGES, 503, count=1, after=2, where=stage.fake.in_thread)

    await post_first_session(stage)
    assert len(posted(stage)) == 2  # stopped at the failure; the job is pending again
    await stage.advance(RETRY_DELAY)

    assert posted(stage) == await expected_post(stage)
    assert duplicate_posts(stage.fake, stage.branch) == []


async def test_a_503_when_creating_the_thread_is_retried_later(reading_stage: Stage) -> None:
    stage = reading_stage
    stage.fake.fail_next("POST", "/channels/*/threads", 503, count=1)

    await post_first_session(stage)
    assert session_threads(stage.fake, stage.branch) == []
    await stage.advance(RETRY_DELAY)

    assert posted(stage) == await expected_post(stage)


async def test_a_dropped_gateway_resumes_and_no_post_is_missed(reading_stage: Stage) -> None:
    stage = reading_stage
    gateway = stage.fake.gateway

    await stage.fake.drop_connection()
    await post_first_session(stage)  # REST keeps working while the gateway is away
    await gateway.wait_until_live(within=10)

    assert (gateway.identify_count, gateway.resume_count) == (1, 1)
    assert posted(stage) == await expected_post(stage)
    # The thread's creation, sent while the bot was away, reached it with the RESUME replay.
    thread_id = int(session_threads(stage.fake, stage.branch)[0]["id"])
    await stage.fake.wait_for(lambda: stage.bot.get_channel(thread_id) is not None, within=5)


async def test_a_503_on_the_opening_message_is_retried_later(reading_stage: Stage) -> None:
    stage = reading_stage
    stage.fake.fail_next("POST", MESSAGES, 503, count=1, where=stage.fake.in_thread)

    await post_first_session(stage)
    await stage.advance(RETRY_DELAY)

    assert posted(stage) == await expected_post(stage)
