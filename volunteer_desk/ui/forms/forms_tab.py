"""Forms: choose one, see it filled from the family file, what is missing in red, preview, print, keep.

A value can be typed (double-click) or a box ticked ("aide demandée") before printing: it is kept in
the family file for this form (``forms.store.save_edits``) and used again, in the packet too."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.formatting import short_date
from volunteer_desk.core.i18n import _
from volunteer_desk.ui.widgets.common import ProgressRow, heading, hint, neutral_printer, show_error
from volunteer_desk.ui.widgets.pdf_view import PdfPreview, print_pdf, render_pages

if TYPE_CHECKING:
    from volunteer_desk.family.snapshot import FamilySnapshot
    from volunteer_desk.forms.fill import FilledForm
    from volunteer_desk.forms.spec import FormSpec
    from volunteer_desk.ui.families.family_model import FamilyModel
    from volunteer_desk.ui.services import Services
    from volunteer_desk.vault.store import FamilyFile

FORM_ROLE = Qt.ItemDataRole.UserRole + 5
FIELD_ROLE = Qt.ItemDataRole.UserRole + 10
EDITABLE_KINDS = {"text", "multiline", "date", "phone", "postcode", "money", "number", "iban", "choice", "country"}
MISSING_BG = QColor("#f9d6d3")


def fill_form(form_id: str, snap: FamilySnapshot, volunteer: str,
              chosen: dict[str, str] | None = None) -> tuple[FilledForm, bytes]:
    """Job: fill the form from the snapshot and render it (PDF bytes in memory)."""
    # lazy: keeps PIL, reportlab, the vault (sqlcipher3) off the first frame
    from volunteer_desk.forms import fill, render_pdf

    filled = fill(form_id, snap, volunteer, chosen=chosen)
    language = snap.household.main_language or None
    return filled, render_pdf(filled, language)


def catalogue_for(snap: FamilySnapshot) -> tuple[list[FormSpec], set[str]]:
    # lazy: keeps PIL, reportlab, the vault (sqlcipher3) off the first frame
    from volunteer_desk.forms import applicable_forms, catalogue

    applicable = {f.id for f in applicable_forms(snap)}
    return catalogue(), applicable


def display_text(value: Any) -> str:  # a filled value: text, bool, rows (lists of dicts)
    """A screen value: lists (members living together…) one per line, dict rows as their values."""
    if isinstance(value, list):
        return "; ".join(display_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(str(v) for v in value.values() if v not in (None, ""))
    return str(value if value is not None else "")


class FormsTab(QWidget):
    def __init__(self, model: FamilyModel, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.services = services
        self.filled: FilledForm | None = None
        self.pdf: bytes = b""
        layout = QHBoxLayout(self)
        split = QSplitter()
        layout.addWidget(split)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(heading(_("Forms"), 2))
        ll.addWidget(hint(_("Forms that fit this family come first.")))
        self.list = QListWidget()
        self.list.setObjectName("formsList")
        ll.addWidget(self.list, 1)
        split.addWidget(left)

        middle = QWidget()
        ml = QVBoxLayout(middle)
        ml.setContentsMargins(0, 0, 0, 0)
        self.title = heading("", 1)
        ml.addWidget(self.title)
        # a member the form leaves to the volunteer's choice (family allowances: the allocataire)
        self.choice_row = QWidget()
        cr = QHBoxLayout(self.choice_row)
        cr.setContentsMargins(0, 0, 0, 0)
        cr.addWidget(QLabel(_("Allocataire (receives the allowances; by default the mother, the parents may "
                              "decide otherwise):")))
        self.choice = QComboBox()
        self.choice.setObjectName("formChoice")
        cr.addWidget(self.choice, 1)
        self.choice_row.hide()
        ml.addWidget(self.choice_row)
        self.form_id = ""
        self.fields = QTreeWidget()
        self.fields.setObjectName("formFields")
        self.fields.setHeaderLabels([_("Field"), _("Value")])
        self.fields.setRootIsDecorated(False)
        self.fields.setColumnWidth(0, 240)
        self.fields.itemChanged.connect(self._edited)
        ml.addWidget(self.fields, 1)
        ml.addWidget(hint(_("Double-click a value to type it, or tick a box; it is kept in the family file.")))
        self.missing = hint("")
        self.missing.setObjectName("formMissing")
        self.missing.setStyleSheet("color: #8c1d18;")
        ml.addWidget(self.missing)
        self.progress = ProgressRow()
        ml.addWidget(self.progress)
        row = QHBoxLayout()
        self.print_button = QPushButton(_("&Print…"))
        self.keep_button = QPushButton(_("&Keep in the family file"))
        self.keep_button.setObjectName("keepForm")
        self.kept_note = QLabel()
        self.kept_note.setObjectName("keptNote")
        self.kept_note.setWordWrap(True)
        self.kept_note.setStyleSheet("color: #1b5e20; font-weight: bold;")
        row.addWidget(self.kept_note, 1)
        row.addStretch(1)
        row.addWidget(self.keep_button)
        row.addWidget(self.print_button)
        ml.addLayout(row)
        split.addWidget(middle)

        self.preview = PdfPreview()
        split.addWidget(self.preview)
        split.setSizes([260, 480, 460])

        self.list.currentItemChanged.connect(self._chosen)
        self.choice.currentIndexChanged.connect(lambda _i: self.form_id and self.choose(self.form_id))
        self.print_button.clicked.connect(self.print_form)
        self.keep_button.clicked.connect(self.keep)
        model.changed.connect(self.show_snapshot)
        self._set_ready(False)
        self._listed = False

    def _set_ready(self, ready: bool) -> None:
        if not ready:
            self.kept_note.clear()
        self.print_button.setEnabled(ready)
        self.keep_button.setEnabled(ready)

    def show_snapshot(self, snap: FamilySnapshot) -> None:
        if not self._listed:
            self._listed = True
            self.services.runner.submit(catalogue_for, snap, name="forms.catalogue", on_done=self._show_catalogue)

    def _show_catalogue(self, result: tuple[list[FormSpec], set[str]]) -> None:
        forms, applicable = result
        self.list.clear()
        ordered = sorted(forms, key=lambda f: (f.id not in applicable, f.title.fr))
        for form in ordered:
            item = QListWidgetItem(form.title.fr)
            item.setData(FORM_ROLE, form.id)
            if form.id not in applicable:
                item.setForeground(QColor("#777777"))
            self.list.addItem(item)

    def _chosen(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is not None:
            self.choose(item.data(FORM_ROLE))

    def choose(self, form_id: str) -> None:
        self._set_ready(False)
        if form_id != self.form_id:
            self.choice.blockSignals(True)
            self.choice.setCurrentIndex(0 if self.choice.count() else -1)
            self.choice.blockSignals(False)
        self.form_id = form_id
        snap = self.model.snapshot
        volunteer = self.services.desk.volunteer_name
        member = self.choice.currentData()
        chosen = {"allocataire": member} if member else None
        job = self.services.runner.submit(fill_form, form_id, snap, volunteer, chosen, name="forms.fill",
                                          on_done=self._filled, on_error=lambda e: show_error(self, e))
        self.progress.track(job)

    def _filled(self, result: tuple[FilledForm, bytes]) -> None:
        self.filled, self.pdf = result
        self.title.setText(self.filled.spec.title.fr)
        self._show_choice(self.filled.spec.chooses)
        missing_ids = {m.field_id for m in self.filled.missing}
        self.fields.blockSignals(True)
        self.fields.clear()
        for fid, field in self.filled.values.items():
            value = field.display_value
            text = display_text(value)
            if field.spec.kind == "choice":  # the choice's words, not its stored value
                text = next((c.label.fr for c in field.spec.choices if c.value == value), text)
            item = QTreeWidgetItem([field.spec.label.fr, "" if field.spec.kind == "checkbox" else text])
            item.setData(0, FIELD_ROLE, fid)
            if field.spec.kind == "checkbox":
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(1, Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            elif field.spec.kind in EDITABLE_KINDS and not field.spec.sensitive:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            if fid in missing_ids or not field.ok:
                for c in (0, 1):
                    item.setBackground(c, MISSING_BG)
                item.setToolTip(1, next((m.text() for m in self.filled.missing if m.field_id == fid), ""))
            self.fields.addTopLevelItem(item)
        self.fields.blockSignals(False)
        if self.filled.missing:
            self.missing.setStyleSheet("color: #8c1d18;")
            self.missing.setText(_("Missing or to check:") + "\n" + "\n".join(
                "• " + m.text() for m in self.filled.missing))
        else:
            self.missing.setStyleSheet("color: #2e7d32;")
            self.missing.setText(_("Nothing missing."))
        self.services.runner.submit(render_pages, self.pdf, 60, 4, name="forms.preview",
                                    on_done=self.preview.show_pages)
        self._set_ready(True)

    def _edited(self, item: QTreeWidgetItem, column: int) -> None:
        """Keep what the volunteer typed or ticked for this form, then fill it again."""
        if column != 1 or self.filled is None:
            return
        # lazy: keeps PIL, reportlab, the vault (sqlcipher3) off the first frame
        from volunteer_desk.forms.store import stored_edits

        fid, form_id = item.data(0, FIELD_ROLE), self.filled.form_id
        field = self.filled.values.get(fid)
        if field is None:
            return
        value: Any = (item.checkState(1) == Qt.CheckState.Checked if field.spec.kind == "checkbox"
                      else item.text(1).strip())
        if field.spec.kind == "choice" and value:
            typed = str(value).lower()
            value = next((c.value for c in field.spec.choices if typed in (c.value.lower(), c.label.fr.lower())
                          or c.label.fr.lower().startswith(typed)), value)
        edits = {**stored_edits(self.model.snapshot, form_id), fid: value}

        def save(ff: FamilyFile) -> None:
            # lazy: keeps PIL, reportlab, the vault (sqlcipher3) off the first frame
            from volunteer_desk.forms.store import save_edits

            save_edits(ff, form_id, edits)

        self.model.write(save, "forms", on_done=lambda _r: self.choose(form_id),
                         on_error=lambda e: show_error(self, e))

    def edit_value(self, field_id: str, value: Any) -> None:
        """Type or tick a value as a volunteer would (used by the screenshots and tests)."""
        for i in range(self.fields.topLevelItemCount()):
            item = self.fields.topLevelItem(i)
            if item.data(0, FIELD_ROLE) == field_id:
                if isinstance(value, bool):
                    item.setCheckState(1, Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
                else:
                    item.setText(1, str(value))
                return
        raise KeyError(field_id)

    def _show_choice(self, roles: tuple[str, ...]) -> None:
        self.choice_row.setVisible("allocataire" in roles)
        if "allocataire" not in roles or self.choice.count():
            return
        self.choice.blockSignals(True)
        self.choice.addItem(_("— choose with the family —"), "")
        for m in self.model.snapshot.members:
            self.choice.addItem(m.full_name, m.id)
        self.choice.setCurrentIndex(0)
        self.choice.blockSignals(False)

    def keep(self) -> None:
        filled, pdf = self.filled, self.pdf

        def save(ff: FamilyFile) -> str:
            # lazy: keeps PIL, reportlab, the vault (sqlcipher3) off the first frame
            from volunteer_desk.forms import save_filled

            return save_filled(ff, filled, pdf=pdf)

        self.kept_note.clear()
        self.model.write(save, "forms", on_done=lambda _id: self.kept_note.setText(
            _("Kept in the family file on {date}.").format(date=short_date(date.today().isoformat()))),
            on_error=lambda e: show_error(self, e))

    def print_form(self) -> None:
        self.printer = neutral_printer(_("Form"))
        if QPrintDialog(self.printer, self).exec():
            job = self.services.runner.submit(print_pdf, self.printer, self.pdf, name="forms.print",
                                              on_error=lambda e: show_error(self, e))
            self.progress.track(job)

    def prepare_screenshot(self) -> None:
        if self.list.count() and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
