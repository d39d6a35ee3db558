"""Undoable edits of article variables (attributes), pushed by `Session.set_attributes`.

The Session writes first and pushes only what landed; the command keeps each article's
variables from before, so undo puts back exactly those (a value overwritten, a name cleared)
and redo makes the same change again. Both write through the session's writer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtGui import QUndoCommand

from models import attributes
from models.attributes import AttributeValue
from ui.session.commands import Write

Notify = Callable[[list[int]], None]  # the articles whose variables changed


class SetAttributes(QUndoCommand):
    """Set and clear variables on several articles as one step."""

    def __init__(
        self,
        before: Mapping[int, Mapping[str, object]],
        values: Mapping[str, AttributeValue],
        clear: Sequence[str],
        notify: Notify,
        write: Write,
        text: str,
    ) -> None:
        super().__init__(text)
        self._before = {i: dict(v) for i, v in before.items()}
        self._values, self._clear = dict(values), list(clear)
        self._notify, self._write = notify, write
        self._pushed = False

    def ids(self) -> list[int]:
        return list(self._before)

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # the push: the Session has written already
            self._notify(self.ids())
            return
        self._write(
            lambda: attributes.set_attributes(self.ids(), self._values, self._clear),
            lambda _before: self._notify(self.ids()),
        )

    def undo(self) -> None:
        self._write(
            lambda: attributes.restore_attributes(self._before),
            lambda _none: self._notify(self.ids()),
        )
