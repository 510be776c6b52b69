"""Tellers: the branch asks that 2 of 3 named tellers open each secret vote's ballots.

Three members make teller keys on their own computers (the real `caucus teller keygen`),
register them, are named for a vote, which opens only then; after the close two of them run
`caucus teller release` offline and upload the file, one of them through another member, and
the count is published. The scene switches tellers on for itself and off again at its end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import tempfile
from pathlib import Path

from bot.cli import main as cli
from caucus_demo.context import DemoContext
from caucus_demo.fake_discord.slash import FakeUpload
from caucus_demo.vote_scenes import (
    announcement,
    cast_motion_quietly,
    result_message,
    vote_number,
    votes_channel,
)

TELLERS = ("ana", "ben", "chen")
TELLER_CONFIG = {"count": 3, "threshold": 2, "release_deadline_hours": 48}
PUBLIC_LINE = re.compile(r"^\s+(caucus-teller-public-1:\S+)$", re.MULTILINE)


def _offline(args: list[str]) -> str:
    """A teller's own computer: the real command line, its printed output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli(args)
    if code != 0:
        raise AssertionError(f"caucus {' '.join(args)} failed")
    return out.getvalue()


async def tellers_open_the_ballots(ctx: DemoContext) -> None:
    """Tellers: two of three named members must release their part before a secret vote counts"""
    ctx.stage.configure(tellers=TELLER_CONFIG)
    with tempfile.TemporaryDirectory(prefix="caucus-demo-tellers-") as home:
        root = Path(home)
        for who in TELLERS:
            printed = _offline(["teller", "keygen", "--output", str(root / f"{who}.key")])
            found = PUBLIC_LINE.search(printed)
            ctx.expect(found is not None, "caucus teller keygen printed no public key")
            assert found is not None
            ctx.say(f"{who} runs `caucus teller keygen` on their own computer.")
            registered = await ctx.slash(who, "teller register", {"key": found.group(1)})
            ctx.expect("fingerprint" in registered.text, "registering shows the fingerprint")
        created = await ctx.slash(
            "olga",
            "vote create",
            {"title": "Affiliate with the tenants' federation", "kind": "motion", "days": 1},
        )
        vote = vote_number(created)
        ctx.expect("tellers are named" in created.text, "a teller vote waits for its tellers")
        refused = await ctx.slash("dan", "teller name", {"vote": vote, "member": ctx.people["ana"]})
        ctx.expect("Only organizers" in refused.text, "only organizers (or a faction) name")
        for who in ("ana", "ben"):
            await ctx.slash("olga", "teller name", {"vote": vote, "member": ctx.people[who]})
        removed = await ctx.slash(
            "olga", "teller remove", {"vote": vote, "member": ctx.people["ben"]}
        )
        ctx.expect("no longer a teller" in removed.text, "a teller is removed before the open")
        for who in ("ben", "chen"):
            named = await ctx.slash(
                "olga", "teller name", {"vote": vote, "member": ctx.people[who]}
            )
        ctx.expect("now open" in named.text, "the vote opens once its three tellers are named")
        await ctx.slash("eve", "teller status", {"vote": vote})
        message = announcement(ctx, vote)
        dealing_name = f"vote-{vote}-tellers.json"
        files = [a for a in message.get("attachments", []) if a["filename"] == dealing_name]
        ctx.expect(bool(files), "the announcement carries the dealing file")
        dealing = root / dealing_name
        dealing.write_bytes(ctx.fake.attachment_bytes(files[0]))
        for who, choice in (("dan", "yes"), ("eve", "yes"), ("fay", "no"), ("olga", "yes")):
            await cast_motion_quietly(ctx, who, vote, choice)
        ctx.say("Four members vote (not shown); the ballots are sealed to the tellers' key.")
        await ctx.advance(dt.timedelta(days=1))
        waiting = [
            m
            for m in votes_channel(ctx)
            if "waits for 2 of its 3 tellers" in str(m.get("content", ""))
        ]
        ctx.expect(bool(waiting), "at the close the count waits for the tellers")
        releases = {}
        for who in ("ana", "chen"):
            out = root / f"{who}-release.txt"
            _offline(
                [
                    "teller",
                    "release",
                    str(dealing),
                    "--key",
                    str(root / f"{who}.key"),
                    "--output",
                    str(out),
                ]
            )
            ctx.say(f"{who} runs `caucus teller release {dealing_name} --key …` offline.")
            releases[who] = FakeUpload(out.name, out.read_bytes(), "text/plain")
        first = await ctx.slash("ana", "teller release", {"vote": vote, "file": releases["ana"]})
        ctx.expect("1 of the 2" in first.text, "one release is not enough")
        ctx.say("chen is travelling: she sends her signed file to ben, who uploads it.")
        done = await ctx.slash("ben", "teller release", {"vote": vote, "file": releases["chen"]})
        ctx.expect("the count runs now" in done.text, "the second release starts the count")
        await ctx.advance(dt.timedelta(minutes=1))
        outcome = str(result_message(ctx, vote)["embeds"][0].get("description") or "")
        ctx.expect("carried" in outcome, f"the motion should carry, got {outcome!r}")
        printed = _offline(
            [
                "tellers",
                "verify",
                str(dealing),
                str(root / "ana-release.txt"),
                str(root / "chen-release.txt"),
            ]
        )
        ctx.say(
            "Anyone checks the tellers' work: `caucus tellers verify` → "
            + printed.strip().splitlines()[-1]
        )
    ctx.stage.configure(tellers={"count": 0, "threshold": 0})
