"""ArticleTagsBar: the open article's own tags as chips, and include/exclude for screening.

Screening a corpus means deciding article by article, fast: two toggles set
`screening/include` or `screening/exclude` (never both). Every change is an undo step on the
session's stack and is announced with `session.tagsChanged`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from models import article_tags
from models.article_tags import SCREENING, SCREENING_EXCLUDE, SCREENING_INCLUDE, with_screening
from models.errors import LibraryError
from ui.codebook.tag_picker import TagPicker, pick_tags
from ui.common.chips import ChipBox
from ui.session.session import Session


class ArticleTagsBar(QWidget):
    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        tag_picker: TagPicker = pick_tags,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("articleTags")
        self.session = session
        self.tag_picker = tag_picker
        self.article_id: int | None = None
        self._tags: list[str] = []

        self.label = QLabel("Article tags:", self)
        self.chips = ChipBox(self)
        self.chips.setObjectName("articleTagChips")
        self.chips.removeRequested.connect(self.remove_tag)
        self.add_button = QPushButton("Add tag…", self)
        self.add_button.setObjectName("addArticleTag")
        self.add_button.setToolTip("Tag the whole article (searchable as articletag:)")
        self.add_button.clicked.connect(self.add_tags)
        self.include_button = self._toggle("Include", "screeningInclude", SCREENING_INCLUDE)
        self.exclude_button = self._toggle("Exclude", "screeningExclude", SCREENING_EXCLUDE)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.chips, 1)
        layout.addWidget(self.add_button)
        layout.addWidget(self.include_button)
        layout.addWidget(self.exclude_button)

        session.articleOpened.connect(self.load)
        session.tagsChanged.connect(self.reload)
        session.libraryChanged.connect(self.reload)
        if session.article_id is not None:
            self.load(session.article_id)
        else:
            self._show()

    def _toggle(self, text: str, name: str, tag: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setCheckable(True)
        button.setToolTip(f"Screening: tag this article {tag} (click again to clear)")
        button.clicked.connect(lambda checked: self.set_screening(tag if checked else None))
        return button

    # --- public -------------------------------------------------------------------------
    def load(self, article_id: int) -> None:
        self.article_id = article_id
        self.reload()

    def reload(self) -> None:
        """Read the tags again (after an edit, an undo, or a rename in the codebook)."""
        if self.article_id is not None:
            try:
                self._tags = article_tags.article_tags(self.article_id)
            except LibraryError:
                self._tags = []
        else:
            self._tags = []
        self._show()

    def tags(self) -> list[str]:
        return list(self._tags)

    def add_tags(self) -> bool:
        """Ask for the article's tags (the picker edits the whole list) and save them."""
        if self.article_id is None:
            return False
        chosen = self.tag_picker(self, self._tags)
        return chosen is not None and self._save(chosen, "Tag article")

    def remove_tag(self, path: str) -> bool:
        kept = [t for t in self._tags if t.lower() != path.lower()]
        return self._save(kept, f"Remove article tag {path}")

    def set_screening(self, decision: str | None) -> bool:
        """Include, exclude (each drops the other) or neither (None)."""
        label = {SCREENING_INCLUDE: "Include", SCREENING_EXCLUDE: "Exclude"}.get(
            decision or "", "Clear screening"
        )
        return self._save(with_screening(self._tags, decision), f"Screening: {label}")

    # --- internals ----------------------------------------------------------------------
    def _save(self, tags: Sequence[str], text: str) -> bool:
        if self.article_id is None:
            return False
        try:
            changed = self.session.set_article_tags(self.article_id, tags, text)
        except LibraryError as exc:
            self.add_button.setToolTip(str(exc))
            changed = False
        self.reload()  # also puts a toggle back if nothing changed
        return changed

    def _show(self) -> None:
        enabled = self.article_id is not None
        for widget in (self.add_button, self.include_button, self.exclude_button):
            widget.setEnabled(enabled)
        lowered = {t.lower() for t in self._tags}
        self.include_button.setChecked(SCREENING_INCLUDE in lowered)
        self.exclude_button.setChecked(SCREENING_EXCLUDE in lowered)
        # the toggles already show the screening decision
        self.chips.set_chips([t for t in self._tags if t.lower() not in SCREENING])
