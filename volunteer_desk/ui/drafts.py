"""Unsaved dialog contents kept across a lock, encrypted in memory, never on disk.

When the app locks, every open dialog that knows how it was opened (``draft_opener``: the family
tab, the method that opens it, and the record id if any) is read field by field, the values are
sealed with AES-256-GCM under a key made for this run of the app, and the dialog is closed. After the
volunteer unlocks, the family is reopened, the dialog opened again the same way and filled back in.
The key never leaves this process; a crash or quit loses the drafts, which is the safe side.
"""

from __future__ import annotations

import json
import os
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

_AAD = b"volunteer-desk draft v1"


class DraftSafe:
    """Sealed drafts: ``seal`` a dict, ``take`` them all back once (after unlock)."""

    def __init__(self) -> None:
        # lazy: keeps cryptography off the first frame
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(AESGCM.generate_key(bit_length=256))
        self._sealed: list[tuple[bytes, bytes]] = []

    def seal(self, draft: dict[str, Any]) -> None:
        nonce = os.urandom(12)
        self._sealed.append((nonce, self._aead.encrypt(nonce, json.dumps(draft).encode("utf-8"), _AAD)))

    def __len__(self) -> int:
        return len(self._sealed)

    def sealed_bytes(self) -> bytes:
        """What is held in memory (for tests: no plaintext in it)."""
        return b"".join(nonce + ct for nonce, ct in self._sealed)

    def take(self) -> list[dict[str, Any]]:
        out = [json.loads(self._aead.decrypt(nonce, ct, _AAD)) for nonce, ct in self._sealed]
        self._sealed.clear()
        return out


_KINDS: tuple[type, ...] = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QSpinBox, QAbstractButton)


def _inputs(dialog: QWidget) -> list[tuple[str, QWidget]]:
    """Every input of the dialog under a key stable across two builds of the same dialog."""
    found = []
    for kind in _KINDS:
        for i, w in enumerate(w for w in dialog.findChildren(kind) if type(w).__name__ != "QToolButton"):
            if isinstance(w, QAbstractButton) and not w.isCheckable():
                continue
            if isinstance(w, QLineEdit) and isinstance(w.parent(), (QSpinBox, QDateEdit, QComboBox)):
                continue  # the spin box / date edit / combo carries the value
            found.append((f"{kind.__name__}:{i}", w))
    return found


def capture(dialog: QWidget) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, w in _inputs(dialog):
        if isinstance(w, QLineEdit):
            values[key] = w.text()
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            values[key] = w.toPlainText()
        elif isinstance(w, QComboBox):
            values[key] = w.currentIndex()
        elif isinstance(w, QDateEdit):
            values[key] = w.date().toString("yyyy-MM-dd")
        elif isinstance(w, QSpinBox):
            values[key] = w.value()
        elif isinstance(w, QAbstractButton):
            values[key] = w.isChecked()
    return values


def restore(dialog: QWidget, values: dict[str, Any]) -> None:
    for key, w in _inputs(dialog):
        if key not in values:
            continue
        value = values[key]
        if isinstance(w, QLineEdit):
            w.setText(value)
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            w.setPlainText(value)
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(int(value))
        elif isinstance(w, QDateEdit):
            w.setDate(QDate.fromString(value, "yyyy-MM-dd"))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value))
        elif isinstance(w, QAbstractButton):
            w.setChecked(bool(value))
