"""Charts: drawn from the counts, in the codebook's colours, with no label over another."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from models.charts import KINDS, build_chart, save_chart, tag_colors
from models.colors import NAMED_COLORS
from models.crosstab import Filters
from models.errors import LibraryError
from models.schema import database

# The same behaviour on SQLite and on a PostgreSQL server (tests/backends.py).
pytestmark = pytest.mark.both_backends

LONG_OUTLET = "The Very Long Name of a Regional Evening Newspaper and Its Weekend Edition"


@pytest.fixture
def coded(library: Path, add_article) -> Path:  # type: ignore[no-untyped-def]
    """Twenty-four outlets (some with long names), eleven months, nine tags."""
    from models.annotating import annotate_quote

    tags = [f"Frames/Frame number {n}" for n in range(6)] + ["Actors/EU", "Actors/UN", "Tone"]
    for i in range(24):
        source = LONG_OUTLET if i == 3 else f"Outlet {i}"
        article = add_article(
            f"alpha beta gamma delta epsilon zeta eta theta {i}",
            source=source,
            date=dt.date(2022, 1 + i % 11, 3),
        )
        annotate_quote(article, "alpha beta", 1, tags=[tags[i % 9], tags[(i + 4) % 9]])
        annotate_quote(article, "beta gamma", 1, tags=[tags[(i + 1) % 9]])
    database.execute_sql("UPDATE tag SET color = 'red' WHERE path LIKE 'Frames/%'")
    database.execute_sql("UPDATE tag SET color = 'blue' WHERE path = 'Tone'")
    return library


def text_boxes(figure):  # type: ignore[no-untyped-def]
    """Window extents of every visible tick label, legend text and title, by group."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    groups = []
    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            low, high = sorted(axis.get_view_interval())
            ticks = zip(axis.get_majorticklocs(), axis.get_ticklabels(), strict=True)
            # matplotlib skips ticks outside the view when drawing; so does this
            labels = [t for at, t in ticks if low <= at <= high and t.get_text()]
            groups.append([t.get_window_extent(renderer) for t in labels])
    legend_texts = [t for legend in figure.legends for t in legend.get_texts()]
    groups.append([t.get_window_extent(renderer) for t in legend_texts])
    return groups


@pytest.mark.parametrize("kind", KINDS)
def test_no_label_overlaps_another(coded: Path, kind: str) -> None:
    figure = build_chart(kind)
    groups = text_boxes(figure)
    assert any(len(group) > 3 for group in groups)
    for group in groups:
        for a, b in itertools.combinations(group, 2):
            assert not a.overlaps(b), (kind, a, b)
    # everything is inside the figure (constrained layout): nothing cut off at the edge
    page = figure.bbox
    for box in itertools.chain.from_iterable(groups):
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1
        assert page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1


def test_bars_stack_the_counts_per_outlet(coded: Path) -> None:
    figure = build_chart("tags-by-source", filters=Filters(level=1))
    axes = figure.axes[0]
    totals: dict[float, float] = {}
    for patch in axes.patches:
        y = round(patch.get_y() + patch.get_height() / 2)
        totals[y] = totals.get(y, 0) + patch.get_width()
    # every outlet has two annotations with three tags: three coded segments, cut to level 1
    # they can merge (two Frames tags on one annotation count once)
    assert len(totals) == 21  # twenty outlets and "Other outlets"
    assert all(1 <= total <= 3 for y, total in totals.items() if y < 20)
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert labels[-1] == "Other outlets"
    assert any("\n" in label for label in labels)  # the long name is wrapped


def test_colours_come_from_the_codebook_and_shade_apart(coded: Path) -> None:
    colors = tag_colors(["Frames/Frame number 0", "Frames/Frame number 1", "Tone", "Frames"])
    assert colors["Frames/Frame number 0"] == NAMED_COLORS["red"]
    assert colors["Tone"] == NAMED_COLORS["blue"]
    assert len(set(colors.values())) == 4  # the red ones are shades of red, not one colour


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_saves_each_format(coded: Path, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"chart.{suffix}"
    save_chart("tags-over-time", path)
    start = path.read_bytes()[:200]
    assert {"png": b"\x89PNG", "svg": b"<svg", "pdf": b"%PDF"}[suffix] in start or (
        suffix == "svg" and b"<svg" in path.read_bytes()[:2000]
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gloss-chart")] == []


def test_nothing_to_draw_is_an_error_and_writes_nothing(library: Path, tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    with pytest.raises(LibraryError, match="no coded passages to chart"):
        save_chart("tags-by-source", path)
    assert list(tmp_path.iterdir()) == [] or not path.exists()
