"""Translation model manager: list installed pairs, install from a file or a folder, remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.i18n import _
from volunteer_desk.modelpack.install import install_model_pack
from volunteer_desk.modelpack.verify import UntrustedPack
from volunteer_desk.translation.packages import ModelManager
from volunteer_desk.ui.appearance import resize_within_screen
from volunteer_desk.ui.widgets.common import ProgressRow, heading, hint, record_table, show_error


def model_manager():  # noqa: ANN201 - translation.packages.ModelManager
    return ModelManager()


class ModelsDialog(QDialog):
    def __init__(self, services, parent: QWidget | None = None) -> None:  # noqa: ANN001 - Services
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(_("Translation models"))
        self.setObjectName("modelsDialog")
        resize_within_screen(self, 640, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Translation models"), 2))
        layout.addWidget(hint(_("Models translate on this computer, without internet. Install them from "
                                "a file (.argosmodel) or from the association's model pack folder. "
                                "French ↔ Arabic goes through English: both models are needed.")))
        self.table = record_table("modelsTable", [_("From"), _("To"), _("Version")])
        layout.addWidget(self.table, 1)
        self.problems = hint("")
        layout.addWidget(self.problems)
        self.progress = ProgressRow()
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        self.install_file = QPushButton(_("Install from a file…"))
        self.install_folder = QPushButton(_("Install a model pack folder…"))
        self.remove_button = QPushButton(_("Remove"))
        for b in (self.install_file, self.install_folder, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.install_file.clicked.connect(self._choose_file)
        self.install_folder.clicked.connect(self._choose_folder)
        self.remove_button.clicked.connect(self._remove)
        self.models: list = []
        self.refresh()

    def refresh(self) -> None:
        def read():  # noqa: ANN202
            manager = model_manager()
            return manager.list_models(), manager.problems()

        self.services.runner.submit(read, name="models.list", on_done=self._show,
                                    on_error=lambda e: show_error(self, e))

    def _show(self, result: tuple[list, list[str]]) -> None:
        self.models, problems = result
        self.table.setRowCount(len(self.models))
        for r, m in enumerate(self.models):
            for c, text in enumerate((m.from_code, m.to_code, m.version)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.problems.setText(_("Not usable: {names}").format(names=", ".join(problems)) if problems
                              else (_("No model installed yet.") if not self.models else ""))

    def install(self, source: str, allow_unsigned: bool = False) -> None:
        """A file or a plain folder of .argosmodel files; a model pack folder (manifest.json) goes through
        the pack installer, which checks its signature and asks before installing an unsigned pack."""
        if Path(source, "manifest.json").is_file():
            def work(progress, cancel):  # noqa: ANN001, ANN202
                return install_model_pack(source, progress, cancel, models=model_manager(),
                                          allow_unsigned=allow_unsigned)
        else:
            def work(progress, cancel):  # noqa: ANN001, ANN202
                return model_manager().install(source, progress, cancel)
        job = self.services.runner.submit(work, name="models.install", on_done=lambda _r: self.refresh(),
                                          on_error=lambda e: self._install_failed(source, e))
        self.progress.track(job)
        return job

    def _install_failed(self, source: str, exc: BaseException) -> None:
        if not isinstance(exc, UntrustedPack):
            show_error(self, exc)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Unsigned model pack"),
                          _("No publisher this computer trusts signed this model pack, so nobody vouches for "
                            "what it holds. Install it only if you know where it comes from."),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("unsignedPackBox")
        anyway = box.addButton(_("Install anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: self.install(source, allow_unsigned=True) if button is anyway else None)
        box.open()  # not exec(): never spin a nested event loop under a running job

    def _choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Translation package"), "", "Argos (*.argosmodel)")
        if path:
            self.install(path)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Model pack folder"))
        if path:
            self.install(path)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.models):
            pair = self.models[row].pair
            self.services.runner.submit(lambda: model_manager().remove(pair), name="models.remove",
                                        on_done=lambda _r: self.refresh(), on_error=lambda e: show_error(self, e))
