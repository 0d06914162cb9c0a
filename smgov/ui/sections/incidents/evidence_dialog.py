"""The base of the two dialogs that show a screenshot (the viewer and the redaction editor), on the frame's
:class:`~smgov.ui.frame.dialogs.Dialog`: each opens at its preferred size where the screen has room and within the
screen where it has not (the picture then fits or scrolls inside), reads the picture only when it opens (off the
UI thread) and, when the workspace locks, closes at once and drops the picture."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QWidget
from typing_extensions import override

from smgov.data.errors import SmgovError, WorkspaceLocked
from smgov.data.services.evidence import EvidenceInfo
from smgov.ui.frame import operations
from smgov.ui.frame.dialogs import Dialog
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.widgets import plain_label
from smgov.ui.sections.incidents.canvas import ImageView, LoadedImage, load_image
from smgov.ui.shell.session import AppSession


class PictureDialog(Dialog):
    """A dialog about one screenshot. Subclasses set ``view`` and implement :meth:`show_picture`."""

    preferred = QSize(1080, 720)
    view: ImageView

    def __init__(
        self, parent: QWidget, session: AppSession, item: EvidenceInfo, title: str, *, prefix: str, **kwargs: Any
    ) -> None:
        super().__init__(parent, title, min_width=600, **kwargs)
        self.session = session
        self.item = item
        self.closed = False
        self.loading = plain_label("Opening the screenshot…", name=f"{prefix}-loading")

    @override
    def sizeHint(self) -> QSize:
        # As big as suits a screenshot; the Dialog base then fits it to the screen, and the picture fits inside.
        return self.preferred.expandedTo(self.minimumSizeHint())

    def load_picture(self) -> None:
        """Read and decode the picture in the background, then :meth:`show_picture` it."""
        workspace = self.session.workspace
        item = self.item

        def loaded(result: LoadedImage) -> None:
            if not self.closed and self.session.is_unlocked:
                self.show_picture(result)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WorkspaceLocked) or self.closed:
                return
            self.loading.setText(str(exc) if isinstance(exc, SmgovError) else "This screenshot cannot be shown.")
            self.loading.show()
            if not isinstance(exc, SmgovError):
                show_error(self, exc)

        operations.run_in_background(self, lambda: load_image(workspace, item), loaded, failed)

    def show_picture(self, result: LoadedImage) -> None:
        raise NotImplementedError

    def forget(self) -> None:
        """Drop what the dialog holds of the picture (subclasses add their own)."""
        self.view.set_image(None)

    @override
    def done(self, result: int) -> None:
        self.closed = True
        super().done(result)

    def force_close(self) -> None:
        """Drop the picture and close without a question (the workspace is locking)."""
        self.forget()
        QDialog.reject(self)


__all__ = ["PictureDialog"]
