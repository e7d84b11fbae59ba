#!/usr/bin/env bash
# Wrap the PyInstaller folder (dist/volunteer-desk, from installer/build_linux.sh) in a .deb:
#   /opt/volunteer-desk/…           the bundle
#   /usr/bin/volunteer-desk         symlink
#   /usr/share/applications/…       .desktop entry; icons in hicolor
# Tesseract and the letter languages come from Debian/Ubuntu (Depends), not from the bundle.
#   installer/linux/build_deb.sh            -> dist/volunteer-desk_<version>_amd64.deb
#   DEB_COMPRESSION=zstd installer/linux/build_deb.sh   (faster; needs dpkg >= 1.21 to install)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
bundle=dist/volunteer-desk
[ -x "$bundle/volunteer-desk" ] || { echo "build_deb: run installer/build_linux.sh first" >&2; exit 1; }
version="$(.venv/bin/python -c 'import volunteer_desk; print(volunteer_desk.__version__)')"
arch="$(dpkg --print-architecture)"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/icons/hicolor/scalable/apps" \
  "$root/usr/share/doc/volunteer-desk" "$root/DEBIAN"
cp -a "$bundle" "$root/opt/volunteer-desk"
ln -s /opt/volunteer-desk/volunteer-desk "$root/usr/bin/volunteer-desk"
install -m 644 installer/linux/volunteer-desk.desktop "$root/usr/share/applications/"
install -m 644 installer/linux/volunteer-desk.png "$root/usr/share/icons/hicolor/256x256/apps/"
install -m 644 installer/linux/volunteer-desk.svg "$root/usr/share/icons/hicolor/scalable/apps/"
cat > "$root/usr/share/doc/volunteer-desk/copyright" <<TXT
Volunteer Desk — GPL-3.0-or-later. Bundled third-party components keep their own licences
(Qt/PySide6 LGPLv3, SQLCipher BSD-style, OpenSSL Apache-2.0, CTranslate2 MIT, …).
TXT
chmod -R u+rwX,go+rX,go-w "$root/opt/volunteer-desk"
size_kb="$(du -sk "$root/opt" | cut -f1)"
cat > "$root/DEBIAN/control" <<CTL
Package: volunteer-desk
Version: $version
Section: misc
Priority: optional
Architecture: $arch
Installed-Size: $size_kb
Maintainer: Volunteer Desk contributors <noreply@invalid>
Depends: tesseract-ocr, tesseract-ocr-fra, tesseract-ocr-nld, tesseract-ocr-deu, tesseract-ocr-eng,
 tesseract-ocr-osd, libegl1, libgl1, libfontconfig1, libfreetype6, libdbus-1-3, libglib2.0-0,
 libxkbcommon0, libxkbcommon-x11-0, libx11-xcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0,
 libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0 | libxcb1,
 libxcb-xkb1
Recommends: fonts-noto-core, fonts-dejavu-core, espeak-ng
Description: offline help for volunteers who accompany refugee families
 Encrypted family files (SQLCipher), letters read by OCR, offline translation,
 Belgian forms and handover packets. Never sends data anywhere. Translation
 models come from a model pack: volunteer-desk modelpack install FOLDER.
CTL
out="dist/volunteer-desk_${version}_${arch}.deb"
comp="${DEB_COMPRESSION:-xz}"
start=$(date +%s)
dpkg-deb --root-owner-group -Z"$comp" --build "$root" "$out" >/dev/null
echo "build_deb: $out ($(du -h "$out" | cut -f1)) in $(( $(date +%s) - start )) s"
