"""Edit cases for the re-anchoring benchmark: each highlight's true fate known by construction.

A case is a real article (paragraphs of ../shared/corpus), random highlights on it, and one
kind of edit. Every edit goes through `Tracked.replace`, which moves each highlight's true
range along with the text, or marks its passage deleted; a moved paragraph carries its
highlights to where it lands. Nothing here imports Gloss.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

SEPARATOR = "\n\n"
KINDS = (
    "typo",
    "insert_paragraph",
    "delete_paragraph",
    "move_paragraph",
    "change_inside",
    "repeat_sentence",
    "quote_marks",
    "whitespace",
    "mixed",
)
_WORD = re.compile(r"\S+")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"'”’]?")


@dataclass
class Truth:
    start: int
    end: int
    quote: str  # as highlighted in the old text
    deleted: bool = False
    lost: int = 0  # characters of the passage an edit took away or replaced

    def fate(self, new_text: str) -> str:
        """untouched | changed | deleted | mangled (most of it rewritten: no target)."""
        if self.deleted:
            return "deleted"
        if new_text[self.start : self.end] == self.quote:
            return "untouched"
        if self.lost > 0.4 * len(self.quote) or self.end <= self.start:
            return "mangled"
        return "changed"


@dataclass
class Case:
    index: int
    kind: str
    old: str
    new: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)
    truths: list[Truth] = field(default_factory=list)


class Tracked:
    """A text under edit, carrying the true range of each highlight."""

    def __init__(self, text: str, ranges: list[tuple[int, int]]) -> None:
        self.text = text
        self.truths = [Truth(s, e, text[s:e]) for s, e in ranges]

    def replace(self, start: int, end: int, new: str) -> None:
        delta = len(new) - (end - start)
        for t in self.truths:
            if t.deleted:
                continue
            if end <= t.start:
                t.start, t.end = t.start + delta, t.end + delta  # before it (or at its start)
            elif start >= t.end:
                continue  # after it
            elif start <= t.start and end >= t.end and (not new.strip() or delta < 0):
                t.deleted = True  # its whole passage went
            else:
                inside_start, inside_end = max(start, t.start), min(end, t.end)
                t.lost += max(0, inside_end - inside_start)
                if start < t.start:
                    t.start = start + len(new)
                if end >= t.end:
                    t.end = start
                else:
                    t.end += delta
                t.start = min(t.start, t.end)
        self.text = self.text[:start] + new + self.text[end:]

    def paragraphs(self) -> list[tuple[int, int]]:
        spans, at = [], 0
        for part in self.text.split(SEPARATOR):
            spans.append((at, at + len(part)))
            at += len(part) + len(SEPARATOR)
        return spans

    def delete_paragraph(self, i: int) -> None:
        spans = self.paragraphs()
        start, end = spans[i]
        if i + 1 < len(spans):
            self.replace(start, end + len(SEPARATOR), "")
        else:
            self.replace(start - len(SEPARATOR), end, "")

    def insert_paragraph(self, i: int, paragraph: str) -> None:
        spans = self.paragraphs()
        if i < len(spans):
            self.replace(spans[i][0], spans[i][0], paragraph + SEPARATOR)
        else:
            self.replace(len(self.text), len(self.text), SEPARATOR + paragraph)

    def move_paragraph(self, i: int, j: int) -> None:
        """Paragraph i goes before paragraph j (of the text without it); its highlights too."""
        start, end = self.paragraphs()[i]
        paragraph = self.text[start:end]
        inside = [t for t in self.truths if not t.deleted and start <= t.start and t.end <= end]
        offsets = [(t, t.start - start, t.end - start) for t in inside]
        for t in inside:
            t.deleted = True  # out of the way while the paragraph leaves
        self.delete_paragraph(i)
        self.insert_paragraph(j, paragraph)
        landed = self.paragraphs()[j][0]
        for t, s, e in offsets:
            t.deleted, t.start, t.end = False, landed + s, landed + e


def make_case(index: int, kind: str, paragraphs: list[str], others: list[str]) -> Case:
    """One case: highlights on the article, then the edit of that kind (seeded by index)."""
    rng = random.Random(f"anchor:{index}")
    text = SEPARATOR.join(paragraphs)
    if kind == "whitespace":  # the old version had stray double spaces, the new one not
        text = re.sub(" ", lambda m: "  " if rng.random() < 0.08 else " ", text)
    ranges = [_highlight(text, rng) for _ in range(rng.randint(8, 16))]
    if kind == "delete_paragraph":  # its phrases that occur elsewhere too: the hard orphans
        gone = rng.randrange(len(paragraphs))
        ranges += _repeated_phrases(text, _paragraph_spans(text)[gone], rng)
        kind_edits = [lambda t, _r, _o: t.delete_paragraph(gone)]
    tracked = Tracked(text, ranges)
    case = Case(index, kind, text, highlights=ranges)
    kinds = [rng.choice(KINDS[:6]) for _ in range(3)] if kind == "mixed" else [kind]
    edits = kind_edits if kind == "delete_paragraph" else [_EDITS[each] for each in kinds]
    for edit in edits:
        edit(tracked, rng, others)
    case.new, case.truths = tracked.text, tracked.truths
    return case


def _highlight(text: str, rng: random.Random) -> tuple[int, int]:
    spans = [(a, b) for a, b in _paragraph_spans(text) if b - a > 40]
    start, end = rng.choice(spans)
    roll = rng.random()
    if roll < 0.1:
        return start, end  # a whole paragraph
    if roll < 0.3:
        sentences = [m.span() for m in _SENTENCE.finditer(text, start, end)]
        a, b = rng.choice(sentences) if sentences else (start, end)
        while a < b - 1 and text[a].isspace():
            a += 1
        return a, b
    words = [m.span() for m in _WORD.finditer(text, start, end)]
    first = rng.randrange(len(words))
    last = min(len(words) - 1, first + rng.randint(1, 11))
    if roll < 0.37 and first + 1 < len(words):  # a short phrase: two or three words
        last = min(len(words) - 1, first + rng.randint(1, 2))
    return words[first][0], words[last][1]


def _repeated_phrases(
    text: str, paragraph: tuple[int, int], rng: random.Random
) -> list[tuple[int, int]]:
    """Up to three two- or three-word phrases of the paragraph that occur elsewhere too."""
    words = [m.span() for m in _WORD.finditer(text, *paragraph)]
    found = []
    for first in range(len(words) - 2):
        a, b = words[first][0], words[first + rng.randint(1, 2)][1]
        phrase = text[a:b]
        if text.find(phrase) < paragraph[0] or text.find(phrase, paragraph[1]) >= 0:
            found.append((a, b))
    return rng.sample(found, min(3, len(found)))


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for part in text.split(SEPARATOR):
        spans.append((at, at + len(part)))
        at += len(part) + len(SEPARATOR)
    return spans


def _typo(t: Tracked, rng: random.Random, _others: list[str]) -> None:
    words = [m.span() for m in re.finditer(r"[A-Za-z]{4,}", t.text)]
    for _ in range(rng.randint(1, 3)):
        a, b = rng.choice(words)
        at = rng.randrange(a + 1, b)
        t.replace(at, at + 1, rng.choice("aeiourstn"))


def _insert(t: Tracked, rng: random.Random, others: list[str]) -> None:
    t.insert_paragraph(rng.randrange(len(t.paragraphs()) + 1), rng.choice(others))


def _delete(t: Tracked, rng: random.Random, _others: list[str]) -> None:
    if len(t.paragraphs()) > 2:
        t.delete_paragraph(rng.randrange(len(t.paragraphs())))


def _move(t: Tracked, rng: random.Random, _others: list[str]) -> None:
    count = len(t.paragraphs())
    if count > 2:
        i = rng.randrange(count)
        j = rng.choice([k for k in range(count - 1) if k != i])
        t.move_paragraph(i, j)


def _change_inside(t: Tracked, rng: random.Random, _others: list[str]) -> None:
    """A word or two inside a highlight of four words or more become others."""
    for truth in rng.sample(t.truths, min(3, len(t.truths))):
        if truth.deleted:
            continue
        words = [m.span() for m in _WORD.finditer(t.text, truth.start, truth.end)]
        if len(words) >= 4:  # one or two words (of the inside ones) replaced
            for a, b in sorted(rng.sample(words[1:-1], min(len(words) - 2, rng.randint(1, 2))))[
                ::-1
            ]:
                t.replace(a, b, rng.choice(["new", "several", "almost", "officially", "the"]))


def _repeat_sentence(t: Tracked, rng: random.Random, _others: list[str]) -> None:
    """A highlighted sentence appears a second time elsewhere (a pull quote, a recap)."""
    live = [x for x in t.truths if not x.deleted]
    truth = rng.choice(live)
    around = [m for m in _SENTENCE.finditer(t.text) if m.start() <= truth.start < m.end()]
    sentence = around[0].group().strip() if around else t.text[truth.start : truth.end]
    if rng.random() < 0.5:
        t.insert_paragraph(rng.randrange(len(t.paragraphs()) + 1), sentence)
    else:
        a, b = rng.choice(t.paragraphs())
        t.replace(b, b, " " + sentence)


def _quote_marks(t: Tracked, _rng: random.Random, _others: list[str]) -> None:
    """Straight quotes become typographic ones, as another scrape of the page may give."""
    marks = list(re.finditer("[\"']", t.text))
    for n, m in reversed(list(enumerate(marks))):
        t.replace(m.start(), m.end(), "’" if m.group() == "'" else "“”"[n % 2])


def _whitespace(t: Tracked, _rng: random.Random, _others: list[str]) -> None:
    for m in reversed(list(re.finditer("  +", t.text))):
        t.replace(m.start(), m.end(), " ")


def apply_edit(tracked: Tracked, kind: str, rng: random.Random, others: list[str]) -> None:
    """One edit of a kind in KINDS[:6] (for the speed benchmark's mixed revisions)."""
    _EDITS[kind](tracked, rng, others)


_EDITS = {
    "typo": _typo,
    "insert_paragraph": _insert,
    "delete_paragraph": _delete,
    "move_paragraph": _move,
    "change_inside": _change_inside,
    "repeat_sentence": _repeat_sentence,
    "quote_marks": _quote_marks,
    "whitespace": _whitespace,
}
