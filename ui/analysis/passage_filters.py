"""The Coded passages' filters: tags joined by AND or OR (each with its descendants), outlet,
dates, coder and an article variable, written as a query in the search language, so the
list, `search --annotations` and a saved search all mean the same thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from models.attributes import attribute_names
from models.facets import distinct_coders, distinct_sources
from ui.research.filters import OptionalDateEdit, quoted_value

ALL, ANY = "all of", "any of"


@dataclass(frozen=True)
class PassageFilters:
    tags: tuple[str, ...] = ()
    any_tag: bool = False  # OR instead of AND
    source: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    coder: str | None = None
    variable: str | None = None
    value: str = ""


def compose(filters: PassageFilters) -> str:
    """The filters as a query ("" when nothing is filtered)."""
    parts: list[str] = []
    tags = [f"tag:{quoted_value(tag)}" for tag in filters.tags]
    if len(tags) > 1 and filters.any_tag:
        parts.append(f"({' OR '.join(tags)})")
    else:
        parts.extend(tags)
    if filters.source:
        parts.append(f"source:{quoted_value(filters.source)}")
    low, high = filters.date_from, filters.date_to
    if low and high and low > high:
        low, high = high, low
    if low or high:
        parts.append(f"date:{low.isoformat() if low else ''}..{high.isoformat() if high else ''}")
    if filters.coder:
        parts.append(f"coder:{quoted_value(filters.coder)}")
    if filters.variable:
        value = filters.value.strip()
        named = f"{filters.variable}={value}" if value else filters.variable
        parts.append(f"attr:{quoted_value(named)}")
    return " ".join(parts)


class PassageFilterBar(QWidget):
    """One row of filter controls; `queryChanged` carries the composed query."""

    queryChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tags = QLineEdit(self)
        self.tags.setObjectName("passageTags")
        self.tags.setPlaceholderText("Tags, comma-separated")
        self.join = self._combo("passageTagJoin", [ALL, ANY])
        self.source = self._combo("passageSource", [])
        self.date_from = OptionalDateEdit(self)
        self.date_to = OptionalDateEdit(self)
        self.coder = self._combo("passageCoder", [])
        self.variable = self._combo("passageVariable", [])
        self.value = QLineEdit(self)
        self.value.setObjectName("passageVariableValue")
        self.value.setPlaceholderText("value (empty: any)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            ("Tags", self.join),
            (None, self.tags),
            ("Outlet", self.source),
            ("From", self.date_from),
            ("to", self.date_to),
            ("Coder", self.coder),
            ("Variable", self.variable),
            (None, self.value),
        ):
            if label:
                layout.addWidget(QLabel(label, self))
            layout.addWidget(widget, 2 if widget is self.tags else 0)
        for edit in (self.tags, self.value):
            edit.editingFinished.connect(self._changed)
        for date in (self.date_from, self.date_to):
            date.editingFinished.connect(self._changed)
        # The choices are read when the bar is shown (PassagesView.showEvent), not at start-up:
        # its dock starts hidden, and the outlets of 100,000 articles take a query.

    def _combo(self, name: str, items: list[str]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItems(items)
        combo.currentIndexChanged.connect(self._changed)
        return combo

    def refresh_choices(self) -> None:
        """Outlets, coders and variable names as the library has them now."""
        self._fill(self.source, [s.name for s in distinct_sources()])
        self._fill(self.coder, distinct_coders())
        self._fill(self.variable, attribute_names())

    def _fill(self, combo: QComboBox, values: list[str]) -> None:
        chosen = combo.currentData()
        blocked = combo.blockSignals(True)
        combo.clear()
        combo.addItem("Any", None)
        for value in values:
            combo.addItem(value, value)
        combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
        combo.blockSignals(blocked)

    def filters(self) -> PassageFilters:
        tags = tuple(t for t in (" ".join(p.split()) for p in self.tags.text().split(",")) if t)
        return PassageFilters(
            tags=tags,
            any_tag=self.join.currentText() == ANY,
            source=self.source.currentData(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            coder=self.coder.currentData(),
            variable=self.variable.currentData(),
            value=self.value.text(),
        )

    def query(self) -> str:
        return compose(self.filters())

    def _changed(self, *_args: object) -> None:
        self.queryChanged.emit(self.query())
