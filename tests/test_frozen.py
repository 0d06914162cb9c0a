"""What the frozen build promises without building it (CI's frozen stage builds and runs it: .ci/frozen_smoke.py):
every shipped file is carried by the wheel and by build.spec, and the shipped versions are locked within the
library's ranges."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "smgov" / "resources"
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
LOCK = ROOT / "constraints" / "shipped.txt"


def _shipped_files() -> list[Path]:
    return sorted(
        path
        for path in RESOURCES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".py", ".pyc"}
    )


def _locked(lock: Path = LOCK) -> dict[str, Version]:
    """The pins of the lock that apply on this platform (Windows-only lines have a marker)."""
    pins: dict[str, Version] = {}
    for line in lock.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{line}: the lock pins exact versions"
        if requirement.marker is None or requirement.marker.evaluate():
            pins[canonicalize_name(requirement.name)] = Version(spec.version)
    return pins


def test_every_resource_ships_in_the_wheel_and_the_frozen_build() -> None:
    patterns = CONFIG["tool"]["setuptools"]["package-data"]["smgov.resources"]
    spec = (ROOT / "build.spec").read_text("utf-8")
    carried = set(re.findall(r'"(smgov/[\w/]+)"\)', spec))
    files = _shipped_files()
    assert {"fonts/DejaVuSans.ttf", "words/eff-large-wordlist.txt"} <= {
        p.relative_to(RESOURCES).as_posix() for p in files
    }
    for path in files:
        name = path.relative_to(RESOURCES).as_posix()
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), f"{name}: not in the wheel's package-data"
        assert path.parent.relative_to(ROOT).as_posix() in carried, f"{name}: its folder is not in build.spec's datas"
    assert "smgov/data/migrations" in carried, "Alembic loads the revisions from files: they travel as data"


def test_the_library_keeps_ranges_and_the_shipped_app_pins_each_within_them() -> None:
    project = CONFIG["project"]
    wanted = [Requirement(text) for text in [*project["dependencies"], *project["optional-dependencies"]["build"]]]
    assert any(canonicalize_name(r.name) == "pyinstaller" for r in wanted), "the build extra brings PyInstaller"
    pins = _locked()
    for requirement in wanted:
        assert not any(spec.operator == "==" for spec in requirement.specifier), f"{requirement}: a range, not a pin"
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not locked in {LOCK.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{LOCK.name} pins {requirement.name} {pins[name]}, outside pyproject's {requirement.specifier}"
        )
    assert "smgov" not in pins, "the lock is for what smgov needs, not smgov itself"


def test_the_lock_is_read_as_exact_pins_for_this_platform(tmp_path: Path) -> None:
    lock = tmp_path / "shipped.txt"
    lock.write_text('# a comment\nReportLab==5.1.0\npefile==2024.8.26 ; sys_platform == "nowhere"\n', "utf-8")
    assert _locked(lock) == {"reportlab": Version("5.1.0")}
    lock.write_text("reportlab>=4.2\n", "utf-8")
    with pytest.raises(AssertionError, match="exact versions"):
        _locked(lock)
