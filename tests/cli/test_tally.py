"""`caucus tally`: human and JSON output, CSV methods, and clear errors on bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

WARD = Path(__file__).parents[1] / "data" / "scotland-2017" / "glasgow_2017_ward16.blt"
SMALL_BLT = '3 1\n4 1 0\n3 2 1 0\n2 3 2 0\n0\n"Ada"\n"Ben"\n"Cai"\n"Small"\n'


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_human_output_shows_elected_quota_and_stage_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["tally", str(WARD)]) == 0
    out = capsys.readouterr().out
    assert "quota 1155" in out
    assert "elected: Allan GOW (SNP), Gary GRAY (Lab)" in out
    mooney = next(line for line in out.splitlines() if line.startswith("  Robert MOONEY"))
    assert mooney.split()[-1] == "1195.25"


def test_json_prints_one_object_per_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    small = _write(tmp_path, "small.blt", SMALL_BLT)
    assert main(["tally", str(WARD), str(small), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    ward = json.loads(lines[0])
    assert ward["file"] == str(WARD)
    assert ward["quota"] == 1155
    assert len(ward["stages"]) == 11
    assert ward["stages"][1]["totals"]["Esme CLARK (C)"] == pytest.approx(516.29299)
    assert ward["lot_used"] is False


@pytest.mark.parametrize(
    ("method", "winner", "quota"),
    [("schulze", "Ben", None), ("irv", "Ben", None), ("meek", "Ben", 4.500000001)],
)
def test_each_ranked_method_reports_its_winner(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    method: str,
    winner: str,
    quota: float | None,
) -> None:
    small = _write(tmp_path, "small.blt", SMALL_BLT)
    assert main(["tally", str(small), "--method", method, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["elected"] == [winner]
    assert result["quota"] == quota
    assert result["stages"][0]["totals"]["Ada"] == 4


def test_seats_option_overrides_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    small = _write(tmp_path, "small.blt", SMALL_BLT)
    assert main(["tally", str(small), "--seats", "2", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["elected"]) == 2


def test_malformed_file_exits_2_with_the_line_and_no_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = _write(tmp_path, "bad.blt", "3 1\n1 1 9 0\n0\nA\nB\nC\n")
    assert main(["tally", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.blt: line 2: candidate 9 does not exist" in err
    assert "Traceback" not in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["tally", str(tmp_path / "absent.blt")]) == 2
    assert "absent.blt" in capsys.readouterr().err


def test_approval_csv_is_counted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ballots = _write(tmp_path, "a.csv", "tracker,Ada,Ben\nT1,1,1\nT2,0,1\nT3,1,0\nT4,0,1\n")
    assert main(["tally", str(ballots), "--method", "approval", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["elected"] == ["Ben"]
    assert result["stages"] == [{"totals": {"Ada": 2, "Ben": 3}}]


def test_plurality_csv_refuses_two_marks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ballots = _write(tmp_path, "p.csv", "tracker,Ada,Ben\nT1,1,1\n")
    assert main(["tally", str(ballots), "--method", "plurality"]) == 2
    assert "exactly one" in capsys.readouterr().err


def test_motion_csv_reports_threshold_and_quorum(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    votes = _write(tmp_path, "m.csv", "tracker,vote\nT1,yes\nT2,yes\nT3,no\nT4,abstain\n")
    args = ["tally", str(votes), "--method", "motion", "--threshold", "two-thirds"]
    assert main([*args, "--quorum", "1/2", "--eligible", "10"]) == 0
    out = capsys.readouterr().out
    assert "motion FAILED: yes 2, no 1, abstain 1; threshold at least 2/3 (margin +0)" in out
    assert "quorum 1/2 of 10: margin -1" in out


def test_csv_without_tracker_header_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ballots = _write(tmp_path, "x.csv", "Ada,Ben\n1,0\n")
    assert main(["tally", str(ballots), "--method", "approval"]) == 2
    assert "tracker" in capsys.readouterr().err
