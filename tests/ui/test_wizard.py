"""The first-run wizard, end to end: typing into its pages, pressing Next, waiting for the file to be made."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot

from smgov.data.errors import SmgovError
from smgov.data.models import KeyRole, ResponseRule
from smgov.data.services import school
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations, state
from smgov.ui.shell import wizard_steps
from smgov.ui.shell.wizard import PAGE_CREATE, PAGE_KIT, PAGE_SAVE, PAGE_SCHOOL, FirstRunWizard

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

PASSPHRASE = "correct horse battery staple"
SCHOOL_NAME = "Spixworth Federation"


@pytest.fixture(autouse=True)
def wizard_native_settings(isolated_home: Path) -> None:
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(isolated_home / "qsettings"))


@pytest.fixture
def new_wizard(qtbot: QtBot, tmp_path: Path) -> Iterator[FirstRunWizard]:
    wizard = FirstRunWizard(folder=tmp_path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: len(wizard.pageIds()) == 6)  # the pages after the first come in with the data layer
    yield wizard
    operations.wait_for_background()
    if wizard.workspace is not None:
        wizard.workspace.close()


def click(qtbot: QtBot, wizard: FirstRunWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def next_page(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)


def fill_school(qtbot: QtBot, wizard: FirstRunWizard, name: str = SCHOOL_NAME) -> None:
    qtbot.keyClicks(wizard.school_page.name_edit, name)
    next_page(qtbot, wizard)
    assert wizard.currentId() == PAGE_SAVE


def fill_passphrase(qtbot: QtBot, wizard: FirstRunWizard, passphrase: str, confirmation: str) -> None:
    page = wizard.save_page
    page.passphrase.clear()
    page.confirm.clear()
    qtbot.keyClicks(page.passphrase.line_edit, passphrase)
    qtbot.keyClicks(page.confirm.line_edit, confirmation)
    next_page(qtbot, wizard)


def run_to_kit(qtbot: QtBot, wizard: FirstRunWizard) -> Workspace:
    fill_school(qtbot, wizard)
    fill_passphrase(qtbot, wizard, PASSPHRASE, PASSPHRASE)
    people = wizard.people_page
    qtbot.keyClicks(people.names[KeyRole.HEADTEACHER], "Mrs Ada Okafor")
    qtbot.keyClicks(people.emails[KeyRole.HEADTEACHER], "head@spixworth.sch.uk")
    qtbot.keyClicks(people.names[KeyRole.DSL], "Mr Tom Ng")
    next_page(qtbot, wizard)
    settings = wizard.settings_page
    qtbot.keyClicks(settings.domains, "spixworth.sch.uk, @Spixworth.org.uk")
    settings.response_rule.setCurrentIndex(1)
    settings.review_date.setDate(None)
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Create the workspace"
    next_page(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_KIT, timeout=30_000)
    assert wizard.workspace is not None
    return wizard.workspace


def test_the_wizard_creates_a_workspace_end_to_end(
    qtbot: QtBot, new_wizard: FirstRunWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = run_to_kit(qtbot, new_wizard)
    path = tmp_path / "Spixworth Federation.smgov"
    assert workspace.path == path and path.exists()
    assert workspace.recovery_key.replace(" ", "") in new_wizard.kit_page.key_label.text().replace(" ", "").replace(
        "\n", ""
    )
    finish = new_wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()

    kit = tmp_path / "kit.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(kit), ""))
    assert new_wizard.kit_page.kit_buttons is not None
    qtbot.mouseClick(new_wizard.kit_page.kit_buttons.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(finish.isEnabled, timeout=20_000)
    assert kit.read_bytes().startswith(b"%PDF")

    with qtbot.waitSignal(new_wizard.accepted):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert new_wizard.workspace is workspace and workspace.is_open
    assert new_wizard.kit_page.key_label.text() == ""  # the key is not left on screen
    details = school.get_details(workspace)
    assert details.name == SCHOOL_NAME
    assert details.email_domains == ("spixworth.sch.uk", "spixworth.org.uk")
    assert details.auto_lock_minutes == 10 and details.password_max_age_days == 365
    assert details.response_rule is ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND
    assert details.policy_review_date is None
    assert details.kit_printed_at is not None
    people = school.key_people(workspace)
    assert people[KeyRole.HEADTEACHER].email == "head@spixworth.sch.uk"
    assert people[KeyRole.DSL].name == "Mr Tom Ng"
    assert KeyRole.DPO not in people
    assert state.recent_workspaces()[0] == path.resolve()

    workspace.close()
    Workspace.open(path, passphrase=PASSPHRASE).close()


def test_finish_waits_for_the_kit_or_the_promise_to_print_it_later(qtbot: QtBot, new_wizard: FirstRunWizard) -> None:
    run_to_kit(qtbot, new_wizard)
    finish = new_wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    assert not new_wizard.button(QWizard.WizardButton.BackButton).isEnabled()  # the file exists now
    qtbot.keyClick(new_wizard, Qt.Key.Key_Escape)
    assert new_wizard.isVisible()  # Esc does not lose the only sight of the recovery key
    later = new_wizard.kit_page.later
    qtbot.mouseClick(later, Qt.MouseButton.LeftButton, pos=QPoint(6, later.height() // 2))  # on the box itself
    assert finish.isEnabled()
    with qtbot.waitSignal(new_wizard.accepted):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert new_wizard.workspace is not None
    assert school.get_details(new_wizard.workspace).kit_printed_at is None


def test_a_mismatched_confirmation_is_refused_next_to_the_field(qtbot: QtBot, new_wizard: FirstRunWizard) -> None:
    fill_school(qtbot, new_wizard)
    fill_passphrase(qtbot, new_wizard, PASSPHRASE, PASSPHRASE + "s")
    assert new_wizard.currentId() == PAGE_SAVE
    assert "different" in new_wizard.save_page.confirm_error.message
    assert new_wizard.save_page.confirm_error.isVisible()
    assert not new_wizard.save_page.passphrase_error.message


@pytest.mark.parametrize("weak", ["password123456", "spixworth", "Spixworth Federation"])
def test_a_weak_passphrase_is_refused_with_advice(qtbot: QtBot, new_wizard: FirstRunWizard, weak: str) -> None:
    fill_school(qtbot, new_wizard)
    fill_passphrase(qtbot, new_wizard, weak, weak)
    assert new_wizard.currentId() == PAGE_SAVE
    assert "too easy to guess" in new_wizard.save_page.passphrase_error.message
    assert new_wizard.save_page.meter.feedback.text()
    assert not new_wizard.save_page.meter.strength().acceptable


def test_an_empty_school_name_is_refused(qtbot: QtBot, new_wizard: FirstRunWizard) -> None:
    qtbot.keyClicks(new_wizard.school_page.name_edit, "   ")
    next_page(qtbot, new_wizard)
    assert new_wizard.currentId() == PAGE_SCHOOL
    assert new_wizard.school_page.name_error.message == "Enter the school's name."


def test_an_existing_file_is_refused(qtbot: QtBot, new_wizard: FirstRunWizard, tmp_path: Path) -> None:
    (tmp_path / "Spixworth Federation.smgov").write_bytes(b"someone else's")
    fill_school(qtbot, new_wizard)
    assert new_wizard.save_page.file_name.text() == "Spixworth Federation.smgov"
    fill_passphrase(qtbot, new_wizard, PASSPHRASE, PASSPHRASE)
    assert new_wizard.currentId() == PAGE_SAVE
    assert "already exists" in new_wizard.save_page.file_error.message
    assert (tmp_path / "Spixworth Federation.smgov").read_bytes() == b"someone else's"


def test_a_folder_that_cannot_be_written_to_is_refused(
    qtbot: QtBot, new_wizard: FirstRunWizard, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(wizard_steps.tempfile, "mkstemp", refuse)  # tests run as root, so chmod would not do
    fill_school(qtbot, new_wizard)
    fill_passphrase(qtbot, new_wizard, PASSPHRASE, PASSPHRASE)
    assert new_wizard.currentId() == PAGE_SAVE
    assert "cannot save files in" in new_wizard.save_page.folder_error.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a picture", "not an image smgov can read"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (11 * 1024 * 1024), "Choose an image under 10 MB"),
    ],
)
def test_a_broken_or_huge_logo_gets_a_message_on_its_page(
    qtbot: QtBot,
    new_wizard: FirstRunWizard,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    message: str,
) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(content)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(logo), ""))
    page = new_wizard.school_page
    qtbot.mouseClick(page.choose_logo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.logo_error.message), timeout=20_000)
    assert message in page.logo_error.message
    assert page.logo is None
    fill_school(qtbot, new_wizard)  # the school can carry on without a logo


def test_a_good_logo_is_previewed_and_saved(
    qtbot: QtBot, new_wizard: FirstRunWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logo = tmp_path / "crest.jpg"
    Image.new("RGB", (1200, 800), "navy").save(logo, "JPEG")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(logo), ""))
    page = new_wizard.school_page
    qtbot.mouseClick(page.choose_logo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.logo is not None, timeout=20_000)
    assert not page.preview.pixmap().isNull()
    assert page.remove_logo.isEnabled()
    workspace = run_to_kit(qtbot, new_wizard)
    stored = school.get_logo(workspace)
    assert stored is not None and stored.startswith(b"\x89PNG")


def test_a_failure_while_creating_leaves_no_file_behind(
    qtbot: QtBot, new_wizard: FirstRunWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_update = school.update_settings
    calls: list[int] = []

    def disk_full_once(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise SmgovError("There is not enough space to save the settings.")
        return real_update(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(school, "update_settings", disk_full_once)
    fill_school(qtbot, new_wizard)
    fill_passphrase(qtbot, new_wizard, PASSPHRASE, PASSPHRASE)
    next_page(qtbot, new_wizard)
    next_page(qtbot, new_wizard)
    assert new_wizard.currentId() == PAGE_CREATE
    page = new_wizard.create_page
    qtbot.waitUntil(lambda: bool(page.error.message), timeout=30_000)

    assert "not enough space" in page.error.message
    assert new_wizard.workspace is None
    assert [p.name for p in tmp_path.iterdir() if "Spixworth" in p.name] == []
    assert new_wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert not new_wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert new_wizard.button(QWizard.WizardButton.CancelButton).isEnabled()

    click(qtbot, new_wizard, QWizard.WizardButton.BackButton)
    next_page(qtbot, new_wizard)  # try again, now that the disk has room
    qtbot.waitUntil(lambda: new_wizard.currentId() == PAGE_KIT, timeout=30_000)
    assert new_wizard.workspace is not None and new_wizard.workspace.path.exists()


def test_the_first_page_s_copies_of_data_layer_limits_agree_with_it() -> None:
    """The school page and the file checks are painted before the data layer loads, so they keep copies."""
    from smgov.data import validation
    from smgov.data import workspace as workspace_module
    from smgov.ui.shell import wizard_school

    assert wizard_school.MAX_NAME == validation.MAX_NAME
    assert wizard_steps.SUFFIX == workspace_module.SUFFIX


def test_before_the_data_layer_is_in_the_school_page_shows_and_next_waits_for_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """As at a first start: the school page is painted first, the user can type the name, and Next goes on once
    the other pages have come in with the data layer (never Finish on the first page)."""
    from smgov.ui.shell import warmup

    arrivals: list[object] = []
    monkeypatch.setattr(warmup, "data_layer_loaded", lambda: False)
    monkeypatch.setattr(warmup, "load_data_layer", lambda _parent, ready: arrivals.append(ready))
    wizard = FirstRunWizard(folder=tmp_path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: len(arrivals) == 1)  # asked for after the first paint
    assert wizard.pageIds() == [PAGE_SCHOOL]
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert next_button.isVisible() and not next_button.isEnabled()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    qtbot.keyClicks(wizard.school_page.name_edit, "Spixworth Federation")
    arrivals[0]()  # the data layer is in
    assert wizard.pageIds() == list(range(6))
    assert next_button.isEnabled()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_SAVE
    assert wizard.save_page.file_name.text() == "Spixworth Federation.smgov"
