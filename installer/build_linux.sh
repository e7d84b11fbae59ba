#!/usr/bin/env bash
# Build the Linux one-folder bundle: dist/volunteer-desk/volunteer-desk, then smoke-test it with
# --self-test in throw-away folders. Needs the .venv from installer/bootstrap.sh; installs PyInstaller
# (the optional "build" extra) into it on first use.
#   installer/build_linux.sh            build + smoke test
#   installer/build_linux.sh --clean    drop PyInstaller's cache first (slower, for release builds)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
PY=.venv/bin/python
[ -x "$PY" ] || { echo "build_linux: run installer/bootstrap.sh first" >&2; exit 1; }

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build_linux: installing PyInstaller into .venv (extra 'build')"
  "$PY" -m pip install -q "pyinstaller>=6.10,<7"
fi

# (the spec compiles the gettext catalogues, translations/*.po → .mo, into the bundle itself)
clean=()
[ "${1:-}" = "--clean" ] && clean=(--clean)
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm "${clean[@]}" --log-level WARN \
  --workpath build/pyinstaller --distpath dist installer/volunteer_desk.spec
end=$(date +%s)
bundle=dist/volunteer-desk
echo "build_linux: built $bundle in $((end - start)) s, size $(du -sh "$bundle" | cut -f1)"

# Smoke test: the built program must pass its own self-test, in folders of its own.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
t0=$(date +%s.%N)
VOLUNTEER_DESK_DATA="$scratch/data" VOLUNTEER_DESK_CONFIG="$scratch/config" HOME="$scratch" \
  "$bundle/volunteer-desk" --self-test
t1=$(date +%s.%N)
echo "build_linux: self-test of the built program passed in $(echo "$t1 - $t0" | bc 2>/dev/null || echo "?") s"
