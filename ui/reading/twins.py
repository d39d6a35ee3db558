"""The highlights already on a selected span: H, T and N use them rather than make a twin."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from models.annotating import AnnotationRecord


def identical(records: Iterable[AnnotationRecord], start: int, end: int, color: str) -> int | None:
    """The highlight with exactly this span and colour (what H would make again)."""
    wanted = (start, end, color)
    return next((r.id for r in records if (r.start, r.end, r.color) == wanted), None)


def same_span(records: Iterable[AnnotationRecord], start: int, end: int, color: str) -> int | None:
    """The highlight on exactly this span: in `color` if there is one, else the newest."""
    twins = [r for r in records if (r.start, r.end) == (start, end)]
    preferred = [r for r in twins if r.color == color] or twins
    return max(preferred, key=lambda r: r.id).id if preferred else None


def with_tags(kept: Sequence[str], added: Iterable[str]) -> list[str]:
    """`kept` and then those of `added` it lacks (tag paths compare without case)."""
    known = {tag.casefold() for tag in kept}
    return [*kept, *(tag for tag in added if tag.casefold() not in known)]
