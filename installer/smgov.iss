; smgov for Windows: a per-user installer (Inno Setup 6) that needs no administrator rights.
;
; Build the one-folder app first, from the repository's root, then the installer:
;   pyinstaller build.spec
;   iscc "/DAppVersion=<smgov.__version__>" installer\smgov.iss
; .github/workflows/windows.yml does both, with the version read from smgov/__init__.py. The installer is written to
; dist\smgov-<version>-setup.exe.
;
; It installs into %LOCALAPPDATA%\Programs\smgov, adds smgov to the user's Start menu, opens .smgov files with smgov
; (registered under HKEY_CURRENT_USER\Software\Classes) and adds an uninstaller to Settings > Apps. The school's data is
; never inside {app}: the workspace file is wherever the user saved it, and logs, anchors and automatic backups are in
; the user's AppData folders, so uninstalling (or upgrading) leaves all of them where they are.
;
; Beside smgov.exe (the windowed app) it installs smgov-cli.exe, the same program built as a console one, for the
; commands (smgov-cli init, verify, backup ...: a windowed exe has no console to print to). If the user ticks
; "addtopath", the install folder is added to their own PATH (HKEY_CURRENT_USER\Environment: no administrator rights)
; and taken off it again on uninstall ([Code] below).

#ifndef AppVersion
  #error Give the version of smgov: iscc /DAppVersion=<smgov.__version__> installer\smgov.iss
#endif

#define AppName "smgov"
#define AppExe "smgov.exe"
#define ProgId "smgov.workspace"

[Setup]
; The AppId identifies smgov to upgrades and the uninstaller: never change it.
AppId={{D2743852-E918-46B9-AE2D-FD2711EC9394}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=smgov
AppComments=Social media governance for UK schools
; Per user, no administrator rights: the program goes under the user's own AppData and its registry entries under
; HKEY_CURRENT_USER (HKA below means HKCU in a per-user install).
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\smgov
DisableProgramGroupPage=yes
ChangesAssociations=yes
; The PATH task changes the user's environment: new Command Prompts see it without signing out.
ChangesEnvironment=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\smgov\resources\icons\smgov.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\dist
OutputBaseFilename=smgov-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add smgov to my PATH, so smgov-cli runs in any Command Prompt"; GroupDescription: "Command line:"; Flags: unchecked

[Files]
; The whole one-folder build (smgov.exe, smgov-cli.exe and their shared _internal folder). ignoreversion: every file
; is replaced on upgrade.
Source: "..\dist\smgov\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .smgov files open in smgov, with its icon. The association goes with the uninstaller; the files stay.
Root: HKA; Subkey: "Software\Classes\.smgov"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.smgov\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "smgov workspace"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// The user's own PATH (HKEY_CURRENT_USER\Environment, REG_EXPAND_SZ): {app} is added once when the "addtopath" task
// is ticked, and removed on uninstall wherever it is in the list, leaving every other entry as it was (unexpanded).
const
  EnvironmentKey = 'Environment';

function PathEntryAt(Paths, Dir: String): Integer;
begin
  // The position of ;Dir; in ;Paths; (0 when absent), ignoring case as Windows does.
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';');
end;

procedure AddAppToPath();
var
  Paths, Dir: String;
begin
  Dir := ExpandConstant('{app}');
  if not RegQueryStringValue(HKEY_CURRENT_USER, EnvironmentKey, 'Path', Paths) then
    Paths := '';
  if PathEntryAt(Paths, Dir) > 0 then
    Exit;
  if (Paths <> '') and (Copy(Paths, Length(Paths), 1) <> ';') then
    Paths := Paths + ';';
  if not RegWriteExpandStringValue(HKEY_CURRENT_USER, EnvironmentKey, 'Path', Paths + Dir) then
    Log('Could not add ' + Dir + ' to the user''s PATH');
end;

procedure RemoveAppFromPath();
var
  Paths, Dir: String;
  At: Integer;
begin
  Dir := ExpandConstant('{app}');
  if not RegQueryStringValue(HKEY_CURRENT_USER, EnvironmentKey, 'Path', Paths) then
    Exit;
  At := PathEntryAt(Paths, Dir);
  if At = 0 then
    Exit;
  Paths := ';' + Paths + ';';
  Delete(Paths, At, Length(Dir) + 1);  // ";Dir", leaving the semicolon after it
  Paths := Copy(Paths, 2, Length(Paths) - 2);  // without the two added around the list
  if Paths = '' then
    RegDeleteValue(HKEY_CURRENT_USER, EnvironmentKey, 'Path')
  else
    RegWriteExpandStringValue(HKEY_CURRENT_USER, EnvironmentKey, 'Path', Paths);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and WizardIsTaskSelected('addtopath') then
    AddAppToPath();
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    RemoveAppFromPath();
end;
