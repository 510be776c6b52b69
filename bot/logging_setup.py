"""Logging is configured once, in main. discord.py's gateway never logs event payloads.

discord.py logs every received gateway event in full at DEBUG (``discord.gateway``), and
interactions carry ballot choices. We cap that logger at INFO *and* filter any record that
looks like a payload, so even a DEBUG root level cannot leak a vote.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

# Loggers that can print raw gateway/HTTP payloads at DEBUG level, or SQL parameters and
# result rows (aiosqlite logs each call with its arguments, SQLAlchemy's engine logs rows;
# neither honours hide_parameters): a member id next to a ballot's row key or sealed bytes.
_PAYLOAD_LOGGERS = (
    "discord.gateway",
    "discord.http",
    "discord.state",
    "discord.webhook.async_",
    "aiosqlite",
    "asyncpg",
    "sqlalchemy.engine",
    "sqlalchemy.pool",
)


class DropPayloads(logging.Filter):
    """Drop records below INFO from loggers that print payloads, SQL parameters or rows."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(_PAYLOAD_LOGGERS) and record.levelno < logging.INFO:
            return False
        return "For event " not in str(record.msg)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(DropPayloads())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
    # APScheduler announces every timer at INFO: thousands of lines a day with nothing to act on.
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLevelName(level)))
