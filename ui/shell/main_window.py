"""The main window: article list, reading pane and annotation sidebar in one splitter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models import articles
from models.errors import read_only_reason
from models.paths import short_location
from ui.common import folders
from ui.common.theme import application_palette, get_theme
from ui.library.deleting import ask_to_delete
from ui.library.details import edit_details
from ui.library.outlet_names import OutletNamesDialog
from ui.library.view import ArticleListView
from ui.reading.article_header import ArticleHeader
from ui.reading.places import ReadingPlaces
from ui.reading.view import ReadingView
from ui.research.search_hits import SearchHitsController
from ui.session.session import Session
from ui.shell import settings as keys
from ui.shell.actions import (
    ActionSpec,
    UndoRedo,
    WindowCommands,
    color_actions,
    make_action,
    recolor_icons,
)
from ui.shell.docks import add_research_docks
from ui.shell.menus import add_menus, show_about, show_shortcuts
from ui.shell.open_library import LibraryMenus
from ui.shell.settings import FolderSetting, Settings
from ui.shell.splitter import ReadingFirstSplitter
from ui.shell.welcome import WelcomePanel, sample_files
from ui.sidebar.panel import AnnotationSidebar
from ui.sidebar.review import ReviewPanel
from ui.transfer.export_flow import ExportController
from ui.transfer.import_flow import ImportController, accept_drops
from ui.transfer.update_flow import UpdateController
from ui.transfer.workers import stop_all_workers

CENTRE_MIN_WIDTH = 320


class MainWindow(QMainWindow):
    def __init__(self, session: Session, settings: Settings, library_path: Path | str) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.library_path = library_path
        self.setObjectName("mainWindow")
        self._default_palette: QPalette | None = None
        # The application display name "Gloss" is appended by Qt itself.
        read_only = read_only_reason()
        name = short_location(library_path)
        self.setWindowTitle(f"{name} (read-only)" if read_only else name)

        self.article_list = ArticleListView(self, session=session)
        self.places = ReadingPlaces(session, self)  # before the pane: it reads the place left
        self.reading = ReadingView(session, self)
        self.pane = self.reading.pane
        self.places.attach(self.pane)
        self.header = ArticleHeader(session, self)
        self.article_tags = self.header.article_tags
        self.attributes = self.header.attributes
        self.memo = self.header.memo
        self.article_list.articlesSelected.connect(self.attributes.set_selection)
        reading_box = QWidget(self)
        box = QVBoxLayout(reading_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.header)
        box.addWidget(self.reading, 1)
        self.reading_box = reading_box
        self.sidebar = AnnotationSidebar(session, self)
        self.review = ReviewPanel(session, self.pane.selected_range, self.sidebar)
        self.sidebar.add_review(self.review)
        self.welcome = WelcomePanel(self)
        self.centre = QStackedWidget(self)
        self.centre.addWidget(self.welcome)
        self.centre.addWidget(self.reading_box)
        # The text reflows, so the pane can give room to docks; the tag bar's buttons would
        # otherwise hold it (and so the list and sidebar) at their full width.
        self.centre.setMinimumWidth(CENTRE_MIN_WIDTH)

        self.splitter = ReadingFirstSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for widget, stretch in ((self.article_list, 0), (self.centre, 1), (self.sidebar, 0)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.indexOf(widget), stretch)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([440, 660, 340])  # the list wide enough for its Outlet column
        self.setCentralWidget(self.splitter)

        self.docks = add_research_docks(self, session, self.article_list, self.pane)
        hits = SearchHitsController(session, self.pane, self.article_list.search_query())
        self.article_list.searchChanged.connect(hits.set_query)
        folders.bind(FolderSetting(settings))
        self.imports = ImportController(self, session)
        self.updates = UpdateController(self, session)
        self.exports = ExportController(self, session, self.article_list)
        accept_drops(self, self.imports)

        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        self.waiting_label = QLabel(self)  # writes queued behind another program's lock
        self.waiting_label.setObjectName("writesWaiting")
        self.waiting_label.hide()
        self.statusBar().addPermanentWidget(self.waiting_label)
        self._quit_when_saved = False
        if read_only:
            badge = QLabel("Read-only", self)
            badge.setObjectName("readOnlyBadge")
            badge.setToolTip(f"Gloss can show this library but not change it: {read_only}")
            self.statusBar().addPermanentWidget(badge)
        self._build_actions()
        self.libraries = LibraryMenus(self, self.library_path)  # File ▸ Open library…, recent
        self._connect()
        self._restore()
        self._update_centre()
        self._update_status()

    # --- construction -------------------------------------------------------------------
    def _build_actions(self) -> None:
        a = {
            "import_files": ActionSpec(
                "&Import files…",
                self.imports.import_files,
                QKeySequence.StandardKey.Open,
                "import-files",
                "Import article files into the library",
            ),
            "import_folder": ActionSpec(
                "Import &folder…",
                self.imports.import_folder,
                "Ctrl+Shift+O",
                "import-folder",
                "Import every article file in a folder",
            ),
            "export": ActionSpec(
                "&Export annotations…",
                self.exports.export_annotations,
                "Ctrl+E",
                "export",
                "Export annotations: CSV, REFI-QDA project, W3C JSON-LD or Markdown",
            ),
            "update_article": ActionSpec(
                "&Update article from file…",
                self.updates.update_from_file,
                None,
                None,
                "Replace the open article's text with a new version; its highlights follow",
            ),
            # Ctrl+Q itself: StandardKey.Quit is empty on Windows and some platforms.
            "quit": ActionSpec("&Quit", self.close, "Ctrl+Q", "quit"),
            "find": ActionSpec(
                "&Find in article…",
                self.reading.show_find_bar,
                QKeySequence.StandardKey.Find,
                "find",
            ),
            "delete": ActionSpec("&Delete highlight", self._delete_selected, None, "delete"),
            "zoom_in": ActionSpec("Zoom &in", self.pane.zoom_in, ["Ctrl+=", "Ctrl++"], "zoom-in"),
            "zoom_out": ActionSpec("Zoom &out", self.pane.zoom_out, "Ctrl+-", "zoom-out"),
            "zoom_reset": ActionSpec("&Normal size", self.pane.reset_zoom, "Ctrl+0"),
            "next": ActionSpec("&Next highlight", self.sidebar.select_next, ["J", "F3"], "next"),
            "previous": ActionSpec(
                "&Previous highlight", self.sidebar.select_previous, ["K", "Shift+F3"], "previous"
            ),
            "code_margin": ActionSpec(
                "Code &margin",
                self._toggle_code_margin,
                "Ctrl+Shift+M",
                None,
                "Coloured stripes beside the text, one per tag",
            ),
            "shortcuts": ActionSpec(
                "&Keyboard shortcuts", lambda: show_shortcuts(self), None, "keys"
            ),
            "about": ActionSpec(
                "&About Gloss", lambda: show_about(self, self.library_path), None, "about"
            ),
        }
        self.actions_by_name = {name: make_action(self, spec) for name, spec in a.items()}
        act = self.actions_by_name
        self.undo_redo = UndoRedo(
            self,
            self.session.undo_stack,
            self.flush_edits,
            self.sidebar.editor.is_dirty,
            blocked=self.session.writer.is_busy,  # steps taken once the queued writes land
        )
        self.session.writer.waitingChanged.connect(self.undo_redo.refresh)
        self.sidebar.editor.note_editor.textChanged.connect(self.undo_redo.refresh)
        undo, redo = self.undo_redo.undo, self.undo_redo.redo
        act["undo"], act["redo"] = undo, redo
        commands = ("import_files", "import_folder", "export", "quit", "shortcuts")
        self.commands = WindowCommands(self, [act[name] for name in commands])

        self.color_group, self.color_actions = color_actions(
            self, self.session.current_color, self.session.set_current_color
        )
        menus = add_menus(
            self,
            act,
            list(self.color_actions.values()),
            self.docks.toggles,
            outlet_names=self._outlet_names,
            set_theme=self.set_theme,
        )
        self.update_existing, self.theme_actions = menus.update_existing, menus.theme_actions
        self.update_existing.toggled.connect(
            lambda on: setattr(self.imports, "update_existing", on)
        )
        from ui.team.menus import TeamMenus  # the team's entries: merge, coder, agreement
        from ui.team.operations import TeamOperations

        self.team = TeamMenus(self, TeamOperations(self.session), self.pane, self.sidebar)

    def _connect(self) -> None:
        s = self.session
        self.article_list.articleActivated.connect(s.open_article)
        self.article_list.deleteRequested.connect(
            lambda ids: ask_to_delete(self, self.session, ids)
        )
        self.article_list.editRequested.connect(
            lambda article_id: edit_details(self, self.session, article_id)
        )
        s.articleOpened.connect(self._article_opened)
        s.openFailed.connect(lambda reason: QMessageBox.warning(self, "Gloss", reason))
        self.article_list.filterChanged.connect(lambda _text: self._update_status())
        self.article_list.searchChanged.connect(lambda _query: self._update_status())
        self.sidebar.annotationActivated.connect(self.pane.scroll_to_annotation)
        self.review.annotationActivated.connect(self.pane.scroll_to_annotation)
        self.updates.statusMessage.connect(self._show_message)
        s.libraryChanged.connect(self._library_changed)
        s.currentColorChanged.connect(self._color_changed)
        self.pane.statusMessage.connect(self._show_message)
        s.writeFailed.connect(lambda reason: self._show_message(f"Not saved: {reason}"))
        s.writer.waitingChanged.connect(self._writes_waiting)
        self.imports.statusMessage.connect(self._show_message)
        self.exports.statusMessage.connect(self._show_message)
        self.welcome.addSamplesRequested.connect(self.add_samples)
        self.welcome.importRequested.connect(self.imports.import_files)

    # --- behaviour ----------------------------------------------------------------------
    def _article_opened(self, article_id: int) -> None:
        # After the views' own articleOpened slots (connected as they were built).
        self.centre.setCurrentWidget(self.reading_box)
        self.settings.set(keys.LAST_ARTICLE, article_id)

    def add_samples(self) -> None:
        self.imports.import_paths(sample_files(), report=False)

    def set_theme(self, theme: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            if self._default_palette is None:
                self._default_palette = app.palette()
            palette = application_palette(get_theme(theme), self._default_palette)
            app.setPalette(palette)
            text = palette.color(QPalette.ColorRole.ButtonText).name()
            recolor_icons(list(self.actions_by_name.values()), text)
        self.pane.set_theme(theme)
        for name, action in self.theme_actions.items():
            action.setChecked(name == theme)
        self.settings.set(keys.THEME, theme)

    def _toggle_code_margin(self) -> None:
        on = self.actions_by_name["code_margin"].isChecked()
        self.pane.marks.set_margin(on)
        self.settings.set(keys.CODE_MARGIN, int(on))

    def _delete_selected(self) -> None:
        annotation_id = self.sidebar.current_annotation_id()
        if annotation_id is not None:
            self.session.delete_annotation(annotation_id)

    def _outlet_names(self) -> OutletNamesDialog:
        dialog = OutletNamesDialog(self.session, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _color_changed(self, color: str) -> None:
        self.color_actions[color].setChecked(True)
        self.settings.set(keys.CURRENT_COLOR, color)

    def _library_changed(self) -> None:
        self._update_centre()
        self._update_status()
        if self.session.article_id is None:
            first = self.article_list.first_article_id()
            if first is not None:
                self.session.open_article(first)

    def _update_centre(self) -> None:
        if self.session.article_id is not None:
            self.centre.setCurrentWidget(self.reading_box)
        elif articles.count_articles() == 0:
            self.centre.setCurrentWidget(self.welcome)

    def _update_status(self) -> None:
        self.status_label.setText(self.article_list.status_text())

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # --- settings -----------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.get(keys.GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = self.settings.get(keys.WINDOW_STATE)
        if state is not None:
            self.restoreState(state)
        sizes = self.settings.get(keys.SPLITTER)
        if sizes is not None:
            self.splitter.restoreState(sizes)
        self.places.load_text(self.settings.get(keys.READING_PLACES))
        self.article_list.restore_sort_state(self.settings.get(keys.LIST_SORT))
        self.article_list.set_outlet_shown(bool(self.settings.get(keys.LIST_OUTLET)))
        font_size = self.settings.get(keys.FONT_SIZE)
        if font_size:
            self.pane.set_font_size(font_size)
        self.set_theme(self.settings.get(keys.THEME))
        margin = bool(self.settings.get(keys.CODE_MARGIN))
        self.actions_by_name["code_margin"].setChecked(margin)
        self.pane.marks.set_margin(margin)
        self.session.set_current_color(self.settings.get(keys.CURRENT_COLOR))

    def restore_last_article(self) -> None:
        """The article read last in this library, else (none yet, or deleted since) the
        list's first: a library filled elsewhere (the command line, a co-coder) must not
        open on the welcome panel's "Your library is empty"."""
        last = self.settings.get(keys.LAST_ARTICLE)
        QTimer.singleShot(0, lambda: self._open_last_or_first(last))

    def _open_last_or_first(self, article_id: int | None) -> None:
        if self.session.article_id is not None:  # (the user chose one meanwhile)
            return
        if not article_id or article_id not in articles.article_ids_present([article_id]):
            article_id = self.article_list.first_article_id()
        if article_id is not None:
            self.session.open_article(article_id)

    def save_settings(self) -> None:
        self.settings.set(keys.GEOMETRY, self.saveGeometry())
        self.settings.set(keys.WINDOW_STATE, self.saveState())
        self.settings.set(keys.SPLITTER, self.splitter.saveState())
        self.settings.set(keys.FONT_SIZE, self.pane.font_size())
        self.settings.set(keys.READING_PLACES, self.places.to_text())
        self.settings.set(keys.LIST_SORT, self.article_list.sort_state())
        self.settings.set(keys.LIST_OUTLET, int(self.article_list.outlet_shown()))
        self.settings.sync()

    def flush_edits(self) -> None:
        """Save text still being typed (a note, a tag description) before undo or close."""
        self.sidebar.flush()
        self.docks.codebook.flush()
        self.memo.save()

    def _writes_waiting(self, count: int) -> None:
        """Say that changes wait for another program's lock; close once they land if a quit
        is waiting for them."""
        if count:
            changes = f"{count} change{'s' if count > 1 else ''}"
            doing = "quit once saved" if self._quit_when_saved else "saved when it is free"
            self.waiting_label.setText(
                f"Waiting for the library (another program is writing to it): {changes} "
                f"to save, {doing}"
            )
            self.waiting_label.show()
        else:
            self.waiting_label.hide()
            self._show_message("All changes saved")
            if self._quit_when_saved:
                self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush_edits()  # a note still being typed is saved, not lost
        if self.session.writer.is_busy():  # never drop a queued edit: quit once they land
            self._quit_when_saved = True
            self._writes_waiting(self.session.writer.waiting)
            event.ignore()
            return
        self.save_settings()
        self.session.live.stop()
        stop_all_workers(5000)
        super().closeEvent(event)
