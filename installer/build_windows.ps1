# Build the Windows one-folder bundle and the Inno Setup installer (see installer/README.md).
# Run from the repository root in PowerShell, with Python 3.11 x64 and Inno Setup 6 installed:
#   powershell -ExecutionPolicy Bypass -File installer\build_windows.ps1
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
$py = ".venv\Scripts\python.exe"
& $py -m pip install -q --upgrade pip
# Same lean argostranslate install as installer/bootstrap.sh (its plain install pulls torch: 6 GB).
& $py -m pip install -q --no-deps "argostranslate==1.11.0"
# sqlcipher3 0.6.4 ships win_amd64 wheels (cp311, cp312) with SQLCipher and OpenSSL linked in;
# --only-binary makes sure pip never tries the sdist (it needs a compiler and network access for OpenSSL).
& $py -m pip install -q --only-binary sqlcipher3 -e ".[build]"

# (the spec compiles the gettext catalogues, translations\*.po -> .mo, into the bundle itself)
& $py -m PyInstaller --noconfirm --workpath build\pyinstaller --distpath dist installer\volunteer_desk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# Smoke test: the console twin must pass the self-test (it exits 1 when encryption does not work).
& dist\volunteer-desk\volunteer-desk-cli.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "self-test of the built program failed" }

if (-not (Test-Path installer\windows\tesseract\tesseract.exe)) {
  throw "Prepare installer\windows\tesseract first (installer/README.md, step 3)"
}
& "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" installer\windows\volunteer-desk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Get-ChildItem installer\windows\Output
