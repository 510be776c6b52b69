"""Vote counting methods: pure functions from ballots to a full, exact count sheet.

Ranked: Scottish STV (the default for committee elections), Meek STV, Schulze (the default
for a single winner) and instant runoff. Single choice: plurality and approval. Motions:
yes / no / abstain with a threshold and a quorum. BLT files are read and written by ``blt``.
Each module's docstring states its rules, including how it breaks ties.
"""

from bot.domain.counting.ballots import RankedBallot
from bot.domain.counting.blt import BltElection, format_blt, parse_blt
from bot.domain.counting.errors import (
    BltFormatError,
    CountingError,
    InvalidBallotError,
    InvalidElectionError,
    NoBallotsError,
    UnknownCandidateError,
)
from bot.domain.counting.irv import count_irv
from bot.domain.counting.meek import count_meek_stv
from bot.domain.counting.methods import CountingMethod, count_election, count_ranked
from bot.domain.counting.motion import (
    SIMPLE_MAJORITY,
    TWO_THIRDS,
    MotionChoice,
    MotionResult,
    Threshold,
    count_motion,
    tally_motion,
)
from bot.domain.counting.schulze import SchulzeResult, count_schulze
from bot.domain.counting.scottish_stv import count_scottish_stv
from bot.domain.counting.sheet import CountSheet, Stage, StageKind, Transfer
from bot.domain.counting.single_choice import TallyResult, count_approval, count_plurality
from bot.domain.counting.ties import TieBreak, TieDecision, TieResolution

__all__ = [
    "SIMPLE_MAJORITY",
    "TWO_THIRDS",
    "BltElection",
    "BltFormatError",
    "CountSheet",
    "CountingError",
    "CountingMethod",
    "InvalidBallotError",
    "InvalidElectionError",
    "MotionChoice",
    "MotionResult",
    "NoBallotsError",
    "RankedBallot",
    "SchulzeResult",
    "Stage",
    "StageKind",
    "TallyResult",
    "Threshold",
    "TieBreak",
    "TieDecision",
    "TieResolution",
    "Transfer",
    "UnknownCandidateError",
    "count_approval",
    "count_election",
    "count_irv",
    "count_meek_stv",
    "count_motion",
    "count_plurality",
    "count_ranked",
    "count_schulze",
    "count_scottish_stv",
    "format_blt",
    "parse_blt",
    "tally_motion",
]
