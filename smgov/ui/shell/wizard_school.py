"""The first-run wizard's first page, the school: painted with Qt alone, before the data layer comes in (the pages
after it come in with the data layer, while the user types the school's name)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWizardPage,
)

from smgov import paths
from smgov.data.errors import ValidationError
from smgov.ui.frame.controls import button, line_edit, stacked
from smgov.ui.frame.labels import FieldError, plain_label
from smgov.ui.frame.overrides import override
from smgov.ui.shell.wizard_steps import PAGE_SAVE, add_row, guarded, page_body

MAX_NAME = 200  # the school's name (smgov.data.validation.MAX_NAME, which a test holds equal)


class SchoolPage(QWizardPage):
    """(1) The school's name and, if it has one, its logo (checked as soon as it is chosen)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("page-school")
        self.setTitle("Your school")
        self.setSubTitle("smgov keeps your school's social media records in one encrypted file. Start with the school.")
        self.logo: bytes | None = None
        self._checking = False
        self._ready = False  # the pages after this one come in with the data layer (FirstRunWizard.add_pages)

        self.name_edit = line_edit("school-name", "School name", "Spixworth Federation")
        self.name_edit.setMaxLength(MAX_NAME + 20)
        self.name_error = FieldError(for_widget=self.name_edit, name="school-name-error")
        self.name_edit.textChanged.connect(lambda _t: self.name_error.clear())

        self.choose_logo = button("Choose logo…", "choose-logo", "Choose the school logo")
        self.choose_logo.clicked.connect(self.pick_logo)
        self.remove_logo = button("Remove logo", "remove-logo", "Remove the logo")
        self.remove_logo.clicked.connect(lambda: self.set_logo(None))
        self.preview = QLabel()
        self.preview.setObjectName("logo-preview")
        self.preview.setAccessibleName("Logo preview")
        self.preview.setFixedSize(132, 132)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_status = plain_label("", name="logo-status")
        self.logo_error = FieldError(for_widget=self.choose_logo, name="logo-error")

        logo_buttons = QVBoxLayout()
        logo_buttons.setContentsMargins(0, 0, 0, 0)
        logo_buttons.addWidget(self.choose_logo)
        logo_buttons.addWidget(self.remove_logo)
        logo_buttons.addWidget(self.logo_status)
        logo_buttons.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.setContentsMargins(0, 0, 0, 0)
        logo_row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        logo_row.addLayout(logo_buttons)
        logo_row.addStretch(1)
        logo_box = stacked(
            None, self.logo_error, "Optional. PNG or JPEG; it heads every printed form and report.", logo_row
        )
        logo_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        page = QVBoxLayout(page_body(self))
        form = QFormLayout()
        page.addLayout(form)
        page.addStretch(1)
        add_row(form, "School &name", stacked(self.name_edit, self.name_error), self.name_edit)
        add_row(form, "&Logo", logo_box, self.choose_logo)
        self.set_logo(None)

    def school_name(self) -> str:
        return " ".join(self.name_edit.text().split())

    def pick_logo(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose the school logo", str(paths.default_workspace_dir()), "Images (*.png *.jpg *.jpeg)"
        )
        if chosen:
            self.check_logo_file(Path(chosen))

    def check_logo_file(self, path: Path) -> None:
        """Read and check the image in the background; a broken or huge image gets a message here."""
        self.logo_error.clear()
        self._set_checking(True)

        def op() -> bytes:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ValidationError(f"{path.name} cannot be read ({exc.strerror}).", field="logo") from exc
            from smgov.data import images

            return images.normalise_logo(data)

        def failed(exc: BaseException) -> None:
            self._set_checking(False)
            if isinstance(exc, ValidationError):
                self.set_logo(None)
                self.logo_error.show_error(str(exc))
            else:
                from smgov.ui.frame.errors import show_error

                show_error(self, exc)

        from smgov.ui.frame.operations import run_in_background

        run_in_background(self, op, self._logo_checked, failed)

    def _logo_checked(self, logo: bytes) -> None:
        self._set_checking(False)
        self.set_logo(logo)

    def set_logo(self, logo: bytes | None) -> None:
        self.logo = logo
        self.remove_logo.setEnabled(logo is not None)
        if logo is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No logo")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(logo)
        ratio = self.devicePixelRatioF()
        scaled = pixmap.scaled(
            int(124 * ratio),
            int(124 * ratio),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(ratio)
        self.preview.setPixmap(scaled)

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        self.logo_status.setText("Checking the image…" if checking else "")
        self.choose_logo.setEnabled(not checking)
        self.completeChanged.emit()

    def set_ready(self) -> None:
        """The pages after this one are in: Next may go to them."""
        self._ready = True
        self.completeChanged.emit()

    @override
    def nextId(self) -> int:
        return PAGE_SAVE  # (before that page is added, QWizard would take this one for the last and offer Finish)

    @override
    def isComplete(self) -> bool:
        return self._ready and not self._checking

    @override
    @guarded(False)
    def validatePage(self) -> bool:
        from smgov.data.validation import check_school_name

        try:
            check_school_name(self.name_edit.text())
        except ValidationError as exc:
            self.name_error.show_error(str(exc))
            self.name_edit.setFocus()
            return False
        return True
