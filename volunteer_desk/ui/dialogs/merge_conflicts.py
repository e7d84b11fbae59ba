"""'Which one?': a field changed on two computers at once; the volunteer keeps one value.

Both values stay in the family file's conflict record whatever is chosen, so nothing is lost.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.i18n import _
from volunteer_desk.ui.widgets.common import heading, hint


def _shown(value: dict[str, Any]) -> str:
    if value.get("absent"):
        return _("(removed)")
    raw = value.get("value")
    return raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)


class MergeConflictsDialog(QDialog):
    """One group per conflict, two choices each; ``choices()`` gives {conflict id: 1 or 2}."""

    def __init__(self, conflicts: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeConflicts")
        self.setWindowTitle(_("Changed on two computers"))
        self.groups: dict[str, QButtonGroup] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Which one is right?")))
        layout.addWidget(hint(_("These were changed on two computers at the same time. Keep the right "
                                "value; the other one stays in the family's history.")))
        body = QWidget()
        rows = QVBoxLayout(body)
        for conflict in conflicts:
            box = QGroupBox(_("{what}: {field}").format(what=conflict["table"], field=conflict["field"]))
            inner = QVBoxLayout(box)
            group = QButtonGroup(box)
            for n, value in enumerate(conflict["values"], start=1):
                button = QRadioButton(_shown(value))
                button.setObjectName(f"choice-{conflict['id']}-{n}")
                group.addButton(button, n)
                inner.addWidget(button)
                if n == len(conflict["values"]):
                    button.setChecked(True)  # the value the file shows now
            self.groups[conflict["id"]] = group
            rows.addWidget(box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll)
        layout.addWidget(QLabel(_("{n} to decide").format(n=len(conflicts))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Keep the selected values"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Decide later"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choices(self) -> dict[str, int]:
        return {cid: group.checkedId() for cid, group in self.groups.items() if group.checkedId() > 0}
