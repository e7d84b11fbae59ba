"""A job that finishes after the screen that asked for it is gone: cancelled, its callbacks skipped."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QLabel

from volunteer_desk.ui.tasks import TaskRunner


def test_a_job_finishing_after_its_widget_is_deleted_touches_nothing(qtbot):
    runner = TaskRunner(max_threads=1)
    owner = QLabel("letter view")
    release = threading.Event()
    seen: list[str] = []

    def slow(cancel=None):
        release.wait(5)
        return "translated"

    def done(text):  # what letter_view did: touch its own widgets
        owner.setText(text)
        seen.append(text)

    job = runner.submit(slow, name="letters.translate", owner=owner, on_done=done,
                        on_error=lambda e: seen.append(f"error {e}"))
    owner.deleteLater()  # e.g. the screen locks during a translation and the family tab closes
    qtbot.waitUntil(lambda: job.token.cancelled, timeout=5_000)  # destroyed → cancelled
    release.set()
    qtbot.waitUntil(lambda: runner.active == 0, timeout=5_000)
    QApplication.processEvents()
    assert seen == []  # no call into the deleted widget ("Internal C++ object already deleted")
    runner.shutdown()


def test_a_live_owner_still_gets_its_result(qtbot):
    runner = TaskRunner(max_threads=1)
    owner = QLabel()
    qtbot.addWidget(owner)
    runner.submit(lambda: "ok", owner=owner, on_done=owner.setText)
    qtbot.waitUntil(lambda: owner.text() == "ok", timeout=5_000)
    runner.shutdown()
