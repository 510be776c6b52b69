"""The services a running bot holds, built once in main and handed to the Bot."""

from __future__ import annotations

from bot.clock import Clock
from bot.config import Settings
from bot.scheduling import Scheduler
from bot.services.audit import AuditService
from bot.services.conventions.clocked import ClockedChairing
from bot.services.conventions.service import ConventionService
from bot.services.core import Core
from bot.services.corpus import CorpusService
from bot.services.extraction import Sandbox
from bot.services.factions.bundle import FactionServices
from bot.services.health import HealthService
from bot.services.outbox import OutboxService
from bot.services.reading.calendar import CalendarService
from bot.services.reading.config_changes import ConfigChangeService
from bot.services.reading.plan import PlanService
from bot.services.reading.posting import PostingService
from bot.services.reading.progress import ProgressService
from bot.services.reading.prompts import PromptService
from bot.services.reading.reminders import ReminderService
from bot.services.reading.responses import ResponseService
from bot.services.selfcheck import SelfCheckService
from bot.services.summaries.bundle import SummaryServices
from bot.services.transparency import TransparencyService
from bot.services.voting.bundle import VotingServices

__all__ = ["Core", "Services"]


class Services:
    """Every feature service, built once around the shared core."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.audit = AuditService(core)
        self.health = HealthService(core)
        self.outbox = OutboxService(core)  # exactly-once sends of every scheduled job
        # Uploaded files are read in a limited child process, never on the event loop.
        self.sandbox = Sandbox()
        self.corpus = CorpusService(core, self.audit, sandbox=self.sandbox)
        self.plans = PlanService(core, self.corpus, self.audit)
        self.prompts = PromptService(core, self.corpus, self.audit)
        self.calendar = CalendarService(core, self.plans, self.corpus)
        self.config_changes = ConfigChangeService(core, self.plans, self.corpus, self.audit)
        self.posting = PostingService(core, self.corpus, self.plans, self.prompts)
        self.responses = ResponseService(core)
        self.reminders = ReminderService(core)
        self.progress = ProgressService(core)
        self.voting = VotingServices(core, self.audit)
        self.summaries = SummaryServices(core)
        self.factions = FactionServices(core, self.audit, self.corpus, self.plans, self.voting.keys)
        self.conventions = ConventionService(core, self.audit, self.voting)
        self.convention_chair = ClockedChairing(self.conventions)
        self.transparency = TransparencyService(core)
        self.selfcheck = SelfCheckService()

    @property
    def settings(self) -> Settings:
        return self.core.settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self.core.settings = value

    @property
    def scheduler(self) -> Scheduler:
        return self.core.scheduler

    @property
    def clock(self) -> Clock:
        return self.core.clock
