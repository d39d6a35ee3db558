"""Choosing tags for an annotation: a small dialog with fuzzy completion and chips.

Fuzzy, not prefix, matching: coders remember fragments ("acru" → "Actors/Russia"). One Enter
applies (the best suggestion is highlighted as one types; ↑ goes back to the typed text, a
new tag); a comma adds a chip and stays for another; Alt+1…9 applies one of the last nine tags
used. Opened for a passage, the picker is a popover beside it. It only returns normalised path
strings; new tags are created when the annotation is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.tags import SEPARATOR, list_tags, normalize_tag_path, recent_tags
from ui.common.chips import ChipBox, FlowLayout
from ui.common.popover import ask

MAX_SUGGESTIONS = 50
RECENT = 9  # Alt+1…9
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, RECENT + 1)}
_BOUNDARY = SEPARATOR + " -_"


def fuzzy_score(query: str, candidate: str) -> float | None:
    """How well `query` matches `candidate`, or None when its characters are not all there
    in order (case-insensitive). Contiguous runs, word/segment starts and a prefix score high."""
    q, c = query.lower(), candidate.lower()
    if not q:
        return 0.0
    if len(q) > len(c):
        return None
    bonus = [4.0 if j == 0 else 3.0 if c[j - 1] in _BOUNDARY else 0.0 for j in range(len(c))]
    # best[j]: best score with the current query character matched at candidate position j
    best: list[float | None] = [1.0 + bonus[j] if c[j] == q[0] else None for j in range(len(c))]
    for ch in q[1:]:
        new: list[float | None] = [None] * len(c)
        running: float | None = None  # best score ending before j - 1 (a gap)
        for j in range(1, len(c)):
            gap_before = best[j - 2] if j >= 2 else None
            if gap_before is not None:
                running = gap_before if running is None else max(running, gap_before)
            if c[j] != ch:
                continue
            options = []
            previous = best[j - 1]
            if previous is not None:
                options.append(previous + 2.0)  # contiguous with the previous character
            if running is not None:
                options.append(running - 1.0)  # after a gap
            if options:
                new[j] = max(options) + 1.0 + bonus[j]
        best = new
    found = [score for score in best if score is not None]
    if not found:
        return None
    score = max(found)
    if c == q:
        score += 100.0
    elif c.startswith(q):
        score += 10.0
    return score


def fuzzy_filter(query: str, candidates: Sequence[str], limit: int | None = None) -> list[str]:
    """The candidates matching `query`, best first (ties: shorter, then alphabetical)."""
    scored = [(fuzzy_score(query, c), c) for c in candidates]
    matched = [(s, c) for s, c in scored if s is not None]
    ranked = sorted(matched, key=lambda sc: (-sc[0], len(sc[1]), sc[1].lower()))
    return [c for _s, c in ranked[:limit]]


class TagPickerDialog(QDialog):
    """Chips for the chosen tags, a line edit and a suggestion list under it."""

    def __init__(
        self,
        parent: QWidget | None = None,
        initial: Sequence[str] = (),
        existing: Sequence[str] | None = None,
        recent: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tagPicker")
        self.setWindowTitle("Tags")
        self._existing = list(existing) if existing is not None else [t.path for t in list_tags()]
        self._tags: list[str] = []
        self.recent = list(recent if recent is not None else recent_tags(RECENT))[:RECENT]

        self.chips = ChipBox(self)
        self.chips.setObjectName("pickerChips")
        self.chips.removeRequested.connect(self.remove_tag)
        self.input = QLineEdit(self)
        self.input.setObjectName("tagInput")
        self.input.setPlaceholderText("Type a tag, e.g. Actors/Russia, and press Enter")
        self.input.setClearButtonEnabled(True)
        self.input.textEdited.connect(self._typed)
        self.input.installEventFilter(self)
        self.suggestion_model = QStringListModel(self)
        self.suggestions = QListView(self)
        self.suggestions.setObjectName("tagSuggestions")
        self.suggestions.setModel(self.suggestion_model)
        self.suggestions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.suggestions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.suggestions.setUniformItemSizes(True)
        rows = self.suggestions.fontMetrics().lineSpacing() * 7 + 6
        self.suggestions.setMaximumHeight(rows)  # compact: it opens beside the passage
        self.suggestions.clicked.connect(self._suggestion_clicked)
        self.message = QLabel(self)
        self.message.setObjectName("tagMessage")
        self.message.setWordWrap(True)
        self.recent_row = QWidget(self)
        self.recent_row.setObjectName("recentTags")
        recent_layout = FlowLayout(self.recent_row)
        self.recent_buttons: list[QToolButton] = []
        for number, path in enumerate(self.recent, start=1):
            recent_button = QToolButton(self.recent_row)
            recent_button.setText(f"{number} {path}")
            recent_button.setToolTip(f"Apply {path} (Alt+{number})")
            recent_button.setAutoRaise(True)
            recent_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            recent_button.clicked.connect(lambda _checked=False, n=number: self.apply_recent(n))
            recent_layout.addWidget(recent_button)
            self.recent_buttons.append(recent_button)
        self.recent_row.setVisible(bool(self.recent))
        hint = QLabel(
            "Enter applies · , adds another · ↓↑ choose · / nests"
            + (" · Alt+1…9: recent" if self.recent else ""),
            self,
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # Enter in the line edit adds a tag instead
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.recent_row)
        layout.addWidget(self.chips)
        layout.addWidget(self.input)
        layout.addWidget(self.suggestions, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(380, self.sizeHint().height())
        for tag in initial:
            self.add_tag(tag)
        self.message.clear()
        self._typed("")

    # --- public -------------------------------------------------------------------------
    def tags(self) -> list[str]:
        return list(self._tags)

    def suggestion_texts(self) -> list[str]:
        return self.suggestion_model.stringList()

    def add_tag(self, text: str) -> bool:
        """Add a chip for this path (existing spelling wins); False with a message if invalid."""
        try:
            path = normalize_tag_path(text)
        except ValueError:
            self.message.setText(f"“{text.strip()}” is not a tag name.")
            return False
        path = next((e for e in self._existing if e.lower() == path.lower()), path)
        if any(t.lower() == path.lower() for t in self._tags):
            self.message.setText(f"{path} is already there.")
            return False
        self._tags.append(path)
        self.chips.set_chips(self._tags)
        self.message.setText("" if path in self._existing else f"New tag: {path}")
        return True

    def remove_tag(self, path: str) -> None:
        if path in self._tags:
            self._tags.remove(path)
            self.chips.set_chips(self._tags)
            self._typed(self.input.text())

    def commit_input(self) -> bool:
        """Enter: add the highlighted suggestion, else the typed path. False if nothing added."""
        current = self.suggestions.currentIndex()
        selected = self.suggestions.selectionModel().isSelected(current)
        text = str(current.data()) if current.isValid() and selected else self.input.text()
        if not text.strip():
            return False
        if self.add_tag(text):
            self.input.clear()
            self._typed("")
            return True
        return False

    def accept(self) -> None:
        if self.input.text().strip() and not self.commit_input():
            return  # the typed text is not a valid tag: say so rather than drop it
        super().accept()

    def apply_recent(self, number: int) -> bool:
        """Alt+number: add the number-th most recent tag and apply; False if there is none."""
        if not 1 <= number <= len(self.recent):
            return False
        self.input.clear()
        path = self.recent[number - 1]
        if not any(t.lower() == path.lower() for t in self._tags):
            self.add_tag(path)
        self.accept()
        return True

    # --- internals ----------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        chosen = {t.lower() for t in self._tags}
        candidates = [e for e in self._existing if e.lower() not in chosen]
        self.suggestion_model.setStringList(fuzzy_filter(text.strip(), candidates, MAX_SUGGESTIONS))
        self.suggestions.clearSelection()
        self.suggestions.setCurrentIndex(QModelIndex())
        if any(ch.isalnum() for ch in text) and self.suggestion_model.rowCount():
            # The best match is what Enter takes; ↑ goes back to the typed text.
            self.suggestions.setCurrentIndex(self.suggestion_model.index(0))
        if text:
            self.message.clear()

    def _move_highlight(self, delta: int) -> None:
        count = self.suggestion_model.rowCount()
        if count == 0:
            return
        current = self.suggestions.currentIndex()
        if current.isValid() and self.suggestions.selectionModel().isSelected(current):
            row = max(-1, min(count - 1, current.row() + delta))
        else:
            row = 0 if delta > 0 else count - 1
        if row < 0:  # Up from the first suggestion: back to the typed text
            self.suggestions.clearSelection()
            self.suggestions.setCurrentIndex(QModelIndex())
            return
        self.suggestions.setCurrentIndex(self.suggestion_model.index(row))

    def _complete(self) -> bool:
        """Tab: put the highlighted (else the best) suggestion in the line edit."""
        current = self.suggestions.currentIndex()
        if not current.isValid():
            current = self.suggestion_model.index(0)
        if not current.isValid():
            return False
        self.input.setText(str(current.data()))
        self._typed(self.input.text())
        return True

    def _suggestion_clicked(self, index: QModelIndex) -> None:
        if self.add_tag(str(index.data())):
            self.input.clear()
            self._typed("")
        self.input.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt and key in _DIGITS:
                self.apply_recent(_DIGITS[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.commit_input() or not self.input.text().strip():
                    self.accept()  # one Enter applies
                return True
            if key == Qt.Key.Key_Comma:
                self.commit_input()  # a chip, and the picker stays for another
                return True
            if key == Qt.Key.Key_Tab and self.input.text().strip() and self._complete():
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move_highlight(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key == Qt.Key.Key_Backspace and not self.input.text() and self._tags:
                self.remove_tag(self._tags[-1])
                return True
        return super().eventFilter(watched, event)


class TagPicker(Protocol):
    """How a widget asks for tags: the whole new list, or None when cancelled. `pick_tags` in
    the window; tests pass their own. With an anchor (a passage, in global coordinates) the
    picker opens beside it."""

    def __call__(
        self, parent: QWidget | None, initial: Sequence[str] = (), anchor: QRect | None = None, /
    ) -> list[str] | None: ...


def pick_tags(
    parent: QWidget | None, initial: Sequence[str] = (), anchor: QRect | None = None
) -> list[str] | None:
    """Ask for an annotation's tags; returns the whole new list, or None when cancelled.
    With an anchor (the passage, in global coordinates) it opens as a popover beside it."""
    dialog = TagPickerDialog(parent, initial)
    return ask(dialog, anchor, dialog.tags)
