"""The Emergency Kit: one page with everything needed to open the workspace without the passphrase."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from smgov.reports.emergency_kit import _key_lines, bare_hex, emergency_kit_pdf, recovery_key_qr
from smgov.reports.pdf import Letterhead

HEX = "3f9a0c1db27e44a89d0e51c37a6b2f90e4c8d1135b0a9f7ec2d4e6f80a1b2c3d"
KEY = " ".join(HEX[start : start + 8] for start in range(0, 64, 8))
AWKWARD_NAME = 'Ysgol Gymraeg Llanfair <b>&amp;</b> "Quotes" 🎉 Łódź Trường'


def kit(
    school_name: str = "Spixworth Primary School",
    *,
    logo: bytes | None = None,
    recovery_key: str = KEY,
    workspace_file_name: str = "spixworth.smgov",
) -> bytes:
    return emergency_kit_pdf(
        letterhead=Letterhead(school_name, logo),
        workspace_file_name=workspace_file_name,
        recovery_key=recovery_key,
        created_on=date(2026, 9, 3),
        printed_on=date(2026, 11, 22),
    )


def read(pdf: bytes) -> tuple[pypdf.PdfReader, str]:
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader, reader.pages[0].extract_text()


def flat(text: str) -> str:
    """Text with runs of whitespace (line breaks between the key's lines) made single spaces."""
    return " ".join(text.split())


def test_kit_holds_everything_on_one_page() -> None:
    _, text = read(kit())
    assert "Emergency Kit" in text
    assert "Spixworth Primary School" in text
    assert "spixworth.smgov" in text
    assert "03/09/2026" in text  # the date the key was made
    assert "Printed 22/11/2026" in text
    assert "Page 1 of 1" in text
    assert KEY in flat(text)
    assert f"PRAGMA key = \"x'{HEX}'\";" in text
    for words in ("headteacher's safe", "Open with recovery key", "SQLCipher 4", "shredding"):
        assert words in flat(text)


def test_dashed_key_prints_as_given_and_bare_in_the_pragma() -> None:
    dashed = "-".join(HEX.upper()[start : start + 8] for start in range(0, 64, 8))
    _, text = read(kit(recovery_key=dashed))
    assert f"PRAGMA key = \"x'{HEX.upper()}'\";" in text
    assert dashed in flat(text).replace("- ", "-")  # the lines break after a dash


def test_key_is_grouped_in_four_lines() -> None:
    assert _key_lines(KEY) == [" ".join(KEY.split()[start : start + 2]) for start in range(0, 8, 2)]
    assert _key_lines(HEX) == [HEX[start : start + 16] for start in range(0, 64, 16)]
    dashed = "-".join(HEX[start : start + 4] for start in range(0, 64, 4))
    assert "".join(_key_lines(dashed)) == dashed


def test_qr_code_encodes_the_key_as_given() -> None:
    drawing = recovery_key_qr(KEY)
    assert drawing.width == drawing.height
    assert drawing.contents[0].value == KEY


@pytest.mark.parametrize("bad_key", ["", "not a key", HEX[:-1], HEX + "0", HEX[:-1] + "g", KEY.replace(" ", "_")])
def test_a_wrong_key_is_refused(bad_key: str) -> None:
    with pytest.raises(ValueError, match="64 hex digits"):
        kit(recovery_key=bad_key)


def test_bare_hex_strips_spaces_and_dashes() -> None:
    assert bare_hex(KEY) == HEX
    assert bare_hex(KEY.replace(" ", "-")) == HEX
    assert bare_hex(f"  {KEY}\n") == HEX


def test_only_the_file_name_is_printed() -> None:
    _, text = read(kit(workspace_file_name=r"C:\Users\jsmith\Documents\School records.smgov"))
    assert "School records.smgov" in text
    assert "jsmith" not in text
    _, text = read(kit(workspace_file_name="/home/jsmith/school.smgov"))
    assert "school.smgov" in text
    assert "jsmith" not in text


def test_awkward_school_name_is_printed_literally() -> None:
    reader, text = read(kit(AWKWARD_NAME))
    assert "<b>&amp;</b>" in text  # escaped, not interpreted as markup
    assert '"Quotes"' in text
    for word in ("Ysgol", "Gymraeg", "Llanfair", "Łódź", "Trường"):
        assert word in text
    assert reader.metadata is not None
    assert "Llanfair" not in repr(dict(reader.metadata))


@pytest.mark.parametrize("name", ["Ysgol Gynradd Pen-y-Bryn ŵ ŷ Ŵ Ŷ", "Szkoła Łódź Żabka", "Trường Mặt Trời Đặng"])
def test_welsh_polish_and_vietnamese_names(name: str) -> None:
    _, text = read(kit(name))
    assert name in text


def test_long_names_still_fit_on_one_page() -> None:
    name = "The Spixworth and Hainford Church of England Voluntary Controlled Primary Schools Federation"
    read(kit(name, workspace_file_name="Spixworth and Hainford Federation social media register 2026-27.smgov"))


def png_logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (64, 32), (20, 80, 160, 255)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(("logo", "has_image"), [(b"not an image", False), (png_logo(), True), (None, False)])
def test_logos_good_and_bad(logo: bytes | None, has_image: bool) -> None:
    reader, text = read(kit(logo=logo))
    assert "Spixworth Primary School" in text
    assert bool(reader.pages[0].images) == has_image


def test_rendering_writes_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.chdir(scratch)
    kit(AWKWARD_NAME, logo=png_logo())
    assert list(scratch.iterdir()) == []
