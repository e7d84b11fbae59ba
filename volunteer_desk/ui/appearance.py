"""How the app fits an older volunteer's small laptop: window size, text size, a strong focus outline.

- ``fit_to_screen``: the window never opens larger than the screen; under 1400×900 it opens
  maximised (``opens_maximised``), so a 1366×768 or 1024×600 screen shows every button.
- ``apply_text_size``: 100–175 % of the system font, for the whole app.
- ``FOCUS_STYLE``: a 3 px blue outline on the widget that has the keyboard focus (the platform's
  dotted one is faint), plus the same for list rows and tabs.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

TEXT_SIZES = (100, 125, 150, 175)
MAXIMISE_BELOW = QSize(1400, 900)
DEFAULT_SIZE = QSize(1200, 780)
FOCUS = "#1a5fb4"
FOCUS_STYLE = f"""
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QDateEdit:focus, QSpinBox:focus,
QAbstractItemView:focus {{ border: 3px solid {FOCUS}; border-radius: 3px; }}
QPushButton {{ border: 1px solid #7a7a7a; border-radius: 4px; padding: 5px 12px; background: #f6f6f6; }}
QPushButton:hover {{ background: #e9eef6; }}
QPushButton:pressed {{ background: #d8e2f1; }}
QPushButton:default {{ border: 2px solid #3d3d3d; }}
QPushButton:focus {{ border: 3px solid {FOCUS}; padding: 3px 10px; }}
QPushButton:disabled {{ color: #8a8a8a; border-color: #c4c4c4; }}
QCheckBox:focus, QRadioButton:focus {{ border: 2px solid {FOCUS}; border-radius: 3px; }}
QTabBar::tab:focus {{ border: 3px solid {FOCUS}; }}
QToolButton:focus {{ border: 3px solid {FOCUS}; border-radius: 3px; }}
"""


def opens_maximised(available: QSize) -> bool:
    return available.width() < MAXIMISE_BELOW.width() or available.height() < MAXIMISE_BELOW.height()


def fit_to_screen(window: QWidget, geometry: bytes = b"") -> None:
    """Restore the last geometry if it still fits this screen, else a size that does."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry() if screen is not None else None
    if (geometry and window.restoreGeometry(QByteArray(geometry))
            and (available is None or available.contains(window.frameGeometry()))):
        return
    size = DEFAULT_SIZE if available is None else DEFAULT_SIZE.boundedTo(available.size())
    window.resize(size)


def show_fitted(window: QWidget) -> None:
    """Show the main window: maximised on a screen smaller than 1400×900."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None and opens_maximised(screen.availableGeometry().size()):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    window.show()


_base_point_size: float = 0.0


def apply_text_size(app: QApplication, percent: int) -> None:
    """Scale the application font (100–175 %) and set the focus outline style."""
    global _base_point_size
    if not _base_point_size:
        _base_point_size = app.font().pointSizeF() or 10.0
    percent = max(TEXT_SIZES[0], min(TEXT_SIZES[-1], int(percent)))
    font = app.font()
    font.setPointSizeF(_base_point_size * percent / 100)
    app.setFont(font)
    app.setStyleSheet(FOCUS_STYLE)
