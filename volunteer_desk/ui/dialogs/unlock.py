"""First run (create the vault and its admin) and unlock (volunteer + passphrase)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.i18n import _
from volunteer_desk.ui.desk import Desk
from volunteer_desk.ui.widgets.common import error_text, heading, hint
from volunteer_desk.ui.widgets.passphrase import PassphraseEdit, passphrase_row

MIN_PASSPHRASE = 8


class _CardPage(QWidget):
    """A centred card: title, explanation, a form, one main button, a busy bar and an error line."""

    def __init__(self, title: str, explanation: str, button: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # On a 1024×600 screen with large text the card may be taller than the window: it scrolls.
        wrapper = QVBoxLayout(self)
        wrapper.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        wrapper.addWidget(scroll)
        inner = QWidget()
        scroll.setWidget(inner)
        outer = QVBoxLayout(inner)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(520)  # word-wrapped text needs a known width to get its height right
        card.setFrameShape(QFrame.Shape.StyledPanel)
        self.layout_ = QVBoxLayout(card)
        self.layout_.setContentsMargins(28, 24, 28, 24)
        self.layout_.setSpacing(12)
        self.layout_.addWidget(heading(title, 6))
        self.layout_.addWidget(hint(explanation))
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()
        self.button = QPushButton(button)
        self.button.setDefault(True)
        self.button.setAutoDefault(True)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.busy)
        self.layout_.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        card.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        # Word-wrapped text above the form confuses the card's height: never squash the fields.
        for edit in self.findChildren(QLineEdit):
            edit.setMinimumHeight(edit.sizeHint().height())
        super().showEvent(event)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.button.setEnabled(not busy)
        if busy:
            self.error.clear()

    def fail(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.error.setText(error_text(exc))


def _passphrase_edit() -> PassphraseEdit:
    return PassphraseEdit()


class FirstRunPage(_CardPage):
    done = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Welcome to Volunteer Desk"),
            _("Create the association's vault. Everything about the families is stored in it, "
              "encrypted. The first volunteer is the administrator; choose a passphrase you will "
              "remember: nobody can recover it for you."),
            _("Create the vault"), parent)
        self.desk = desk
        self.name = QLineEdit()
        self.name.setObjectName("adminName")
        self.passphrase = _passphrase_edit()
        self.passphrase.setObjectName("passphrase")
        self.confirm = _passphrase_edit()
        self.confirm.setObjectName("confirm")
        self.form.addRow(_("Your &name"), self.name)
        self.form.addRow(_("&Passphrase"), passphrase_row(self.passphrase))
        self.form.addRow(_("Passphrase &again"), passphrase_row(self.confirm))
        self.button.clicked.connect(self.submit)
        for edit in (self.name, self.passphrase, self.confirm):  # Return submits from any field
            edit.returnPressed.connect(self.submit)

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        super().showEvent(event)
        if not self.name.text():
            self.name.setFocus()

    def submit(self) -> None:
        name, pw = self.name.text().strip(), self.passphrase.text()
        if not name:
            self.error.setText(_("Please type your name."))
            self.name.setFocus()
        elif len(pw) < MIN_PASSPHRASE:
            self.error.setText(_("The passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE))
            self.passphrase.setFocus()
        elif pw != self.confirm.text():
            self.error.setText(_("The two passphrases are different."))
            self.confirm.setFocus()
        else:
            self.set_busy(True)
            self.desk.create_vault(name, pw, on_done=self._created, on_error=self.fail)

    def _created(self) -> None:
        self.set_busy(False)
        self.passphrase.clear()
        self.confirm.clear()
        self.done.emit()


class UnlockPage(_CardPage):
    done = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Unlock"),
            _("Type your volunteer name and passphrase. The families you follow open only after this."),
            _("Unlock"), parent)
        self.desk = desk
        self.name = QLineEdit()
        self.name.setObjectName("volunteerName")
        self.passphrase = _passphrase_edit()
        self.passphrase.setObjectName("passphrase")
        self.form.addRow(_("&Volunteer"), self.name)
        self.form.addRow(_("&Passphrase"), passphrase_row(self.passphrase))
        self.reason = hint("")
        self.layout_.insertWidget(2, self.reason)
        self.button.clicked.connect(self.submit)
        self.passphrase.returnPressed.connect(self.submit)
        self.name.returnPressed.connect(self.passphrase.setFocus)

    def prepare(self, reason: str = "") -> None:
        """Called each time the page is shown: the passphrase field is always empty."""
        self.passphrase.clear()
        self.set_busy(False)
        texts = {"idle": _("Locked after a period without activity."),
                 "suspended": _("Locked because the computer went to sleep."),
                 "user": _("Locked."), "session": _("Locked.")}
        self.reason.setText(texts.get(reason, ""))
        self.reason.setVisible(bool(reason))
        (self.passphrase if self.name.text() else self.name).setFocus()

    def submit(self) -> None:
        if not self.name.text().strip() or not self.passphrase.text():
            self.error.setText(_("Please type your name and passphrase."))
            return
        self.set_busy(True)
        self.desk.unlock(self.name.text().strip(), self.passphrase.text(), on_done=self._unlocked,
                         on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.passphrase.clear()
        self.fail(exc)
        self.passphrase.setFocus()

    def _unlocked(self) -> None:
        self.set_busy(False)
        self.passphrase.clear()
        self.done.emit()
