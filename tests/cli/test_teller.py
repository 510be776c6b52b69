"""`caucus teller keygen|release` and `caucus tellers verify`, as three tellers would use them."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain.voting.teller_file import PublishedDealing, PublishedTeller
from bot.domain.voting.tellers import GROUP_ORDER, Release, TellerPublicKey, TellerSecretKey, deal

PUBLIC_LINE = re.compile(r"^\s+(caucus-teller-public-1:\S+)$", re.MULTILINE)
NAMES = ("Ana", "Ben", "Chen")


def keygen(path: Path, capsys: pytest.CaptureFixture[str]) -> TellerPublicKey:
    assert main(["teller", "keygen", "--output", str(path)]) == 0
    out = capsys.readouterr().out
    found = PUBLIC_LINE.search(out)
    assert found is not None, out
    return TellerPublicKey.decode(found.group(1))


def release(dealing_file: Path, key: Path, out: Path) -> int:
    return main(["teller", "release", str(dealing_file), "--key", str(key), "--output", str(out)])


@pytest.fixture
def vote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, list[Path]]:
    """Three tellers make keys; a vote with k = 2 is dealt to them; its file is published."""
    keys = [tmp_path / f"{name.lower()}.key" for name in NAMES]
    publics = [keygen(path, capsys) for path in keys]
    published = PublishedDealing(
        context="Riverside branch · vote #7",
        tellers=tuple(
            PublishedTeller(n, name, key)
            for n, (name, key) in enumerate(zip(NAMES, publics, strict=True), start=1)
        ),
        dealing=deal(publics, 2),
    )
    dealing_file = tmp_path / "vote-7-dealing.json"
    dealing_file.write_text(json.dumps(published.to_json()))
    return dealing_file, keys


def test_keygen_writes_a_secret_only_its_owner_can_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "teller.key"
    public = keygen(path, capsys)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert TellerSecretKey.decode(path.read_text()).public() == public


def test_keygen_never_overwrites_an_existing_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "teller.key"
    keygen(path, capsys)
    before = path.read_text()
    assert main(["teller", "keygen", "--output", str(path)]) == 2
    assert "exists already" in capsys.readouterr().err
    assert path.read_text() == before


def test_two_of_three_releases_verify_as_enough(
    vote: tuple[Path, list[Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dealing_file, keys = vote
    releases = []
    for key in keys[:2]:
        out = tmp_path / f"{key.stem}.release"
        assert release(dealing_file, key, out) == 0
        releases.append(str(out))
    capsys.readouterr()
    assert main(["tellers", "verify", str(dealing_file), *releases]) == 0
    out = capsys.readouterr().out
    assert "good — teller 1 (Ana)" in out
    assert "good — teller 2 (Ben)" in out
    assert "2 good release(s) of the 2 needed: enough to open the ballots." in out


def test_a_tampered_release_is_named_with_its_teller(
    vote: tuple[Path, list[Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dealing_file, keys = vote
    out = tmp_path / "chen.release"
    assert release(dealing_file, keys[2], out) == 0
    # A wrong share in a well-formed file (valid checksum), so the real check has to catch it.
    honest = Release.decode(out.read_text())
    forged = Release(honest.teller, (honest.share + 7) % GROUP_ORDER, honest.signature)
    out.write_text(forged.encode())
    capsys.readouterr()
    assert main(["tellers", "verify", str(dealing_file), str(out)]) == 1
    printed = capsys.readouterr().out
    assert "WRONG — teller 3 (Chen)" in printed
    assert "0 good release(s) of the 2 needed: not enough" in printed


def test_release_with_a_key_that_is_not_a_tellers_is_refused_clearly(
    vote: tuple[Path, list[Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dealing_file, _ = vote
    stranger = tmp_path / "stranger.key"
    keygen(stranger, capsys)
    assert main(["teller", "release", str(dealing_file), "--key", str(stranger)]) == 2
    err = capsys.readouterr().err
    assert "not one of this vote's tellers" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x00\xff\x10binary", "not a text file"),
        (b"[1, 2, 3]", "not a teller dealing file"),
        (b"{not json", "not JSON"),
        (b'{"format": "caucus-teller-dealing-1", "tellers": []}', "not valid"),
    ],
)
def test_a_bad_dealing_file_gets_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, problem: str
) -> None:
    bad = tmp_path / "dealing.json"
    bad.write_bytes(content)
    assert main(["tellers", "verify", str(bad)]) == 2
    err = capsys.readouterr().err
    assert problem in err
    assert len(err.strip().splitlines()) == 1
