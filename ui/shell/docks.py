"""The research tools around the three panes: filters, keyword in context, the codebook.

Each lives in a dock the user shows from the View menu; their state is kept by the window's
saveState/restoreState (hence the object names).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from ui.analysis.panel import AnalysisPanel
from ui.analysis.passages import PassagesView
from ui.codebook.panel import CodebookPanel
from ui.codebook.tag_picker import pick_tags
from ui.library.view import ArticleListView
from ui.reading.pane import ReadingPane
from ui.research.filters import FilterPanel, combine
from ui.research.kwic import KwicView
from ui.session.session import Session


@dataclass
class ResearchDocks:
    filters: FilterPanel
    kwic: KwicView
    codebook: CodebookPanel
    toggles: list[QAction]
    analysis: AnalysisPanel
    passages: PassagesView


def _dock(
    window: QMainWindow, widget: QWidget, title: str, name: str, area: Qt.DockWidgetArea, keys: str
) -> QAction:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
    dock.hide()
    toggle = dock.toggleViewAction()
    toggle.setShortcut(QKeySequence(keys))
    return toggle


def add_research_docks(
    window: QMainWindow, session: Session, article_list: ArticleListView, pane: ReadingPane
) -> ResearchDocks:
    filters = FilterPanel(session, window)
    kwic = KwicView(session, window, tag_picker=pick_tags)
    codebook = CodebookPanel(session, window)
    analysis = AnalysisPanel(session, window)
    passages = PassagesView(window)
    toggles = [
        _dock(
            window,
            filters,
            "Filters",
            "filterDock",
            Qt.DockWidgetArea.LeftDockWidgetArea,
            "Ctrl+Shift+L",
        ),
        _dock(
            window,
            kwic,
            "Keyword in context",
            "kwicDock",
            Qt.DockWidgetArea.BottomDockWidgetArea,
            "Ctrl+Shift+K",
        ),
        _dock(
            window,
            codebook,
            "Codebook",
            "codebookDock",
            Qt.DockWidgetArea.RightDockWidgetArea,
            "Ctrl+Shift+B",
        ),
        _dock(
            window,
            analysis,
            "Analysis",
            "analysisDock",
            Qt.DockWidgetArea.BottomDockWidgetArea,
            "Ctrl+Shift+Y",
        ),
        _dock(
            window,
            passages,
            "Coded passages",
            "passagesDock",
            Qt.DockWidgetArea.BottomDockWidgetArea,
            "Ctrl+Shift+P",
        ),
    ]

    filters.queryChanged.connect(article_list.set_filter_query)
    article_list.filterChanged.connect(filters.set_search_text)
    article_list.searchChanged.connect(kwic.set_query)

    def apply_saved(query: str) -> None:
        article_list.search.setText(query)
        article_list.search_box.settle()

    filters.savedSearchApplied.connect(apply_saved)

    def show_passage(article_id: int, start: int, end: int) -> None:
        if session.article_id == article_id or session.open_article(article_id):
            show_range(pane, start, end)

    kwic.passageActivated.connect(show_passage)
    passages.passageActivated.connect(show_passage)
    passages_toggle = toggles[-1]

    def show_passages(query: str) -> None:
        if not passages_toggle.isChecked():
            passages_toggle.trigger()
        passages.show_query(query)

    analysis.passagesWanted.connect(show_passages)
    return ResearchDocks(filters, kwic, codebook, toggles, analysis, passages)


def show_range(pane: ReadingPane, start: int, end: int) -> bool:
    """Select a canonical range in the pane and bring it into view (H, N, T then apply)."""
    dmap = pane.document_map()
    if dmap is None:
        return False
    a, b = dmap.range_to_document(start, end)
    cursor = QTextCursor(pane.document())
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)
    pane.center_position(a)
    return True


__all__ = ["ResearchDocks", "add_research_docks", "combine", "show_range"]
