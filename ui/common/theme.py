"""Reading themes: paper, ink and accent colours, and the highlight colours painted on each.

Highlights are opaque colours chosen per theme (rather than one colour painted translucent) so
the result is the same on every platform and tests can check it: body text keeps WCAG AA
contrast (at least 4.5:1) on every highlight and on any two overlapping, and the eight colours,
the paper and the selection stay apart by a CIEDE2000 distance of at least 12
(tests/ui/common/test_theme.py). Each stays near its named hue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from models.colors import DEFAULT_COLOR, NAMED_COLORS


@dataclass(frozen=True)
class Theme:
    name: str
    paper: str
    ink: str
    muted: str
    link: str
    selection: str
    highlight_alpha: float  # share of the highlight colour mixed into the paper
    overlap_alpha: float  # the same where several highlights overlap (a darker tone)
    toolbar: str  # background of the floating selection toolbar
    dark: bool = False
    selection_text: str = ""  # text colour on the selection ("" for the ink)

    @property
    def selection_ink(self) -> str:
        return self.selection_text or self.ink


# Selections are a muted grey-violet (a grey-tan on sepia) unlike every highlight colour (and
# the find tint), so a selection never passes for a blue or grey highlight.
THEMES: dict[str, Theme] = {
    "light": Theme(
        "light", "#fdfdfb", "#1d1d1f", "#6e6e73", "#1a5fb4", "#94889d", 0.45, 0.7, "#ffffff"
    ),
    "sepia": Theme(
        "sepia", "#f4ecd8", "#3b2f20", "#7a6a55", "#8a4b0f", "#bd9b7d", 0.45, 0.7, "#fbf4e4"
    ),
    "dark": Theme(
        "dark",
        "#1e1f22",
        "#dcdcdc",
        "#9a9aa0",
        "#8ab4f8",
        "#7a688c",
        0.38,
        0.58,
        "#2b2d31",
        True,
        "#ffffff",
    ),
}
# The highlight colours as painted on each theme's paper (found by a search in OKLCH near each
# named hue for the widest smallest CIEDE2000 distance at AA contrast). Dark paper takes deep
# tones under light text: there yellow is an olive and orange a rust, far apart.
PAINTED: dict[str, dict[str, str]] = {
    "light": {
        "yellow": "#f3e08c",
        "green": "#7dd089",
        "blue": "#5dade5",
        "pink": "#f8cada",
        "purple": "#c7baff",
        "orange": "#ef9546",
        "red": "#f7838c",
        "grey": "#c4c7ca",
    },
    "sepia": {
        "yellow": "#ecd878",
        "green": "#90ce77",
        "blue": "#adcce1",
        "pink": "#e098a7",
        "purple": "#d5c1de",
        "orange": "#e59c01",
        "red": "#f9876f",
        "grey": "#b9b9b7",
    },
    "dark": {
        "yellow": "#635a24",
        "green": "#3d624e",
        "blue": "#034e7d",
        "pink": "#9f1363",
        "purple": "#392361",
        "orange": "#673003",
        "red": "#4f2028",
        "grey": "#444444",
    },
}
DEFAULT_THEME = "light"


def get_theme(name: str) -> Theme:
    """The named theme; an unknown name (an old setting, say) falls back to the default."""
    return THEMES.get(name, THEMES[DEFAULT_THEME])


def mix(base: QColor, top: QColor, share: float) -> QColor:
    """`share` of `top` over `base`, as an opaque colour."""
    keep = 1.0 - share
    return QColor(
        round(base.red() * keep + top.red() * share),
        round(base.green() * keep + top.green() * share),
        round(base.blue() * keep + top.blue() * share),
    )


def color_value(name: str) -> QColor:
    return QColor(NAMED_COLORS.get(name, NAMED_COLORS[DEFAULT_COLOR]))


def painted_color(theme: Theme, name: str) -> QColor:
    """One highlight colour as painted on the theme's paper."""
    painted = PAINTED.get(theme.name)
    if painted is None or name not in painted:  # a theme without its own: mix into the paper
        return mix(QColor(theme.paper), color_value(name), theme.highlight_alpha)
    return QColor(painted[name])


def highlight_color(theme: Theme, names: Sequence[str]) -> QColor:
    """Background for text covered by these highlight colours: one colour, or the average of
    several (an overlap, which an underline also marks)."""
    colors = [painted_color(theme, n) for n in names or [DEFAULT_COLOR]]
    count = len(colors)
    return QColor(
        round(sum(c.red() for c in colors) / count),
        round(sum(c.green() for c in colors) / count),
        round(sum(c.blue() for c in colors) / count),
    )


def overlap_underline(theme: Theme, names: Sequence[str]) -> QColor:
    """The line under overlapping highlights: their average, strong enough to see."""
    base = highlight_color(theme, names)
    return base.lighter(160) if theme.dark else base.darker(170)


def flash_color(theme: Theme, name: str) -> QColor:
    return mix(QColor(theme.paper), color_value(name), 0.9)


def pane_palette(theme: Theme, palette: QPalette) -> QPalette:
    """The pane's palette: paper as the base, ink as the text, the theme's selection."""
    result = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        result.setColor(group, QPalette.ColorRole.Base, QColor(theme.paper))
        result.setColor(group, QPalette.ColorRole.Text, QColor(theme.ink))
        result.setColor(group, QPalette.ColorRole.Highlight, QColor(theme.selection))
        result.setColor(group, QPalette.ColorRole.HighlightedText, QColor(theme.selection_ink))
        result.setColor(group, QPalette.ColorRole.Link, QColor(theme.link))
    return result


def pane_stylesheet(theme: Theme) -> str:
    """Also as a style sheet, so an application-wide style sheet cannot repaint the paper."""
    return (
        f"QTextEdit#readingPane {{ background: {theme.paper}; color: {theme.ink};"
        f" selection-background-color: {theme.selection}; selection-color: {theme.selection_ink};"
        " border: none; }"
    )


def toolbar_stylesheet(theme: Theme) -> str:
    edge = "rgba(255,255,255,0.18)" if theme.dark else "rgba(0,0,0,0.18)"
    return (
        f"#selectionToolbar {{ background: {theme.toolbar}; border: 1px solid {edge};"
        " border-radius: 8px; }"
        " #selectionToolbar QToolButton { border: none; border-radius: 4px;"
        f" color: {theme.ink}; }}"
        f" #selectionToolbar QToolButton:hover {{ background: {edge}; }}"
    )


# Window chrome around the pane: (window, base, alternate base, text, button, mid) per theme.
_CHROME = {
    "sepia": ("#ebe1c9", "#f6efdd", "#efe6cf", "#3b2f20", "#e6dbc1", "#c9b995"),
    "dark": ("#27282c", "#202124", "#2a2b2f", "#e3e3e3", "#303136", "#4a4b50"),
}


def application_palette(theme: Theme, default: QPalette) -> QPalette:
    """The whole window follows the theme, so a dark pane does not sit in a white frame."""
    chrome = _CHROME.get(theme.name)
    if chrome is None:
        return QPalette(default)
    window, base, alternate, text, button, mid = (QColor(c) for c in chrome)
    result = QPalette(default)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alternate,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(theme.muted),
        QPalette.ColorRole.Mid: mid,
        QPalette.ColorRole.Midlight: button,
        QPalette.ColorRole.Dark: mid.darker(130),
        QPalette.ColorRole.Light: button.lighter(115),
        # Dark text on a light tan (sepia): white on tan is too faint to read.
        QPalette.ColorRole.Highlight: QColor(theme.selection if theme.dark else "#dcc69c"),
        QPalette.ColorRole.HighlightedText: QColor(theme.selection_ink),
        QPalette.ColorRole.Link: QColor(theme.link),
    }
    # Disabled too: an empty (disabled) note box would otherwise keep the default grey base.
    for role, color in roles.items():
        for group in (
            QPalette.ColorGroup.Active,
            QPalette.ColorGroup.Inactive,
            QPalette.ColorGroup.Disabled,
        ):
            result.setColor(group, role, color)
    disabled = QColor(theme.muted)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        result.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return result
