"""The vault: encrypted per field, decrypted only on reveal or copy (audited), history, disclosures, health."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import text

from smgov.data.errors import ValidationError
from smgov.data.models.accounts import AccountStatus
from smgov.data.models.vault import Credential, CredentialKind
from smgov.data.services import audit_log, school, vault
from smgov.data.workspace import Workspace
from tests.data.registers import make_account, make_credential, make_person
from tests.long_secrets import random_secret

SECRET = "Zebra-Orchid-Secret-7731!"
TOTP = "JBSWY3DPEHPK3PXP"


@pytest.fixture
def account_id(workspace: Workspace) -> int:
    return make_account(workspace, AccountStatus.ACTIVE)[0]


def _add(workspace: Workspace, account_id: int, secret: str = SECRET, totp: str = "") -> int:
    form = vault.CredentialForm(
        CredentialKind.PLATFORM_LOGIN, "Main", "office@school.example.org", secret, "2FA by SMS", totp
    )
    return vault.add_credential(workspace, account_id, form)


def test_secrets_are_ciphertext_in_the_row_and_plaintext_only_on_reveal(workspace: Workspace, account_id: int) -> None:
    credential = _add(workspace, account_id, totp=f"otpauth://totp/X:school?secret={TOTP}&issuer=X")
    with workspace.read() as session:
        row = session.get(Credential, credential)
        assert row is not None
        for blob in (row.secret_enc, row.username_enc, row.notes_enc, row.totp_enc):
            assert blob and SECRET.encode() not in blob and b"office@" not in blob and TOTP.encode() not in blob
    assert vault.reveal(workspace, credential) == SECRET
    assert vault.reveal(workspace, credential, "username", "copy") == "office@school.example.org"
    actions = [e.action for e in audit_log.list_events(workspace)[:2]]
    assert actions == ["vault.copy", "vault.reveal"]


def test_a_ciphertext_moved_to_another_row_does_not_decrypt(workspace: Workspace, account_id: int) -> None:
    first, second = _add(workspace, account_id), _add(workspace, account_id, "Another-Secret-Value-99")
    with workspace.write() as session:
        session.execute(
            text("UPDATE credential SET secret_enc = (SELECT secret_enc FROM credential WHERE id = :a) WHERE id = :b"),
            {"a": first, "b": second},
        )
    with pytest.raises(ValidationError, match="altered or moved"):
        vault.reveal(workspace, second)


def test_no_secret_in_the_file_audit_log_logs_or_rows(
    workspace: Workspace, account_id: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    credential = _add(workspace, account_id)
    vault.reveal(workspace, credential)
    vault.change_secret(workspace, credential, "Second-Secret-Value-8842")
    rows = vault.list_credentials(workspace)
    assert SECRET not in repr(rows)
    assert all(SECRET not in e.summary for e in audit_log.list_events(workspace))
    assert SECRET not in caplog.text
    path = workspace.path
    stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    workspace.close()
    stored += path.read_bytes()
    for plain in (SECRET, "Second-Secret-Value", "2FA by SMS"):
        assert plain.encode() not in stored


def test_history_keeps_the_last_ten_encrypted(workspace: Workspace, account_id: int) -> None:
    credential = _add(workspace, account_id, "Original-Secret-0000")
    for n in range(12):
        vault.change_secret(workspace, credential, f"Rotated-Secret-{n:04d}-xyz")
    entries = vault.history(workspace, credential)
    assert len(entries) == 10
    assert vault.reveal_history(workspace, entries[0].id) == "Rotated-Secret-0010-xyz"
    assert vault.reveal(workspace, credential) == "Rotated-Secret-0011-xyz"
    with pytest.raises(ValidationError, match="current password"):
        vault.change_secret(workspace, credential, "Rotated-Secret-0011-xyz")


def test_totp_code_matches_an_authenticator(workspace: Workspace, account_id: int) -> None:
    credential = _add(workspace, account_id, totp=TOTP.lower())
    when = dt.datetime(2026, 11, 22, 10, 0, 10, tzinfo=dt.UTC)
    code, left = vault.totp_code(workspace, credential, at=when)
    assert code == _reference_code(TOTP, when)
    assert left == 20


def test_a_bad_totp_secret_is_refused(workspace: Workspace, account_id: int) -> None:
    with pytest.raises(ValidationError) as caught:
        _add(workspace, account_id, totp="not base32 at all!!")
    assert caught.value.field == "totp"


def test_disclosures_record_who_when_and_why(workspace: Workspace, account_id: int) -> None:
    credential = _add(workspace, account_id)
    person = make_person(workspace, "Gwen Jones")
    with pytest.raises(ValidationError, match="who authorised"):
        vault.record_disclosure(
            workspace, credential, person_id=person, given_on=dt.date.today(), authorised_by="", reason="x"
        )
    vault.record_disclosure(
        workspace, credential, person_id=person, given_on=dt.date.today(), authorised_by="Dr Head", reason="Cover"
    )
    vault.record_disclosure(
        workspace,
        credential,
        given_to="IT support company",
        given_on=dt.date.today(),
        authorised_by="Dr Head",
        reason="IT record",
    )
    given = vault.disclosures(workspace, credential)
    assert {d.given_to for d in given} == {"Gwen Jones", "IT support company"}
    # Who was given a password is kept in the disclosure record, not in the audit chain's summaries (the person's own
    # events name them: "Gwen Jones added").
    given_events = [e.summary for e in audit_log.list_events(workspace) if e.action == "vault.disclose"]
    assert len(given_events) == 2 and "Gwen" not in " ".join(given_events)


def test_health_report_finds_weak_reused_old_and_leaver_passwords(workspace: Workspace, account_id: int) -> None:
    weak = _add(workspace, account_id, "password1")
    reused_a = _add(workspace, account_id, "Same-Strong-Secret-4471")
    reused_b = _add(workspace, account_id, "Same-Strong-Secret-4471")
    old = _add(workspace, account_id, "Very-Old-Secret-Value-3310")
    exposed = _add(workspace, account_id, "Known-By-Leaver-Secret-551")
    with workspace.write() as session:
        session.execute(
            text("UPDATE credential SET changed_at = '2020-01-01T09:00:00.000000+00:00' WHERE id = :id"), {"id": old}
        )
    leaver = make_person(workspace, start_date=dt.date(2019, 1, 1))
    vault.record_disclosure(
        workspace, exposed, person_id=leaver, given_on=dt.date.today(), authorised_by="Head", reason="Cover"
    )
    from smgov.data.services import people

    p = people.get_person(workspace, leaver)
    people.update_person(workspace, leaver, people.PersonForm(p.full_name, email=p.email, leaving_date=dt.date.today()))
    school.update_settings(workspace, school.SettingsChange(password_max_age_days=365))
    found = {(item.credential.id, item.problem) for item in vault.health_report(workspace)}
    assert {(weak, "weak"), (reused_a, "reused"), (reused_b, "reused"), (old, "old"), (exposed, "leaver")} <= found
    assert not any(cid == exposed and problem != "leaver" for cid, problem in found)


def test_deleting_a_credential_removes_its_history(workspace: Workspace, account_id: int) -> None:
    credential = make_credential(workspace, account_id)
    vault.change_secret(workspace, credential, "Next-Secret-Value-9981")
    vault.delete_credential(workspace, credential)
    with workspace.read() as session:
        assert session.execute(text("SELECT count(*) FROM password_history")).scalar() == 0
    assert audit_log.list_events(workspace)[0].action == "vault.delete"


def _reference_code(secret: str, when: dt.datetime) -> str:
    """RFC 6238 worked by hand (pyotp itself refuses 80-bit secrets, which platforms still issue)."""
    import base64
    import hashlib
    import hmac
    import struct

    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(when.timestamp()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def test_the_demos_school_name_password_is_flagged_weak(demo_workspace: Workspace) -> None:
    """ "Brambleford2019!" is the school's name, a year and a "!": very strong to a checker that does not know the
    school, weak to one that does (the school's and the account's names are what a guesser tries first)."""
    planted = demo_workspace.field_cipher.fingerprint("Brambleford2019!")
    with demo_workspace.read() as session:
        ids = {c.id for c in session.query(Credential).filter(Credential.fingerprint == planted)}
    assert ids
    flagged = {item.credential.id for item in vault.health_report(demo_workspace) if item.problem == "weak"}
    assert ids <= flagged


def test_a_password_made_of_the_accounts_own_names_is_weak(workspace: Workspace, account_id: int) -> None:
    school.update_settings(workspace, school.SettingsChange(name="Hollins Primary Academy"))
    account = vault.strength_inputs(workspace, account_id)
    assert "hollins" in account and "academy" in account
    assert vault.password_strength(workspace, account_id, "Hollins2019!").score < vault.WEAK_BELOW
    credential = vault.add_credential(
        workspace, account_id, vault.CredentialForm(CredentialKind.PLATFORM_LOGIN, secret="Hollins2019!")
    )
    assert [r.strength for r in vault.list_credentials(workspace) if r.id == credential][0] < vault.WEAK_BELOW
    vault.change_secret(workspace, credential, "Hollins2024!")
    assert [r.strength for r in vault.list_credentials(workspace) if r.id == credential][0] < vault.WEAK_BELOW


def test_a_150_character_secret_is_added_and_changed_and_rated_very_strong(
    workspace: Workspace, account_id: int
) -> None:
    """Password managers generate 100+ characters; zxcvbn alone refuses more than 72."""
    first, second = random_secret(150, seed=1), random_secret(150, seed=2)
    assert vault.password_strength(workspace, account_id, first).label == "Very strong"
    credential = _add(workspace, account_id, first)
    assert vault.reveal(workspace, credential) == first
    assert [r.strength for r in vault.list_credentials(workspace) if r.id == credential] == [4]
    vault.change_secret(workspace, credential, second)
    assert vault.reveal(workspace, credential) == second
    assert [r.strength for r in vault.list_credentials(workspace) if r.id == credential] == [4]
    vault.change_secret(workspace, credential, "a" * 150)  # long but one letter: saved, and rated weak
    assert [r.strength for r in vault.list_credentials(workspace) if r.id == credential][0] < vault.WEAK_BELOW


def test_the_longest_secret_the_vault_accepts_is_rated(workspace: Workspace, account_id: int) -> None:
    longest = random_secret(vault.MAX_SECRET, seed=3)
    credential = _add(workspace, account_id, longest)
    assert vault.reveal(workspace, credential) == longest
    assert [r.strength for r in vault.list_credentials(workspace) if r.id == credential] == [4]
    with pytest.raises(ValidationError, match="too long"):
        _add(workspace, account_id, longest + "x")
