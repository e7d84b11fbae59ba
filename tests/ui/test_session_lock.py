"""The desk locks when the system says the session locks or sleeps (real private dbus-daemons)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys

import pytest
from ui_helpers import unlock

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the D-Bus watch is for Linux")


@pytest.fixture
def private_bus():
    """Starts private dbus-daemons; yields a function returning a new bus address."""
    if shutil.which("dbus-daemon") is None:
        pytest.fail("dbus-daemon missing: installer/bootstrap.sh installs the Debian package dbus")
    daemons, addresses = [], []

    def start() -> str:
        proc = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        daemons.append(proc)
        addresses.append(proc.stdout.readline().strip())
        return addresses[-1]

    yield start
    from PySide6.QtDBus import QDBusConnection

    for address in addresses:
        QDBusConnection.disconnectFromBus(_emitter_name(address))
    for proc in daemons:
        proc.terminate()
        proc.wait(timeout=5)


def _emitter_name(address: str) -> str:
    return "test-emitter-" + address.rsplit("=", 1)[-1]


def _emit(address: str, path: str, interface: str, name: str, *args) -> None:
    """Sends a real signal on the bus, from a connection of its own, as a desktop would."""
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    bus = QDBusConnection.connectToBus(address, _emitter_name(address))
    assert bus.isConnected(), bus.lastError().message()
    message = QDBusMessage.createSignal(path, interface, name)
    message.setArguments(list(args))
    assert bus.send(message)


def _locked_window(make_services, vault_dir, qtbot):
    from volunteer_desk.ui.main_window import MainWindow

    services = make_services(vault_dir)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    return services, win


@linux_only
def test_screen_lock_sleep_and_logind_lock_lock_the_desk(make_services, vault_dir, qtbot, private_bus, monkeypatch):
    session_bus, system_bus = private_bus(), private_bus()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session_bus)
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", system_bus)
    monkeypatch.setenv("XDG_SESSION_ID", "7")
    services, win = _locked_window(make_services, vault_dir, qtbot)  # wired as the app wires it
    assert services.session_watch.listening == ["screensaver", "sleep", "logind-lock"]
    requests: list[str] = []  # every lock the watch asked for, even when already locked
    services.session_watch.lock_requested.connect(requests.append)

    def unlocked_then(*signals) -> None:
        unlock(qtbot, win)
        qtbot.waitUntil(lambda: services.desk.is_unlocked and win.stack.currentWidget() is win.workspace,
                        timeout=10_000)
        for signal in signals:
            _emit(*signal)
        qtbot.waitUntil(lambda: win.stack.currentWidget() is win.unlock_page, timeout=5_000)
        assert services.desk.session is None

    saver = (session_bus, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged")
    sleep = (system_bus, "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep")
    # The screen saver going off (or waking from sleep) must not lock; signals from one sender keep
    # their order, so a lock from the false one would be counted before the true one arrives.
    unlocked_then((*saver, False), (*saver, True))
    assert requests == ["session"]
    assert win.unlock_page.reason.text()
    unlocked_then((*sleep, False), (*sleep, True))
    assert requests == ["session", "suspended"]
    assert "sleep" in win.unlock_page.reason.text()
    unlocked_then((system_bus, "/org/freedesktop/login1/session/_37", "org.freedesktop.login1.Session", "Lock"))
    unlocked_then((session_bus, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", True))
    assert requests == ["session", "suspended", "session", "session"]


@linux_only
def test_no_bus_means_idle_lock_only_and_no_noise(qapp, tmp_path, monkeypatch, caplog):
    from volunteer_desk.ui.session_watch import SessionWatch

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-session-bus")
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path}/no-system-bus")
    with caplog.at_level(logging.DEBUG, logger="volunteer_desk.ui.session_watch"):
        watch = SessionWatch()
    assert watch.listening == []
    records = [r for r in caplog.records if r.name == "volunteer_desk.ui.session_watch"]
    assert [r.levelno for r in records] == [logging.DEBUG]
    assert "no D-Bus session or system bus" in records[0].getMessage()
    watch.close()


def test_logind_session_path_is_escaped_as_systemd_does():
    from volunteer_desk.ui.session_watch import logind_session_path

    assert logind_session_path("7") == "/org/freedesktop/login1/session/_37"
    assert logind_session_path("c12") == "/org/freedesktop/login1/session/c12"
    assert logind_session_path("a-b") == "/org/freedesktop/login1/session/a_2db"


def test_windows_filter_reads_lock_and_suspend_messages_for_its_window_only(qapp):
    """The Windows hook cannot run here; its message parsing can, on real MSG structs."""
    from ctypes import addressof, wintypes

    from volunteer_desk.ui import session_watch as sw

    seen: list[str] = []
    hwnd = 0x1234
    check = sw.WindowsMessageFilter(hwnd, seen.append)

    def send(message: int, wparam: int, to: int = hwnd) -> None:
        msg = wintypes.MSG(hWnd=to, message=message, wParam=wparam)
        assert check.nativeEventFilter(b"windows_generic_MSG", addressof(msg)) == (False, 0)

    send(sw.WM_WTSSESSION_CHANGE, 0x8)  # WTS_SESSION_UNLOCK
    send(sw.WM_POWERBROADCAST, 0x12)  # PBT_APMRESUMEAUTOMATIC
    send(sw.WM_WTSSESSION_CHANGE, sw.WTS_SESSION_LOCK, to=0x999)  # another window
    assert seen == []
    send(sw.WM_WTSSESSION_CHANGE, sw.WTS_SESSION_LOCK)
    send(sw.WM_POWERBROADCAST, sw.PBT_APMSUSPEND)
    assert seen == ["session", "suspended"]


def test_the_desk_starts_on_a_qt_build_without_qtdbus():
    """Some Qt builds (Windows, macOS) have no QtDBus: the session watch then does without it, and the
    window that imports it still opens (a module-level QtDBus import would stop the app starting)."""
    probe = ("import sys\n"
             "sys.modules['PySide6.QtDBus'] = None  # as on a build without it\n"
             "from PySide6.QtWidgets import QApplication\n"
             "from volunteer_desk.ui.session_watch import SessionWatch\n"
             "app = QApplication([])\n"
             "watch = SessionWatch()\n"
             "print(len(watch.listening))  # nothing watched over D-Bus\n"
             "watch.close()\n")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["0"]
