"""Scottish STV against the declared results of 60 wards of the 2017 council elections."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.domain.counting import count_scottish_stv, parse_blt

WARDS = Path(__file__).parents[2] / "data" / "scotland-2017"
TOLERANCE = 0.005

# Transcription errors in the published results data, keyed by the results id found in
# `sources.results`: (count, candidate surname) -> the total the sheet's own figures give.
# See tests/data/scotland-2017/README.md.
EXPECTED_CORRECTIONS: dict[str, dict[tuple[int, str], float]] = {
    "S13002967": {(3, "DIGNEY"): 303.0},
}


def _expected(ward: Path) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads(ward.with_suffix(".expected.json").read_text())
    for results_id, fixes in EXPECTED_CORRECTIONS.items():
        if results_id not in expected["sources"]["results"]:
            continue
        for (count, surname), total in fixes.items():
            stage = expected["stages"][count - 1]
            (name,) = [n for n in stage["totals"] if surname in n.upper()]
            stage["totals"][name] = total
    return expected


def _ward_files() -> list[Path]:
    return sorted(WARDS.glob("*.blt"))


def test_all_sixty_wards_are_present() -> None:
    assert len(_ward_files()) == 60


@pytest.mark.parametrize("ward", _ward_files(), ids=lambda path: path.stem)
def test_ward_matches_declared_result(ward: Path) -> None:
    election = parse_blt(ward.read_text())
    expected = _expected(ward.with_suffix(""))
    sheet = count_scottish_stv(election.candidates, election.ballots, election.seats)

    assert set(sheet.elected) == set(expected["elected"])
    assert sheet.quota == expected["quota"]
    # valid_poll itself is not checked: one ward's transcription (east_dunbartonshire ward 2)
    # gives 7034 where its own first-preference totals add up to 7035.
    assert sheet.valid_votes == sum(expected["stages"][0]["totals"].values())
    assert not sheet.lot_used
    assert [s.number for s in sheet.stages] == [s["count"] for s in expected["stages"]]
    for stage, published in zip(sheet.stages, expected["stages"], strict=True):
        for name, total in published["totals"].items():
            if total is not None:
                assert float(stage.totals[name]) == pytest.approx(total, abs=TOLERANCE), (
                    f"count {stage.number}, {name}"
                )
