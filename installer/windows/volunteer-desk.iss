; Inno Setup 6 script for Volunteer Desk (Windows 10/11, x64).
; Build steps: installer/README.md ("Windows"). In short, on a Windows build machine:
;   1. installer\build_windows.ps1 -> dist\volunteer-desk\ (PyInstaller one-folder build)
;   2. prepare installer\windows\tesseract\ (tesseract.exe + DLLs + tessdata\ with the 5 languages below)
;   3. "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\windows\volunteer-desk.iss
; Output: installer\windows\Output\VolunteerDesk-Setup-<version>.exe
;
; Per machine (shared association PCs, needs admin) or per user (own laptop, no admin): the first
; page asks (PrivilegesRequiredOverridesAllowed=dialog). Family data lives in each user's own
; %LOCALAPPDATA%\VolunteerDesk and is never touched by install, update or uninstall.

#define AppName "Volunteer Desk"
#define AppVersion "0.1.0"
#define AppPublisher "Volunteer Desk contributors"
#define AppExe "volunteer-desk.exe"
#define CliExe "volunteer-desk-cli.exe"
#define BundleDir "..\..\dist\volunteer-desk"
#define TesseractDir "tesseract"
#define IconFile "volunteer-desk.ico"

#if !FileExists(AddBackslash(SourcePath) + BundleDir + "\" + AppExe)
  #error "dist\volunteer-desk\volunteer-desk.exe is missing: run the PyInstaller build first (installer/README.md)"
#endif
#if !FileExists(AddBackslash(SourcePath) + TesseractDir + "\tesseract.exe")
  #error "installer\windows\tesseract\tesseract.exe is missing: prepare Tesseract first (installer/README.md)"
#endif
#define Tessdata AddBackslash(SourcePath) + TesseractDir + "\tessdata\"
#if !FileExists(Tessdata + "fra.traineddata")
  #error "tesseract\tessdata\fra.traineddata is missing"
#endif
#if !FileExists(Tessdata + "nld.traineddata")
  #error "tesseract\tessdata\nld.traineddata is missing"
#endif
#if !FileExists(Tessdata + "deu.traineddata")
  #error "tesseract\tessdata\deu.traineddata is missing"
#endif
#if !FileExists(Tessdata + "eng.traineddata")
  #error "tesseract\tessdata\eng.traineddata is missing"
#endif
#if !FileExists(Tessdata + "osd.traineddata")
  #error "tesseract\tessdata\osd.traineddata is missing"
#endif
#if !FileExists(Tessdata + "configs\tsv")
  #error "tesseract\tessdata\configs\tsv is missing (the app reads tesseract's TSV output)"
#endif

[Setup]
; Keep this AppId for every release: it is how Windows knows an update from a new program.
AppId={{6C1E4B0A-3F7D-4E55-9B8B-2D6A41C9F0D7}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=Output
OutputBaseFilename=VolunteerDesk-Setup-{#AppVersion}
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"

[CustomMessages]
en.SharedPC=Shared PC (association office): lock after 5 minutes without activity
fr.SharedPC=PC partagé (bureau de l'association) : verrouiller après 5 minutes d'inactivité
nl.SharedPC=Gedeelde pc (kantoor van de vereniging): vergrendelen na 5 minuten zonder activiteit
de.SharedPC=Gemeinsam genutzter PC (Büro des Vereins): nach 5 Minuten Inaktivität sperren
en.ModeGroup=How is this PC used?
fr.ModeGroup=Comment ce PC est-il utilisé ?
nl.ModeGroup=Hoe wordt deze pc gebruikt?
de.ModeGroup=Wie wird dieser PC genutzt?
en.CheckPC=Check this PC (self-test)
fr.CheckPC=Vérifier ce PC (autotest)
nl.CheckPC=Deze pc controleren (zelftest)
de.CheckPC=Diesen PC prüfen (Selbsttest)

[Tasks]
Name: "sharedpc"; Description: "{cm:SharedPC}"; GroupDescription: "{cm:ModeGroup}"; Flags: unchecked
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update with the box unticked must turn shared-PC mode off again.
Type: files; Name: "{app}\shared_pc_mode.ini"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; Tesseract (UB Mannheim build, Apache-2.0) with the letter languages; the app finds it at {app}\tesseract.
Source: "{#TesseractDir}\*"; DestDir: "{app}\tesseract"; Excludes: "\tessdata"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#TesseractDir}\tessdata\fra.traineddata"; DestDir: "{app}\tesseract\tessdata"; Flags: ignoreversion
Source: "{#TesseractDir}\tessdata\nld.traineddata"; DestDir: "{app}\tesseract\tessdata"; Flags: ignoreversion
Source: "{#TesseractDir}\tessdata\deu.traineddata"; DestDir: "{app}\tesseract\tessdata"; Flags: ignoreversion
Source: "{#TesseractDir}\tessdata\eng.traineddata"; DestDir: "{app}\tesseract\tessdata"; Flags: ignoreversion
Source: "{#TesseractDir}\tessdata\osd.traineddata"; DestDir: "{app}\tesseract\tessdata"; Flags: ignoreversion
Source: "{#TesseractDir}\tessdata\configs\*"; DestDir: "{app}\tesseract\tessdata\configs"; Flags: ignoreversion recursesubdirs

[INI]
; Read by volunteer_desk.core.machine.shared_pc_mode(). Per-machine installs put it in Program Files,
; where volunteers cannot change it.
Filename: "{app}\shared_pc_mode.ini"; Section: "shared_pc"; Key: "enabled"; String: "1"; Tasks: sharedpc; Flags: uninsdeletesection

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{cm:CheckPC}"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#CliExe}"" --self-test"; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{cmd}"; Parameters: "/k ""{app}\{#CliExe}"" --self-test"; Description: "{cm:CheckPC}"; Flags: postinstall skipifsilent unchecked nowait
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: postinstall skipifsilent nowait

[UninstallDelete]
; Only what the installer itself put in {app}; the users' data folders are never deleted here.
Type: files; Name: "{app}\shared_pc_mode.ini"
