"""The summary and fair-discussion services, built once (``Services.summaries``)."""

from __future__ import annotations

from bot.services.core import Core
from bot.services.summaries.llm import LlmSummarizer
from bot.services.summaries.pileon import PileOnService
from bot.services.summaries.privacy import PrivacyService
from bot.services.summaries.sources import ThreadSources
from bot.services.summaries.stack import StackService
from bot.services.summaries.summarizing import SummaryService


class SummaryServices:
    def __init__(self, core: Core) -> None:
        self.sources = ThreadSources(core)
        self.privacy = PrivacyService(core)
        self.summaries = SummaryService(core, self.privacy, self.sources, LlmSummarizer())
        self.stacks = StackService(core, self.sources)
        self.pile_on = PileOnService(core, self.sources)
