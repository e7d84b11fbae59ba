"""One letter side by side: the photo, the text (correctable), the translation; and its facts."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from volunteer_desk.core.errors import MissingDependency
from volunteer_desk.core.i18n import _, ui_language
from volunteer_desk.core.languages import RTL_LANGUAGES, endonym
from volunteer_desk.ui.dialogs.family_sheet import FamilySheetDialog
from volunteer_desk.ui.error_messages import translate_message
from volunteer_desk.ui.letters import jobs
from volunteer_desk.ui.letters.text_pane import LetterTextEdit, doubtful_spans
from volunteer_desk.ui.tasks import owned
from volunteer_desk.ui.widgets.common import ProgressRow, error_text, heading, hint, show_error

if TYPE_CHECKING:
    from volunteer_desk.letters.facts import LetterFacts
    from volunteer_desk.letters.ocr import Word
    from volunteer_desk.ui.families.family_model import FamilyModel
    from volunteer_desk.ui.services import Services
    from volunteer_desk.vault.store import FamilyFile

TASK_ROLE = Qt.ItemDataRole.UserRole + 3
TRANSLATION_TARGETS = ("ar", "en", "fr", "nl", "uk", "fa", "tr", "ru")


def _column(title: str, widget: QWidget, *extra: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(heading(title, 1))
    for w in extra:
        layout.addWidget(w)
    layout.addWidget(widget, 1)
    return box


class LetterView(QWidget):
    tasks_confirmed = Signal(int)

    def __init__(self, model: FamilyModel, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.services = services
        self.detail: jobs.LetterDetail | None = None
        self.proposals: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = heading("", 2)
        self.title.setObjectName("letterHeading")
        self.sheet_button = QPushButton(_("Sheet for the family…"))
        self.sheet_button.setObjectName("letterSheet")
        self.sheet_button.setToolTip(_("A large-print page in the family's language: what this letter means, "
                                       "what to do, by when; preview, print or read aloud."))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.sheet_button)
        layout.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        # Original
        self.pages_box = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages_box)
        split.addWidget(_column(_("Original"), scroll))
        # Text
        self.text = LetterTextEdit()
        self.text.setObjectName("letterText")
        self.text.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # letters are French/Dutch/German
        self.word_photo = QLabel()
        self.word_photo.setObjectName("wordPhoto")
        self.word_note = hint(_("Yellow words were hard to read: click one to compare it with the photo, "
                                "then correct the text. Underlined words are explained when you point at them."))
        self.save_text = QPushButton(_("Save corrections"))
        self.save_text.setObjectName("saveText")
        text_col = _column(_("Text"), self.text, self.word_note, self.word_photo)
        text_col.layout().addWidget(self.save_text, 0, Qt.AlignmentFlag.AlignRight)
        split.addWidget(text_col)
        # Translation
        self.translation = QTextBrowser()
        self.translation.setObjectName("translationText")
        self.target = QComboBox()
        self.target.setObjectName("translationTarget")
        for code in TRANSLATION_TARGETS:
            self.target.addItem(endonym(code), code)
        self.translate_button = QPushButton(_("Translate"))
        self.translate_button.setObjectName("translate")
        self.translate_progress = ProgressRow()
        row = QWidget()
        rl = QHBoxLayout(row)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.target, 1)
        rl.addWidget(self.translate_button)
        split.addWidget(_column(_("Translation"), self.translation, row, self.translate_progress))
        split.setSizes([330, 420, 380])
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(split)

        facts = QWidget()
        fl = QVBoxLayout(facts)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(heading(_("Dates and deadlines found"), 1))
        self.appeal_law = hint("")
        self.appeal_law.setObjectName("appealLaw")
        self.appeal_law.hide()
        fl.addWidget(self.appeal_law)
        self.facts = QTreeWidget()
        self.facts.setObjectName("factsList")
        self.facts.setHeaderLabels([_("Due"), _("What"), _("Read in the letter")])
        self.facts.setRootIsDecorated(False)
        self.facts.setColumnWidth(0, 110)
        self.facts.setColumnWidth(1, 280)
        fl.addWidget(self.facts, 1)
        self.facts_note = hint("")
        self.confirm = QPushButton(_("Add the ticked ones to the tasks"))
        self.confirm.setObjectName("confirmFacts")
        fr = QHBoxLayout()
        fr.addWidget(self.facts_note, 1)
        fr.addWidget(self.confirm)
        fl.addLayout(fr)
        outer.addWidget(facts)
        outer.setSizes([480, 200])
        layout.addWidget(outer, 1)

        self.text.doubtful_clicked.connect(self._show_word)
        self.text.edited.connect(self._recompute_highlights)
        self.save_text.clicked.connect(self.save_corrections)
        self.translate_button.clicked.connect(self.translate)
        self.confirm.clicked.connect(self.confirm_tasks)
        self.sheet_button.clicked.connect(self.open_sheet)
        self.facts.currentItemChanged.connect(self._show_fact_source)
        self.target.currentIndexChanged.connect(lambda _i: self._show_translation())
        self.setEnabled(False)

    # -- loading -----------------------------------------------------------------------------------
    def show_letter(self, letter_id: str) -> None:
        self.model.read(lambda ff: jobs.load_letter(ff, letter_id), self._loaded, name="letters.load", owner=self)

    def _loaded(self, detail: jobs.LetterDetail) -> None:
        self.detail = detail
        letter = detail.letter
        self.setEnabled(True)
        self.title.setText(" · ".join(p for p in (letter.title, letter.sender, letter.received_on) if p))
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for image in detail.pages:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image).scaledToWidth(270, Qt.TransformationMode.SmoothTransformation))
            self.pages_layout.addWidget(label)
        self.pages_layout.addStretch(1)
        self.text.load(letter.text)
        self.word_photo.clear()
        family_lang = self._family_language()
        index = self.target.findData(family_lang)
        if index >= 0:
            self.target.setCurrentIndex(index)
        self._show_translation()
        self._recompute_highlights()
        self._find_facts()

    def _family_language(self) -> str:
        snap = self.model.snapshot
        return snap.household.main_language if snap else "en"

    def _show_translation(self) -> None:
        letter = self.detail.letter if self.detail else None
        saved = (letter.translations or {}).get(self.target.currentData()) if letter else None
        self.translation.setHtml(translation_html(saved) if saved else "")

    # -- highlights and doubtful words -----------------------------------------------------------------
    def _recompute_highlights(self) -> None:
        if self.detail is None:
            return
        text = self.text.toPlainText()
        letter = self.detail.letter
        explain_in = ui_language()  # the volunteer reads these explanations: in the UI language

        def work() -> tuple[list, list]:
            return doubtful_spans(text, letter.ocr or {}), jobs.glossary_hits(text, letter.language or "fr", explain_in)

        def done(result: tuple[list, list]) -> None:
            if self.text.toPlainText() == text:  # still the same text: the positions are right
                self.text.set_highlights(*result)

        self.services.runner.submit(work, name="letters.highlights", on_done=done, on_error=lambda e: None,
                                    owner=self)

    def _show_word(self, doubtful: Word) -> None:
        if self.detail is None or doubtful.page >= len(self.detail.page_bytes):
            return
        page = self.detail.page_bytes[doubtful.page]
        quad = [list(p) for p in doubtful.quad]
        self.word_note.setText(_("“{word}” was read with {n} percent confidence. Compare with the photo:")
                               .format(word=doubtful.text, n=int(doubtful.confidence)))
        self.services.runner.submit(jobs.crop_word, page, quad, name="letters.crop", owner=self,
                                    on_done=lambda img: self.word_photo.setPixmap(QPixmap.fromImage(img)))

    def save_corrections(self) -> None:
        if self.detail is None:
            return
        letter = replace(self.detail.letter, text=self.text.toPlainText())
        self.detail.letter = letter
        self.model.save(letter, on_done=lambda _id: self._find_facts(), on_error=lambda e: show_error(self, e))

    # -- facts -----------------------------------------------------------------------------------------
    def _find_facts(self) -> None:
        letter = self.detail.letter if self.detail else None
        if letter is None or not letter.text.strip():
            self.facts.clear()
            self.facts_note.setText(_("No text yet."))
            return
        text = self.text.toPlainText()
        self.services.runner.submit(jobs.find_facts, text, letter.language, letter.letter_date, name="letters.facts",
                                    on_done=self._show_facts, owner=self,
                                    on_error=lambda e: self.facts_note.setText(error_text(e)))

    def _show_facts(self, result: tuple[LetterFacts, list[dict[str, Any]]]) -> None:
        facts, self.proposals = result
        self.facts.clear()
        # lazy: keeps stdnum off the first frame
        from volunteer_desk.letters.facts.legal import appeal_summary

        text, warn = appeal_summary(facts.appeal)
        self.appeal_law.setText(text)
        self.appeal_law.setStyleSheet("color: #8c1d18; font-weight: bold;" if warn else "")
        self.appeal_law.setVisible(bool(text))
        # lazy: keeps the vault (sqlcipher3) off the first frame
        from volunteer_desk.family.tasks import already_added, known_keys

        existing = known_keys(self.model.snapshot.tasks if self.model.snapshot else [])
        letter_id = self.detail.letter.id if self.detail else ""
        for proposal in self.proposals:
            due = " ".join(p for p in (proposal["due"], proposal.get("time") or "") if p)
            item = QTreeWidgetItem([due, proposal["title"], proposal["source"]["text"]])
            item.setData(0, TASK_ROLE, proposal)
            already = already_added(letter_id or "", proposal, existing)
            item.setCheckState(0, Qt.CheckState.Unchecked if already else Qt.CheckState.Checked)
            item.setToolTip(2, proposal["source"]["text"])
            if already:
                item.setToolTip(1, _("Already in the tasks."))
            self.facts.addTopLevelItem(item)
        extras = []
        if facts.amounts:
            extras.append(_("{n} amount(s)").format(n=len(facts.amounts)))
        if facts.references:
            extras.append(_("reference {ref}").format(ref=facts.references[0].value
                                                     if hasattr(facts.references[0], "value") else ""))
        note = _("{n} date(s) found. Tick what should become a task.").format(n=len(self.proposals))
        self.facts_note.setText(" · ".join([note, *extras]) if self.proposals else _("No date found in this letter."))
        self.confirm.setEnabled(bool(self.proposals))

    def _show_fact_source(self, item: QTreeWidgetItem | None, _prev: object = None) -> None:
        if item is None:
            return
        source = item.data(0, TASK_ROLE)["source"]
        self.text.show_source(source["start"], source["end"])

    def confirm_tasks(self) -> None:
        letter_id = self.detail.letter.id if self.detail else ""
        chosen = []
        for i in range(self.facts.topLevelItemCount()):
            item = self.facts.topLevelItem(i)
            if item.checkState(0) == Qt.CheckState.Checked:
                chosen.append(item.data(0, TASK_ROLE))
        if not chosen:
            self.facts_note.setText(_("Nothing ticked: no task added."))
            return

        def save(ff: FamilyFile) -> tuple[int, int]:
            # lazy: keeps the vault (sqlcipher3) off the first frame
            from volunteer_desk.family import tasks

            return tasks.add_from_letter(ff, letter_id or "", chosen)

        self.model.write(save, "tasks", on_done=self._confirmed, on_error=lambda e: show_error(self, e), owner=self)

    def _confirmed(self, counts: tuple[int, int]) -> None:
        added, skipped = counts
        note = _("{n} task(s) added.").format(n=added)
        if skipped:
            note += " " + _("{n} already in the tasks, not added again.").format(n=skipped)
        self.facts_note.setText(note)
        self.facts_note.setStyleSheet("color: #1b5e20; font-weight: bold;")  # a visible confirmation
        for i in range(self.facts.topLevelItemCount()):
            item = self.facts.topLevelItem(i)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            item.setToolTip(1, _("Already in the tasks."))
        self.tasks_confirmed.emit(added)

    # -- the family sheet ------------------------------------------------------------------------------
    def open_sheet(self) -> None:
        if self.detail is None:
            return
        self.sheet_dialog = FamilySheetDialog(self.model, self.services, self.detail.letter.id, self)
        self.sheet_dialog.open()

    # -- translation -------------------------------------------------------------------------------------
    def translate(self) -> None:
        if self.detail is None:
            return
        letter = self.detail.letter
        target = self.target.currentData()
        text = self.text.toPlainText()
        snap = self.model.snapshot
        names = [m.first_name for m in snap.members] + [m.last_name for m in snap.members] if snap else []
        job = self.services.runner.submit(jobs.translate, text, letter.language or "fr", target, names,
                                          name="letters.translate", owner=self,
                                          on_done=lambda r: self._translated(target, r),
                                          on_error=self._translation_failed)
        self.translate_progress.track(job)
        self.translate_button.setEnabled(False)
        job.finished.connect(owned(lambda: self.translate_button.setEnabled(True), self))

    def _translation_failed(self, exc: BaseException) -> None:
        if isinstance(exc, MissingDependency):
            # The core's hint is a command line; in the app the way is the Tools menu.
            self.translation.setPlainText(translate_message(exc.message) + "\n\n" + _(
                "To add a translation model: menu Tools → Translation models…, then install the model pack "
                "from its USB stick."))
            return
        self.translation.setPlainText(error_text(exc))

    def _translated(self, target: str, data: dict[str, Any]) -> None:
        self.translation.setHtml(translation_html(data))
        if self.detail is None:
            return
        letter = self.detail.letter
        translations = dict(letter.translations or {})
        translations[target] = data
        self.detail.letter = replace(letter, translations=translations)
        self.model.save(self.detail.letter, on_error=lambda e: show_error(self, e))


def translation_html(data: dict[str, Any]) -> str:
    """The machine translation, labelled as such, with the administrative terms explained below."""
    rtl = data.get("target_language") in RTL_LANGUAGES
    direction = "rtl" if rtl else "ltr"
    parts = [f"<div dir='{direction}'>"]
    label = data.get("label") or _("Machine translation: check important points with an interpreter.")
    parts.append(f"<p style='color:#8a5a00'><i>{html.escape(label)}</i></p>")
    for p in data.get("paragraphs", []):
        text = p.get("translation", "") if isinstance(p, dict) else str(p)
        parts.append(f"<p>{html.escape(text)}</p>")
    glossary = data.get("glossary") or []
    if glossary:
        parts.append("<hr><p><b>" + html.escape(_("Words of the administration")) + "</b></p>")
        for hit in glossary:
            parts.append(f"<p><b>{html.escape(hit.get('text', ''))}</b> — {html.escape(hit.get('explanation', ''))}</p>")
    for warning in data.get("warnings", []) or []:
        parts.append(f"<p style='color:#b3261e'>{html.escape(warning)}</p>")
    parts.append("</div>")
    return "".join(parts)
