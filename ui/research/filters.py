"""Filter controls that write the search language, so a filter can be saved, typed or shared.

The panel never queries articles itself: it composes field filters (`source:"BBC"
date:2022-09-01..2022-09-30 tag:"Actors" has:annotations is:unread`) and emits them; the
window combines them with the search box's text (`combine`) and runs one search.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.colors import NAMED_COLORS
from models.facets import date_span, distinct_sources
from models.tags import list_tags
from ui.research.saved_search_list import AskName, Confirm, SavedSearchList
from ui.session.session import Session
from ui.shell.actions import color_swatch

EDIT_DELAY_MS = 300  # typing a date or a tag: wait for a pause before filtering
ANNOTATION_CHOICES = (("Any", None), ("With highlights", "has"), ("Without highlights", "no"))
READ_CHOICES = (("Any", None), ("Unread", "unread"), ("Read", "read"))


@dataclass(frozen=True)
class Filters:
    source: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    tag: str | None = None
    color: str | None = None
    annotations: str | None = None  # "has" | "no"
    read: str | None = None  # "read" | "unread"


def quoted_value(value: str) -> str:
    """A quoted field value. The language has no escape for '"', so a value holding one keeps
    its longest quote-free piece: for source: (contains) that still matches the outlet."""
    if '"' in value:
        value = max((part.strip() for part in value.split('"')), key=len)
    return f'"{value}"'


def compose(filters: Filters) -> str:
    """The field filters as a query in the search language ("" when nothing is filtered)."""
    parts: list[str] = []
    if filters.source:
        parts.append(f"source:{quoted_value(filters.source)}")
    low, high = filters.date_from, filters.date_to
    if low and high and low > high:
        low, high = high, low  # a reversed range means the days between
    if low or high:
        parts.append(f"date:{low.isoformat() if low else ''}..{high.isoformat() if high else ''}")
    if filters.tag:
        parts.append(f"tag:{quoted_value(filters.tag)}")
    if filters.color:
        parts.append(f"color:{filters.color}")
    if filters.annotations:
        parts.append(f"{filters.annotations}:annotations")
    if filters.read:
        parts.append(f"is:{filters.read}")
    return " ".join(parts)


def combine(search_text: str, filter_query: str) -> str:
    """Search box text AND the filters. OR binds loosest, so text with a top-level OR is
    bracketed: 'a OR b' with 'is:unread' must not read as 'a OR (b is:unread)'."""
    search_text, filter_query = search_text.strip(), filter_query.strip()
    if not search_text or not filter_query:
        return search_text or filter_query
    if _has_top_level_or(search_text):
        search_text = f"({search_text})"
    return f"{search_text} {filter_query}"


def _has_top_level_or(text: str) -> bool:
    depth, word, quoted = 0, "", False
    for ch in text + " ":
        if quoted:
            quoted = ch != '"'
            continue
        if ch.isspace() or ch in '()"':
            if word == "OR" and depth == 0:
                return True
            word = ""
            depth += {"(": 1, ")": -1}.get(ch, 0)
            quoted = ch == '"'
        else:
            word += ch
    return False


class OptionalDateEdit(QDateEdit):
    """A date, or "any" (the minimum date); Delete goes back to "any"."""

    ANY = QDate(1800, 1, 1)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(self.ANY)
        self.setSpecialValueText("any")
        self.setDate(self.ANY)
        self.suggested = QDate.currentDate()  # the month the calendar opens on from "any"

    def value(self) -> dt.date | None:
        return None if self.date() == self.ANY else self.date().toPython()  # type: ignore[return-value]

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(self.ANY if value is None else QDate(value.year, value.month, value.day))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if self.value() is None:  # the popup would otherwise open in the year 1800
            self.calendarWidget().setCurrentPage(self.suggested.year(), self.suggested.month())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.set_value(None)
        else:
            super().keyPressEvent(event)


class FilterPanel(QWidget):
    queryChanged = Signal(str)  # the field filters; "" when nothing is filtered
    savedSearchApplied = Signal(str)  # a saved search's whole query, for the search box

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        ask_name: AskName | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("filterPanel")
        self._last = ""
        self._search_text = ""
        self._quiet = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(EDIT_DELAY_MS)
        self._timer.timeout.connect(self._changed)

        self.source = QComboBox(self)
        self.source.setObjectName("filterSource")
        self.source.currentIndexChanged.connect(self._changed)
        self.date_from = OptionalDateEdit(self)
        self.date_from.setObjectName("filterDateFrom")
        self.date_to = OptionalDateEdit(self)
        self.date_to.setObjectName("filterDateTo")
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self._timer.start())
            edit.editingFinished.connect(self._changed)
        self.tag = QLineEdit(self)
        self.tag.setObjectName("filterTag")
        self.tag.setPlaceholderText("Any tag (and the tags below it)")
        self.tag.setClearButtonEnabled(True)
        self._tag_model = QStringListModel(self)
        completer = QCompleter(self._tag_model, self.tag)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(lambda _text: self._changed())
        self.tag.setCompleter(completer)
        self.tag.textChanged.connect(lambda _text: self._timer.start())
        self.tag.editingFinished.connect(self._changed)
        self.tag.installEventFilter(self)
        self.colors = QButtonGroup(self)
        self.colors.setExclusive(True)
        color_row = QHBoxLayout()
        color_row.setSpacing(2)
        for name in (None, *NAMED_COLORS):
            button = QToolButton(self)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setObjectName(f"filterColor_{name or 'any'}")
            button.setProperty("colorName", name)
            if name is None:
                button.setText("Any")
                button.setChecked(True)
            else:
                button.setIcon(color_swatch(NAMED_COLORS[name], 14))
                button.setToolTip(f"Articles with a {name} highlight")
            self.colors.addButton(button)
            color_row.addWidget(button)
        color_row.addStretch(1)
        self.colors.buttonToggled.connect(lambda _b, checked: self._changed() if checked else None)
        self.annotations = self._choices("filterAnnotations", ANNOTATION_CHOICES)
        self.read = self._choices("filterRead", READ_CHOICES)
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.setObjectName("filterClear")
        self.clear_button.clicked.connect(self.clear)
        self.saved = SavedSearchList(self._query_to_save, self, ask_name=ask_name, confirm=confirm)
        self.saved.applied.connect(self._apply_saved)

        dates = QHBoxLayout()
        dates.addWidget(self.date_from, 1)
        dates.addWidget(QLabel("to", self))
        dates.addWidget(self.date_to, 1)
        form = QFormLayout()
        form.addRow("Outlet", self.source)
        form.addRow("Dates", dates)
        form.addRow("Tag", self.tag)
        form.addRow("Colour", color_row)
        form.addRow("Highlights", self.annotations)
        form.addRow("Read", self.read)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(QLabel("Saved searches", self))
        layout.addWidget(self.saved, 1)

        # The outlets and their counts (a query over every article) are read when the panel is
        # first shown, not at start-up: its dock starts hidden.
        self._choices_stale = True
        session.libraryChanged.connect(self._library_changed)

    def _choices(self, name: str, choices: tuple[tuple[str, str | None], ...]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for label, value in choices:
            combo.addItem(label, value)
        combo.currentIndexChanged.connect(self._changed)
        return combo

    # --- API ------------------------------------------------------------------------------
    def filters(self) -> Filters:
        tag = " ".join(self.tag.text().split())
        checked = self.colors.checkedButton()
        return Filters(
            source=self.source.currentData(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            tag=tag or None,
            color=checked.property("colorName") if checked else None,
            annotations=self.annotations.currentData(),
            read=self.read.currentData(),
        )

    def query(self) -> str:
        return compose(self.filters())

    def set_filters(self, filters: Filters) -> None:
        """Show these filters (emits queryChanged once if the query changes)."""
        if self._choices_stale:  # the outlet to choose must be in the list
            self.refresh_choices()
        with _Quiet(self):
            self._select_source(filters.source)
            self.date_from.set_value(filters.date_from)
            self.date_to.set_value(filters.date_to)
            self.tag.setText(filters.tag or "")
            for button in self.colors.buttons():
                button.setChecked(button.property("colorName") == filters.color)
            self.annotations.setCurrentIndex(max(0, self.annotations.findData(filters.annotations)))
            self.read.setCurrentIndex(max(0, self.read.findData(filters.read)))
        self._changed()

    def clear(self) -> None:
        self.set_filters(Filters())

    def set_search_text(self, text: str) -> None:
        """The search box's text, so that "Save current…" saves text and filters together."""
        self._search_text = text

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._choices_stale:
            self.refresh_choices()

    def _library_changed(self) -> None:
        if self.isVisible():
            self.refresh_choices()
        else:  # read when next shown
            self._choices_stale = True

    def refresh_choices(self) -> None:
        """Re-read the outlets (with counts) after imports; the chosen one stays chosen."""
        self._choices_stale = False
        current = self.source.currentData()
        with _Quiet(self):
            self.source.clear()
            self.source.addItem("Any outlet", None)
            for outlet in distinct_sources():
                self.source.addItem(f"{outlet.name} ({outlet.articles:,})", outlet.name)
            self._select_source(current)
            latest = date_span()[1]
            if latest:
                suggested = QDate.fromString(latest, "yyyy-MM-dd")
                self.date_from.suggested = self.date_to.suggested = suggested
        self._changed()  # the chosen outlet may have gone

    # --- internals ------------------------------------------------------------------------
    def _select_source(self, name: str | None) -> None:
        index = self.source.findData(name) if name is not None else 0
        self.source.setCurrentIndex(max(0, index))

    def _changed(self) -> None:
        if self._quiet:
            return
        self._timer.stop()
        query = self.query()
        if query != self._last:
            self._last = query
            self.queryChanged.emit(query)

    def _query_to_save(self) -> str:
        return combine(self._search_text, self.query())

    def _apply_saved(self, query: str) -> None:
        """A saved search holds its text and filters in one query: it replaces the controls."""
        self.clear()
        self.savedSearchApplied.emit(query)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tag and event.type() == QEvent.Type.FocusIn:
            # Tags are made while annotating anywhere: read them when the box is entered.
            self._tag_model.setStringList([t.path for t in list_tags()])
        return super().eventFilter(watched, event)


class _Quiet:
    """Set several controls without a queryChanged for each one."""

    def __init__(self, panel: FilterPanel) -> None:
        self._panel = panel

    def __enter__(self) -> None:
        self._panel._quiet = True

    def __exit__(self, *_exc: object) -> None:
        self._panel._quiet = False
        self._panel._timer.stop()
