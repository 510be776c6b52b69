"""Gateway payloads (which carry ballots) never reach the logs, whatever the level."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import configure_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in ("discord.gateway", "discord.http")}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


@pytest.mark.usefixtures("restore_logging")
def test_debug_level_drops_gateway_event_payloads(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("DEBUG")
    payload = {"t": "INTERACTION_CREATE", "d": {"data": {"values": ["candidate-7"]}}}
    logging.getLogger("discord.gateway").debug("For Shard ID None: WebSocket Event: %s", payload)
    logging.getLogger("discord.state").debug("For event %s", payload)
    logging.getLogger("caucus").debug("ordinary debug line")

    err = capsys.readouterr().err
    assert "candidate-7" not in err
    assert "ordinary debug line" in err


@pytest.mark.usefixtures("restore_logging")
def test_json_format_writes_one_object_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    logging.getLogger("caucus").info("hello %s", "world")

    [line] = capsys.readouterr().err.strip().splitlines()
    entry = json.loads(line)
    assert entry["message"] == "hello world"
    assert entry["level"] == "INFO"
