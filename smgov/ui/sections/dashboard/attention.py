"""The dashboard's list of what needs attention: one row per item with its urgency as a word and a badge, and a
"Show N more" row where one check has many items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from typing_extensions import override

from smgov.data.services.dashboard import AttentionItem, Urgency

ItemRole = Qt.ItemDataRole.UserRole + 1
MoreRole = Qt.ItemDataRole.UserRole + 2
# A longer run of items from one check (a hundred named staff without training, say) shows this many, then one
# "Show N more" row that unfolds the rest, so one check cannot bury the others.
GROUP_LIMIT = 5


@dataclass(frozen=True)
class MoreItems:
    """The row standing for the folded rest of a group."""

    group: str
    count: int

    @property
    def text(self) -> str:
        return f"Show {self.count} more: {self.group}"


# Semantic colours for the urgency badge, strong enough to read as a filled pill on light and dark windows alike;
# the word is always written too, so nothing depends on colour alone.
URGENCY = {
    Urgency.OVERDUE: ("Overdue", QColor("#c62828"), QColor("#ffffff"), QStyle.StandardPixmap.SP_MessageBoxCritical),
    Urgency.DUE_SOON: ("Due soon", QColor("#f2a900"), QColor("#1a1a1a"), QStyle.StandardPixmap.SP_MessageBoxWarning),
    Urgency.TO_DO: ("To do", QColor("#1e6fb8"), QColor("#ffffff"), QStyle.StandardPixmap.SP_MessageBoxInformation),
}


def greeting(now: dt.datetime | None = None) -> str:
    hour = (now or dt.datetime.now()).hour
    if hour < 12:
        return "Good morning"
    if hour < 18:
        return "Good afternoon"
    return "Good evening"


def scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * factor)
    scaled.setBold(bold)
    return scaled


class AttentionDelegate(QStyledItemDelegate):
    """Draws an attention item as a card: urgency icon and badge, the title in bold, the detail beneath."""

    PADDING = 12
    ICON = 24
    GAP = 12

    @override
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        bold = QFontMetrics(scaled(option.font, 1.05, bold=True))
        height = self.PADDING * 2 + bold.height() + 4 + metrics.height()
        return QSize(400, max(height, self.ICON + self.PADDING * 2))

    @override
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        more: MoreItems | None = index.data(MoreRole)
        if more is not None:
            self._paint_more(painter, option, more)
            return
        item: AttentionItem | None = index.data(ItemRole)
        if item is None:
            return
        word, fill, ink, pixmap = URGENCY[item.urgency]
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        painter.save()
        # The standard item background gives hover, selection and focus in the platform's own colours.
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        rect: QRect = option.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        detail_colour = QColor(text_colour)
        if not selected:
            detail_colour.setAlphaF(0.75)

        icon = style.standardIcon(pixmap, None, widget)
        icon_rect = QRect(rect.left(), rect.top() + (rect.height() - self.ICON) // 2, self.ICON, self.ICON)
        icon.paint(painter, icon_rect)
        left = icon_rect.right() + self.GAP

        title_font = scaled(option.font, 1.05, bold=True)
        title_metrics = QFontMetrics(title_font)
        badge_font = scaled(option.font, 0.9, bold=True)
        badge_metrics = QFontMetrics(badge_font)
        badge_width = badge_metrics.horizontalAdvance(word) + 16
        badge_height = badge_metrics.height() + 4
        badge = QRect(
            rect.right() - badge_width, rect.top() + (rect.height() - badge_height) // 2, badge_width, badge_height
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(badge, badge_height / 2, badge_height / 2)
        painter.setFont(badge_font)
        painter.setPen(ink)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, word)

        text_width = badge.left() - self.GAP - left
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title_rect = QRect(left, rect.top(), text_width, title_metrics.height())
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title_metrics.elidedText(item.title, Qt.TextElideMode.ElideRight, text_width),
        )
        painter.setFont(option.font)
        painter.setPen(detail_colour)
        detail_metrics = QFontMetrics(option.font)
        detail_rect = QRect(left, title_rect.bottom() + 4, text_width, detail_metrics.height())
        painter.drawText(
            detail_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            detail_metrics.elidedText(item.detail, Qt.TextElideMode.ElideRight, text_width),
        )
        painter.restore()

    def _paint_more(self, painter: QPainter, option: QStyleOptionViewItem, more: MoreItems) -> None:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        painter.save()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Link)
        font = QFont(option.font)
        font.setUnderline(True)
        metrics = QFontMetrics(font)
        rect: QRect = option.rect.adjusted(self.PADDING + self.ICON + self.GAP, 0, -self.PADDING, 0)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(
            rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(more.text + " ›", Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()


class AttentionList(QListView):
    """The list of attention items; Enter, Return or a click opens the item."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attention-list")
        self.setAccessibleName("Needs attention")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setItemDelegate(AttentionDelegate(self))
        self.setMouseTracking(True)
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

    @override
    def sizeHint(self) -> QSize:
        # As tall as its items (the page's stretch takes the rest); it scrolls only when they do not fit.
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        height = sum(self.sizeHintForRow(row) + 2 * self.spacing() for row in range(rows))
        return QSize(super().sizeHint().width(), height + 2 * self.frameWidth() + 2)
