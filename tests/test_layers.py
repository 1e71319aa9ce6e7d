"""The layers depend one way: surfaces and services on storage, never storage on them."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_packages(folder: str) -> dict[str, set[str]]:
    """Return, for each module under `folder`, the top-level packages it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tops: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                tops.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                tops.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = tops
    return found


def test_storage_needs_nothing_from_the_application() -> None:
    # Shared types live in storage.domain, storage.messages and storage.text; bot re-exports.
    offenders = {
        module: sorted(tops & {"bot", "handlers", "scheduler", "web"})
        for module, tops in imported_packages("storage").items()
        if tops & {"bot", "handlers", "scheduler", "web"}
    }
    assert offenders == {}


def test_surfaces_never_touch_the_database_or_the_scheduler() -> None:
    for folder in ("handlers", "web"):
        offenders = {
            module: sorted(tops & {"aiosqlite", "sqlite3", "asyncpg", "apscheduler"})
            for module, tops in imported_packages(folder).items()
            if tops & {"aiosqlite", "sqlite3", "asyncpg", "apscheduler"}
        }
        assert offenders == {}, folder
