"""The recovery kit of a new family: shown once, printable, never stored by the app."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from volunteer_desk.core.i18n import _
from volunteer_desk.ui.widgets.common import heading, hint, neutral_printer


def kit_html(code: str, created_on: str) -> str:
    return (
        "<h2>" + _("Volunteer Desk — recovery kit") + "</h2>"
        + "<p>" + _("This code opens one family file if every volunteer passphrase is lost. "
                    "Keep it in the association's safe. Anyone with this code and the file can read it.") + "</p>"
        + f"<p style='font-family:monospace; font-size:20pt'>{code}</p>"
        + "<p>" + _("Created on {date}. Family name: write it by hand below.").format(date=created_on) + "</p>"
        + "<p>______________________________________</p>"
    )


class RecoveryKitDialog(QDialog):
    def __init__(self, code: str, created_on: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Recovery kit"))
        self.setObjectName("recoveryKit")
        self.code = code
        self.created_on = created_on
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Recovery kit for this family")))
        layout.addWidget(hint(_("It is shown only now. Print it or write it down, and give it to the "
                                "association's administrator.")))
        label = QLabel(code)
        label.setObjectName("code")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(QFont().pointSize() + 6)
        label.setFont(font)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        layout.addWidget(label)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("&Print…"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.done_button = QPushButton(_("I have &kept it safe"))
        self.done_button.setObjectName("keptSafe")
        buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.AcceptRole)
        # Enter prints; closing (the code is never shown again) takes this one deliberate click.
        self.done_button.setAutoDefault(False)
        self.done_button.setDefault(False)
        self.print_button.setDefault(True)
        self.print_button.setFocus()
        self.done_button.clicked.connect(self.accept)
        self.print_button.clicked.connect(self.print_kit)
        layout.addWidget(buttons)

    def reject(self) -> None:
        """Escape or the window's close button do not throw away a code shown once."""
        self.print_button.setFocus()

    def document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setHtml(kit_html(self.code, self.created_on))
        return doc

    def print_kit(self) -> None:
        printer = neutral_printer(_("Recovery kit"))
        dialog = QPrintDialog(printer, self)
        if dialog.exec():
            self.document().print_(printer)
