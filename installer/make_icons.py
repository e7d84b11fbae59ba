"""Render installer/linux/volunteer-desk.svg to the PNG (Linux) and ICO (Windows) the installers use.

Run once after changing the SVG: ``.venv/bin/python installer/make_icons.py``. Needs PySide6 (QtSvg).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    QSvgRenderer(str(HERE / "linux" / "volunteer-desk.svg")).render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])
    png = render(256)
    (HERE / "linux" / "volunteer-desk.png").write_bytes(png)
    Image.open(io.BytesIO(png)).save(HERE / "windows" / "volunteer-desk.ico",
                                     sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
