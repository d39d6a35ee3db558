"""Named highlight colours.

Mid-tone hues: painted at partial opacity they stay legible under dark text on light and sepia
paper and under light text on dark paper.
"""

from __future__ import annotations

NAMED_COLORS: dict[str, str] = {
    "yellow": "#f2c94c",
    "green": "#6fcf97",
    "blue": "#56a5ec",
    "pink": "#f28cb1",
    "purple": "#b08ce6",
    "orange": "#f2994a",
    "red": "#eb5757",
    "grey": "#a0a4ab",
}
DEFAULT_COLOR = "yellow"


def normalize_color(name: str) -> str:
    """Return the canonical colour name; accepts any case and 'gray'. Raises ValueError."""
    key = name.strip().lower()
    if key == "gray":
        key = "grey"
    if key not in NAMED_COLORS:
        raise ValueError(f"unknown colour '{name}' (choose one of {', '.join(NAMED_COLORS)})")
    return key


def color_hex(name: str) -> str:
    return NAMED_COLORS[normalize_color(name)]
