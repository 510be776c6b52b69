"""Import direction, one way only: cogs -> bot.services/bot.ui -> bot.db -> bot.domain.

Checked on the source text (every import statement, including ones inside functions), so a
violation fails CI even in a module no test imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def violations(package: str, banned: tuple[str, ...], root: Path = ROOT) -> list[str]:
    problems = []
    for path in sorted((root / package).rglob("*.py")):
        for module in imported_modules(path):
            if any(module == b or module.startswith(b + ".") for b in banned):
                problems.append(f"{path.relative_to(root)} imports {module}")
    return problems


def test_domain_imports_no_framework_and_no_outer_layer() -> None:
    banned = (
        "discord",
        "sqlalchemy",
        "apscheduler",
        "alembic",
        "aiohttp",
        "bot.db",
        "bot.services",
        "bot.ui",
        "bot.app",
        "bot.cli",
        "bot.config",
        "cogs",
    )
    assert violations("bot/domain", banned) == []


def test_cogs_never_touch_the_database_layer() -> None:
    assert violations("cogs", ("sqlalchemy", "bot.db")) == []


def test_db_layer_does_not_import_discord_or_cogs() -> None:
    assert violations("bot/db", ("discord", "cogs", "bot.services", "bot.ui")) == []


def test_services_do_not_import_discord_or_cogs() -> None:
    assert violations("bot/services", ("discord", "cogs", "bot.ui")) == []


def test_services_reach_the_database_only_through_repositories() -> None:
    """No SQL and no ORM rows in services: they call bot.db repositories, which return domain
    objects (ruff's banned-api TID251 holds for bot/services with no exemption)."""
    assert violations("bot/services", ("sqlalchemy", "bot.db.models")) == []


@pytest.mark.parametrize("package", ["bot", "cogs"])
def test_what_ships_never_imports_the_demo_double_or_test_tools(package: str) -> None:
    """The runtime needs neither the wire fake (caucus_demo, behind the `demo` extra) nor
    jsonschema nor pytest: a plain `pip install caucus` must run the bot."""
    banned = ("caucus_demo", "jsonschema", "pytest", "pytest_asyncio", "simcord", "hypothesis")
    assert violations(package, banned) == []


@pytest.mark.parametrize("module", ["discord", "sqlalchemy.orm", "bot.db.models"])
def test_the_checker_catches_a_violation(tmp_path: Path, module: str) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "bad.py").write_text(f"def f():\n    import {module}\n")
    found = violations("pkg", ("discord", "sqlalchemy", "bot.db"), root=tmp_path)
    assert found == [f"pkg/bad.py imports {module}"]


def test_modules_import_without_side_effects() -> None:
    """No settings, engines or logging set up on import: importing everything needs no token."""
    import importlib
    import logging

    handlers_before = list(logging.getLogger().handlers)
    for path in sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "cogs").rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if name.endswith("__main__"):
            continue
        importlib.import_module(name.removesuffix(".__init__"))
    assert logging.getLogger().handlers == handlers_before
