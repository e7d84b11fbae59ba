"""UI fixtures: real services on a per-test copy of the template vault, offscreen Qt, a watchdog."""

from __future__ import annotations

import pytest

from volunteer_desk.vault.crypto import FLOOR_COST

ADMIN, ADMIN_PASS = "admin", "correct horse battery"  # as in tests/conftest.py


@pytest.fixture
def make_services(qapp, tmp_path):
    from volunteer_desk.ui.main import build_services

    built = []

    def make(vault_root, **kwargs):
        kwargs.setdefault("settings_path", tmp_path / "settings.ini")
        kwargs.setdefault("kdf_cost", FLOOR_COST)  # a vault made in a test: floor Argon2id (still real)
        services = build_services(vault_root, **kwargs)
        built.append(services)
        return services

    yield make
    for services in built:
        services.watchdog.stop()
        services.idle.close()  # stop, and leave the windows' event filters
        if services.session_watch is not None:
            services.session_watch.close()
        services.desk.shutdown()
        services.runner.shutdown()


@pytest.fixture
def services(make_services, vault_dir):
    return make_services(vault_dir)


@pytest.fixture
def window(services, qtbot):
    from volunteer_desk.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.resize(1100, 720)
    win.show()
    from volunteer_desk.ui.main import start_warm_up

    warm = start_warm_up(services)
    qtbot.waitUntil(lambda: warm.done, timeout=20_000)
    services.watchdog.start()
    yield win
    services.watchdog.stop()
