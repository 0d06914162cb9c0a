"""Settings: the school's details, key people, rules and closure days, and the workspace file's own tools.

Nothing on this page is saved until Save (Ctrl+S): every field is checked first, and when one is wrong the message
shows next to it and nothing is saved. The Workspace group's buttons are actions that happen at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QVBoxLayout, QWidget
from typing_extensions import override

from smgov.data.areas import Change, Section
from smgov.data.errors import ValidationError
from smgov.data.models import KeyRole, ResponseRule
from smgov.data.terms import academic_year_of
from smgov.ui.frame import pdf_output
from smgov.ui.frame.page import SectionPage
from smgov.ui.frame.pane import RecordPane
from smgov.ui.sections.settings.closures import ClosureDays, ClosureRow
from smgov.ui.sections.settings.purposes import ConsentPurposes, day_month_text, parse_day_month
from smgov.ui.sections.settings.school_form import (
    KINDS,
    LogoRow,
    key_people_group,
    person_key,
    rules_group,
    school_group,
)
from smgov.ui.sections.settings.terms import TermDatesGroup, years_to_show
from smgov.ui.sections.settings.workspace_tools import WorkspaceTools
from smgov.ui.shell.session import AppSession

if TYPE_CHECKING:
    from smgov.data.services.school import KeyPersonDetails, SchoolDetails
    from smgov.data.terms import TermDates
    from smgov.data.workspace import Workspace

log = logging.getLogger(__name__)

LOGO_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;All files (*)"
SETTINGS_ID = 1  # the school has one set of settings
_UNCHANGED = object()


def split_domains(text: str) -> list[str]:
    """Domains typed with commas, semicolons or spaces between them."""
    return [part for part in re.split(r"[,;\s]+", text) if part]


@dataclass(frozen=True)
class SchoolSettings:
    details: SchoolDetails
    people: dict[KeyRole, KeyPersonDetails]
    closures: list[ClosureRow]
    logo: bytes | None
    terms: dict[int, list[TermDates]] = field(default_factory=dict)  # by academic year: the years shown


class SettingsPane(RecordPane[SchoolSettings]):
    """The school's settings as one record: the form, the logo and closure days, saved together."""

    prefix = "settings"
    noun = "settings"
    changes = (Change.SETTINGS,)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        self._logo_bytes: bytes | None = None  # what the workspace holds
        self._logo_pending: Any = _UNCHANGED  # bytes (new, already checked), None (remove) or _UNCHANGED
        super().__init__(session, parent)
        self.title.setText("Settings")

    @override
    def which(self) -> str:
        return "the settings"

    @override
    def build(self) -> None:
        self.demo_banner = QLabel(
            "This is the demo workspace: every name in it is invented, and it is deleted when smgov closes. "
            "Try anything here."
        )
        self.demo_banner.setObjectName("settings-demo-banner")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.demo_banner.setMargin(8)
        self.demo_banner.setAutoFillBackground(True)
        self.demo_banner.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.demo_banner.setVisible(False)
        self.body.addWidget(self.demo_banner)
        content = self.scroll_area.widget()
        if content is not None:
            content.setMaximumWidth(1000)  # a form wider than this is hard to read across
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.logo = LogoRow(self.form, self.choose_logo, self.remove_logo)
        self.body.addWidget(school_group(self.form, self.logo))
        people_group, self.people = key_people_group(self.form)
        self.body.addWidget(people_group)
        self.body.addWidget(rules_group(self.form))
        self.closures = ClosureDays(self.changed)
        self.body.addWidget(self.closures)
        self.terms = TermDatesGroup(self.form, self.changed)
        self.body.addWidget(self.terms)
        self.purposes = ConsentPurposes(self.session)
        self.body.addWidget(self.purposes)
        self.workspace_tools = WorkspaceTools(self.session)
        self.body.addWidget(self.workspace_tools)

    # -- reading -----------------------------------------------------------------------------------------------

    @override
    def read(self, workspace: Workspace, record_id: int) -> SchoolSettings:
        from smgov.data.services import school, terms

        details = school.get_details(workspace)
        years = years_to_show(dt.date.today(), terms.custom_years(workspace))
        return SchoolSettings(
            details,
            school.key_people(workspace),
            [ClosureRow(day, reason) for day, reason in school.closure_days(workspace)],
            school.get_logo(workspace) if details.has_logo else None,
            {year: terms.term_dates(workspace, year) for year in years},
        )

    @override
    def values(self, record: SchoolSettings | None) -> dict[str, Any]:
        if record is None:
            return {}
        details = record.details
        values: dict[str, Any] = {
            "name": details.name,
            "policy_review_date": details.policy_review_date,
            "auto_lock_minutes": details.auto_lock_minutes,
            "response_rule": details.response_rule,
            "password_max_age_days": details.password_max_age_days,
            "email_domains": ", ".join(details.email_domains),
            "consent_chase_after": day_month_text(details.consent_chase_after),
        }
        for role in KeyRole:
            person = record.people.get(role)
            for kind in KINDS:
                values[person_key(role, kind)] = getattr(person, kind) if person is not None else ""
        return values

    @override
    def display(self, record: SchoolSettings, record_id: int) -> None:
        self._logo_bytes = record.logo
        self._logo_pending = _UNCHANGED
        self.closures.set_rows(record.closures)
        shown = self.terms.current_year() if self.record is not None else None  # stay on the year being looked at
        self.terms.set_years(record.terms, shown if shown in record.terms else academic_year_of(dt.date.today()))
        super().display(record, record_id)

    @override
    def show_record_details(self, record: SchoolSettings | None) -> None:
        self.title.setText("Settings")
        self.demo_banner.setVisible(self.session.is_demo)
        self.logo.show_logo(record.logo if record is not None else None)
        self.workspace_tools.show_workspace()
        self.purposes.load()

    @override
    def extra_state(self) -> tuple[Any, ...]:
        pending = self._logo_pending
        return (
            pending is _UNCHANGED,
            None if pending is _UNCHANGED else pending,
            tuple(self.closures.rows),
            self.terms.state(),
        )

    @override
    def clear(self) -> None:
        self._logo_bytes = None
        self._logo_pending = _UNCHANGED
        if hasattr(self, "logo"):
            self.logo.show_logo(None)
            self.closures.set_rows([])
            self.terms.clear()
            self.purposes.clear()
            self.workspace_tools.clear()
        super().clear()
        self.title.setText("Settings")

    # -- writing -----------------------------------------------------------------------------------------------

    @override
    def form_values(self) -> dict[str, Any]:
        values = super().form_values()
        for role in KeyRole:
            name, email, phone = (values[person_key(role, kind)].strip() for kind in KINDS)
            if not name and (email or phone):
                raise ValidationError("Enter a name, or clear the email and phone too.", field=person_key(role, "name"))
        values["logo"] = self._logo_pending
        values["closures"] = {row.day: row.reason for row in self.closures.rows}
        values["terms"] = self.terms.changes()
        return values

    @override
    def write(self, workspace: Workspace, record_id: int | None, values: dict[str, Any]) -> int:
        from smgov.data.services import school, terms

        people = [
            school.KeyPersonDetails(role, *(values[person_key(role, kind)] for kind in KINDS)) for role in KeyRole
        ]
        review: dt.date | None = values["policy_review_date"]
        logo = values["logo"]
        school.save_settings(
            workspace,
            school.SettingsChange(
                name=values["name"],
                policy_review_date=review,
                clear_policy_review_date=review is None,
                auto_lock_minutes=values["auto_lock_minutes"],
                response_rule=ResponseRule(values["response_rule"]),
                password_max_age_days=values["password_max_age_days"],
                email_domains=split_domains(values["email_domains"]),
                consent_chase_after=parse_day_month(values["consent_chase_after"]),
                key_people=people,
            ),
            logo=school.UNCHANGED if logo is _UNCHANGED else logo,
            closures=dict(values["closures"]),
        )
        for year, dates in values["terms"]:  # (checked already: a second unit of work that cannot be refused)
            if dates is None:
                terms.reset_term_dates(workspace, year)
            else:
                terms.save_term_dates(workspace, year, dates)
        return SETTINGS_ID

    # -- the logo ----------------------------------------------------------------------------------------------

    def choose_logo(self) -> None:
        file_name, _filter = QFileDialog.getOpenFileName(
            self, "Choose the school's logo", str(pdf_output.default_folder()), LOGO_FILTER
        )
        if file_name:
            self.use_logo_file(Path(file_name))

    def use_logo_file(self, path: Path) -> bool:
        """Check the image at ``path`` and show it; it is stored on Save. A bad image is explained beside it."""
        from smgov.data.images import normalise_logo

        error = self.form.errors["logo"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            error.show_error(f"{path.name} cannot be read ({exc.strerror}).")
            return False
        try:
            logo = normalise_logo(data)
        except ValidationError as exc:
            error.show_error(str(exc))
            return False
        error.clear()
        self._logo_pending = logo
        self.logo.show_logo(logo)
        self.changed()
        return True

    def remove_logo(self) -> None:
        self.form.errors["logo"].clear()
        self._logo_pending = None if self._logo_bytes is not None else _UNCHANGED
        self.logo.show_logo(None)
        self.changed()


class SettingsPage(SectionPage):
    """The settings section. Clears on lock, reloads on unlock; asks before unsaved changes are left behind."""

    section = Section.SETTINGS

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("settings-page")
        self.pane = SettingsPane(session, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.pane)
        session.locked.connect(self.pane.clear)
        session.unlocked.connect(lambda _workspace: self.load())
        session.changed.connect(self._on_changed)
        if session.is_unlocked:
            self.load()

    def load(self) -> None:
        """Fill the page from the workspace, dropping any unsaved edits."""
        self.pane.open(SETTINGS_ID)

    def _on_changed(self, area: str) -> None:
        # Another part of the app changed the settings: show them, unless that would throw away the user's edits.
        busy = self.pane.has_unsaved_changes() or self.pane.is_saving
        if area == Change.SETTINGS and self.session.is_unlocked and not busy:
            self.load()

    @override
    def confirm_leave(self, proceed: Callable[[], Any]) -> bool:
        if not self.pane.has_unsaved_changes():
            return True
        self.pane.ask_unsaved(proceed)
        return False

    @override
    def show_record(self, record_id: object) -> None:
        """Bring the part of the page a dashboard item is about into view and put the cursor there."""
        pane = self.pane
        targets: dict[object, QWidget] = {
            "emergency-kit": pane.workspace_tools.kit_button,
            "backup": pane.workspace_tools.backup_button,
            "key-people": self._first_empty_person(),
            "policy-review": pane.form.fields["policy_review_date"],
        }
        fallback = pane.form.fields["policy_review_date" if record_id is None else "name"]
        target = targets.get(record_id, fallback)
        QTimer.singleShot(0, lambda: self._reveal(target))

    def _reveal(self, widget: QWidget) -> None:
        self.pane.scroll_area.ensureWidgetVisible(widget, 50, 120)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _first_empty_person(self) -> QWidget:
        for name, _email, _phone in self.pane.people.values():
            if not name.text().strip():
                return name
        return self.pane.people[KeyRole.HEADTEACHER][0]
