"""The codebook panel's edits and files, each one undoable through the session's stack.

Kept apart from the widget code in `panel.py`; `CodebookPanel` mixes this in. A refused edit
(a clash, a bad name) says why in the panel's message line and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from models import codebook as cb
from models import codebook_io
from models.codebook import TagNode, TagRef
from models.codebook_io import ImportReport
from models.errors import LibraryError
from models.tags import normalize_tag_path
from ui.codebook.form import TagForm
from ui.codebook.model import TagTreeModel
from ui.common import file_dialogs, folders
from ui.session.session import Session

AskText = Callable[[QWidget, str, str, str], str | None]  # parent, title, label, default
ChooseTarget = Callable[[QWidget, str, list[str]], str | None]  # parent, source, candidates
FILE_FILTER = "Codebook (*.csv *.qdc);;CSV codebook (*.csv);;REFI-QDA codebook (*.qdc)"


def ask_text(parent: QWidget, title: str, label: str, default: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, text=default)
    return text if ok else None


def choose_target(parent: QWidget, source: str, candidates: list[str]) -> str | None:
    item, ok = QInputDialog.getItem(
        parent, "Merge tag", f"Merge “{source}” into:", candidates, 0, False
    )
    return item if ok else None


# Mixed into the panel, a QWidget: the dialogs take it as their parent.
if TYPE_CHECKING:
    _Widget = QWidget
else:
    _Widget = object


class CodebookEdits(_Widget):
    """What the panel does to the codebook; the panel provides these attributes."""

    session: Session
    model: TagTreeModel
    form: TagForm
    ask_text: AskText
    choose_target: ChooseTarget

    def refresh(self) -> None:
        raise NotImplementedError

    def current_node(self) -> TagNode | None:
        raise NotImplementedError

    def selected_nodes(self) -> list[TagNode]:
        raise NotImplementedError

    def select_path(self, path: str) -> bool:
        raise NotImplementedError

    def _say(self, text: str) -> None:
        raise NotImplementedError

    # --- edits --------------------------------------------------------------------------
    # Each is made through the session's writer: at once, or queued while another program
    # holds the library; what follows it (select the tag, say what was done) runs once made.
    def new_tag(self, path: str | None = None) -> bool:
        if path is None:
            current = self.current_node()
            default = current.path + "/" if current is not None else ""
            path = self.ask_text(self, "New tag", "Tag (use / to nest):", default)
            if path is None:
                return False
        made = path

        def created() -> None:
            self.select_path(normalize_tag_path(made))
            self._say(f"Created {normalize_tag_path(made)}.")

        return self._run(f"New tag {path.strip()}", lambda: cb.create_tag(made), created)

    def rename(self, node: TagNode | str, new_path: str) -> bool:
        """Rename (or, with a different parent in the path, move) a tag and its subtags."""
        tag = self._node(node)
        if tag is None:
            return False

        def renamed() -> None:
            self.select_path(normalize_tag_path(new_path))
            self._say(f"Renamed {tag.path} to {normalize_tag_path(new_path)}.")

        edit = lambda: cb.rename_tag(_ref(tag), new_path, tag)  # noqa: E731
        return self._run(f"Rename {tag.path}", edit, renamed)

    def move_tags(self, paths: list[str], new_parent: str | None) -> bool:
        """Drag and drop: each tag (with its subtags) goes under new_parent, or to the top.
        One drop is one undo step; a tag that cannot go there stays where it was."""
        nodes = [n for n in map(self._node, paths) if n is not None]
        if not nodes:
            return False
        if len(nodes) == 1:
            moved = lambda: self._moved(nodes, new_parent, [])  # noqa: E731
            return self._run(f"Move {nodes[0].path}", self._reparent(nodes[0], new_parent), moved)
        made: list[bool] = []

        def landed(outcomes: list[str | None]) -> None:
            moved = [n for n, why in zip(nodes, outcomes, strict=True) if why is None]
            refused = [why for why in outcomes if why is not None]
            made.append(bool(moved))
            if moved:
                self._moved(moved, new_parent, refused)
            else:
                self._say(" ".join(refused))
                self.refresh()

        edits = [self._reparent(n, new_parent) for n in nodes]
        return self._run_many("Move tags", edits, landed) and made != [False]

    def _moved(self, moved: list[TagNode], new_parent: str | None, refused: list[str]) -> None:
        where = f"under {new_parent}" if new_parent else "to the top level"
        names = ", ".join(n.name for n in moved)
        self._say(" ".join([f"Moved {names} {where}.", *refused]))
        last = moved[-1]
        self.select_path(f"{new_parent}/{last.name}" if new_parent else last.name)

    def merge(self, source: TagNode | str, target: TagNode | str) -> bool:
        src, dst = self._node(source), self._node(target)
        if src is None or dst is None:
            return False

        def merged() -> None:
            self.select_path(dst.path)
            self._say(f"Merged {src.path} into {dst.path}.")

        edit = lambda: cb.merge_tags(_ref(src), _ref(dst), (src, dst))  # noqa: E731
        return self._run(f"Merge {src.path} into {dst.path}", edit, merged)

    def merge_selected(self) -> bool:
        """Merge the current tag into one the user picks (the other selected tag first)."""
        source = self.current_node()
        if source is None:
            return False
        others = [n.path for n in self.selected_nodes() if n.key != source.key]
        rest = [n.path for n in self.model.nodes() if n.key != source.key and n.path not in others]
        target = self.choose_target(self, source.path, others + rest)
        return target is not None and self.merge(source, target)

    def delete(self, node: TagNode | str) -> bool:
        """Ask (showing what would be lost), then delete the tag and its subtags."""
        tag = self._node(node)
        if tag is None:
            return False
        try:
            affected = cb.count_affected(_ref(tag))
        except LibraryError as exc:
            self._say(str(exc))
            return False
        subtags = affected.tags - (1 if tag.id is not None else 0)
        lines = [f"Delete the tag “{tag.path}”"]
        if subtags:
            lines[0] += f" and its {_count(subtags, 'subtag')}"
        lines[0] += "?"
        lines.append(
            f"{_count(affected.annotations, 'annotation')} in "
            f"{_count(affected.articles, 'article')} will lose it; the annotations stay."
        )
        if affected.article_tags:
            tagged = _count(affected.article_tags, "article")
            lines.append(f"{tagged} tagged with it as a whole will lose the tag.")
        lines.append("You can undo this with Ctrl+Z.")
        answer = QMessageBox.question(
            self,
            "Delete tag",
            "\n\n".join(lines),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        edit = lambda: cb.delete_tag(_ref(tag), with_children=True, seen=tag)  # noqa: E731
        return self._run(f"Delete {tag.path}", edit, lambda: self._say(f"Deleted {tag.path}."))

    def delete_selected(self) -> bool:
        current = self.current_node()
        return current is not None and self.delete(current)

    def set_color(self, color: str) -> bool:
        tag = self.form.node
        if tag is None:
            return False
        return self._run(f"Colour of {tag.path}", lambda: cb.set_tag_color(_ref(tag), color, tag))

    def _description_edited(self, text: str) -> None:
        tag = self.form.node
        if tag is not None:
            key = ("description", tag.key, self.form.edit_session)
            edit = lambda: cb.set_tag_description(_ref(tag), text, tag)  # noqa: E731
            self._run(f"Description of {tag.path}", edit, merge_key=key)

    # --- files --------------------------------------------------------------------------
    def export_to(self, path: Path | str) -> int | None:
        path = Path(path)
        try:
            if path.suffix.lower() == ".qdc":
                count = codebook_io.export_codebook_qdc(path)
            else:
                count = codebook_io.export_codebook_csv(path)
        except OSError as exc:
            self._say(f"Could not write {path}: {exc.strerror or exc}")
            return None
        except LibraryError as exc:  # an empty codebook as .qdc
            self._say(f"Could not write {path.name}: {exc}")
            return None
        self._say(f"Exported {count} tags to {path.name}.")
        return count

    def import_from(self, path: Path | str) -> ImportReport | None:
        path = Path(path)
        read = (
            codebook_io.import_codebook_qdc
            if path.suffix.lower() == ".qdc"
            else codebook_io.import_codebook_csv
        )
        reports: list[ImportReport] = []

        def edit() -> cb.Snapshot:
            reports.append(read(path))
            return reports[-1].snapshot

        def imported() -> None:
            report = reports[-1]
            shown = report.problems[:5]
            more = len(report.problems) - len(shown)
            lines = [report.summary(), *shown] + ([f"… and {more} more"] if more else [])
            self._say("\n".join(lines))

        self._run(f"Import codebook {path.name}", edit, imported)
        return reports[-1] if reports else None  # None: refused, or queued

    def import_codebook(self) -> None:
        path = file_dialogs.open_file_name(
            self, "Import codebook", folders.last_folder(), FILE_FILTER
        )
        if path:
            folders.remember(path)
            self.import_from(path)

    def export_codebook(self) -> None:
        path, chosen = file_dialogs.save_file_name(
            self, "Export codebook", folders.last_folder(), FILE_FILTER
        )
        if path:
            folders.remember(path)
            if not Path(path).suffix:
                path += ".qdc" if "qdc" in chosen and "csv" not in chosen else ".csv"
            self.export_to(path)

    # --- internals ----------------------------------------------------------------------
    def _run(
        self,
        text: str,
        edit: Callable[[], cb.Snapshot],
        then: Callable[[], object] | None = None,
        merge_key: object = None,
    ) -> bool:
        """True when made, or queued behind another program (`then` runs once made); False
        when refused, said in the message line."""
        return self._attempt(text, lambda: self.session.edit_codebook(text, edit, merge_key, then))

    def _run_many(
        self,
        text: str,
        edits: list[Callable[[], cb.Snapshot]],
        then: Callable[[list[str | None]], object],
    ) -> bool:
        return self._attempt(text, lambda: self.session.edit_codebook_many(text, edits, then))

    def _attempt(self, text: str, submit: Callable[[], bool]) -> bool:
        try:
            if not submit():
                self._say(f"{text}: saved once another program stops writing to the library.")
        except LibraryError as exc:
            self._say(str(exc))
            self.refresh()  # a refused rename typed in place shows the old name again
            return False
        return True

    def _reparent(self, node: TagNode, new_parent: str | None) -> Callable[[], cb.Snapshot]:
        return lambda: cb.reparent_tag(_ref(node), new_parent, node)

    def _node(self, node: TagNode | str) -> TagNode | None:
        path = node if isinstance(node, str) else node.path
        found = self.model.node(self.model.index_of(path))
        if found is None and isinstance(node, TagNode) and node.id is not None:
            found = self.model.node(self.model.index_of_id(node.id))
        if found is None:
            self._say(f"There is no tag {path}.")
        return found


def _ref(node: TagNode) -> TagRef:
    return node.id if node.id is not None else node.path


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
