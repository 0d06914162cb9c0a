"""The one text cleaner and the shared validators every service uses."""

from __future__ import annotations

import pytest

from smgov.data.errors import ValidationError
from smgov.data.models import IncidentStatus
from smgov.data.validation import check_choice, check_email, check_line, check_school_name, check_text, clean_text


@pytest.mark.parametrize(
    ("typed", "line", "text"),
    [
        ("  Zoe\u0308  ", "Zoë", "Zoë"),  # NFC: a letter and its combining mark become one character
        ("a\x00b\x07c\x1b\x7fd\x85e", "a b c d e", "abcd\ne"),  # C0, DEL and C1 controls; NEL is a line break
        ("one\r\ntwo\rthree\u2028four", "one two three four", "one\ntwo\nthree\nfour"),
        ("tab\there", "tab here", "tab\there"),
        ("  \n\t ", "", ""),
    ],
)
def test_one_cleaner_for_lines_and_text(typed: str, line: str, text: str) -> None:
    assert clean_text(typed) == line
    assert clean_text(typed, multiline=True) == text


def test_limits_and_required_fields_say_what_is_wrong() -> None:
    with pytest.raises(ValidationError, match="Enter the summary") as missing:
        check_line(" \x00 ", "summary", "summary")
    assert missing.value.field == "summary"
    with pytest.raises(ValidationError, match=r"too long \(201 characters; at most 200\)"):
        check_line("x" * 201, "summary", "summary")
    assert check_line("x" * 200, "summary", "summary") == "x" * 200
    with pytest.raises(ValidationError, match="too long"):
        check_text("x" * 11, "notes", "notes", limit=10)
    assert check_text("", "notes", "notes", required=False) == ""


def test_choices_emails_and_the_school_name() -> None:
    assert check_choice(IncidentStatus, "closed", "status", "status") is IncidentStatus.CLOSED
    with pytest.raises(ValidationError, match="Choose the status from the list"):
        check_choice(IncidentStatus, "lost", "status", "status")
    assert check_email(" head@school.org.uk\u200b ".replace("\u200b", "")) == "head@school.org.uk"
    with pytest.raises(ValidationError, match="not an email address"):
        check_email("head at school")
    assert check_school_name("St\u00a0Mary's\nPrimary\x00") == "St Mary's Primary"
    with pytest.raises(ValidationError, match="Enter the school's name"):
        check_school_name("\t")


@pytest.mark.parametrize(
    "control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_bidi_overrides_and_isolates_are_dropped_but_marks_kept(control: str) -> None:
    """A name holding U+202E would reverse the app's own words around it ("Delete … ?retsiger eht morf")."""
    assert clean_text(f"Evil{control}Name") == "EvilName"
    assert check_line(f"Zo\u00eb{control} O'Brien", "name", "name") == "Zo\u00eb O'Brien"
    assert check_text(f"one{control}\ntwo", "notes", "notes") == "one\ntwo"
    assert (
        clean_text("\u05e9\u05dc\u05d5\u05dd\u200e (Shalom)\u200f") == "\u05e9\u05dc\u05d5\u05dd\u200e (Shalom)\u200f"
    )
