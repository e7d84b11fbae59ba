#!/usr/bin/env bash
# Set up everything Volunteer Desk needs on a Debian machine: system packages, a .venv,
# the project with its dev extras and argostranslate installed lean.
# Idempotent: a second run only checks stamps and takes a few seconds.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

APT_PACKAGES=(
  # OCR engine and the letter languages (osd gives page orientation)
  tesseract-ocr tesseract-ocr-fra tesseract-ocr-nld tesseract-ocr-deu tesseract-ocr-eng tesseract-ocr-osd
  # Qt offscreen + xcb runtime (QtGui links GL even offscreen)
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1
  libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0
  # virtual screen, PDF checks, fonts (Noto covers Arabic, Ethiopic, Cyrillic), speech
  xvfb xauth poppler-utils fonts-dejavu-core fonts-noto-core espeak-ng sox
  # a private D-Bus for the screen-lock tests (dbus-send emits the signals)
  dbus-daemon dbus-bin
  # two real Syncthing instances on 127.0.0.1 for the vault sync tests (tests/sync/)
  syncthing
  python3-venv
)

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
stamp_input="$(cat pyproject.toml installer/bootstrap.sh | sha256sum | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PY" -m venv .venv
fi
if [ "$(cat .venv/.bootstrap-stamp 2>/dev/null)" != "$stamp_input" ]; then
  echo "bootstrap: installing Python packages"
  .venv/bin/python -m pip install -q --upgrade pip
  # argostranslate's plain install pulls torch/stanza (6 GB): install it without deps, plus what it really uses.
  .venv/bin/python -m pip install -q --no-deps "argostranslate==1.11.0"
  .venv/bin/python -m pip install -q -e ".[dev]"
  echo "$stamp_input" > .venv/.bootstrap-stamp
fi
# The gettext catalogues are built, not committed: translations/*.po → resources/locale (0.4 s, every run,
# so a pull or a merge that changed a .po is picked up).
.venv/bin/python installer/compile_translations.py >/dev/null
