"""The command line for consent returns: counts, the lines to review by line and name as written, --dry-run."""

from __future__ import annotations

from pathlib import Path

import pytest

from smgov.__main__ import main
from smgov.data.services import consent
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.data.test_consent_returns import HEADER, add_pupils, arbor, pupil

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)


def test_import_consent_prints_counts_and_lines_to_review(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = add_pupils(workspace, [*arbor(), pupil("Henry", "Evans", "Year 5", "5F", "x1")])
    add_pupils(workspace, [pupil("Henry", "Evans", "Year 5", "5F", "x2")])
    path = workspace.path
    workspace.close()
    returns = tmp_path / "returns.csv"
    head = (SAMPLES / "consent-returns-2026-27-head.csv").read_text(encoding="utf-8-sig")
    extra = [
        "2026-09-10 18:00,Henry Evans,Year 5,5F,Yes,Yes,Yes,Yes,,P Evans,Mother",
        "2026-09-10 18:01,Nobody Known,Year 2,2B,Yes,Yes,Yes,Yes,,P Known,Father",
        "2026-09-10 18:02,Priya Jones,Year 4,4A,Perhaps,Yes,Yes,Yes,,I Jones,Carer",
    ]
    returns.write_text(head.rstrip("\n") + "\n" + "\n".join(extra) + "\n", encoding="utf-8")
    assert head.startswith(HEADER)

    assert main(["import", "consent", str(path), str(returns), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Returns for 2026-27." in out and "Photos on school website = School website" in out
    assert "line 26: to review: Henry Evans: 2 pupils of this name in Year 5 5F: choose one." in out
    assert "line 27: not matched: Nobody Known: No pupil of this name is on roll." in out
    assert "line 28: refused: Priya Jones: 'Perhaps' is not Yes or No (Photos in school displays)." in out
    assert "24 matched, 1 to review, 1 not matched, 1 refused." in out and "Dry run: nothing was saved." in out
    with Workspace.open(path, passphrase=PASSPHRASE) as reopened:
        assert consent.history(reopened, ids["000464"]) == []

    assert main(["import", "consent", str(path), str(returns)]) == 0
    out = capsys.readouterr().out
    assert "Imported 24 return(s) and 0 amendment(s)." in out and "left out" in out
    with Workspace.open(path, passphrase=PASSPHRASE) as reopened:
        assert consent.history(reopened, ids["000464"])


def test_a_binary_file_is_one_clear_line(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workspace.path
    workspace.close()
    junk = tmp_path / "returns.csv"
    junk.write_bytes(b"PK\x03\x04\x00\x00" * 100)
    assert main(["import", "consent", str(path), str(junk)]) != 0
    err = capsys.readouterr().err
    assert "not a CSV file" in err and "Traceback" not in err
