"""AttributesBar: the variables (country, genre, wave …) of the open article, or of every
article selected in the list, above the article.

Typing `NAME=VALUE` and Enter sets it on all of them at once; a chip's × clears that name on
all of them. Each change is one undo step through the Session (`set_attributes`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from models import attributes
from models.errors import LibraryError
from ui.common.chips import ChipBox
from ui.session.session import Session
from ui.shell.errors import show_error

MIXED = "(mixed)"  # several articles, different values


def chip_texts(by_article: Sequence[dict[str, object]]) -> list[str]:
    """`name=value` per name any of the articles has; MIXED where they differ."""
    names = sorted({name for values in by_article for name in values}, key=str.lower)
    texts = []
    for name in names:
        seen = {repr(values.get(name)) for values in by_article}
        value = by_article[0].get(name) if len(seen) == 1 else MIXED
        texts.append(f"{name}={value}")
    return texts


class AttributesBar(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleAttributes")
        self.session = session
        self._open_id: int | None = None
        self._selected: list[int] = []
        self.label = QLabel(self)
        self.chips = ChipBox(self)
        self.chips.setObjectName("attributeChips")
        self.chips.removeRequested.connect(self._clear_chip)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("attributeEdit")
        self.edit.setPlaceholderText("name=value, Enter")
        self.edit.setToolTip(
            "Set a variable (country=DE, wave=2) on the article, or on every selected article"
        )
        self.edit.returnPressed.connect(self._set_typed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.chips, 1)
        layout.addWidget(self.edit)
        session.articleOpened.connect(self._article_opened)
        session.attributesChanged.connect(self._changed)
        session.libraryChanged.connect(self.reload)
        self._open_id = session.article_id
        self.reload()

    # --- public -------------------------------------------------------------------------
    def set_selection(self, article_ids: Sequence[int]) -> None:
        """The articles selected in the list: with two or more, edits go to all of them."""
        self._selected = list(dict.fromkeys(article_ids))
        self.reload()

    def targets(self) -> list[int]:
        if len(self._selected) > 1:
            return list(self._selected)
        return [] if self._open_id is None else [self._open_id]

    def set_value(self, spec: str) -> bool:
        """Set `NAME=VALUE` on the targets; a bad spec or a refusal is said in a dialog."""
        ids = self.targets()
        if not ids:
            return False
        try:
            name, value = attributes.parse_assignment(spec)
            done = self.session.set_attributes(ids, {name: value}, text=f"Set {name}")
        except (ValueError, LibraryError) as exc:
            show_error(self, str(exc))
            return False
        return done

    def clear_value(self, name: str) -> bool:
        ids = self.targets()
        try:
            return bool(ids) and self.session.set_attributes(ids, {}, [name], f"Clear {name}")
        except (ValueError, LibraryError) as exc:
            show_error(self, str(exc))
            return False

    def reload(self) -> None:
        ids = self.targets()
        try:
            found = attributes.attributes_for(ids) if ids else {}
        except LibraryError:
            found = {}
        self.chips.set_chips(chip_texts([found.get(i, {}) for i in ids]) if ids else [])
        many = len(ids) > 1
        self.label.setText(f"Variables ({len(ids)} articles):" if many else "Variables:")
        self.edit.setEnabled(bool(ids))

    # --- internals ----------------------------------------------------------------------
    def _article_opened(self, article_id: int) -> None:
        self._open_id = article_id
        self.reload()

    def _changed(self, article_ids: list[int]) -> None:
        if set(article_ids) & set(self.targets()):
            self.reload()

    def _set_typed(self) -> None:
        if self.set_value(self.edit.text()):
            self.edit.clear()

    def _clear_chip(self, text: str) -> None:
        self.clear_value(text.partition("=")[0])
