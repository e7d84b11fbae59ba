"""How the app fits an older volunteer's small laptop: window size, text size, a strong focus outline.

- ``fit_to_screen``: the window never opens larger than the screen; under 1400×900 it opens
  maximised (``opens_maximised``), so a 1366×768 or 1024×600 screen shows every button.
- ``apply_text_size``: 100–175 % of the system font, for the whole app.
- ``FocusOutline``: a 3 px blue outline around the widget that has the keyboard focus (the
  platform's dotted one is faint).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPen
from PySide6.QtWidgets import QApplication, QFocusFrame, QWidget
from shiboken6 import isValid

TEXT_SIZES = (100, 125, 150, 175)
MAXIMISE_BELOW = QSize(1400, 900)
DEFAULT_SIZE = QSize(1200, 780)
FOCUS = "#1a5fb4"
FOCUS_WIDTH = 3


class FocusOutline(QFocusFrame):
    """A 3 px blue frame around whatever has the keyboard focus, following it from widget to widget.

    One small widget that moves with the focus, instead of an application style sheet: the style
    sheet did the same but made every screen build ~2× slower (Qt's style-sheet style repolishes
    every widget), which the freeze watchdog saw on a loaded laptop.
    """

    def paintEvent(self, _event) -> None:  # noqa: N802, ANN001 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(FOCUS), FOCUS_WIDTH))
        half = FOCUS_WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 3, 3)


_outline: FocusOutline | None = None


def _follow_focus(_old: QWidget | None, now: QWidget | None) -> None:
    global _outline
    if _outline is None:
        return
    if not isValid(_outline):  # it lives in the focused widget's window: gone with that window
        _outline = _new_outline()
    if now is None or now.isWindow() or now.parentWidget() is None:
        _outline.setWidget(None)
        _outline.hide()
        return
    _outline.setWidget(now)
    _outline.show()
    _outline.raise_()


def _new_outline() -> FocusOutline:
    outline = FocusOutline()
    outline.setObjectName("focusOutline")
    outline.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return outline


def install_focus_outline(app: QApplication) -> FocusOutline:
    global _outline
    if _outline is None:
        app.focusChanged.connect(_follow_focus)
    if _outline is None or not isValid(_outline):
        _outline = _new_outline()
    return _outline


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


def resize_within_screen(dialog: QWidget, width: int, height: int) -> None:
    """A dialog's preferred size, cut to the screen it opens on (a 900 px tall dialog on a 600 px
    netbook put its buttons below the screen)."""
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry().size()
        width, height = min(width, available.width() - 24), min(height, available.height() - 48)
    dialog.resize(width, height)


def show_fitted(window: QWidget) -> None:
    """Show the main window: maximised on a screen smaller than 1400×900."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None and opens_maximised(screen.availableGeometry().size()):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    window.show()


_base_point_size: float = 0.0


def apply_text_size(app: QApplication, percent: int) -> None:
    """Scale the application font (100–175 %) and put the focus outline in place."""
    global _base_point_size
    if not _base_point_size:
        _base_point_size = app.font().pointSizeF() or 10.0
    percent = max(TEXT_SIZES[0], min(TEXT_SIZES[-1], int(percent)))
    font = app.font()
    font.setPointSizeF(_base_point_size * percent / 100)
    app.setFont(font)
    # Deliver the font change now: windows built right after (a live switch) must not start from
    # the old size, and headings compute their size from it.
    QCoreApplication.sendPostedEvents()
    install_focus_outline(app)
