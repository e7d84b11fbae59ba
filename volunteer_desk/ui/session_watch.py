"""Lock the desk when the operating system says the session locks or the computer goes to sleep.

Qt's ``ApplicationSuspended`` state (handled by ``IdleLock``) is only reported on mobile platforms,
so desktops are asked directly:

- Linux/BSD (QtDBus): session bus ``org.freedesktop.ScreenSaver`` / ``org.gnome.ScreenSaver``
  ``ActiveChanged(true)``; system bus ``org.freedesktop.login1.Manager.PrepareForSleep(true)`` and
  ``Lock`` on our logind session.
- Windows: ``WM_WTSSESSION_CHANGE``/``WTS_SESSION_LOCK`` (after ``WTSRegisterSessionNotification``)
  and ``WM_POWERBROADCAST``/``PBT_APMSUSPEND``, seen through a native event filter.

A missing bus (CI, containers, no desktop) is normal: one debug line, never an error. Signals are
matched from any sender: a forged one can only lock the desk, which is the safe direction.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable
from ctypes import wintypes

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QWindow

log = logging.getLogger(__name__)

_SCREENSAVERS = (("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
                 ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"))
_LOGIN1_PATH = "/org/freedesktop/login1"
_LOGIN1_MANAGER = "org.freedesktop.login1.Manager"
_LOGIN1_SESSION = "org.freedesktop.login1.Session"


def logind_session_path(session_id: str) -> str:
    """Object path of a logind session, escaped as systemd does (``"2"`` → ``.../session/_32``)."""
    label = "".join(c if (c.isascii() and c.isalpha()) or (i > 0 and c.isascii() and c.isdigit())
                    else "".join(f"_{b:02x}" for b in c.encode()) for i, c in enumerate(session_id))
    return f"{_LOGIN1_PATH}/session/{label or '_'}"


class SessionWatch(QObject):
    """Emits ``lock_requested("session")`` on a session lock, ``("suspended")`` before sleep."""

    lock_requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listening: list[str] = []  # what is watched, for tests and the log
        self._bus_names: list[str] = []
        self._windows: _WindowsSessionHook | None = None
        if sys.platform == "win32":
            try:
                self._windows = _WindowsSessionHook(self._request)
                self.listening.append("windows")
            except OSError:
                log.debug("session watch: Windows session notifications unavailable")
        elif sys.platform != "darwin":
            self._watch_dbus()

    def close(self) -> None:
        if self._windows is not None:
            self._windows.close()
            self._windows = None
        if self._bus_names:  # only when _watch_dbus could import QtDBus
            # lazy: QtDBus is missing from some Qt builds (Windows, macOS): this module must import without it
            from PySide6.QtDBus import QDBusConnection

            for name in self._bus_names:
                QDBusConnection.disconnectFromBus(name)
            self._bus_names.clear()
        self.listening.clear()

    def _request(self, reason: str) -> None:
        # Queued: never lock (close families, dialogs) from inside a bus or native-event callback.
        QTimer.singleShot(0, self, lambda: self.lock_requested.emit(reason))

    @Slot(bool)
    def _screensaver_active(self, active: bool) -> None:
        if active:
            self._request("session")

    @Slot(bool)
    def _prepare_for_sleep(self, sleeping: bool) -> None:
        if sleeping:  # false comes on resume
            self._request("suspended")

    @Slot()
    def _session_locked(self) -> None:
        self._request("session")

    # -- D-Bus ------------------------------------------------------------------------------------
    def _watch_dbus(self) -> None:
        try:
            # lazy: QtDBus is missing from some Qt builds (Windows, macOS): the watch then does without
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            log.debug("session watch: QtDBus not available")
            return
        missing = []
        session = self._bus(QDBusConnection, "DBUS_SESSION_BUS_ADDRESS", QDBusConnection.BusType.SessionBus)
        if session is not None:
            for path, interface in _SCREENSAVERS:
                session.connect("", path, interface, "ActiveChanged", self, SLOT("_screensaver_active(bool)"))
            self.listening.append("screensaver")
        else:
            missing.append("session")
        system = self._bus(QDBusConnection, "DBUS_SYSTEM_BUS_ADDRESS", QDBusConnection.BusType.SystemBus)
        if system is not None:
            system.connect("", _LOGIN1_PATH, _LOGIN1_MANAGER, "PrepareForSleep", self, SLOT("_prepare_for_sleep(bool)"))
            self.listening.append("sleep")
            session_id = os.environ.get("XDG_SESSION_ID")
            if session_id:
                system.connect("", logind_session_path(session_id), _LOGIN1_SESSION, "Lock", self,
                               SLOT("_session_locked()"))
                self.listening.append("logind-lock")
        else:
            missing.append("system")
        if missing:
            log.debug("session watch: no D-Bus %s bus; locking on idle only there", " or ".join(missing))

    def _bus(self, connection_cls, env_var: str, bus_type):  # noqa: ANN001, ANN202 - QtDBus types
        # The address is read now (libdbus caches it for the process): a private connection also
        # lets tests point the watch at their own dbus-daemon.
        address = os.environ.get(env_var)
        if address:
            name = f"volunteer-desk-watch-{env_var}-{id(self):x}"
            bus = connection_cls.connectToBus(address, name)
            self._bus_names.append(name)
        else:
            bus = connection_cls.sessionBus() if bus_type == connection_cls.BusType.SessionBus else connection_cls.systemBus()
        return bus if bus.isConnected() else None


# -- Windows (cannot run on the Linux CI: keep it small and reviewed) ---------------------------------
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004
NOTIFY_FOR_THIS_SESSION = 0


class WindowsMessageFilter(QAbstractNativeEventFilter):
    """Turns the lock and suspend messages sent to ``hwnd`` into ``on_lock(reason)`` calls."""

    def __init__(self, hwnd: int, on_lock: Callable[[str], None]) -> None:
        super().__init__()
        self.hwnd = hwnd
        self._on_lock = on_lock

    def nativeEventFilter(self, event_type, message):  # noqa: ANN001, ANN201, N802 - Qt API
        if bytes(event_type) == b"windows_generic_MSG" and message:
            msg = wintypes.MSG.from_address(int(message))
            if (msg.hWnd or 0) == self.hwnd:  # broadcasts reach every top-level window: count ours once
                if msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK:
                    self._on_lock("session")
                elif msg.message == WM_POWERBROADCAST and msg.wParam == PBT_APMSUSPEND:
                    self._on_lock("suspended")
        return False, 0


class _WindowsSessionHook:
    """A hidden native window registered for session notifications, and the filter watching it."""

    def __init__(self, on_lock: Callable[[str], None]) -> None:
        self._window = QWindow()  # never shown; it only gives Windows an HWND to notify
        self._window.create()
        self._hwnd = int(self._window.winId())
        self._wts = ctypes.WinDLL("wtsapi32")
        self._wts.WTSRegisterSessionNotification.argtypes = [wintypes.HWND, wintypes.DWORD]
        self._wts.WTSRegisterSessionNotification.restype = wintypes.BOOL
        self._wts.WTSUnRegisterSessionNotification.argtypes = [wintypes.HWND]
        self._wts.WTSUnRegisterSessionNotification.restype = wintypes.BOOL
        self._registered = bool(self._wts.WTSRegisterSessionNotification(self._hwnd, NOTIFY_FOR_THIS_SESSION))
        if not self._registered:
            log.debug("session watch: WTSRegisterSessionNotification failed; sleep still watched")
        self._filter = WindowsMessageFilter(self._hwnd, on_lock)  # kept: Qt does not own it
        QCoreApplication.instance().installNativeEventFilter(self._filter)

    def close(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self._filter)
        if self._registered:
            self._wts.WTSUnRegisterSessionNotification(self._hwnd)
            self._registered = False
        self._window.destroy()
