"""Theme colours: text stays readable on highlights (WCAG AA), the highlight colours stay apart,
and the selection never passes for a highlight or a find match."""

from __future__ import annotations

from itertools import combinations

import pytest
from coloraide import Color
from PySide6.QtGui import QColor, QPalette

from models.colors import NAMED_COLORS
from ui.common.theme import THEMES, application_palette, highlight_color, mix


def _distance(a: QColor, b: QColor) -> float:
    return sum((x - y) ** 2 for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True)) ** 0.5


def _luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in color.getRgb()[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_selection_is_unlike_every_highlight_and_the_find_tint(name: str) -> None:
    theme = THEMES[name]
    selection = QColor(theme.selection)
    for color in NAMED_COLORS:
        assert _distance(selection, highlight_color(theme, [color])) > 40, color
    find = mix(QColor(theme.paper), QColor(theme.ink), 0.1)
    assert _distance(selection, find) > 40
    assert contrast(selection, QColor(theme.selection_ink)) >= 4.5


@pytest.mark.parametrize("name", ["sepia", "dark"])  # light keeps the platform's palette
def test_selected_list_rows_are_readable(name: str) -> None:
    palette = application_palette(THEMES[name], QPalette())
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        highlight = palette.color(group, QPalette.ColorRole.Highlight)
        text = palette.color(group, QPalette.ColorRole.HighlightedText)
        assert contrast(highlight, text) >= 4.5, group


@pytest.mark.parametrize("name", ["sepia", "dark"])
def test_disabled_boxes_keep_the_theme_base(name: str) -> None:
    palette = application_palette(THEMES[name], QPalette())
    base = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
    assert palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base) == base
    muted = QColor(THEMES[name].muted)
    assert palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text) == muted


# CIEDE2000 distances that keep colours apart at a glance behind text (about 2.3 is "just
# noticeable"; the first palette had pairs near 9: dark yellow and orange, light pink and red).
MIN_APART = 13.0  # any two of the eight highlight colours
MIN_FROM_SELECTION = 15.0  # a highlight never passes for the selection
MIN_FROM_PAPER = 12.0  # no highlight fades into the paper (sepia yellow did)


def _lab_distance(a: QColor, b: QColor) -> float:
    return Color(a.name()).delta_e(Color(b.name()), method="2000")


@pytest.mark.parametrize("name", sorted(THEMES))
def test_body_text_keeps_wcag_aa_on_every_highlight_and_overlap(name: str) -> None:
    theme = THEMES[name]
    ink = QColor(theme.ink)
    for color in NAMED_COLORS:
        ratio = contrast(ink, highlight_color(theme, [color]))
        assert ratio >= 4.5, (color, round(ratio, 2))
        # the formula above agrees with a library's WCAG 2.1 contrast
        library = Color(theme.ink).contrast(highlight_color(theme, [color]).name(), "wcag21")
        assert abs(library - ratio) < 0.01
    for pair in combinations(NAMED_COLORS, 2):
        ratio = contrast(ink, highlight_color(theme, list(pair)))
        assert ratio >= 4.5, (pair, round(ratio, 2))


@pytest.mark.parametrize("name", sorted(THEMES))
def test_the_eight_colours_stay_apart_and_away_from_selection_and_paper(name: str) -> None:
    theme = THEMES[name]
    painted = {color: highlight_color(theme, [color]) for color in NAMED_COLORS}
    for a, b in combinations(painted, 2):
        assert _lab_distance(painted[a], painted[b]) >= MIN_APART, (a, b)
    selection, paper = QColor(theme.selection), QColor(theme.paper)
    for color, value in painted.items():
        assert _lab_distance(value, selection) >= MIN_FROM_SELECTION, color
        assert _lab_distance(value, paper) >= MIN_FROM_PAPER, color
