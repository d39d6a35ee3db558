"""Outlet names: the alias table in a small dialog ("bbc.co.uk" is "BBC"), edited through the
Session, which renames the articles an alias covers."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.errors import LibraryError
from ui.session.session import Session


class OutletNamesDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outletNames")
        self.setWindowTitle("Outlet names")
        self.session = session
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Outlet / spelling", "Articles"])
        self.alias = QLineEdit(self)
        self.alias.setObjectName("outletAlias")
        self.alias.setPlaceholderText("spelling, e.g. bbc.co.uk")
        self.canonical = QLineEdit(self)
        self.canonical.setObjectName("outletCanonical")
        self.canonical.setPlaceholderText("is the outlet, e.g. BBC")
        self.add_button = QPushButton("&Add alias", self)
        self.add_button.clicked.connect(self.add_alias)
        self.canonical.returnPressed.connect(self.add_alias)
        self.remove_button = QPushButton("&Remove alias", self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        row = QHBoxLayout()
        for widget in (self.alias, self.canonical, self.add_button, self.remove_button):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.resize(560, 420)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        for outlet in self.session.outlets():
            item = QTreeWidgetItem([outlet.name, f"{outlet.articles:,}"])
            for alias in outlet.aliases:
                item.addChild(QTreeWidgetItem([alias, ""]))
            self.tree.addTopLevelItem(item)

    def add_alias(self) -> None:
        try:
            self.session.set_outlet_alias(self.alias.text(), self.canonical.text())
        except LibraryError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.alias.clear()
        self.canonical.clear()
        self.reload()

    def remove_selected(self) -> None:
        item = self.tree.currentItem()
        if item is not None and item.parent() is not None:  # an alias, not an outlet
            self.session.remove_outlet_alias(item.text(0))
            self.reload()
