"""Where the ballot master key comes from: an environment variable, or a 0600 key file in the
bot's data directory (created on first use). It is never stored in the database."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from bot.domain.voting.keyfile import load_or_create_master_key, master_key_from_text
from bot.services.core import Core

MASTER_KEY_ENV = "CAUCUS_BALLOT_MASTER_KEY"
MASTER_KEY_FILE = "ballot-master.key"


class BallotKeyring:
    """Reads the master key when a secret vote is created or counted (not at start-up, so a
    bot that never runs a secret vote needs no key)."""

    def __init__(self, core: Core, environ: Mapping[str, str] | None = None) -> None:
        self.core = core
        self._environ = os.environ if environ is None else environ

    @property
    def key_file(self) -> Path:
        return self.core.settings.bot.data_dir / MASTER_KEY_FILE

    def master_key(self) -> bytes:
        text = self._environ.get(MASTER_KEY_ENV)
        if text:
            return master_key_from_text(text)
        return load_or_create_master_key(self.key_file)
