"""Charts of the tags for papers: stacked bars by outlet, lines per month, a co-occurrence map.

matplotlib is imported here only, when a chart is drawn (start-up never pays for it). A chart
is a bare `Figure` (no pyplot and its global state): the command line saves it, the window
puts it on a Qt canvas. Sized for a page (16 × 10 cm at 9 pt), constrained layout so nothing
is cut off; colours come from the codebook, shaded apart when tags share one.
"""

from __future__ import annotations

import colorsys
import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from models.colors import NAMED_COLORS, color_hex
from models.crosstab import NO_FILTERS, Crosstab, Filters, cooccurrence, crosstab
from models.errors import LibraryError
from models.schema import database

if TYPE_CHECKING:
    from matplotlib.figure import Figure

KINDS = ("tags-by-source", "tags-over-time", "cooccurrence")
FORMATS = ("png", "svg", "pdf")
PAPER_SIZE = (6.3, 4.0)  # inches: a text-width figure
FONT_SIZE = 9
MAX_SERIES = 12  # more tags than this and the rest become "Other tags"
MAX_BARS = 20  # outlets beyond the biggest twenty become "Other outlets"
MAX_HEAT = 30  # tags on a co-occurrence map
OTHER_TAGS, OTHER_OUTLETS = "Other tags", "Other outlets"
_WRAP = 28  # characters per label line
_LINE_STYLES = ("-", "--", ":", "-.")


def build_chart(kind: str, count: str = "annotations", filters: Filters = NO_FILTERS) -> Figure:
    """The chart as a matplotlib Figure; LibraryError when there is nothing to draw."""
    if kind not in KINDS:
        raise LibraryError(f"no chart named '{kind}' (known: {', '.join(KINDS)})")
    from matplotlib.figure import Figure

    figure = Figure(figsize=PAPER_SIZE, layout="constrained")
    with _style():
        if kind == "cooccurrence":
            _heat_map(figure, filters)
        elif kind == "tags-by-source":
            _bars(figure, crosstab("source", count, filters), count)
        else:
            _lines(figure, crosstab("month", count, filters), count)
    return figure


def save_chart(
    kind: str, path: Path, count: str = "annotations", filters: Filters = NO_FILTERS
) -> None:
    """Draw the chart into `path` (PNG at 300 dpi, SVG or PDF by its suffix), atomically:
    a failure leaves no half-written file."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise LibraryError(f"{path}: a chart is saved as .png, .svg or .pdf")
    figure = build_chart(kind, count, filters)
    save_figure(figure, path)


def save_figure(figure: Figure, path: Path) -> None:
    suffix = path.suffix.lower().lstrip(".")
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=".gloss-chart-", suffix=f".{suffix}", dir=folder)
    os.close(handle)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(temporary, 0o666 & ~umask)  # as a plain open() would: mkstemp makes it 0600
        figure.savefig(temporary, format=suffix, dpi=300, metadata=_metadata(suffix))
        os.replace(temporary, path)
    except OSError as exc:
        raise LibraryError(f"{path}: could not write the chart ({exc.strerror or exc})") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _metadata(suffix: str) -> dict[str, object]:
    # No creation date in SVG/PDF: the same library draws the same file.
    return {"Date": None} if suffix in ("svg", "pdf") else {}


def _style() -> AbstractContextManager[None]:
    from matplotlib import rc_context

    return rc_context(
        {
            "font.size": FONT_SIZE,
            "axes.titlesize": FONT_SIZE + 1,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "svg.hashsalt": "gloss",
        }
    )


def _nothing() -> LibraryError:
    return LibraryError("no coded passages to chart (code some passages, or widen the filters)")


def _wrap(label: str) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label, _WRAP, break_long_words=True)) or "—"


def tag_colors(labels: Sequence[str]) -> dict[str, str]:
    """A colour per row label from the codebook (a cut label takes its first tag's colour);
    labels sharing a colour get lighter and darker shades of it, so stacks stay apart."""
    paths = database.execute_sql("SELECT path, color FROM tag ORDER BY path").fetchall()
    colors: dict[str, str] = {}
    uses: dict[str, int] = {}
    for label in labels:
        name = next((c for p, c in paths if p == label or p.startswith(label + "/")), "grey")
        base = color_hex(name) if name in NAMED_COLORS else NAMED_COLORS["grey"]
        if label in (OTHER_TAGS, OTHER_OUTLETS):
            base = "#d9d9d9"
        nth = uses.get(base, 0)
        uses[base] = nth + 1
        colors[label] = _shade(base, nth)
    return colors


def _shade(hex_color: str, nth: int) -> str:
    """The nth use of a colour: the colour itself, then alternately darker and lighter."""
    if nth == 0:
        return hex_color
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    step = 0.13 * ((nth + 1) // 2)
    lightness = max(0.12, min(0.9, lightness + (step if nth % 2 == 0 else -step)))
    r, g, b = colorsys.hls_to_rgb(h, lightness, s)
    return "#" + "".join(f"{round(v * 255):02x}" for v in (r, g, b))


def _top_rows(table: Crosstab) -> tuple[list[str], list[list[int]]]:
    """The MAX_SERIES biggest tags, the rest summed as 'Other tags'."""
    order = sorted(range(len(table.rows)), key=lambda i: -sum(table.cells[i]))
    keep, rest = order[:MAX_SERIES], order[MAX_SERIES:]
    rows = [table.rows[i] for i in sorted(keep)]
    cells = [table.cells[i] for i in sorted(keep)]
    if rest:
        rows.append(OTHER_TAGS)
        cells.append([sum(table.cells[i][j] for i in rest) for j in range(len(table.cols))])
    return rows, cells


def _bars(figure: Figure, table: Crosstab, count: str) -> None:
    if not table.rows:
        raise _nothing()
    totals = [sum(line[j] for line in table.cells) for j in range(len(table.cols))]
    order = sorted(range(len(table.cols)), key=lambda j: -totals[j])
    shown, rest = order[:MAX_BARS], order[MAX_BARS:]
    outlets = [str(table.cols[j]) if table.cols[j] else "(no outlet)" for j in shown]
    rows, cells = _top_rows(table)
    columns = [[line[j] for j in shown] for line in cells]
    if rest:
        outlets.append(OTHER_OUTLETS)
        for line, full in zip(columns, cells, strict=True):
            line.append(sum(full[j] for j in rest))
    colors = tag_colors(rows)
    axes = figure.add_subplot()
    positions = list(range(len(outlets)))
    left = [0] * len(outlets)
    for row, line in zip(rows, columns, strict=True):
        axes.barh(positions, line, left=left, label=_wrap(row), color=colors[row], height=0.7)
        left = [a + b for a, b in zip(left, line, strict=True)]
    axes.set_yticks(positions, [_wrap(o) for o in outlets])
    axes.invert_yaxis()  # the biggest outlet on top
    axes.set_xlabel(_count_label(count))
    axes.set_title("Tags by outlet")
    axes.legend()
    _legend_outside(figure, axes)


def _legend_outside(figure: Figure, axes) -> None:  # type: ignore[no-untyped-def]
    """Move the axes' legend to the figure's right, where constrained layout makes room."""
    legend = axes.get_legend()
    if legend is None:
        return
    handles, labels = axes.get_legend_handles_labels()
    legend.remove()
    figure.legend(handles, labels, loc="outside right upper", fontsize=FONT_SIZE - 1)


def _lines(figure: Figure, table: Crosstab, count: str) -> None:
    months = [c for c in table.cols if c]
    if not table.rows or not months:
        raise (
            _nothing()
            if not table.rows
            else LibraryError("no dated coded passages to chart over time")
        )
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    every = _month_range(str(months[0]), str(months[-1]))
    at = {str(c): j for j, c in enumerate(table.cols) if c}
    rows, cells = _top_rows(table)
    colors = tag_colors(rows)
    axes = figure.add_subplot()
    x = [dt.date(int(m[:4]), int(m[5:7]), 1) for m in every]
    for n, (row, line) in enumerate(zip(rows, cells, strict=True)):
        y = [line[at[m]] if m in at else 0 for m in every]
        axes.plot(
            x,  # type: ignore[arg-type]
            y,
            label=_wrap(row),
            color=colors[row],
            linewidth=1.6,
            linestyle=_LINE_STYLES[n % len(_LINE_STYLES)],  # apart in grey print too
            marker="o",
            markersize=3 if len(x) < 40 else 0,
        )
    locator = AutoDateLocator(minticks=3, maxticks=9)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.set_ylim(bottom=0)
    axes.set_ylabel(_count_label(count) + " per month")
    axes.set_title("Tags over time")
    axes.legend()
    _legend_outside(figure, axes)


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _heat_map(figure: Figure, filters: Filters) -> None:
    table = cooccurrence(filters)
    if not table.tags:
        raise _nothing()
    order = sorted(range(len(table.tags)), key=lambda i: -table.cells[i][i])[:MAX_HEAT]
    order.sort()
    tags = [table.tags[i] for i in order]
    cells = [[table.cells[i][j] for j in order] for i in order]
    axes = figure.add_subplot()
    # The diagonal (a tag's own count) would drown the pairs: shade pairs only.
    pairs = [[0 if i == j else n for j, n in enumerate(line)] for i, line in enumerate(cells)]
    image = axes.imshow(pairs, cmap="Blues", vmin=0, aspect="auto")
    labels = [_wrap(t) for t in tags]
    axes.set_xticks(range(len(tags)), labels, rotation=90)
    axes.set_yticks(range(len(tags)), labels)
    axes.spines[:].set_visible(False)
    if len(tags) <= 15:
        top = max((n for line in pairs for n in line), default=0) or 1
        for i, line in enumerate(cells):
            for j, n in enumerate(line):
                shade = "white" if i != j and n > top * 0.6 else "black"
                axes.text(
                    j,
                    i,
                    str(n),
                    ha="center",
                    va="center",
                    color=shade,
                    fontsize=FONT_SIZE - 1,
                    fontweight="bold" if i == j else "normal",
                )
    figure.colorbar(image, ax=axes, label="overlapping passages", shrink=0.8)
    axes.set_title("Co-occurring tags (diagonal: passages with the tag)")


def _count_label(count: str) -> str:
    return "Coded passages" if count == "annotations" else "Articles"
