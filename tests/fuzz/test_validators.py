"""The text validators, reference and two-factor parsing, and passphrase checks, fed hostile text: each returns a
tidy value or raises a ValidationError with a sentence for the user, and what it returns keeps its promises."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from smgov.data import passphrases, totp, validation
from smgov.data.errors import ValidationError
from smgov.data.models.vault import CredentialKind
from smgov.data.references import RecordKind, format_reference, parse_reference
from smgov.data.services import vault
from tests.fuzz.strategies import HOSTILE_FRAGMENTS, cell_text, fuzz, hostile_text

CONTROL = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _sentence(exc: ValidationError) -> None:
    message = str(exc)
    assert message.rstrip().endswith((".", ")")), message
    message.encode("utf-8")  # it can be shown, logged and printed


@fuzz(300)
@given(cell_text(), st.booleans())
@example("\u202eevil\x00\r\n\u2028x", True)
@example("e\u0301" * 10, False)
@example("Ann \ud83d Smith", False)  # half an emoji: SQLite cannot store it
def test_clean_text_leaves_no_control_or_bidi_characters_and_is_stable(value: str, multiline: bool) -> None:
    cleaned = validation.clean_text(value, multiline=multiline)
    assert not (set(cleaned) & (CONTROL - ({"\n", "\t"} if multiline else set())))
    assert not (set(cleaned) & BIDI)
    assert "\r" not in cleaned
    assert cleaned == cleaned.strip()
    assert unicodedata.is_normalized("NFC", cleaned)
    cleaned.encode("utf-8")  # storable: SQLite (and every file format) refuses a lone surrogate
    if not multiline:
        assert "\n" not in cleaned and "  " not in cleaned
    assert validation.clean_text(cleaned, multiline=multiline) == cleaned


@fuzz(300)
@given(cell_text(), st.booleans(), st.integers(min_value=1, max_value=300))
def test_line_and_text_checks_return_tidy_text_within_the_limit_or_refuse(
    value: str, required: bool, limit: int
) -> None:
    for check in (validation.check_line, validation.check_text):
        try:
            cleaned = check(value, "field", "value", required=required, limit=limit)
        except ValidationError as exc:
            _sentence(exc)
            assert exc.field == "field"
            continue
        assert len(cleaned) <= limit
        assert cleaned or not required


@fuzz(300)
@given(st.one_of(cell_text(), st.builds("{}@{}".format, hostile_text(20), hostile_text(20))))
@example("name@school.org.uk")
@example("<script>@x.co")
def test_email_and_school_name_checks_return_or_refuse(value: str) -> None:
    try:
        email = validation.check_email(value)
    except ValidationError as exc:
        _sentence(exc)
        assert len(str(exc)) < 200  # the address is quoted cut short
    else:
        assert email == "" or validation.EMAIL_RE.match(email)
    try:
        name = validation.check_school_name(value)
    except ValidationError as exc:
        _sentence(exc)
    else:
        assert 0 < len(name) <= validation.MAX_NAME


@fuzz(300)
@given(
    st.one_of(
        hostile_text(),
        st.builds(
            "{}{}{}{}".format,
            st.sampled_from(["", "INC", "inc", "BCR", "ACC", "ICR", "XYZ", "Inc", " "]),
            st.sampled_from(["", "-", "\u2011", "\u2013", " - ", "--"]),
            st.sampled_from(["", "0", "000"]),
            st.integers(min_value=-5, max_value=10**14).map(str),
        ),
    ),
    st.sampled_from(list(RecordKind)),
)
@example("\u0663\u0663", RecordKind.INCIDENT)  # Arabic-Indic digits match \d
@example("INC-" + "9" * 12, RecordKind.INCIDENT)
@example("\udcff" + "x" * 10_000, RecordKind.ACCOUNT)  # a command-line argument that is not UTF-8, and long
def test_a_reference_parses_to_a_positive_number_or_is_refused(text: str, kind: RecordKind) -> None:
    try:
        number = parse_reference(text, kind, field="reference")
    except ValidationError as exc:
        _sentence(exc)
        assert exc.field == "reference"
        assert len(str(exc)) < 200  # what was typed is quoted cut short
        return
    assert number >= 1
    assert parse_reference(format_reference(kind, number), kind) == number


@fuzz(300)
@given(
    st.one_of(
        hostile_text(),
        st.builds(
            "otpauth://{}/{}?{}".format,
            st.sampled_from(["totp", "TOTP", "hotp", ""]),
            hostile_text(10),
            st.lists(
                st.builds(
                    "{}={}".format,
                    st.sampled_from(["secret", "digits", "period", "issuer", "algorithm", ""]),
                    st.one_of(
                        hostile_text(10),
                        st.sampled_from(
                            ["JBSWY3DPEHPK3PXP", "6", "8", "30", "0", "-1", "1e9", "99999999999999999999", "%00", "%ZZ"]
                        ),
                    ),
                ),
                max_size=4,
            ).map("&".join),
        ),
        st.builds("{}?{}".format, st.sampled_from(["JBSWY3DPEHPK3PXP", "jbsw y3dp-ehpk 3pxp"]), hostile_text(20)),
    )
)
@example("otpauth://totp/X?secret=JBSWY3DPEHPK3PXP&digits=\u0668")
@example("JBSWY3DPEHPK3PXP?period=\U0001d7e0\U0001d7e0")
def test_a_two_factor_setting_parses_to_a_working_code_or_is_refused(value: str) -> None:
    try:
        setting = totp.parse(value)
    except ValidationError as exc:
        _sentence(exc)
        assert exc.field == "totp"
        return
    if setting is None:
        assert not value.strip()
        return
    stored = setting.stored()
    assert totp.parse(stored) == setting
    code, remaining = totp.code(stored, dt.datetime(2026, 3, 2, 9, 14, tzinfo=dt.UTC))
    assert code.isdigit() and len(code) == setting.digits
    assert 0 < remaining <= setting.period
    assert vault.normalise_totp(value) == stored


@fuzz(150)
@given(
    st.builds(
        vault.CredentialForm,
        kind=st.sampled_from(list(CredentialKind)),
        label=cell_text(),
        username=cell_text(),
        secret=cell_text(),
        notes=cell_text(),
        totp=st.one_of(st.just(""), hostile_text(), st.sampled_from(HOSTILE_FRAGMENTS)),
    )
)
def test_a_credential_form_is_checked_or_refused(form: vault.CredentialForm) -> None:
    try:
        checked = vault.check_form(form)
    except ValidationError as exc:
        _sentence(exc)
        assert exc.field
        return
    assert checked.secret == form.secret  # a password is kept exactly as given
    assert len(checked.secret) <= vault.MAX_SECRET
    for value in (checked.label, checked.username, checked.secret, checked.notes, checked.totp):
        value.encode("utf-8")  # storable (encrypted or not)


@fuzz(60)
@given(st.one_of(cell_text(), hostile_text()), st.lists(hostile_text(20), max_size=3))
def test_a_new_passphrase_is_accepted_or_refused_with_advice(passphrase: str, user_inputs: list[str]) -> None:
    verdict = passphrases.strength(passphrase, user_inputs)
    assert 0 <= verdict.score <= 4 and verdict.label in ("", *passphrases._LABELS)
    try:
        passphrases.check_new_passphrase(passphrase, passphrase, user_inputs)
    except ValidationError as exc:
        _sentence(exc)
        assert not verdict.acceptable
    else:
        assert verdict.acceptable
    try:
        passphrases.check_new_passphrase(passphrase, passphrase + "x", user_inputs)
    except ValidationError as exc:
        assert exc.field == "confirmation"
    else:
        raise AssertionError("a different confirmation was accepted")
