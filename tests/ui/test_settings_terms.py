"""Term dates on the settings page: England's usual dates until the school changes them, edits kept per year and
saved with the page, a wrong date explained beside it with nothing saved, a reset, and no change by the wheel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from smgov.data.services import terms
from smgov.data.services.audit_log import list_events
from smgov.data.terms import Term, academic_year_of, usual_terms
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.sections.settings.view import SettingsPage
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

THIS_YEAR = academic_year_of(dt.date.today())


@pytest.fixture
def session(qtbot: QtBot, workspace: Workspace) -> Iterator[AppSession]:
    app_session = AppSession()
    app_session.set_workspace(workspace)
    yield app_session
    operations.wait_for_background()
    app_session.lock()


def _page(qtbot: QtBot, session: AppSession) -> SettingsPage:
    settings = SettingsPage(session)
    qtbot.addWidget(settings)
    settings.resize(1000, 800)
    with qtbot.waitActive(settings):
        settings.show()
    return settings


@pytest.fixture
def page(qtbot: QtBot, session: AppSession) -> SettingsPage:
    return _page(qtbot, session)


def _save(qtbot: QtBot, page: SettingsPage) -> None:
    """Ctrl+S, and wait for the save (off the UI thread) to end, whether it worked or was refused."""
    qtbot.keyClick(page.pane.form.fields["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not page.pane.is_saving)


def _shown(page: SettingsPage) -> list[tuple[Term, dt.date | None, dt.date | None]]:
    fields = page.pane.terms.fields
    return [(term, fields[term, "starts_on"].date(), fields[term, "ends_on"].date()) for term in Term]


def test_the_usual_dates_show_for_this_year_and_next(page: SettingsPage) -> None:
    group = page.pane.terms
    assert [group.year.itemData(i) for i in range(group.year.count())] == [THIS_YEAR, THIS_YEAR + 1]
    assert group.current_year() == THIS_YEAR
    assert _shown(page) == [(t.term, t.starts_on, t.ends_on) for t in usual_terms(THIS_YEAR)]
    assert "England's usual dates" in group.source.text()
    assert not group.reset_button.isEnabled()  # nothing of the school's own to reset
    assert not page.pane.has_unsaved_changes()


def test_a_changed_date_is_saved_with_the_page_and_audited(
    qtbot: QtBot, page: SettingsPage, session: AppSession
) -> None:
    group = page.pane.terms
    group.choose_year(THIS_YEAR + 1)
    usual = usual_terms(THIS_YEAR + 1)
    later = usual[0].starts_on + dt.timedelta(days=1)
    group.fields[Term.AUTUMN, "starts_on"].setDate(later)
    assert page.pane.has_unsaved_changes() and page.pane.save_button.isEnabled()
    assert "own dates" in group.source.text()
    group.choose_year(THIS_YEAR)  # looking at another year keeps the edit
    group.choose_year(THIS_YEAR + 1)
    assert _shown(page)[0][1] == later
    with qtbot.waitSignal(page.pane.saved, timeout=10_000):
        _save(qtbot, page)
    saved = terms.term_dates(session.workspace, THIS_YEAR + 1)
    assert saved[0].starts_on == later and all(t.custom for t in saved)
    assert terms.term_dates(session.workspace, THIS_YEAR) == usual_terms(THIS_YEAR)  # the other year untouched
    assert list_events(session.workspace, limit=1)[0].action == "term_dates.set"
    assert group.current_year() == THIS_YEAR + 1 and group.reset_button.isEnabled()
    assert not page.pane.has_unsaved_changes()


def test_putting_the_date_back_is_no_change(page: SettingsPage) -> None:
    field = page.pane.terms.fields[Term.SPRING, "ends_on"]
    before = field.date()
    assert before is not None
    field.setDate(before + dt.timedelta(days=7))
    assert page.pane.has_unsaved_changes()
    field.setDate(before)
    assert not page.pane.has_unsaved_changes()


def test_a_wrong_date_is_explained_beside_it_on_its_year_and_nothing_is_saved(
    qtbot: QtBot, page: SettingsPage, session: AppSession
) -> None:
    group = page.pane.terms
    group.choose_year(THIS_YEAR + 1)
    starts = group.fields[Term.SUMMER, "starts_on"].date()
    assert starts is not None
    group.fields[Term.SUMMER, "ends_on"].setDate(starts - dt.timedelta(days=1))
    group.choose_year(THIS_YEAR)  # the wrong year is not the one on screen
    name = page.pane.form.fields["name"]
    assert isinstance(name, QLineEdit)
    name.setText("Renamed Academy")
    _save(qtbot, page)
    error = page.pane.form.errors["terms.summer.ends_on"]
    assert error.isVisible() and "ends" in error.text() and "before it starts" in error.text()
    assert group.current_year() == THIS_YEAR + 1  # brought to the year with the wrong date
    assert terms.custom_years(session.workspace) == []
    from smgov.data.services import school

    assert school.get_details(session.workspace).name != "Renamed Academy"  # nothing half-saved
    assert page.pane.has_unsaved_changes()


def test_reset_goes_back_to_englands_usual_dates(qtbot: QtBot, session: AppSession) -> None:
    own = [(t.term, t.starts_on + dt.timedelta(days=1), t.ends_on) for t in usual_terms(THIS_YEAR)]
    terms.save_term_dates(session.workspace, THIS_YEAR, own)
    terms.save_term_dates(
        session.workspace, THIS_YEAR - 3, [(t.term, t.starts_on, t.ends_on) for t in usual_terms(THIS_YEAR - 3)]
    )
    page = _page(qtbot, session)
    group = page.pane.terms
    years = [group.year.itemData(i) for i in range(group.year.count())]
    assert years == [THIS_YEAR - 3, THIS_YEAR, THIS_YEAR + 1]  # a year with the school's own dates is offered too
    assert _shown(page) == own and "own dates" in group.source.text()
    qtbot.mouseClick(group.reset_button, Qt.MouseButton.LeftButton)
    assert _shown(page) == [(t.term, t.starts_on, t.ends_on) for t in usual_terms(THIS_YEAR)]
    assert page.pane.has_unsaved_changes()
    with qtbot.waitSignal(page.pane.saved, timeout=10_000):
        _save(qtbot, page)
    assert terms.custom_years(session.workspace) == [THIS_YEAR - 3]
    assert list_events(session.workspace, limit=1)[0].action == "term_dates.reset"


def test_the_wheel_never_changes_an_unfocused_term_date(page: SettingsPage) -> None:
    date = page.pane.terms.fields[Term.AUTUMN, "starts_on"]
    before = date.date()
    page.pane.form.fields["name"].setFocus()
    centre = date.edit.rect().center()
    wheel = QWheelEvent(
        QPointF(centre),
        QPointF(date.edit.mapToGlobal(centre)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(date.edit, wheel)
    assert date.date() == before and not page.pane.has_unsaved_changes()
    assert page.pane.terms.year.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_locking_empties_the_term_dates(page: SettingsPage, session: AppSession) -> None:
    session.lock()
    assert page.pane.terms.year.count() == 0
