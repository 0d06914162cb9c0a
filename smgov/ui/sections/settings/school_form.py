"""The school's details on the settings page: name and logo, key people, and the policy's rules."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QMargins, QSize, Qt
from PySide6.QtGui import QPalette, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from smgov.data.models import KeyRole, ResponseRule
from smgov.ui.frame.forms import RecordForm, button, hint_label

RESPONSE_RULE_LABELS = {
    ResponseRule.WITHIN_24_HOURS: "Within 24 hours, every day of the week",
    ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND: "Within 24 hours, or the next working day if received at a weekend",
}
KINDS = ("name", "email", "phone")


def person_key(role: KeyRole, kind: str) -> str:
    """The field key (and the service's error field) of one key person's name, email or phone."""
    return f"{role.value}.{kind}"


class LogoRow(QHBoxLayout):
    """The logo's preview with Choose and Remove."""

    def __init__(self, form: RecordForm, choose: Callable[[], None], remove: Callable[[], None]) -> None:
        super().__init__()
        self.setSpacing(12)
        self.preview = QLabel("No logo")
        self.preview.setObjectName("settings-logo-preview")
        self.preview.setAccessibleName("Logo preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(160, 96)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAutoFillBackground(True)
        self.preview.setBackgroundRole(QPalette.ColorRole.Base)
        self.choose: QPushButton = button("Choose logo…", "settings-logo-choose", "Choose logo")
        self.choose.clicked.connect(choose)
        self.remove: QPushButton = button("Remove logo", "settings-logo-remove")
        self.remove.clicked.connect(remove)
        self.error = form.add_error("logo", self.choose)
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.choose, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignLeft)
        buttons.addWidget(hint_label("PNG or JPEG. It appears at the top of every form and report."))
        buttons.addWidget(self.error)
        buttons.addStretch(1)
        self.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        self.addLayout(buttons, 1)

    def show_logo(self, data: bytes | None) -> None:
        if data:
            area = self.preview.contentsRect().size().shrunkBy(QMargins(6, 6, 6, 6))
            scaled = logo_pixmap(data, area, self.preview.devicePixelRatioF())
            if scaled is not None:
                self.preview.setPixmap(scaled)
                self.remove.setEnabled(True)
                return
        self.preview.clear()
        self.preview.setText("No logo")
        self.remove.setEnabled(False)


def logo_pixmap(data: bytes, area: QSize, ratio: float) -> QPixmap | None:
    """The logo fitted into ``area`` points with ``ratio`` device pixels a point (as sharp at 200 % scaling as the
    screen allows, not shrunk to 1x and stretched); None when the bytes are not a picture."""
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(data))
    if pixmap.isNull():
        return None
    scaled = pixmap.scaled(area * ratio, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    scaled.setDevicePixelRatio(ratio)
    return scaled


def school_group(form: RecordForm, logo: LogoRow) -> QGroupBox:
    group = QGroupBox("School")
    group.setObjectName("settings-school")
    layout = QFormLayout(group)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setVerticalSpacing(10)
    form.line("name", "School name", "The name on forms and reports")
    form.add_row(layout, "School &name", "name")
    caption = QLabel("Logo")
    caption.setBuddy(logo.choose)
    layout.addRow(caption, logo)
    return group


def key_people_group(form: RecordForm) -> tuple[QGroupBox, dict[KeyRole, tuple[QLineEdit, QLineEdit, QLineEdit]]]:
    group = QGroupBox("Key people")
    group.setObjectName("settings-key-people")
    grid = QGridLayout(group)
    grid.setHorizontalSpacing(10)
    grid.setVerticalSpacing(4)
    grid.addWidget(
        hint_label("The people the policy names. Forms and reports use these names; emails and phones are optional."),
        0,
        0,
        1,
        4,
    )
    for col, text in enumerate(("Role", "Name", "Email", "Phone")):
        header = QLabel(text)
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        grid.addWidget(header, 1, col)
    placeholders = {"name": "Name", "email": "name@school.org.uk", "phone": "Phone"}
    people: dict[KeyRole, tuple[QLineEdit, QLineEdit, QLineEdit]] = {}
    row = 2
    for role in KeyRole:
        label = QLabel(role.label)
        label.setWordWrap(True)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
        edits = []
        for col, kind in enumerate(KINDS, start=1):
            key = person_key(role, kind)
            edit = form.line(key, f"{role.label}: {kind}", placeholders[kind])
            grid.addWidget(edit, row, col)
            grid.addWidget(form.errors[key], row + 1, col)
            edits.append(edit)
        label.setBuddy(edits[0])
        people[role] = (edits[0], edits[1], edits[2])
        row += 2
    for col, stretch in enumerate((3, 4, 4, 3)):
        grid.setColumnStretch(col, stretch)
    return group, people


def rules_group(form: RecordForm) -> QGroupBox:
    group = QGroupBox("Policy and rules")
    group.setObjectName("settings-rules")
    layout = QFormLayout(group)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setVerticalSpacing(10)
    form.date("policy_review_date", "Policy review date", set_text="Review on")
    form.add_row(layout, "Policy &review", "policy_review_date", "The dashboard reminds you a month before it is due.")
    form.spin("auto_lock_minutes", "Lock after idle minutes", 1, 240, suffix=" minutes")
    form.add_row(layout, "&Lock after", "auto_lock_minutes", "without use of the keyboard or mouse.")
    form.combo("response_rule", "Incident response time", [(text, rule) for rule, text in RESPONSE_RULE_LABELS.items()])
    form.add_row(layout, "Respond to &incidents", "response_rule")
    form.spin("password_max_age_days", "Password maximum age in days", 30, 3650, step=30, suffix=" days")
    form.add_row(
        layout,
        "Change &passwords every",
        "password_max_age_days",
        "Account passwords older than this show on the dashboard.",
    )
    form.line("email_domains", "Official email domains", "school.org.uk, federation.org.uk")
    form.add_row(
        layout,
        "Official email &domains",
        "email_domains",
        "Accounts must be linked to an address at one of these. Separate them with commas.",
    )
    form.line("consent_chase_after", "Chase consent forms from", "1 October")
    form.add_row(
        layout,
        "&Chase consent forms from",
        "consent_chase_after",
        "Each school year, the dashboard lists by class the consent forms not returned from this day.",
    )
    return group
