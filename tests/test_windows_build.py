"""The Windows build's own files: the icon is the app icon at every size Windows asks for, the installer installs for
one user from the folder build.spec makes, and the frozen app's check passes a working app and fails a wrong one."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PIL import IcoImagePlugin, Image, ImageChops
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
ICON = ROOT / "smgov" / "resources" / "icons" / "smgov.ico"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"installer_{name}", INSTALLER / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_windows_icon_is_the_app_icon_drawn_at_each_size(qapp: QApplication) -> None:
    """Each size drawn from smgov.svg (sharp at 16 px), and remade after the SVG changes (a colour moved by more than
    8 levels shows; Qt's anti-aliasing may move an edge pixel by less)."""
    make_icon = _load("make_icon")
    svg = (ICON.parent / "smgov.svg").read_bytes()
    with Image.open(ICON) as ico:
        assert isinstance(ico, IcoImagePlugin.IcoImageFile)
        assert sorted(ico.info["sizes"]) == [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
        for size in make_icon.SIZES:
            frame = ico.ico.getimage((size, size)).convert("RGBA")
            drawn = make_icon.render(svg, size)
            assert frame.size == drawn.size == (size, size)
            worst = max(ImageChops.difference(frame, drawn).tobytes())  # the largest change in any channel
            assert worst <= 8, f"the {size} px icon is not smgov.svg: run installer/make_icon.py"


def _iss() -> str:
    return (INSTALLER / "smgov.iss").read_text("utf-8")


def _setup(name: str) -> str:
    match = re.search(rf"^{name}=(.*)$", _iss(), re.MULTILINE)
    assert match, name
    return match.group(1).strip()


def test_the_installer_is_per_user_and_needs_no_administrator() -> None:
    assert _setup("PrivilegesRequired") == "lowest"
    assert _setup("DefaultDirName").startswith("{localappdata}\\Programs\\")
    registry = [line for line in _iss().splitlines() if line.startswith("Root:")]
    assert registry and all(line.startswith("Root: HKA;") for line in registry)  # HKA is HKCU for one user


def test_the_installer_opens_smgov_files_with_the_app_and_its_icon() -> None:
    iss = _iss()
    assert _setup("ChangesAssociations") == "yes"
    assert 'Subkey: "Software\\Classes\\.smgov"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"' in iss
    assert '#define ProgId "smgov.workspace"' in iss and '#define AppExe "smgov.exe"' in iss
    assert '{#ProgId}\\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\\{#AppExe},0"' in iss
    # the file's path reaches the app quoted, so a path with spaces opens (smgov FILE)
    command = '{#ProgId}\\shell\\open\\command"; ValueType: string; ValueName: ""; ValueData: '
    assert command + '"""{app}\\{#AppExe}"" ""%1"""' in iss


def test_the_installer_packs_the_folder_build_spec_makes_with_the_icon_it_embeds() -> None:
    spec = (ROOT / "build.spec").read_text("utf-8")
    assert re.search(r'COLLECT\(.*name="smgov"\)', spec), "build.spec's one-folder output is dist/smgov"
    assert 'name="smgov",' in spec and '"smgov.ico"' in spec  # the EXE is smgov.exe, with this icon
    source = re.search(r'^Source: "([^"]+)"', _iss(), re.MULTILINE)
    assert source and source.group(1) == "..\\dist\\smgov\\*"
    icon = (INSTALLER / _setup("SetupIconFile").replace("\\", "/")).resolve()
    assert icon == ICON and icon.exists()


def test_the_workflow_builds_what_the_installer_and_the_check_expect() -> None:
    workflow = (ROOT / ".github" / "workflows" / "windows.yml").read_text("utf-8")
    assert "runs-on: windows-latest" in workflow
    assert "pyinstaller --noconfirm build.spec" in workflow
    assert "python installer/check_frozen.py dist/smgov/smgov.exe" in workflow
    assert '& $iscc "/DAppVersion=$env:SMGOV_VERSION" installer\\smgov.iss' in workflow
    assert "dist/smgov-${{ env.SMGOV_VERSION }}-setup.exe" in workflow  # the .iss's OutputDir and OutputBaseFilename
    assert _setup("OutputDir") == "..\\dist" and _setup("OutputBaseFilename") == "smgov-{#AppVersion}-setup"
    for path in ("build.spec", "installer/check_frozen.py", "installer/smgov.iss"):
        assert (ROOT / path).exists(), path


def test_the_build_makes_a_console_smgov_cli_beside_the_windowed_app_sharing_its_libraries() -> None:
    """A windowed smgov.exe prints nothing in a Command Prompt: smgov-cli.exe is the same program as a console one,
    in the same COLLECT (one _internal folder), with the same icon."""
    spec = (ROOT / "build.spec").read_text("utf-8")
    found = re.findall(r'^((\w+) = EXE\(pyz, a\.scripts, .*name="([\w-]+)".*\))$', spec, re.MULTILINE)
    lines = {name: line for line, _var, name in found}
    assert set(lines) == {"smgov", "smgov-cli"}
    assert "console=False" in lines["smgov"] and "console=True" in lines["smgov-cli"]
    assert all("icon=icon" in line for line in lines.values())
    collect = f'coll = COLLECT({", ".join(var for _line, var, _name in found)}, a.binaries, a.datas, name="smgov")'
    assert collect in spec


def test_the_installer_offers_smgov_cli_on_the_users_own_path_and_takes_it_off_again() -> None:
    iss = _iss()
    assert re.search(r'^Source: "\.\.\\dist\\smgov\\\*";.*recursesubdirs', iss, re.MULTILINE)  # smgov-cli.exe too
    assert _setup("ChangesEnvironment") == "yes"  # new Command Prompts see the PATH without signing out
    assert re.search(r'^Name: "addtopath";.*Flags: unchecked$', iss, re.MULTILINE)
    code = iss.split("[Code]", 1)[1]
    assert "HKEY_CURRENT_USER, EnvironmentKey, 'Path'" in code and "HKEY_LOCAL_MACHINE" not in code  # no admin
    assert "WizardIsTaskSelected('addtopath')" in code and "usPostUninstall" in code


@pytest.fixture
def fake_exe(tmp_path: Path) -> Path:
    """A stand-in for the frozen smgov.exe and the smgov-cli.exe beside it: the source app, started the same way."""
    for name in ("smgov", "smgov-cli"):
        exe = tmp_path / name
        exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m smgov "$@"\n')
        exe.chmod(0o755)
    return tmp_path / "smgov"


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is a shell script")
def test_the_frozen_app_check_passes_a_working_app(fake_exe: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _load("check_frozen").main(["check_frozen.py", str(fake_exe)]) == 0
    out = capsys.readouterr().out
    assert "$ smgov --version  -> exit 0" in out and "$ smgov-cli --version  -> exit 0" in out
    assert "smgov-account-application.pdf" in out and "smgov-cli-blocked-content.pdf" in out


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is a shell script")
def test_the_frozen_app_check_fails_without_smgov_cli(fake_exe: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake_exe.with_name("smgov-cli").unlink()
    assert _load("check_frozen").main(["check_frozen.py", str(fake_exe)]) == 1
    assert "FAILED smgov-cli: not in" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is a shell script")
def test_the_frozen_app_check_fails_a_wrong_version_and_no_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exe = tmp_path / "smgov"
    exe.write_text('#!/bin/sh\necho "smgov 0.0.0"\n')
    exe.chmod(0o755)
    assert _load("check_frozen").main(["check_frozen.py", str(exe)]) == 1
    err = capsys.readouterr().err
    assert "FAILED smgov --version" in err and "FAILED smgov form account-application --blank" in err
