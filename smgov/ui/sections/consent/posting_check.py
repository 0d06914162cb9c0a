""" "Can I post this?": choose the pupils (by search or a whole class), photo or video, the account and the
caption; a verdict for each pupil and one overall answer; then "Log this post" for the publication log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import SmgovError
from smgov.data.models.consent import PostMedia
from smgov.data.references import RecordKind, format_reference
from smgov.data.services.accounts import AccountRow
from smgov.data.services.posting import CheckResult, PupilVerdict, Verdict
from smgov.data.services.pupils import PupilRow
from smgov.ui.frame import operations
from smgov.ui.frame.dialogs import Buttons, Dialog, StepDialog
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.forms import button, line_edit, text_edit
from smgov.ui.frame.tables import Column, FilterProxy, RowTableModel, TableView
from smgov.ui.frame.widgets import DateField, FieldError, heading_label, plain_label
from smgov.ui.sections.consent.pupil_finder import PupilFinder, pupil_line
from smgov.ui.sections.consent.record import combo

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

VERDICT_SYMBOLS = {Verdict.YES: "✓", Verdict.RESTRICTED: "✓*", Verdict.NO: "✗"}
LIVE = ("active", "approved", "under_review", "closing")


def verdict_text(verdict: PupilVerdict) -> str:
    """ "✓ Yes", "✓* Yes, with restrictions: first name only", "✗ No: not returned for 2026-27"."""
    text = verdict.text
    return f"{VERDICT_SYMBOLS[verdict.verdict]} {text[:1].upper()}{text[1:]}"


def answer_text(result: CheckResult) -> str:
    return f"{VERDICT_SYMBOLS[result.answer]} {result.summary}"


def account_text(account: AccountRow) -> str:
    return f"{format_reference(RecordKind.ACCOUNT, account.id)} {account.display_name} ({account.platform.label})"


class VerdictModel(RowTableModel[PupilVerdict]):
    NAME, CLASS, REFERENCE, VERDICT = range(4)
    columns = (
        Column[PupilVerdict]("Pupil", lambda v: v.short_name, width=16),
        Column[PupilVerdict]("Class", lambda v: v.class_name, width=6),
        Column[PupilVerdict]("Adm. no.", lambda v: v.reference, width=8),
        Column[PupilVerdict](
            "May they be shown?", verdict_text, sort_key=lambda v: (v.verdict is not Verdict.NO, v.short_name)
        ),
    )


class PostCheckDialog(Dialog):
    """The check before posting, and the way to the publication log.

    Signals:
        logged(int): a post was logged (its id).
    """

    logged = Signal(int)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        pupils: Sequence[PupilRow],
        accounts: Sequence[AccountRow],
        classes: Sequence[str],
    ) -> None:
        super().__init__(
            parent,
            "Can I post this?",
            name="post-check",
            intro="Choose who appears, what it is and where it goes. Each pupil gets a verdict from their consent "
            "today; the caption is checked for pupils' full names.",
            buttons=Buttons.Close,
            min_width=760,
        )
        self.session = session
        self.pupils = [p for p in pupils if p.on_roll]
        self._by_id = {p.id: p for p in self.pupils}
        self.chosen: list[int] = []
        self.checked: CheckResult | None = None
        self._checking = False

        self.finder = PupilFinder(
            self.pupils, "post-check", "Find a pupil", "Type a name, admission number or UPN; Enter adds"
        )
        self.finder.taken.connect(self.add_match)
        self.search, self.matches = self.finder.search, self.finder.matches
        self.class_combo = combo("post-check-class", "Class", [("Choose a class…", None), *((c, c) for c in classes)])
        self.add_class_button = button("Add the class", "post-check-add-class")
        self.add_class_button.clicked.connect(self.add_class)
        class_row = QHBoxLayout()
        class_row.addWidget(self.class_combo, 1)
        class_row.addWidget(self.add_class_button)
        self.chosen_list = QListWidget()
        self.chosen_list.setObjectName("post-check-chosen")
        self.chosen_list.setAccessibleName("Pupils in the post")
        self.chosen_list.setMaximumHeight(self.chosen_list.fontMetrics().height() * 7)
        self.remove_button = button("Remove", "post-check-remove", "Remove the chosen pupil")
        self.remove_button.clicked.connect(self.remove_chosen)
        self.clear_button = button("Remove all", "post-check-remove-all")
        self.clear_button.clicked.connect(self.remove_all)
        chosen_buttons = QHBoxLayout()
        chosen_buttons.addWidget(self.remove_button)
        chosen_buttons.addWidget(self.clear_button)
        chosen_buttons.addStretch(1)
        pupils_column = QVBoxLayout()
        pupils_column.addWidget(self.search)
        pupils_column.addWidget(self.matches)
        pupils_column.addLayout(class_row)
        pupils_column.addWidget(self.chosen_list)
        pupils_column.addLayout(chosen_buttons)
        self.form.addRow("&Pupils", self._wrap(pupils_column))
        self.pupils_error = FieldError(for_widget=self.search, name="post-check-pupils-error")
        self.form.addRow("", self.pupils_error)

        self.media = combo("post-check-media", "Photo or video", [(m.label, m) for m in PostMedia])
        self.form.addRow("&Media", self.media)
        live = [a for a in accounts if a.status.value in LIVE] or list(accounts)
        self.account = combo("post-check-account", "Account", [(account_text(a), a.id) for a in live])
        self.form.addRow("&Account", self.account)
        self.caption = text_edit("post-check-caption", "Caption", 2, "Optional: the words that go with it")
        self.form.addRow("Ca&ption", self.caption)

        self.answer = heading_label("", name="post-check-answer")
        self.answer.setWordWrap(True)
        self.body.addWidget(self.answer)
        self.named = plain_label("", name="post-check-named")
        self.body.addWidget(self.named)
        self.model = VerdictModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.table = TableView("Verdicts", self, name="post-check-verdicts")
        self.table.use_model(self.proxy, VerdictModel.VERDICT)
        self.table.setMinimumHeight(150)
        self.body.addWidget(self.table, 1)
        self.answer.hide()
        self.named.hide()

        self.check_button = button("Check", "post-check-check", tooltip="Check the pupils and the caption (Enter)")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.run_check)
        self.log_button = button("Log this post…", "post-check-log", tooltip="Add it to the publication log")
        self.log_button.clicked.connect(self.log_post)
        self.buttons.addButton(self.check_button, self.buttons.ButtonRole.ActionRole)
        self.buttons.addButton(self.log_button, self.buttons.ButtonRole.ActionRole)
        for field in (self.media, self.account):
            field.currentIndexChanged.connect(self._stale)
        self.caption.textChanged.connect(self._stale)
        session.locked.connect(self.reject)
        if not live:
            self.problem.show_error("There is no account on the register yet: add the account first.")
        self._update()

    @staticmethod
    def _wrap(layout: QVBoxLayout) -> QWidget:
        holder = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(layout)
        return holder

    # -- choosing pupils ---------------------------------------------------------------------------------------

    def add_match(self) -> bool:
        pupil_id = self.finder.chosen_id()
        if pupil_id is None:
            return False
        self.add_pupils([pupil_id])
        self.search.clear()
        return True

    def add_class(self) -> None:
        name = self.class_combo.currentData()
        if name is None:
            return
        self.add_pupils([p.id for p in self.pupils if p.class_name == name])

    def add_pupils(self, pupil_ids: Sequence[int]) -> None:
        for pupil_id in pupil_ids:
            if pupil_id in self.chosen or pupil_id not in self._by_id:
                continue
            self.chosen.append(pupil_id)
            item = QListWidgetItem(pupil_line(self._by_id[pupil_id]))
            item.setData(Qt.ItemDataRole.UserRole, pupil_id)
            self.chosen_list.addItem(item)
        self.pupils_error.clear()
        self._stale()

    def remove_chosen(self) -> None:
        row = self.chosen_list.currentRow()
        if row >= 0:
            item = self.chosen_list.takeItem(row)
            self.chosen.remove(int(item.data(Qt.ItemDataRole.UserRole)))
            self._stale()

    def remove_all(self) -> None:
        self.chosen_list.clear()
        self.chosen = []
        self._stale()

    # -- checking ----------------------------------------------------------------------------------------------

    def _stale(self) -> None:
        """What was checked no longer matches the form: the answer goes until checked again."""
        self.checked = None
        self.model.clear()
        self.answer.hide()
        self.named.hide()
        self._update()

    def _update(self) -> None:
        has_account = self.account.count() > 0
        self.check_button.setEnabled(bool(self.chosen) and has_account and not self._checking)
        self.log_button.setEnabled(self.checked is not None and not self._checking)

    def run_check(self) -> bool:
        """Check in the background; the verdicts and the answer follow."""
        if not self.chosen:
            self.pupils_error.show_error("Add the pupils who appear: type a name, or add a whole class.")
            return False
        if self._checking or not self.session.is_unlocked or self.account.currentData() is None:
            return False
        workspace = self.session.workspace
        pupil_ids, media = list(self.chosen), PostMedia(str(self.media.currentData()))
        account_id, caption = int(self.account.currentData()), self.caption.toPlainText()
        self._checking = True
        self._update()

        def check() -> CheckResult:
            from smgov.data.services.posting import check

            return check(workspace, pupil_ids, media, account_id, caption=caption)

        def failed(exc: BaseException) -> None:
            self._checking = False
            self._update()
            if isinstance(exc, SmgovError):
                self.problem.show_error(str(exc))
            else:
                show_error(self, exc)

        operations.run_in_background(self, check, self.show_result, failed)
        return True

    def show_result(self, result: CheckResult) -> None:
        self._checking = False
        self.problem.clear()
        self.checked = result
        self.model.set_rows(list(result.verdicts))
        self.answer.setText(answer_text(result))
        self.answer.show()
        lines = []
        if result.named_in_caption:
            names = ", ".join(n.short_name for n in result.named_in_caption)
            lines.append(f"The caption gives the full name of: {names}. Pupils' full names are never used with images.")
        if result.account_warning:
            lines.append(result.account_warning)
        lines.append("Checked for: " + ", ".join(result.needs) + f", on {result.on:%d/%m/%Y}.")
        self.named.setText("\n".join(lines))
        self.named.show()
        self._update()

    def log_post(self) -> LogPostDialog | None:
        if self.checked is None:
            return None
        dialog = LogPostDialog(self, self.session, self.checked, list(self.chosen), self.caption.toPlainText())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(self._logged)
        dialog.open()
        return dialog

    def _logged(self, post_id: object) -> None:
        self.logged.emit(int(str(post_id)))
        self.answer.setText(f"{self.answer.text()}\nLogged in the publication log.")


class LogPostDialog(StepDialog):
    """Add a checked post to the publication log: when it went up, its address, a description; a post that the
    check said no to is logged only with the reason why (kept in the audit log)."""

    ok_text = "Log the post"
    changes = (Change.CONSENT,)

    def __init__(
        self, parent: QWidget, session: AppSession, result: CheckResult, pupil_ids: list[int], caption: str
    ) -> None:
        super().__init__(
            parent,
            session,
            "Log this post",
            f"{result.media.label} on {result.account_reference} {result.account_name}, showing "
            f"{len(pupil_ids)} pupil{'s' if len(pupil_ids) != 1 else ''}. {result.summary}",
            name="log-post",
        )
        self.checked = result
        self.pupil_ids = pupil_ids
        self.caption = caption
        self.posted_on = DateField(accessible_name="Posted on", name="log-post-posted-on", default=dt.date.today())
        self.add_field("posted_on", "Posted &on", self.posted_on)
        self.url = line_edit("log-post-url", "Address of the post", "https://…")
        self.add_field("url", "&Address", self.url, "Where the post can be found, for a takedown later.")
        self.description = text_edit("log-post-description", "Description", 2, "e.g. Sports day, Year 4 relay")
        self.add_field("description", "&Description", self.description)
        self.override = text_edit("log-post-override", "Reason to log it anyway", 2)
        label = self.add_field(
            "override", "&Why anyway", self.override, "The check said no: say why it is logged (kept in the audit log)."
        )
        if result.may_post:  # nothing to explain
            label.hide()
            holder = self.override.parentWidget()
            if holder is not None:
                holder.hide()
        self.add_stretch()

    @override
    def prepare(self) -> Callable[[Workspace], Any]:
        result, pupil_ids, caption = self.checked, self.pupil_ids, self.caption
        posted_on = self.posted_on.date() or dt.date.today()
        url, description, override_text = self.url.text(), self.description.toPlainText(), self.override.toPlainText()

        def log(workspace: Workspace) -> int:
            from smgov.data.services.posting import log_post

            return log_post(
                workspace,
                result.account_id,
                posted_on,
                result.media,
                url,
                caption,
                pupil_ids,
                description,
                override=override_text,
            )

        return log
