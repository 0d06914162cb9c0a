"""The project's own promises about its layout: packaging lists every package, and the core never imports Qt."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def test_data_and_reports_never_import_qt() -> None:
    offenders = []
    for area in ("data", "reports"):
        for source in (ROOT / "smgov" / area).rglob("*.py"):
            tree = ast.parse(source.read_text("utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in names):
                    offenders.append(str(source.relative_to(ROOT)))
    assert offenders == []
