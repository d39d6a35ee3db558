"""Comparing coders on one article: where they disagree, and taking one coder's version as the
consensus (what a team settles on after discussing its disagreements)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from models.annotating import AnnotationRecord, create_annotation, list_annotations, span
from models.coders import CONSENSUS, normalize_coder
from models.errors import LibraryError, saving
from models.schema import Annotation, database


@dataclass(frozen=True)
class Disagreement:
    """Characters start–end, where some of the coders applied `tag` and the others did not."""

    tag: str
    start: int
    end: int
    coders: tuple[str, ...]  # those who applied it here

    def describe(self, text: str, all_coders: Sequence[str]) -> str:
        others = [c for c in all_coders if c not in self.coders]
        quote = text[self.start : self.end]
        if len(quote) > 60:
            quote = quote[:57] + "…"
        return f"{self.tag}: {', '.join(self.coders)} not {', '.join(others)} — {quote!r}"


def coders_in(article_id: int) -> list[str]:
    """The coders who annotated this article, by name."""
    rows = database.execute_sql(
        "SELECT DISTINCT coder FROM annotation WHERE article_id = ? ORDER BY coder", [article_id]
    )
    return [coder for (coder,) in rows]


def disagreements(article_id: int, coders: Sequence[str]) -> list[Disagreement]:
    """Each stretch of text where the coders split on a tag (each tag an annotation carries,
    as applied; ancestors are not repeated), in text order."""
    spans: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for mark in list_annotations(article_id):
        if mark.coder in coders and mark.start is not None:  # an orphan covers no text
            for tag in mark.tags:
                spans[tag][mark.coder].append(span(mark))
    found: list[Disagreement] = []
    for tag, by_coder in spans.items():
        events = sorted(
            {p for ranges in by_coder.values() for start, end in ranges for p in (start, end)}
        )
        previous: Disagreement | None = None
        for start, end in zip(events, events[1:], strict=False):
            who = tuple(
                c for c in coders if any(s <= start and end <= e for s, e in by_coder.get(c, ()))
            )
            if not who or len(who) == len(coders):
                previous = None
                continue
            if previous is not None and previous.end == start and previous.coders == who:
                previous = Disagreement(tag, previous.start, end, who)
                found[-1] = previous
            else:
                previous = Disagreement(tag, start, end, who)
                found.append(previous)
    return sorted(found, key=lambda d: (d.start, d.end, d.tag))


@saving()
def accept_version(
    article_id: int, coder: str, consensus: str = CONSENSUS
) -> list[AnnotationRecord]:
    """Make `coder`'s annotations of the article the consensus coder's (replacing what the
    consensus had there); returns the consensus annotations."""
    consensus = normalize_coder(consensus)
    if coder == consensus:
        raise LibraryError(f"'{coder}' is already the consensus")
    # an orphan (its passage left the text) has no place to copy
    source = [m for m in list_annotations(article_id) if m.coder == coder and m.start is not None]
    if not source:
        raise LibraryError(f"coder '{coder}' made no annotation in article {article_id}")
    with database.atomic():
        Annotation.delete().where(
            (Annotation.article == article_id) & (Annotation.coder == consensus)
        ).execute()
        for mark in source:
            create_annotation(
                article_id,
                *span(mark),
                note=mark.note,
                color=mark.color,
                tags=mark.tags,
                coder=consensus,
            )
    return [m for m in list_annotations(article_id) if m.coder == consensus]
