"""The project's own promises about its layout: packaging lists every package, and each layer imports only what it
may (the core and the documents never import Qt; only the data layer builds SQL, so imports SQLAlchemy)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT = {"PySide6", "shiboken6"}


def test_every_package_is_found_for_the_wheel() -> None:
    from setuptools import find_packages

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    listed = set(find_packages(str(ROOT), include=include))
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "smgov").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found == listed, "every package under smgov/ needs an __init__.py, and nothing else is shipped"


def imported_packages(source: Path) -> set[str]:
    """The top-level package of every import in ``source``, at any depth (inside functions and TYPE_CHECKING too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text("utf-8"), filename=str(source))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def offenders(area: str, banned: set[str]) -> list[str]:
    return sorted(
        f"{source.relative_to(ROOT)}: {', '.join(sorted(imported_packages(source) & banned))}"
        for source in (ROOT / "smgov" / area).rglob("*.py")
        if imported_packages(source) & banned
    )


@pytest.mark.parametrize("area", ["data", "reports", "documents"])
def test_the_core_reports_and_documents_never_import_qt(area: str) -> None:
    assert offenders(area, QT) == []


@pytest.mark.parametrize("area", ["ui", "reports", "documents"])
def test_only_the_data_layer_imports_sqlalchemy(area: str) -> None:
    """The UI, the documents and the printouts call services, which return plain objects; none builds a query or
    holds a session (so the services stay the one place to make dialect-neutral)."""
    assert offenders(area, {"sqlalchemy"}) == []


def test_the_scan_sees_imports_wherever_they_are(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sqlalchemy.orm import Session\n"
        "def later() -> None:\n    import PySide6.QtCore\n"
    )
    assert imported_packages(source) == {"typing", "sqlalchemy", "PySide6"}


@pytest.mark.parametrize("area", ["data", "reports", "documents"])
def test_no_module_is_over_600_lines_outside_migrations_and_demo_data(area: str) -> None:
    too_long = sorted(
        f"{source.relative_to(ROOT)}: {lines} lines"
        for source in (ROOT / "smgov" / area).rglob("*.py")
        if "migrations" not in source.parts and not source.name.startswith("demo")
        if (lines := len(source.read_text("utf-8").splitlines())) > 600
    )
    assert too_long == [], "split it into modules named by what they do"
