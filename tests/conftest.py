"""Top-level fixtures: offscreen Qt, per-test folders and settings, an in-memory keyring, temp workspaces.

QT_QPA_PLATFORM is set here, before any QApplication exists. Workspaces are copied from one template made per
session (Anki's getEmptyCol), with a cheap KDF so hundreds of tests stay fast; tests of the KDF itself use
``real_kdf``.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import settings as hypothesis_settings
from keyring.backend import KeyringBackend

from smgov import paths
from smgov.data import crypto
from smgov.data.workspace import Workspace

# Set before any QApplication exists (importing smgov makes none). The tests' screen is what a 1366x768 laptop
# leaves for windows under the taskbar, so a window or dialog that would not fit one shows in the tests.
_SCREEN = Path(__file__).resolve().parent / "fixtures" / "screen-1366x728.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

# Property-based tests (tests/fuzz and others) run the same cases on every run and every machine, so CI is
# deterministic; HYPOTHESIS_PROFILE=explore searches afresh each run (and keeps failures in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PASSPHRASE = "correct horse battery staple"
SCHOOL = "Spixworth Test Primary"
FAST_KDF = crypto.KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)


class MemoryKeyring(KeyringBackend):
    """A secure-looking store that lives in memory, for tests."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError("not found")
        del self.entries[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Per-PC folders (logs, backups, state) and QSettings in a fresh folder for each test."""
    home = tmp_path_factory.mktemp("home")
    paths.set_base_dir(home)
    try:
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "qsettings"))
    except ImportError:  # pragma: no cover - Qt is a dependency; this only guards odd environments
        pass
    yield home
    paths.set_base_dir(None)


@pytest.fixture(autouse=True)
def collect_garbage_on_the_ui_thread() -> Iterator[None]:
    """Free each test's Qt objects here, on the main thread, as the app's GarbageCollector does: left automatic,
    Python's collector may free a widget on a background job's thread, and that crashes the process."""
    gc.disable()
    yield
    if "smgov.ui.frame.operations" in sys.modules:
        sys.modules["smgov.ui.frame.operations"].wait_for_background()
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture(autouse=True)
def fast_kdf(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "real_kdf" not in request.keywords:
        monkeypatch.setattr(crypto, "KDF", FAST_KDF)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_kdf: derive keys with the production Argon2id cost")


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.smgov"
    original = crypto.KDF
    crypto.KDF = FAST_KDF
    try:
        Workspace.create(path, PASSPHRASE, SCHOOL).close()
    finally:
        crypto.KDF = original
    return path


WorkspaceFactory = Callable[..., Workspace]


@pytest.fixture
def workspace_factory(_template: Path, tmp_path: Path) -> Iterator[WorkspaceFactory]:
    """Make open workspaces: ``workspace_factory(name="x.smgov")``, each a copy of an empty template."""
    opened: list[Workspace] = []

    def make(name: str = "school.smgov") -> Workspace:
        path = tmp_path / name
        shutil.copyfile(_template, path)
        workspace = Workspace.open(path, passphrase=PASSPHRASE)
        opened.append(workspace)
        return workspace

    yield make
    for workspace in opened:
        workspace.close()


@pytest.fixture
def workspace(workspace_factory: WorkspaceFactory) -> Workspace:
    return workspace_factory()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo, made once per test session (with the cheap KDF)."""
    from smgov.data.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.smgov"
    original = crypto.KDF
    crypto.KDF = FAST_KDF
    try:
        create_demo(path, "small", passphrase=PASSPHRASE).close()
    finally:
        crypto.KDF = original
    return path


@pytest.fixture
def demo_workspace(_demo_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A copy of the small demo workspace, open."""
    path = tmp_path / "demo.smgov"
    shutil.copyfile(_demo_template, path)
    workspace = Workspace.open(path, passphrase=PASSPHRASE)
    yield workspace
    workspace.close()


@pytest.fixture
def demo_as_opened(_demo_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A copy of the small demo, open and worked as its business manager, as ``smgov --demo`` opens it (made
    once per session: making a demo per test cost seconds each)."""
    from smgov.data import operators
    from smgov.data.demo import DEMO_OPERATOR

    path = tmp_path / "d.smgov"
    shutil.copyfile(_demo_template, path)
    workspace = Workspace.open(path, passphrase=PASSPHRASE)
    (manager,) = [c for c in operators.candidates(workspace) if c.name == DEMO_OPERATOR]
    operators.set_operator(workspace, manager.person_id)
    yield workspace
    workspace.close()


@pytest.fixture
def app_session(qtbot: object, workspace: Workspace) -> Iterator[object]:
    from smgov.ui.shell.session import AppSession

    session = AppSession()
    session.set_workspace(workspace)
    yield session
    session.lock()
