"""The Emergency Kit: one A4 page with the workspace's recovery key, printed once for the headteacher's safe."""

from __future__ import annotations

import re
from datetime import date

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, ListFlowable, Paragraph, Spacer, Table, TableStyle
from typing_extensions import override

from smgov.reports.pdf import FONT_MONO, FONT_REGULAR, RULE, SHADE, Letterhead, PdfDocument, escape, uk_date

QR_SIZE = 45 * mm

_SEPARATORS = re.compile(r"[\s-]+")


def bare_hex(recovery_key: str) -> str:
    """The key's 64 hex digits without the spaces and dashes that group it for reading.

    Raises:
        ValueError: if what is left is not 64 hex digits (a kit with a wrong key would be worse than none).
    """
    digits = _SEPARATORS.sub("", recovery_key)
    if not re.fullmatch(r"[0-9A-Fa-f]{64}", digits):
        raise ValueError("a recovery key is 64 hex digits, optionally grouped by spaces or dashes")
    return digits


def recovery_key_qr(recovery_key: str, size: float = QR_SIZE) -> Drawing:
    """A QR code of the key exactly as given, ``size`` square including its quiet zone."""
    drawing = Drawing(size, size)
    drawing.add(QrCodeWidget(recovery_key, barLevel="M", barWidth=size, barHeight=size, barBorder=4))
    return drawing


def _key_lines(recovery_key: str, count: int = 4) -> list[str]:
    """The key as given, in ``count`` lines broken between its groups (between equal chunks if ungrouped)."""
    groups = re.findall(r"[^\s-]+[\s-]*", recovery_key)
    if len(groups) < count:
        size = -(-len(recovery_key) // count)
        return [recovery_key[start : start + size] for start in range(0, len(recovery_key), size)]
    per_line = -(-len(groups) // count)
    return ["".join(groups[start : start + per_line]).strip() for start in range(0, len(groups), per_line)]


class EmergencyKit(PdfDocument):
    """The Emergency Kit page; see :func:`emergency_kit_pdf`."""

    title = "Emergency Kit"

    def __init__(
        self,
        *,
        letterhead: Letterhead,
        workspace_file_name: str,
        recovery_key: str,
        created_on: date,
        printed_on: date | None = None,
    ) -> None:
        super().__init__(letterhead, printed_on=printed_on)
        self.recovery_key = recovery_key.strip()
        self.hex_key = bare_hex(self.recovery_key)
        # Only the name: a full path would say more about the office PC than the reader needs.
        self.workspace_file_name = re.split(r"[\\/]", workspace_file_name.rstrip("\\/"))[-1]
        self.created_on = created_on

    @override
    def story(self) -> list[Flowable]:
        styles, body = self.styles, self.styles["body"]
        file_name = escape(self.workspace_file_name)
        return [
            self.field_table(
                [
                    ("School", self.letterhead.school_name),
                    ("Workspace file", self.workspace_file_name),
                    ("Key made on", uk_date(self.created_on)),
                ],
                label_width=40 * mm,
            ),
            Paragraph("Recovery key", styles["heading"]),
            self._key_and_qr(),
            Paragraph("What this is", styles["heading"]),
            Paragraph(
                "The key that opens the school's smgov workspace: the encrypted file holding the school's social "
                "media records (official accounts and their passwords, photo consent, incidents and requests). "
                "Use it if the passphrase is lost or forgotten, or if the business manager is unavailable. "
                "Anyone with this key and a copy of the file can read everything in it.",
                body,
            ),
            Paragraph("Keep it safe", styles["heading"]),
            self._list(
                [
                    "Keep this sheet in a safe place, such as the headteacher's safe.",
                    "Never email it or photograph it, and never scan it or copy it into another document.",
                    "If the workspace passphrase is changed, the recovery key changes too: print a new "
                    "Emergency Kit straight away and destroy this one by shredding it.",
                ],
                numbered=False,
            ),
            Paragraph("How to use it", styles["heading"]),
            self._list(
                [
                    f"Start smgov and pick the workspace file <b>{file_name}</b>.",
                    "On the unlock screen, choose <b>Open with recovery key</b>.",
                    "Type the key exactly as printed above, or scan the QR code.",
                ],
                numbered=True,
            ),
            KeepTogether(
                [
                    Paragraph("For IT staff", styles["heading"]),
                    Paragraph(
                        "Any SQLCipher 4 client opens the workspace file with this key, for example the "
                        f"<font face='{FONT_MONO}'>sqlcipher</font> shell:",
                        body,
                    ),
                    Spacer(0, 1.5 * mm),
                    self._pragma_box(),
                ]
            ),
            Spacer(0, 5 * mm),
            self._stored_box(),
        ]

    def _list(self, items: list[str], *, numbered: bool) -> ListFlowable:
        body = self.styles["body"]
        return ListFlowable(
            [Paragraph(item, body) for item in items],
            bulletType="1" if numbered else "bullet",
            start=None if numbered else "•",
            bulletFontName=FONT_REGULAR,
            bulletFontSize=body.fontSize,
            leftIndent=5 * mm,
        )

    def _key_and_qr(self) -> Table:
        """The key in large type beside its QR code."""
        lines = _key_lines(self.recovery_key)
        padding, gap = 5 * mm, 6 * mm
        box_width = self.frame_width - QR_SIZE - gap
        widest = max(pdfmetrics.stringWidth(line, FONT_MONO, 1) for line in lines)
        size = min(21.0, (box_width - 2 * padding) / widest)
        style = ParagraphStyle("recovery_key", parent=self.styles["mono"], fontSize=size, leading=size * 1.3)
        key = Paragraph("<br/>".join(escape(line) for line in lines), style)
        note = Paragraph("Only the digits 0–9 and the letters A–F: there is no letter O or I.", self.styles["small"])
        caption = ParagraphStyle("qr_caption", parent=self.styles["small"], alignment=TA_CENTER)
        qr = [recovery_key_qr(self.recovery_key), Paragraph("The same key as a QR code", caption)]
        table = Table([[[key, Spacer(0, 2 * mm), note], qr]], colWidths=[box_width, QR_SIZE + gap])
        table.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (0, 0), 1.2, RULE),
                    ("BACKGROUND", (0, 0), (0, 0), SHADE),
                    ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
                    ("VALIGN", (1, 0), (1, 0), "TOP"),
                    ("LEFTPADDING", (0, 0), (0, 0), padding),
                    ("RIGHTPADDING", (0, 0), (0, 0), padding),
                    ("LEFTPADDING", (1, 0), (1, 0), gap),
                    ("RIGHTPADDING", (1, 0), (1, 0), 0),
                    ("TOPPADDING", (1, 0), (1, 0), 0),
                    ("BOTTOMPADDING", (1, 0), (1, 0), 0),
                ]
            )
        )
        return table

    def _pragma_box(self) -> Table:
        line = f"PRAGMA key = \"x'{self.hex_key}'\";"
        padding = 3 * mm
        size = min(9.5, (self.frame_width - 2 * padding) / pdfmetrics.stringWidth(line, FONT_MONO, 1))
        style = ParagraphStyle("pragma", parent=self.styles["mono"], fontSize=size, leading=size * 1.3)
        table = Table([[Paragraph(escape(line), style)]], colWidths=[self.frame_width])
        table.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), padding),
                    ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                    ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ]
            )
        )
        return table

    def _stored_box(self) -> Table:
        padding = 4 * mm
        inner = self.signature_block(
            ("Stored by:", "Date:", "Witness:"),
            weights=(2, 1, 2),
            height=10 * mm,
            width=self.frame_width - 2 * padding,
        )
        table = Table([[inner]], colWidths=[self.frame_width])
        table.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), padding),
                    ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                    ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
                ]
            )
        )
        return table


def emergency_kit_pdf(
    *,
    letterhead: Letterhead,
    workspace_file_name: str,
    recovery_key: str,
    created_on: date,
    printed_on: date | None = None,
) -> bytes:
    """The Emergency Kit as PDF bytes (one A4 page), built in memory.

    Args:
        letterhead: the school's name and logo.
        workspace_file_name: the workspace file's name (a path is cut down to its last part).
        recovery_key: the 64 hex digit key, already grouped for reading; printed and encoded exactly as given.
        created_on: when the key was made.
        printed_on: the date in the footer; today if not given.

    Raises:
        ValueError: if ``recovery_key`` is not 64 hex digits once spaces and dashes are removed.
    """
    kit = EmergencyKit(
        letterhead=letterhead,
        workspace_file_name=workspace_file_name,
        recovery_key=recovery_key,
        created_on=created_on,
        printed_on=printed_on,
    )
    return kit.render()
