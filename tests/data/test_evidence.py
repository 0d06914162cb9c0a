"""Screenshot evidence: stored byte for byte with SHA-256, checked, redacted into clean copies, loaded lazily."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import event, update
from sqlalchemy.exc import DatabaseError, IntegrityError

from smgov.data import images
from smgov.data.calendar import SCHOOL_TIME
from smgov.data.errors import ValidationError
from smgov.data.models import ActionType, EvidenceBlob, EvidenceSource, IncidentCategory
from smgov.data.services import evidence, incidents
from smgov.data.workspace import Workspace

SAMPLE_GPS_JPEG = Path(__file__).parent.parent / "fixtures" / "samples" / "phone-photo-with-gps.jpg"


def png(size: tuple[int, int] = (400, 300), colour: str = "white", mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def gps_jpeg() -> bytes:
    """A phone photo with the camera's make and the place it was taken (GPS) in its EXIF."""
    image = Image.new("RGB", (640, 480), "skyblue")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Model X"
    exif[0x8825] = {1: "N", 2: (52.0, 40.0, 12.5), 3: "E", 4: (1.0, 17.0, 3.2)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` x ``height`` pixels in a few bytes: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def incident_id(workspace: Workspace) -> int:
    import datetime as dt

    return incidents.log_incident(
        workspace,
        incidents.IncidentInput(
            category=IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT,
            received_at=dt.datetime(2025, 11, 14, 18, 0, tzinfo=SCHOOL_TIME),
            reported_by="Karen O'Neill",
            description="Abusive comment.",
        ),
    ).id


def test_a_screenshot_is_stored_byte_for_byte_with_its_hash_and_details(workspace: Workspace, incident_id: int) -> None:
    data = gps_jpeg()
    info = evidence.add_evidence(
        workspace, incident_id, data, source=EvidenceSource.CLIPBOARD, original_filename=r"C:\Users\karen\IMG_0042.jpg"
    )
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert (info.size_bytes, info.width, info.height) == (len(data), 640, 480)
    assert (info.media_type, info.source) == ("image/jpeg", EvidenceSource.CLIPBOARD)
    assert info.original_filename == "IMG_0042.jpg"  # without the folder it came from
    assert info.has_metadata and not info.cleared_for_sharing and info.added_by and info.number == 1
    assert evidence.get_evidence_bytes(workspace, info.id) == data
    assert evidence.check_integrity(workspace, info.id)
    thumb = Image.open(io.BytesIO(evidence.get_thumbnail(workspace, info.id)))
    assert thumb.format == "PNG" and max(thumb.size) <= images.THUMBNAIL_SIDE
    assert evidence.thumbnails(workspace, incident_id).keys() == {info.id}
    assert incidents.list_incidents(workspace)[0].evidence_count == 1
    entry = incidents.timeline(workspace, incident_id)[-1]
    assert entry.action is ActionType.EVIDENCE_ADDED and info.sha256 in entry.details


def test_the_same_screenshot_twice_is_refused(workspace: Workspace, incident_id: int) -> None:
    data = png()
    evidence.add_evidence(workspace, incident_id, data, source=EvidenceSource.FILE)
    with pytest.raises(ValidationError, match="already attached"):
        evidence.add_evidence(workspace, incident_id, data, source=EvidenceSource.DRAG_AND_DROP)
    assert len(evidence.list_evidence(workspace, incident_id)) == 1


def _truncated() -> bytes:
    data = png((800, 600), "navy")
    image = Image.new("RGB", (800, 600))
    image.putdata([(x % 256, (x * 7) % 256, (x * 13) % 256) for x in range(800 * 600)])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"", "empty"),
        (lambda: b"Subject: not an image\n\nJust an email.", "not an image smgov can read"),
        (_truncated, "damaged or incomplete"),
        (lambda: png_header_only(100_000, 100_000), "too many pixels to open safely"),
        (lambda: png_header_only(9_000, 7_000), "too large to use"),  # 63 megapixels: over the limit
        (lambda: b"\x89PNG\r\n\x1a\n" + bytes(images.MAX_EVIDENCE_BYTES), "up to 50 MB"),
        (lambda: _tiff(), "does not take"),
    ],
    ids=["empty", "not-an-image", "truncated", "bomb", "63-megapixels", "over-50-MB", "tiff"],
)
def test_bad_images_get_a_clear_message_and_nothing_is_saved(
    workspace: Workspace, incident_id: int, make: object, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        evidence.add_evidence(workspace, incident_id, make(), source=EvidenceSource.FILE)  # type: ignore[operator]
    assert refused.value.field == "evidence"
    assert evidence.list_evidence(workspace, incident_id, include_withdrawn=True) == []
    assert [e.action for e in incidents.timeline(workspace, incident_id)] == [ActionType.LOGGED]


def _tiff() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "TIFF")
    return buffer.getvalue()


def test_a_40_megapixel_photo_is_accepted(workspace: Workspace, incident_id: int) -> None:
    buffer = io.BytesIO()
    Image.new("L", (7300, 5480), 200).save(buffer, "PNG", compress_level=1)
    info = evidence.add_evidence(workspace, incident_id, buffer.getvalue(), source=EvidenceSource.FILE)
    assert (info.width, info.height) == (7300, 5480) and round(info.megapixels) == 40


def test_redaction_makes_a_clean_copy_and_leaves_the_original_untouched(workspace: Workspace, incident_id: int) -> None:
    data = gps_jpeg()
    original = evidence.add_evidence(
        workspace, incident_id, data, source=EvidenceSource.FILE, original_filename="x.jpg"
    )
    copy_id = evidence.redact(workspace, original.id, [(10, 20, 100, 50), (600, 400, 200, 200)])
    copy = evidence.get_evidence(workspace, copy_id)
    assert copy.redacted_from_id == original.id and copy.is_redacted_copy
    assert copy.source is EvidenceSource.REDACTION and copy.media_type == "image/png"
    assert copy.cleared_for_sharing and not copy.has_metadata and copy.original_filename == "x-redacted.png"
    redacted = evidence.get_evidence_bytes(workspace, copy_id)
    assert copy.sha256 == hashlib.sha256(redacted).hexdigest()
    opened = Image.open(io.BytesIO(redacted))
    assert opened.format == "PNG" and opened.size == (640, 480)
    assert len(opened.getexif()) == 0 and "exif" not in opened.info and not getattr(opened, "text", {})
    assert b"GPS" not in redacted and b"PhoneMaker" not in redacted and b"Exif" not in redacted
    pixels = opened.convert("RGB")
    assert pixels.getpixel((10, 20)) == (0, 0, 0) and pixels.getpixel((109, 69)) == (0, 0, 0)
    assert pixels.getpixel((639, 479)) == (0, 0, 0)  # a box running off the edge is clipped, not refused
    assert pixels.getpixel((300, 300)) != (0, 0, 0)
    # the original, byte for byte
    assert evidence.get_evidence_bytes(workspace, original.id) == data
    assert evidence.get_evidence(workspace, original.id).sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.check_integrity(workspace, original.id)
    entry = incidents.timeline(workspace, incident_id)[-1]
    assert entry.action is ActionType.EVIDENCE_REDACTED and "2 boxes" in entry.details


def test_the_sample_phone_photo_loses_its_gps_in_the_redacted_copy(workspace: Workspace, incident_id: int) -> None:
    data = SAMPLE_GPS_JPEG.read_bytes()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # it really has GPS
    original = evidence.add_evidence(workspace, incident_id, data, source=EvidenceSource.DRAG_AND_DROP)
    assert original.has_metadata
    copy_id = evidence.redact(workspace, original.id, [(0, 0, 300, 120)])
    copy = Image.open(io.BytesIO(evidence.get_evidence_bytes(workspace, copy_id)))
    assert len(copy.getexif()) == 0 and not copy.getexif().get_ifd(0x8825)
    assert (
        hashlib.sha256(evidence.get_evidence_bytes(workspace, original.id)).hexdigest()
        == hashlib.sha256(data).hexdigest()
    )
    shared = Image.open(io.BytesIO(evidence.copy_for_sharing(workspace, original.id)))
    assert len(shared.getexif()) == 0


@pytest.mark.parametrize(
    ("boxes", "message"),
    [([], "at least one box"), ([(5000, 5000, 10, 10)], "Box 1 does not cover"), ([(1, 2, 3)], "not a rectangle")],
)
def test_redaction_boxes_are_checked(
    workspace: Workspace, incident_id: int, boxes: list[tuple[int, ...]], message: str
) -> None:
    original = evidence.add_evidence(workspace, incident_id, png(), source=EvidenceSource.FILE)
    with pytest.raises(ValidationError, match=message):
        evidence.redact(workspace, original.id, boxes)
    assert len(evidence.list_evidence(workspace, incident_id)) == 1


def test_what_a_report_shares_by_default(workspace: Workspace, incident_id: int) -> None:
    first = evidence.add_evidence(workspace, incident_id, png(colour="red"), source=EvidenceSource.FILE)
    second = evidence.add_evidence(workspace, incident_id, png(colour="blue"), source=EvidenceSource.FILE)
    third = evidence.add_evidence(workspace, incident_id, png(colour="green"), source=EvidenceSource.FILE)
    copy_id = evidence.redact(workspace, first.id, [(0, 0, 50, 50)])
    newer_copy = evidence.redact(workspace, copy_id, [(100, 100, 50, 50)])
    evidence.set_cleared_for_sharing(workspace, second.id, True)
    shared = {v.original.id: v.shared for v in evidence.shared_versions(workspace, incident_id)}
    assert set(shared) == {first.id, second.id, third.id}
    assert shared[first.id] is not None and shared[first.id].id == newer_copy  # type: ignore[union-attr]
    assert shared[second.id] is not None and shared[second.id].id == second.id  # type: ignore[union-attr]
    assert shared[third.id] is None  # neither redacted nor cleared: not printed by default
    titles = [e.title for e in evidence.list_evidence(workspace, incident_id)]
    assert titles == [
        "Screenshot 1",
        "Screenshot 2",
        "Screenshot 3",
        "Screenshot 1, redacted copy 1",
        "Screenshot 1, redacted copy 2",
    ]


def test_withdrawn_evidence_leaves_lists_but_is_kept(workspace: Workspace, incident_id: int) -> None:
    data = png()
    info = evidence.add_evidence(workspace, incident_id, data, source=EvidenceSource.FILE)
    with pytest.raises(ValidationError, match="reason"):
        evidence.withdraw_evidence(workspace, info.id, "")
    evidence.withdraw_evidence(workspace, info.id, "Screenshot of the wrong post.")
    assert evidence.list_evidence(workspace, incident_id) == []
    assert evidence.list_evidence(workspace, incident_id, include_withdrawn=True)[0].withdrawn_reason
    assert evidence.get_evidence_bytes(workspace, info.id) == data
    assert incidents.list_incidents(workspace)[0].evidence_count == 0
    with pytest.raises(ValidationError, match="withdrawn"):
        evidence.redact(workspace, info.id, [(0, 0, 5, 5)])


def test_lists_never_read_the_screenshots(workspace: Workspace, incident_id: int) -> None:
    evidence.add_evidence(workspace, incident_id, png(), source=EvidenceSource.FILE)
    statements: list[str] = []

    def capture(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(workspace.engine, "before_cursor_execute", capture)
    try:
        evidence.list_evidence(workspace, incident_id)
        incidents.list_incidents(workspace)
        incidents.get_incident(workspace, incident_id)
    finally:
        event.remove(workspace.engine, "before_cursor_execute", capture)
    joined = " ".join(statements)
    assert "evidence_blob" not in joined and "thumbnail" not in joined


def test_stored_bytes_cannot_be_changed(workspace: Workspace, incident_id: int) -> None:
    info = evidence.add_evidence(workspace, incident_id, png(), source=EvidenceSource.FILE)
    with pytest.raises((DatabaseError, IntegrityError), match="append-only"), workspace.write() as session:
        session.execute(update(EvidenceBlob).where(EvidenceBlob.evidence_id == info.id).values(data=b"forged"))
    assert evidence.check_integrity(workspace, info.id)


def test_evidence_for_an_incident_that_does_not_exist_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match="no incident INC-00999"):
        evidence.add_evidence(workspace, 999, png(), source=EvidenceSource.FILE)


def _jpeg(size: tuple[int, int], orientation: int = 1) -> bytes:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif.tobytes())
    return buffer.getvalue()


def test_a_large_photo_is_checked_at_full_size_but_decoded_small(workspace: Workspace, incident_id: int) -> None:
    data = _jpeg((4000, 3000), orientation=6)  # a phone photo taken upright: stored sideways, turned by EXIF
    info = evidence.add_evidence(workspace, incident_id, data, source=EvidenceSource.FILE)
    assert (info.width, info.height) == (3000, 4000)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    stored = evidence.get_evidence_bytes(workspace, info.id)
    assert stored == data and hashlib.sha256(stored).hexdigest() == info.sha256
    thumbnail = Image.open(io.BytesIO(evidence.get_thumbnail(workspace, info.id)))
    assert max(thumbnail.size) == images.THUMBNAIL_SIDE and thumbnail.height > thumbnail.width  # upright

    shown = images.display_image(stored, 1000)
    assert max(shown.size) <= 1000 and shown.height > shown.width
    assert shown.info["full_size"] == (3000, 4000)
    assert shown.mode == "RGB"


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_the_screen_copy_is_never_larger_than_the_limit(kind: str) -> None:
    buffer = io.BytesIO()
    Image.new("RGBA" if kind != "JPEG" else "RGB", (5000, 1200), "teal").save(buffer, kind)
    shown = images.display_image(buffer.getvalue())
    assert max(shown.size) <= images.DISPLAY_MAX_SIDE
    assert shown.info["full_size"] == (5000, 1200)
    small = images.display_image(png((300, 200)))
    assert small.size == (300, 200) == small.info["full_size"]  # a small image is shown as it is


def test_a_truncated_photo_or_a_bomb_is_refused_for_the_screen_too() -> None:
    data = _jpeg((2000, 1500))
    for broken, message in [
        (data[: len(data) // 2], "damaged or incomplete"),
        (png_header_only(100_000, 100_000), "too many pixels to open safely"),
    ]:
        with pytest.raises(ValidationError, match=message):
            images.display_image(broken)
        with pytest.raises(ValidationError, match=message):
            images.check_evidence(broken)
