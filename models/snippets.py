"""FTS5's snippet(), in Python, for a server library (whose index cannot say where words are).

The same text SQLite's `snippet(article_fts, col, START, END, '…', 12)` returns: FTS5's own
choice of window (the one holding the most distinct phrases, a repeat counting one; a window
starting a sentence gets a bonus; a hit's window centred on its phrases), the hits coalesced
and marked, '…' where text was left out. Words are the index's words (models.folding).

Only the few shown rows get a snippet, and most of the work is done by C code: the text is
turned into its tokenizer view (one character each) once, phrases are found there with a
regular expression, tokens are counted by str.split() between the places that matter, and
only the window's own tokens are visited one by one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from models.folding import DROPPED, FOLDING, LONG_TEXT, LONG_TEXTS_KEPT, MARKED_WORDS

Term = tuple[list[str], bool]  # a phrase's words, and whether the last is a prefix
ELLIPSIS = "…"
# What FTS5's sentence finder calls a sentence's first token: one after '.' or ':' and
# whitespace (these four characters only).
_STARTS: dict[str, list[int]] = {}  # a long text's marked() -> its tokens' starts
_REVERSED_BREAK = re.compile(r"[ \t\n\r]+[.:]")  # read backwards
# An ASCII marked() text's shape: a token's characters "w", the spaces between them kept.
_SHAPE = {code: " " if code == ord(" ") else "w" for code in range(128)}


@dataclass(frozen=True)
class _Column:
    """One column's text and where the query's phrases occur in it, in token numbers."""

    text: str
    marked: str
    size: int  # tokens
    hits: list[tuple[int, int]]  # (first token, phrase index), in FTS5's order
    firsts: list[int]  # the hits' first tokens, and their phrases (the same order)
    phrases: list[int]
    anchors: list[tuple[int, int]]  # (token number, offset of its start): walks start there
    sentences: list[int]  # the token numbers that start a sentence


def row_snippet(
    text: str, title: str, terms: Sequence[Term], tokens: int, start: str, end: str
) -> str | None:
    """What models.search makes of an article's two FTS5 snippets: the text's, unless only
    the title's marks a hit; None when neither column holds a phrase (FTS5 has no row)."""
    in_text = _column(text, terms)
    found = snippet(in_text, terms, tokens, start, end)
    if in_text.hits and start in found:
        return found
    in_title = _column(title, terms)
    if not (in_text.hits or in_title.hits):
        return None
    title_found = snippet(in_title, terms, tokens, start, end)
    return title_found if start not in found and start in title_found else found


def snippet(column: _Column, terms: Sequence[Term], tokens: int, start: str, end: str) -> str:
    """SQLite's snippet() of one column for a query whose phrases are `terms` (FTS5's
    fts5SnippetFunction)."""
    sizes = [len(words) for words, _prefix in terms]
    best_score, best_start = 0, 0
    firsts = column.sentences
    for first, _phrase in column.hits:
        score, adjusted = _score(column, sizes, first, tokens)
        if score > best_score:
            best_score, best_start = score, adjusted
        if firsts and column.size > tokens:
            sentence = firsts[max(0, bisect_right(firsts, first) - 1)]
            if sentence < first:
                score = _score(column, sizes, sentence, tokens)[0]
                score += 120 if sentence == 0 else 100
                if score > best_score:
                    best_score, best_start = score, sentence
    return _highlight(column, sizes, best_start, tokens, start, end)


def _column(text: str, terms: Sequence[Term]) -> _Column:
    marked = FOLDING.marked(text)
    found: list[tuple[int, int]] = []  # (offset, phrase index)
    for index, (words, prefix) in enumerate(terms):
        found += [(offset, index) for offset in _phrase_offsets(marked, words, prefix)]
    breaks = _sentence_breaks(text, marked, sorted({offset for offset, _ in found}))
    offsets = sorted({offset for offset, _ in found} | set(breaks))
    numbers: dict[int, int] = {}
    starts = _long_text_starts(marked)
    if starts is not None:
        numbers = {offset: bisect_left(starts, offset) for offset in offsets}
        size = len(starts)
    elif marked.isascii():  # tokens counted by C code as their starts: " w" in its shape
        shape = " " + marked.translate(_SHAPE)  # a token starting at o: " w" at shape[o]
        count, previous = 0, 0
        for offset in offsets:
            count += shape.count(" w", previous, offset + 1)
            numbers[offset] = count
            previous = offset
        size = shape.count(" w")
    else:
        count, previous = 0, 0
        for offset in offsets:  # tokens counted by C code between the offsets that matter
            count += len(marked[previous:offset].split())
            numbers[offset] = count
            previous = offset
        size = count + len(marked[previous:].split())
    hits = sorted((numbers[offset], index) for offset, index in found)
    first = MARKED_WORDS.search(marked)
    anchors = [(0, first.start() if first else 0)] + [(numbers[o], o) for o in offsets]
    sentences = ([0] if size else []) + [numbers[b] for b in breaks if numbers[b] > 0]
    firsts, phrases = [first for first, _ in hits], [phrase for _, phrase in hits]
    return _Column(text, marked, size, hits, firsts, phrases, anchors, sentences)


def _long_text_starts(marked: str) -> list[int] | None:
    """Where each token of a long text starts, kept for the last few (a long article comes
    back on page after page; counting its tokens again cost ~3 ms each time); None for a
    short text."""
    if len(marked) < LONG_TEXT:
        return None
    starts = _STARTS.get(marked)
    if starts is None:
        starts = [m.start() for m in MARKED_WORDS.finditer(marked)]
        _STARTS[marked] = starts
        while len(_STARTS) > LONG_TEXTS_KEPT:
            _STARTS.pop(next(iter(_STARTS)), None)
    return starts


def _sentence_breaks(text: str, marked: str, hits: list[int]) -> list[int]:
    """The offsets of the sentence starts that matter: each hit's last one (at or before it;
    none: the first token). Found backwards from each hit in the reversed text, so a long
    text's every sentence is not visited."""
    reversed_text = text[::-1]
    size = len(text)
    found: set[int] = set()
    last = -1  # the sentence start found for the hit after this one
    for hit in reversed(hits):
        if 0 <= last <= hit:
            continue  # no sentence starts between that one and the later hit
        last = -1
        position = size - hit
        while (match := _REVERSED_BREAK.search(reversed_text, position)) is not None:
            start = size - match.start()  # a sentence's first token starts here, if any
            if marked[start] != " ":
                last = start
                found.add(start)
                break
            position = match.start() + 1
        if last < 0:
            break  # none before this hit: none before the earlier ones either
    return sorted(found)


def _phrase_offsets(marked: str, words: list[str], prefix: bool) -> list[int]:
    """Where each occurrence of the phrase starts (overlapping ones too), as offsets."""
    if not words:
        return []
    if DROPPED in marked:  # a dropped diacritic inside a word: compare whole tokens
        return _token_phrase_offsets(marked, words, prefix)
    # The first word as a literal (the regular expression engine scans for it fast), the
    # rest looked ahead (so overlapping occurrences are all found); a word starts after a
    # space or at the start.
    rest = "".join(" +" + re.escape(word) for word in words[1:])
    end = "" if prefix else "(?![^ ])"
    pattern = re.compile(f"{re.escape(words[0])}(?={rest}{end})")
    return [
        m.start()
        for m in pattern.finditer(marked)
        if m.start() == 0 or marked[m.start() - 1] == " "
    ]


def _token_phrase_offsets(marked: str, words: list[str], prefix: bool) -> list[int]:
    spans = [(m.start(), m.group().replace(DROPPED, "")) for m in MARKED_WORDS.finditer(marked)]
    tokens = [word for _start, word in spans]
    size = len(words)
    found = []
    for i in range(len(tokens) - size + 1):
        if tokens[i : i + size - 1] == words[:-1] and (
            tokens[i + size - 1] == words[-1]
            or (prefix and tokens[i + size - 1].startswith(words[-1]))
        ):
            found.append(spans[i][0])
    return found


def _score(column: _Column, sizes: list[int], start: int, tokens: int) -> tuple[int, int]:
    """fts5SnippetScore: the window [start, start + tokens)'s score, and the window centred
    on its hits (moved to fit the text)."""
    firsts = column.firsts
    low = bisect_left(firsts, start)
    high = bisect_left(firsts, start + tokens)
    # Each hit adds 1000 for a phrase not seen before in the window, else 1.
    distinct = len(set(column.phrases[low:high])) if high - low > 1 else high - low
    score = 1000 * distinct + (high - low - distinct)
    first, last = -1, 0
    if high > low:  # from the first hit to the end of the last one
        first = firsts[low]
        last = firsts[high - 1] + sizes[column.phrases[high - 1]]
    adjusted = first - int((tokens - (last - first)) / 2)  # C's division: towards zero
    if adjusted + tokens > column.size:
        adjusted = column.size - tokens
    return score, max(adjusted, 0)


def _coalesced(column: _Column, sizes: list[int]) -> list[tuple[int, int]]:
    """fts5CInstIter: hits that overlap as one (first token, last token)."""
    merged: list[tuple[int, int]] = []
    for first, phrase in column.hits:
        last = first + sizes[phrase] - 1
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _window(column: _Column, start: int, stop: int) -> list[tuple[int, int, int]]:
    """(token number, start, end offsets) of tokens start..stop, walked from the nearest
    token whose offset is known."""
    anchors = column.anchors
    number, offset = anchors[max(0, bisect_right(anchors, (start, len(column.text))) - 1)]
    found = []
    for match in MARKED_WORDS.finditer(column.marked, offset):
        if number > stop:
            break
        if number >= start:
            found.append((number, match.start(), match.end()))
        number += 1
    return found


def _highlight(
    column: _Column, sizes: list[int], best: int, tokens: int, open_mark: str, close_mark: str
) -> str:
    """fts5HighlightCb over the window's tokens, and the snippet's ends."""
    text = column.text
    hits = [h for h in _coalesced(column, sizes) if h[0] >= best]
    hit = 0
    range_end = best + tokens - 1
    out = [ELLIPSIS] if best > 0 else []
    copied, is_open = 0, False
    for position, begin, finish in _window(column, best, range_end):
        first, last = hits[hit] if hit < len(hits) else (-1, -1)
        if best and position == best:
            copied = begin
        if is_open and (position <= first or first < 0) and begin > copied:
            out.append(close_mark)
            is_open = False
        if position == first and not is_open:
            out += [text[copied:begin], open_mark]
            copied, is_open = begin, True
        if position == last:
            if not is_open:
                out.append(open_mark)
                is_open = True
            out.append(text[copied:finish])
            copied = finish
            hit += 1
            first, last = hits[hit] if hit < len(hits) else (-1, -1)
        if position == range_end:
            if is_open:
                if first >= 0 and position >= first:
                    out.append(text[copied:finish])
                    copied = finish
                out.append(close_mark)
                is_open = False
            out.append(text[copied:finish])
            copied = finish
    if is_open:
        out.append(close_mark)
    out.append(text[copied:] if range_end >= column.size - 1 else ELLIPSIS)
    return "".join(out)
