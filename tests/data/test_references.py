"""References: one width everywhere, one way to write them and one to read what a user typed."""

from __future__ import annotations

import pytest

from smgov.data.errors import ValidationError
from smgov.data.references import RecordKind, format_reference, parse_reference
from smgov.data.services import blocked_content, content_reports, incidents


def test_every_kind_is_written_with_five_digits() -> None:
    assert format_reference(RecordKind.INCIDENT, 33) == "INC-00033"
    assert format_reference(RecordKind.BLOCKED_CONTENT_REQUEST, 9) == "BCR-00009"
    assert format_reference(RecordKind.ACCOUNT, 1) == "ACC-00001"
    assert format_reference(RecordKind.CONTENT_REPORT, 1) == "ICR-00001"
    assert format_reference(RecordKind.INCIDENT, 123456) == "INC-123456"  # past 99,999 it grows, never wraps


def test_the_services_use_the_same_format() -> None:
    assert incidents.reference(33) == "INC-00033"
    assert blocked_content.reference(9) == "BCR-00009"
    assert content_reports.reference(1) == "ICR-00001"


@pytest.mark.parametrize(
    "typed", ["INC-00033", "inc-00033", "INC-33", "Inc-033", " INC 33 ", "INC33", "INC–00033", "33", "00033"]
)
def test_a_reference_is_read_as_shown_in_any_case_or_as_the_bare_number(typed: str) -> None:
    assert parse_reference(typed, RecordKind.INCIDENT) == 33


def test_every_reference_reads_back_to_its_number() -> None:
    for kind in RecordKind:
        for number in (1, 9, 10, 99_999, 100_000):
            assert parse_reference(format_reference(kind, number), kind) == number


def test_a_reference_of_another_kind_is_refused_naming_what_it_is() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_reference("BCR-0009", RecordKind.INCIDENT, field="id")
    assert str(refused.value) == "BCR-00009 is a blocked content request, not an incident (INC-…)."
    assert refused.value.field == "id"


@pytest.mark.parametrize("typed", ["", "INC-", "XYZ-00001", "INC-12a", "twelve", "-5", "INC-00000", "0"])
def test_anything_else_is_refused_in_one_sentence(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_reference(typed, RecordKind.INCIDENT)
    message = str(refused.value)
    assert "INC-00001" in message and "\n" not in message
