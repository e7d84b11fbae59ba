"""Settings: UI language, document language, idle lock, shared-PC mode. Nothing personal."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.i18n import _, ui_language
from volunteer_desk.core.languages import endonym
from volunteer_desk.ui.safety import LAPTOP_IDLE_MINUTES, SHARED_PC_IDLE_MINUTES
from volunteer_desk.ui.settings import DOCUMENT_LANGUAGES, UI_LANGUAGES
from volunteer_desk.ui.widgets.common import hint


def text_size_labels() -> dict[int, str]:
    return {100: _("Normal (100 %)"), 125: _("Larger (125 %)"), 150: _("Large (150 %)"),
            175: _("Very large (175 %)")}


def _language_combo(codes: tuple[str, ...], current: str) -> QComboBox:
    combo = QComboBox()
    for code in codes:
        combo.addItem(endonym(code), code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class SettingsDialog(QDialog):
    appearance_changed = Signal()  # language or text size: the shell is rebuilt at once

    def __init__(self, services, parent: QWidget | None = None) -> None:  # noqa: ANN001 - Services
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(_("Settings"))
        self.setObjectName("settingsDialog")
        s = services.settings
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.ui_language = _language_combo(UI_LANGUAGES, s.ui_language)
        self.ui_language.setObjectName("uiLanguage")
        self.document_language = _language_combo(DOCUMENT_LANGUAGES, s.document_language)
        self.document_language.setObjectName("documentLanguage")
        self.shared_pc = QCheckBox(_("This computer is &shared (association office)"))
        self.shared_pc.setObjectName("sharedPc")
        self.shared_pc.setChecked(s.shared_pc)
        self.idle = QSpinBox()
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(0, 240)
        self.idle.setSuffix(" " + _("min"))
        self.idle.setSpecialValueText(_("Default"))
        self.idle.setValue(s.idle_lock_minutes)
        self.text_size = QComboBox()
        self.text_size.setObjectName("textSize")
        for percent, label in text_size_labels().items():
            self.text_size.addItem(label, percent)
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(s.text_size)))
        form.addRow(_("&Language of the application"), self.ui_language)
        form.addRow(_("Language of &documents and packets"), self.document_language)
        form.addRow(_("&Text size"), self.text_size)
        form.addRow("", self.shared_pc)
        form.addRow(_("Lock after &inactivity"), self.idle)
        layout.addWidget(hint(_("Default: {shared} minutes on a shared computer, {laptop} on a personal laptop.")
                              .format(shared=SHARED_PC_IDLE_MINUTES, laptop=LAPTOP_IDLE_MINUTES)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        s = self.services.settings
        before = (ui_language(), s.text_size)  # the language in use, which the settings may not say yet
        s.ui_language = self.ui_language.currentData()
        s.text_size = self.text_size.currentData()
        s.document_language = self.document_language.currentData()
        s.shared_pc = self.shared_pc.isChecked()
        s.idle_lock_minutes = self.idle.value()
        self.services.save_settings()
        self.services.idle.set_timeout(self.services.idle_ms())
        super().accept()
        if (s.ui_language, s.text_size) != before:
            self.appearance_changed.emit()
