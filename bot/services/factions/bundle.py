"""The faction services, built together around the shared core (one attribute on Services)."""

from __future__ import annotations

from dataclasses import replace

from bot.services.actors import Actor
from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.corpus import CorpusService
from bot.services.factions.documents import BulletinService
from bot.services.factions.member_votes import MemberVoteService
from bot.services.factions.membership import MembershipService
from bot.services.factions.records import VoteDecided
from bot.services.factions.reports import ReportService
from bot.services.reading.plan import PlanService
from bot.services.voting.keys import BallotKeyring


class FactionServices:
    def __init__(
        self,
        core: Core,
        audit: AuditService,
        corpus: CorpusService,
        plans: PlanService,
        keys: BallotKeyring | None = None,
    ) -> None:
        self.membership = MembershipService(core, audit)
        self.votes = MemberVoteService(core, audit, self.membership, keys or BallotKeyring(core))
        self.bulletin = BulletinService(core, audit, self.votes, corpus, plans)
        self.reports = ReportService(core, audit)

    async def follow_up(self, decided: VoteDecided, bot_id: int) -> VoteDecided:
        """What a decision sets in motion outside the faction tables: an accepted reading
        proposal joins the corpus and the plan, added by the bot on the members' behalf."""
        document = decided.document
        if not decided.passed or document is None:
            return decided
        bot = Actor(document.guild_id, bot_id, "Caucus", is_admin=True)
        added = await self.bulletin.add_to_reading_plan(bot, document.id)
        return replace(decided, document=added)
