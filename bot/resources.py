"""Where the files that ship beside the code are: Alembic's ini and migrations, the seed corpus.

An installed wheel carries them in ``bot/_data/`` (pyproject.toml copies them there); a checkout
has them at its root. ``$CAUCUS_MIGRATIONS_DIR`` and ``$CAUCUS_SEEDS_DIR`` point elsewhere.
Read at call time, never at import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PACKAGED = Path(__file__).resolve().parent / "_data"
CHECKOUT = Path(__file__).resolve().parents[1]
MIGRATIONS_ENV = "CAUCUS_MIGRATIONS_DIR"
SEEDS_ENV = "CAUCUS_SEEDS_DIR"


def _shipped() -> Path:
    return PACKAGED if PACKAGED.is_dir() else CHECKOUT


def alembic_ini() -> Path:
    return _shipped() / "alembic.ini"


def migrations_dir(environ: Mapping[str, str] = os.environ) -> Path:
    if override := environ.get(MIGRATIONS_ENV):
        return Path(override).expanduser().resolve()
    return _shipped() / "migrations"


def seeds_dir(environ: Mapping[str, str] = os.environ) -> Path:
    if override := environ.get(SEEDS_ENV):
        return Path(override).expanduser().resolve()
    return _shipped() / "seeds"
