"""School settings: validation next to the field, hostile text kept as typed, the logo checked and cleaned."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from smgov.data.errors import ValidationError
from smgov.data.models import KeyRole, ResponseRule
from smgov.data.services import audit_log, school
from smgov.data.workspace import Workspace
from tests.conftest import SCHOOL

HOSTILE = 'Ysgol "Gymraeg" <b>Llanfair</b> & St Mary\'s 🎉 \u202egnp.exe Łódź Trường ŵ'


def _png(size: tuple[int, int] = (40, 30), exif: bytes | None = None, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    if exif:
        image.save(out, format=fmt, exif=exif)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def test_settings_save_together_and_are_audited(workspace: Workspace) -> None:
    change = school.SettingsChange(
        name=HOSTILE,
        policy_review_date=dt.date(2027, 3, 1),
        auto_lock_minutes=5,
        response_rule=ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND,
        password_max_age_days=180,
        email_domains=["@Spixworth.sch.uk", " hainford.norfolk.sch.uk ", "spixworth.sch.uk"],
        key_people=[school.KeyPersonDetails(KeyRole.DSL, "Siân O'Brien", "dsl@spixworth.sch.uk", "01603 123456")],
    )
    details = school.update_settings(workspace, change)
    assert details.name == HOSTILE.replace("\u202e", "")  # the bidi override goes; the rest is kept
    assert details.email_domains == ("spixworth.sch.uk", "hainford.norfolk.sch.uk")
    assert details.response_rule is ResponseRule.NEXT_WORKING_DAY_AT_WEEKEND
    assert school.key_people(workspace)[KeyRole.DSL].name == "Siân O'Brien"
    actions = [e.action for e in audit_log.list_events(workspace)]
    assert "settings.update" in actions and "key_person.set" in actions
    # the DSL's name is not written into the audit summary
    assert all("Siân" not in e.summary for e in audit_log.list_events(workspace))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (school.SettingsChange(name="   "), "name"),
        (school.SettingsChange(name="x" * 201), "name"),
        (school.SettingsChange(auto_lock_minutes=0), "auto_lock_minutes"),
        (school.SettingsChange(password_max_age_days=5), "password_max_age_days"),
        (school.SettingsChange(email_domains=["not a domain"]), "email_domains"),
        (
            school.SettingsChange(key_people=[school.KeyPersonDetails(KeyRole.DPO, "A Person", "=cmd|' /C calc'!A0")]),
            "dpo.email",
        ),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_saved(
    workspace: Workspace, change: school.SettingsChange, field: str
) -> None:
    change.policy_review_date = dt.date(2030, 1, 1)  # a good field alongside the bad one
    with pytest.raises(ValidationError) as caught:
        school.update_settings(workspace, change)
    assert caught.value.field == field
    details = school.get_details(workspace)
    assert details.policy_review_date is None
    assert details.name == SCHOOL


def test_a_logo_is_cleaned_to_a_small_png_without_metadata(workspace: Workspace) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    big = _png((2400, 1200), exif=exif.tobytes(), fmt="JPEG")
    school.set_logo(workspace, big)
    stored = school.get_logo(workspace)
    assert stored is not None
    image = Image.open(io.BytesIO(stored))
    assert image.format == "PNG"
    assert max(image.size) == 600
    assert not image.getexif()
    assert school.get_details(workspace).has_logo


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"GIF89a not really", "not an image"),
        (_png()[:60], "damaged|not an image"),
        (b"\x89PNG" + b"\0" * (51 * 1024 * 1024), "MB"),
    ],
)
def test_a_bad_logo_is_refused_and_the_old_one_kept(workspace: Workspace, data: bytes, message: str) -> None:
    school.set_logo(workspace, _png())
    before = school.get_logo(workspace)
    with pytest.raises(ValidationError, match=message):
        school.set_logo(workspace, data)
    assert school.get_logo(workspace) == before


def test_a_decompression_bomb_is_refused(workspace: Workspace) -> None:
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, format="PNG")  # tiny file, 144 megapixels
    with pytest.raises(ValidationError, match="too large|too many pixels"):
        school.set_logo(workspace, out.getvalue())


def test_closure_days_are_kept_in_date_order(workspace: Workspace) -> None:
    school.set_closure_day(workspace, dt.date(2027, 2, 17), "INSET")
    school.set_closure_day(workspace, dt.date(2026, 12, 18), "Staff training <b>")
    school.set_closure_day(workspace, dt.date(2027, 2, 17), "INSET day")
    assert school.closure_days(workspace) == [
        (dt.date(2026, 12, 18), "Staff training <b>"),
        (dt.date(2027, 2, 17), "INSET day"),
    ]
    school.remove_closure_day(workspace, dt.date(2026, 12, 18))
    assert len(school.closure_days(workspace)) == 1


def test_the_settings_page_save_is_one_unit_of_work(workspace: Workspace) -> None:
    """A refused closure reason (too long) leaves the name, logo and other closure days as they were."""
    school.save_settings(
        workspace,
        school.SettingsChange(name="Before"),
        logo=_png(),
        closures={dt.date(2026, 12, 18): "INSET"},
    )
    before = (school.get_details(workspace), school.get_logo(workspace), school.closure_days(workspace))
    events = len(audit_log.list_events(workspace))
    with pytest.raises(ValidationError) as refused:
        school.save_settings(
            workspace,
            school.SettingsChange(name="After", auto_lock_minutes=7),
            logo=None,
            closures={dt.date(2027, 2, 17): "x" * 500},
        )
    assert refused.value.field == "reason"
    assert (school.get_details(workspace), school.get_logo(workspace), school.closure_days(workspace)) == before
    assert len(audit_log.list_events(workspace)) == events


def test_the_settings_page_save_writes_everything_with_its_audit_events(workspace: Workspace) -> None:
    school.save_settings(workspace, school.SettingsChange(), closures={dt.date(2026, 12, 18): "INSET"})
    details = school.save_settings(
        workspace,
        school.SettingsChange(name="Spixworth Federation"),
        logo=_png(),
        closures={dt.date(2027, 2, 17): "Staff training"},
    )
    assert details.name == "Spixworth Federation" and details.has_logo
    assert school.closure_days(workspace) == [(dt.date(2027, 2, 17), "Staff training")]
    unchanged = school.save_settings(workspace, school.SettingsChange(), closures=None)
    assert unchanged.has_logo and school.closure_days(workspace) == [(dt.date(2027, 2, 17), "Staff training")]
