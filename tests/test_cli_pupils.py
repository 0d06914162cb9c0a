"""``smgov import pupils``: counts, refused lines with reasons, --dry-run and --partial."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smgov.__main__ import main
from smgov.data.services import pupils
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)


def on_roll(path: Path) -> int:
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace:
        return len(pupils.list_pupils(workspace))


def test_import_pupils_dry_run_then_for_real_then_again(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workspace.path
    workspace.close()
    export = tmp_path / "sims.csv"
    shutil.copyfile(SAMPLES / "sims-student-list-head.csv", export)
    assert main(["import", "pupils", str(path), str(export), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Read as SIMS: UPN = UPN, Admission number = Adno" in out and "Columns not imported: Gender." in out
    assert "24 new, 0 changed, 0 leaving, 0 refused (0 unchanged)." in out and "Dry run: nothing was saved." in out
    assert on_roll(path) == 0
    assert main(["import", "pupils", str(path), str(export)]) == 0
    assert "Imported: 24 added, 0 changed, 0 marked off roll." in capsys.readouterr().out
    assert main(["import", "pupils", str(path), str(export)]) == 0
    assert "0 new, 0 changed, 0 leaving, 0 refused (24 unchanged)." in capsys.readouterr().out
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    export.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert main(["import", "pupils", str(path), str(export), "--partial"]) == 0
    assert "0 new, 0 changed, 0 leaving" in capsys.readouterr().out
    assert main(["import", "pupils", str(path), str(export)]) == 0
    assert "Imported: 0 added, 0 changed, 1 marked off roll." in capsys.readouterr().out
    assert on_roll(path) == 23


def test_import_pupils_lists_refused_lines_and_saves_nothing(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workspace.path
    workspace.close()
    export = tmp_path / "bad.csv"
    export.write_text("Adno,Surname,Forename,DOB\n0001,Smith,Ann,01/01/2016\n0002,,Bob,\n", encoding="utf-8")
    assert main(["import", "pupils", str(path), str(export)]) == 3
    out = capsys.readouterr().out
    assert "line 3: refused: No surname." in out and "Nothing was saved" in out
    assert on_roll(path) == 0


def test_import_pupils_refuses_a_binary_file_in_one_line(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workspace.path
    workspace.close()
    export = tmp_path / "photo.csv"
    shutil.copyfile(SAMPLES / "phone-photo-with-gps.jpg", export)
    assert main(["import", "pupils", str(path), str(export)]) != 0
    err = capsys.readouterr().err
    assert "This file is a picture (JPEG), not a CSV or XLSX file." in err and "Traceback" not in err
