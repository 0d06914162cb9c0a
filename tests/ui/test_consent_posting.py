""" "Can I post this?" from the section: pupils by search and by class, a verdict per pupil and overall, logging the
post; and the takedowns a withdrawal opens, marked removed or not practicable."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smgov.data.models.accounts import AccountStatus
from smgov.data.models.consent import ConsentChange, ConsentMethod, ConsentStatus, PostMedia
from smgov.ui.sections.consent import ConsentView
from smgov.ui.sections.consent.posting_check import LogPostDialog, PostCheckDialog
from smgov.ui.sections.consent.posts import NotPracticableDialog, PostsDialog, RemovedDialog
from smgov.ui.shell.session import AppSession
from tests.data.registers import make_account
from tests.ui.consent_support import add_pupils


@pytest.fixture
def setting(qtbot: QtBot, app_session: AppSession) -> tuple[ConsentView, dict[str, int], int]:
    ids = add_pupils(app_session.workspace)
    account_id, _staff = make_account(app_session.workspace, AccountStatus.ACTIVE)
    view = ConsentView(app_session)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitUntil(lambda: view.loaded_once)
    return view, ids, account_id


def verdict_lines(dialog: PostCheckDialog) -> dict[str, str]:
    model = dialog.model
    return {model.row_at(r).short_name: str(model.index(r, 3).data()) for r in range(model.rowCount())}


def test_can_i_post_this_gives_a_verdict_per_pupil_and_one_answer(
    qtbot: QtBot, setting: tuple[ConsentView, dict[str, int], int]
) -> None:
    view, _ids, _account = setting
    qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(PostCheckDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert not dialog.check_button.isEnabled()  # nobody chosen yet
    qtbot.keyClicks(dialog.search, "chi")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.chosen_list.count() == 1
    with qtbot.waitSignal(dialog.model.modelReset, timeout=5000):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.answer.text() == "✓ Yes: the pupil may be shown."

    dialog.class_combo.setCurrentIndex(dialog.class_combo.findText("3A"))
    qtbot.mouseClick(dialog.add_class_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen_list.count() == 2  # Chi was there already
    assert dialog.answer.isHidden()  # changed since the check
    dialog.caption.setPlainText("Well done Zofia Nowak!")
    with qtbot.waitSignal(dialog.model.modelReset, timeout=5000):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    lines = verdict_lines(dialog)
    assert lines["Chi O."] == "✓ Yes"
    assert lines["Zofia N."].startswith("✗ No: consent for social media photos was refused")
    assert dialog.answer.text().startswith("✗ No: 1 of 2 pupils may not be shown and the caption gives")
    assert "Zofia N." in dialog.named.text()


def test_a_checked_post_is_logged_and_a_withdrawal_opens_a_takedown(
    qtbot: QtBot, setting: tuple[ConsentView, dict[str, int], int], app_session: AppSession
) -> None:
    from smgov.data.services import consent, posting

    view, ids, _account = setting
    dialog = view.post_check()
    assert isinstance(dialog, PostCheckDialog)
    qtbot.waitExposed(dialog)
    dialog.add_pupils([ids["Okafor"]])
    dialog.media.setCurrentIndex(dialog.media.findData(PostMedia.VIDEO))
    with qtbot.waitSignal(dialog.model.modelReset, timeout=5000):
        dialog.run_check()
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    log = dialog.findChild(LogPostDialog)
    assert log is not None
    qtbot.waitExposed(log)
    assert log.override.isHidden() or not log.override.isVisible()  # the check said yes: nothing to explain
    log.url.setText("https://x.com/school/status/1")
    log.description.setPlainText("Sports day relay")
    with qtbot.waitSignal(dialog.logged, timeout=5000):
        assert log.ok_button is not None
        qtbot.mouseClick(log.ok_button, Qt.MouseButton.LeftButton)
    (post,) = posting.list_posts(app_session.workspace)
    assert post.media is PostMedia.VIDEO and post.pupils == 1 and post.description == "Sports day relay"

    year = consent.academic_year_of(dt.date.today())
    videos = next(p.id for p in consent.purposes(app_session.workspace) if p.key == "social_videos")
    consent.record_consent(
        app_session.workspace,
        consent.ConsentInput(
            ids["Okafor"],
            year,
            ConsentChange.WITHDRAWAL,
            {videos: (ConsentStatus.REFUSED, "")},
            dt.date.today(),
            ConsentMethod.EMAIL,
            given_by="Ada Parent",
            note="Email of today",
        ),
    )

    posts = view.posts()
    assert isinstance(posts, PostsDialog)
    qtbot.waitUntil(lambda: posts.loaded and posts.takedown_model.rowCount() == 1)
    assert posts.post_model.rowCount() == 1
    assert str(posts.takedown_model.index(0, 0).data()) == "⚠ To take down"
    assert posts.tabs.tabText(0) == "Takedowns (1)"
    assert not posts.removed_button.isEnabled()  # nothing chosen
    posts.takedown_table.setCurrentIndex(posts.takedown_proxy.index(0, 0))
    qtbot.mouseClick(posts.impracticable_button, Qt.MouseButton.LeftButton)
    why = posts.findChild(NotPracticableDialog)
    assert why is not None
    qtbot.waitExposed(why)
    assert why.ok_button is not None
    qtbot.mouseClick(why.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused beside the field
    qtbot.waitUntil(lambda: why.errors["why"].message != "")
    why.why.setPlainText("Shared on by the local paper")
    with qtbot.waitSignal(why.recorded, timeout=5000):
        qtbot.mouseClick(why.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: posts.takedown_model.rowCount() == 0)  # only those still to do
    posts.open_only.setChecked(False)
    qtbot.waitUntil(lambda: posts.takedown_model.rowCount() == 1)
    assert str(posts.takedown_model.index(0, 0).data()) == "✗ Not practicable"
    posts.takedown_table.setCurrentIndex(posts.takedown_proxy.index(0, 0))
    assert posts.removed_button.isEnabled() and not posts.impracticable_button.isEnabled()
    removed = posts.mark(removed=True)
    assert isinstance(removed, RemovedDialog)
    qtbot.waitExposed(removed)
    with qtbot.waitSignal(removed.recorded, timeout=5000):
        removed.save()
    qtbot.waitUntil(lambda: str(posts.takedown_model.index(0, 0).data()) == "✓ Removed")


def test_the_dashboards_consent_links_open_the_takedowns_and_the_chase_list(
    qtbot: QtBot, setting: tuple[ConsentView, dict[str, int], int]
) -> None:
    from smgov.ui.frame.printing import PrintDialog

    view, ids, _account = setting
    view.show_record(f"takedowns-{ids['Nowak']}")
    assert view.pane.record_id == ids["Nowak"]
    posts = view.findChild(PostsDialog)
    assert posts is not None
    qtbot.waitUntil(lambda: posts.loaded)
    posts.reject()

    view.show_record("chase-list")
    assert view.status_filter.combo.currentText() == "– Not returned"
    assert {view.proxy.row_at(r).pupil.legal_last_name for r in range(view.proxy.rowCount())} == {"Patel", "Smith"}
    chase = view.findChild(PrintDialog, "consent-print-chase")
    assert chase is not None
    chase.reject()
