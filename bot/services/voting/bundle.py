"""The voting services, built together around the shared core (one attribute on Services)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.services.audit import AuditService
from bot.services.core import Core
from bot.services.voting.casting import CastingService
from bot.services.voting.closing import ClosingService
from bot.services.voting.keys import BallotKeyring
from bot.services.voting.lifecycle import VoteService
from bot.services.voting.nominations import NominationService
from bot.services.voting.tellers import TellerService


class VotingServices:
    def __init__(
        self, core: Core, audit: AuditService, environ: Mapping[str, str] | None = None
    ) -> None:
        self.keys = BallotKeyring(core, environ)
        self.votes = VoteService(core, audit, self.keys)
        self.nominations = NominationService(core)
        self.casting = CastingService(core, self.keys)
        self.closing = ClosingService(core, audit, self.keys)
        self.tellers = TellerService(core, audit, self.keys)
        self.votes.tellers = self.tellers
        self.closing.tellers = self.tellers
