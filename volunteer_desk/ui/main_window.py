"""The shell: first run → unlock → families (+ one tab per open family). Screens do the work."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk import rules
from volunteer_desk.core.i18n import _
from volunteer_desk.ui import drafts
from volunteer_desk.ui.appearance import apply_text_size, fit_to_screen
from volunteer_desk.ui.dialogs.unlock import FirstRunPage, UnlockPage
from volunteer_desk.ui.drafts import DraftSafe
from volunteer_desk.ui.families.list_page import FamiliesPage
from volunteer_desk.ui.menus import build_menus
from volunteer_desk.ui.services import Services
from volunteer_desk.ui.widgets.common import show_error


def _lock_age(age) -> str:  # noqa: ANN001 - a timedelta
    if age.days >= 2:
        return _("{n} days").format(n=age.days)
    hours = int(age.total_seconds() // 3600)
    return _("{n} hours").format(n=hours) if hours >= 2 else _("{n} minutes").format(n=int(age.total_seconds() // 60))


class MainWindow(QMainWindow):
    # made by menus.build_menus (again when the language changes)
    new_action: QAction
    find_action: QAction
    lock_action: QAction
    quit_action: QAction
    save_action: QAction
    print_action: QAction
    close_family_action: QAction
    models_action: QAction
    settings_action: QAction
    unlocked_actions: list[QAction]

    @staticmethod
    def _rules_label() -> QLabel:
        """'Legal rules reviewed on DATE', red with the advice when older than the staleness limit."""
        try:
            text, stale = rules.staleness_line()
        except Exception as exc:  # damaged rules must not stop the app: say so instead
            text, stale = _("Legal rules could not be read ({why}).").format(why=type(exc).__name__), True
        label = QLabel(text)
        label.setObjectName("rulesAge")
        label.setToolTip(text)
        if stale:
            label.setStyleSheet("color: #8c1d18; font-weight: bold;")
        return label

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.desk = services.desk
        self.setObjectName("mainWindow")
        fit_to_screen(self, services.settings.window_geometry)
        self.drafts = DraftSafe()
        self._volunteer = ""
        self._reopen: list[str] = []  # family ids open at the last lock (memory only)
        self._reopen_for: str | None = None
        self._reopen_current: str | None = None
        self.views: dict[str, QWidget] = {}
        self._build()

        self.desk.locked.connect(self._locked)
        services.idle.lock_requested.connect(self.desk.lock)
        services.idle.warning.connect(self._warn_lock)
        # Bound methods, not lambdas: Qt drops these connections when this window is destroyed (the
        # services outlive it: a lambda would call into a deleted window's widgets).
        services.idle.warning_cleared.connect(self._clear_lock_warning)
        if services.session_watch is not None:
            services.session_watch.lock_requested.connect(self.desk.lock)
        services.runner.error.connect(self._show_job_error)
        services.runner.busy_changed.connect(self._show_busy)
        self.start()

    def _build(self) -> None:
        """Every widget of the shell, in the current UI language (built again on a language change)."""
        self.setWindowTitle(_("Volunteer Desk"))
        self.stack = QStackedWidget()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.lock_warning = QLabel()
        self.lock_warning.setObjectName("lockWarning")
        self.lock_warning.setWordWrap(True)
        self.lock_warning.setStyleSheet("background:#fff3c4; color:#3d2c00; padding:8px; font-weight:bold;")
        self.lock_warning.hide()
        column.addWidget(self.lock_warning)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)  # deletes the previous one
        self.first_run = FirstRunPage(self.desk)
        self.unlock_page = UnlockPage(self.desk)
        self.workspace = QTabWidget()
        self.workspace.setObjectName("workspace")
        self.workspace.setTabsClosable(True)
        self.families = FamiliesPage(self.desk)
        self.workspace.addTab(self.families, _("&Families"))
        self.workspace.tabBar().setTabButton(0, self.workspace.tabBar().ButtonPosition.RightSide, None)
        self.workspace.tabBar().setTabButton(0, self.workspace.tabBar().ButtonPosition.LeftSide, None)
        for page in (self.first_run, self.unlock_page, self.workspace):
            self.stack.addWidget(page)

        build_menus(self)
        status = QStatusBar()
        self.setStatusBar(status)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(12)
        self.busy.hide()
        self.who = QLabel()
        self.rules_age = self._rules_label()
        status.addPermanentWidget(self.rules_age)
        status.addPermanentWidget(self.who)
        status.addPermanentWidget(self.busy)

        self.first_run.done.connect(self._unlocked)
        self.unlock_page.done.connect(self._unlocked)
        self.families.open_requested.connect(self.open_family)
        self.families.created.connect(self._family_created)
        self.workspace.tabCloseRequested.connect(self._close_tab)

    def rebuild(self) -> None:
        """Live language or text-size change: build the shell again, keeping the open families, their
        tab, and what is being typed in their dialogs (the same path as a lock, without the lock)."""
        page = self.stack.currentWidget()
        name = self.unlock_page.name.text()
        if self.desk.is_unlocked:
            self._remember_desk()
        for fid in list(self.views):
            self._drop_view(fid)
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.done(0)
        was = "first" if page is self.first_run else "unlock" if page is self.unlock_page else "work"
        self._build()
        self.unlock_page.name.setText(name)
        if was == "work" and self.desk.is_unlocked:
            self._unlocked()
        elif was == "unlock":
            self.show_unlock()
        else:
            self.start()

    def _remember_desk(self) -> None:
        self._keep_drafts()
        self._reopen = list(self.views)
        self._reopen_for = self._volunteer  # another volunteer unlocking gets a clean desk
        current = self.current_family_view()
        self._reopen_current = next((f for f, v in self.views.items() if v is current), None)

    def _set_unlocked_actions(self, unlocked: bool) -> None:
        for action in self.unlocked_actions:
            action.setEnabled(unlocked)

    # -- states -------------------------------------------------------------------------------------
    def start(self) -> None:
        if self.desk.is_unlocked:
            self._unlocked()
        elif self.desk.vault_exists():
            self.show_unlock()
        else:
            self.stack.setCurrentWidget(self.first_run)

    def show_unlock(self, reason: str = "") -> None:
        self.unlock_page.prepare(reason)
        self.stack.setCurrentWidget(self.unlock_page)

    def _unlocked(self) -> None:
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.setCurrentWidget(self.families)
        self._volunteer = self.desk.volunteer_name
        self.who.setText(_("Volunteer: {name}").format(name=self._volunteer))
        self._set_unlocked_actions(True)
        self.families.refresh()
        self.services.idle.set_timeout(self.services.idle_ms())
        self.services.idle.start()
        self._reopen_after_lock()

    def _clear_lock_warning(self) -> None:
        self.lock_warning.hide()

    def _show_job_error(self, exc: BaseException) -> None:
        show_error(self, exc)

    def _show_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)

    def _warn_lock(self, seconds: int) -> None:
        self.lock_warning.setText(_("The application locks in {n} seconds to protect the families' data. "
                                    "Press any key to keep working; what you are typing is kept.").format(n=seconds))
        self.lock_warning.show()

    def _locked(self, reason: str) -> None:
        self.services.idle.stop()
        self.lock_warning.hide()
        self.services.clipboard.clear_if_ours()
        self._remember_desk()
        for fid in list(self.views):
            self._drop_view(fid)
        self.families.show_families([])
        self.who.clear()
        self._set_unlocked_actions(False)
        for dialog in self.findChildren(QWidget):  # no family data left in an open dialog
            if dialog.isWindow() and dialog is not self and dialog.isVisible():
                # done(): a dialog that refuses Escape (the recovery kit) still goes away
                dialog.done(0) if isinstance(dialog, QDialog) else dialog.close()
        self.show_unlock(reason)

    def _family_of(self, widget: QWidget) -> tuple[str, QWidget] | None:
        parent = widget.parentWidget()
        while parent is not None:
            for fid, view in self.views.items():
                if parent is view:
                    return fid, view
            parent = parent.parentWidget()
        return None

    def _keep_drafts(self) -> None:
        """Seal the contents of open family dialogs that know how they were opened (see drafts.py)."""
        for dialog in self.findChildren(QDialog):
            opener = getattr(dialog, "draft_opener", None)
            owner = self._family_of(dialog) if opener and dialog.isVisible() else None
            if owner is None:
                continue
            fid, view = owner
            tab = next((a for a in view._built if view._built[a] is opener[0]), None)
            if tab:
                self.drafts.seal({"family": fid, "tab": tab, "method": opener[1], "record": opener[2],
                                  "fields": drafts.capture(dialog)})
            dialog.hide()

    def _reopen_after_lock(self) -> None:
        """After unlocking: the families that were open, on the same tab, with their unsaved dialogs."""
        fids, self._reopen = self._reopen, []
        pending = self.drafts.take()
        if self._reopen_for != self._volunteer:
            return
        current = self._reopen_current
        for fid in fids:
            self.open_family(fid, "")
            view = self.views.get(fid)
            if view is None:
                continue
            mine = [d for d in pending if d["family"] == fid]
            if mine:
                view.model.reload(on_done=lambda _s, v=view, m=mine: self._restore_drafts(v, m))
        if current in self.views:
            self.workspace.setCurrentWidget(self.views[current])

    @staticmethod
    def _restore_drafts(view: QWidget, pending: list[dict]) -> None:
        for draft in pending:
            view.show_tab(draft["tab"])
            tab = view.tab(draft["tab"])
            opener = getattr(tab, draft["method"], None)
            dialog = opener(*([draft["record"]] if draft["record"] else [])) if opener else None
            if dialog is not None:
                drafts.restore(dialog, draft["fields"])

    # -- families -----------------------------------------------------------------------------------
    def _family_created(self, fid: str, code: str) -> None:
        # lazy: keeps ui.dialogs.recovery_kit off the first frame (loaded when first used or by the background warm-up)
        from volunteer_desk.ui.dialogs.recovery_kit import RecoveryKitDialog

        dialog = RecoveryKitDialog(code, date.today().isoformat(), self)
        dialog.finished.connect(lambda _r: self.desk.is_unlocked and self.open_family(fid, ""))
        dialog.open()
        self.recovery_dialog = dialog

    def _open_failed(self, fid: str, name: str, exc: BaseException) -> None:
        """A lock left by a computer that is gone is offered to break, never broken silently."""
        self._drop_view(fid)
        if getattr(exc, "breakable", False):
            answer = QMessageBox.question(
                self, _("Family open on another computer"),
                _("This family is open on {host} since {age}. If that computer is off or crashed, "
                  "break the lock and open it here?").format(host=exc.host, age=_lock_age(exc.age)))
            if answer == QMessageBox.StandardButton.Yes:
                self.open_family(fid, name, break_lock=True)
                return
        self.services.runner.error.emit(exc)

    def open_family(self, fid: str, name: str, break_lock: bool = False) -> None:
        if fid in self.views:
            self.workspace.setCurrentWidget(self.views[fid])
            return
        # lazy: keeps ui.families.family_model, ui.families.family_view off the first frame (loaded when first used or by the background warm-up)
        from volunteer_desk.ui.families.family_model import FamilyModel
        from volunteer_desk.ui.families.family_view import FamilyView

        worker = self.desk.open_family(fid, on_error=lambda exc: self._open_failed(fid, name, exc),
                                       break_lock=break_lock)
        model = FamilyModel(worker, self.desk.refresh_index, self)
        view = FamilyView(model, self.services)
        view.close_requested.connect(self.close_family)
        view.title_changed.connect(self._retitle)
        model.saved.connect(lambda _w: self.desk.families_changed.emit())
        self.views[fid] = view
        self.workspace.addTab(view, name or "…")
        self.workspace.setCurrentWidget(view)
        model.reload()

    def _retitle(self, fid: str, name: str) -> None:
        view = self.views.get(fid)
        if view is not None:
            self.workspace.setTabText(self.workspace.indexOf(view), name)

    def _close_tab(self, index: int) -> None:
        view = self.workspace.widget(index)
        fid = next((f for f, v in self.views.items() if v is view), None)
        if fid:
            self.close_family(fid)

    def close_family(self, fid: str) -> None:
        self._drop_view(fid)
        self.desk.close_family(fid)
        self.workspace.setCurrentWidget(self.families)

    def _drop_view(self, fid: str) -> None:
        view = self.views.pop(fid, None)
        if view is not None:
            self.workspace.removeTab(self.workspace.indexOf(view))
            view.deleteLater()

    def current_family_view(self) -> QWidget | None:
        widget = self.workspace.currentWidget()
        return widget if widget in self.views.values() else None

    # -- other screens ------------------------------------------------------------------------------
    def show_settings(self) -> None:
        # lazy: keeps ui.dialogs.settings_dialog off the first frame (loaded when first used or by the background warm-up)
        from volunteer_desk.ui.dialogs.settings_dialog import SettingsDialog

        self.settings_dialog = SettingsDialog(self.services, self)
        self.settings_dialog.appearance_changed.connect(self.apply_appearance)
        self.settings_dialog.open()

    def show_models(self) -> None:
        # lazy: keeps ui.dialogs.models_dialog off the first frame (loaded when first used or by the background warm-up)
        from volunteer_desk.ui.dialogs.models_dialog import ModelsDialog

        self.models_dialog = ModelsDialog(self.services, self)
        self.models_dialog.open()

    # -- shortcuts: what Ctrl+S and Ctrl+P mean depends on the tab in front -------------------------
    def save_current(self) -> None:
        view = self.current_family_view()
        if view is None or not view.save_current():
            self.statusBar().showMessage(_("Nothing to save here: this screen saves as you go."), 5000)

    def print_current(self) -> None:
        view = self.current_family_view()
        if view is None or not view.print_current():
            self.statusBar().showMessage(_("Nothing to print here. Open a family, then its letters, "
                                           "tasks, forms or packet."), 5000)

    def new_family(self) -> None:
        self.workspace.setCurrentWidget(self.families)
        self.families.ask_new_family()

    def find_family(self) -> None:
        self.workspace.setCurrentWidget(self.families)
        self.families.search.setFocus()
        self.families.search.selectAll()

    def close_current_family(self) -> None:
        view = self.current_family_view()
        fid = next((f for f, v in self.views.items() if v is view), None)
        if fid:
            self.close_family(fid)

    def apply_appearance(self) -> None:
        """Language and text size from the settings, now (no restart)."""
        # lazy: keeps ui.language off the first frame (loaded when first used or by the background warm-up)
        from volunteer_desk.ui.language import apply_language

        app = QApplication.instance()
        apply_language(app, self.services.settings.ui_language)
        apply_text_size(app, self.services.settings.text_size)
        self.rebuild()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.services.settings.window_geometry = bytes(self.saveGeometry().data())
        self.services.save_settings()
        self.services.clipboard.clear_if_ours()
        self.services.runner.cancel_all()
        self.desk.shutdown()
        super().closeEvent(event)
