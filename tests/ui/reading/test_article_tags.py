"""The article tags bar: chips, the picker, include/exclude screening, undo; checked in the DB."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt

from models import article_tags as at
from models import codebook as cb
from ui.reading.article_tags import ArticleTagsBar
from ui.session.session import Session

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends


@dataclass
class FakePicker:
    answer: list[str] | None = None
    calls: list[list[str]] = field(default_factory=list)

    def __call__(self, _parent: object, initial: list[str]) -> list[str] | None:
        self.calls.append(list(initial))
        return self.answer


@dataclass
class Env:
    session: Session
    bar: ArticleTagsBar
    picker: FakePicker
    one: int
    two: int
    changes: list[str] = field(default_factory=list)

    def click(self, qtbot, widget) -> None:  # type: ignore[no-untyped-def]
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def env(library, add_article, qtbot):
    one = add_article("First article.", title="One")
    two = add_article("Second article.", title="Two")
    at.tag_article(two, "Topic/Energy")
    session = Session()
    picker = FakePicker()
    bar = ArticleTagsBar(session, tag_picker=picker)
    qtbot.addWidget(bar)
    bar.show()
    e = Env(session, bar, picker, one, two)
    session.tagsChanged.connect(lambda: e.changes.append("tags"))
    return e


def test_follows_the_open_article(env: Env) -> None:
    assert not env.bar.add_button.isEnabled()  # no article yet
    env.session.open_article(env.two)
    assert env.bar.chips.texts() == ["Topic/Energy"] and env.bar.add_button.isEnabled()
    env.session.open_article(env.one)
    assert env.bar.chips.texts() == []


def test_add_with_the_picker_remove_with_the_cross_and_undo(env: Env, qtbot) -> None:
    env.session.open_article(env.two)
    env.picker.answer = ["Topic/Energy", "Genre/Opinion"]
    env.click(qtbot, env.bar.add_button)
    assert env.picker.calls == [["Topic/Energy"]]
    assert at.article_tags(env.two) == ["Genre/Opinion", "Topic/Energy"]
    assert env.bar.chips.texts() == ["Genre/Opinion", "Topic/Energy"]
    assert env.changes == ["tags"]
    chip = env.bar.chips.chip("Topic/Energy")
    env.click(qtbot, chip.remove_button)
    assert at.article_tags(env.two) == ["Genre/Opinion"]
    stack = env.session.undo_stack
    assert stack.count() == 2
    stack.undo()
    assert at.article_tags(env.two) == ["Genre/Opinion", "Topic/Energy"]
    assert env.bar.chips.texts() == ["Genre/Opinion", "Topic/Energy"]
    stack.undo()
    assert at.article_tags(env.two) == ["Topic/Energy"]
    stack.redo()
    assert at.article_tags(env.two) == ["Genre/Opinion", "Topic/Energy"]
    env.picker.answer = None  # cancelled: nothing changes
    env.click(qtbot, env.bar.add_button)
    assert stack.count() == 2 and stack.index() == 1


def test_include_and_exclude_are_exclusive_toggles(env: Env, qtbot) -> None:
    env.session.open_article(env.one)
    include, exclude = env.bar.include_button, env.bar.exclude_button
    env.click(qtbot, include)
    assert at.article_tags(env.one) == ["screening/include"] and include.isChecked()
    assert env.bar.chips.texts() == []  # the toggle shows it
    env.click(qtbot, exclude)
    assert at.article_tags(env.one) == ["screening/exclude"]
    assert exclude.isChecked() and not include.isChecked()
    env.click(qtbot, exclude)  # again: clears the decision
    assert at.article_tags(env.one) == [] and not exclude.isChecked()
    stack = env.session.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == [
        "Screening: Include",
        "Screening: Exclude",
        "Screening: Clear screening",
    ]
    stack.undo()
    assert at.article_tags(env.one) == ["screening/exclude"] and exclude.isChecked()
    stack.undo()
    assert at.article_tags(env.one) == ["screening/include"] and include.isChecked()
    assert at.article_ids_with_tag("screening") == [env.one]


def test_chips_follow_a_rename_in_the_codebook(env: Env) -> None:
    env.session.open_article(env.two)
    cb.rename_tag("Topic", "Theme")
    env.session.tagsChanged.emit()  # as the codebook's commands do
    assert env.bar.chips.texts() == ["Theme/Energy"]
