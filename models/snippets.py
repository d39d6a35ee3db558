"""FTS5's snippet(), in Python, for a server library (whose index cannot say where words are).

The same text SQLite's `snippet(article_fts, col, START, END, '…', 12)` returns: FTS5's own
choice of window (the one holding the most distinct phrases, a repeat counting one; a window
starting a sentence gets a bonus; a hit's window centred on its phrases), the hits coalesced
and marked, '…' where text was left out. Words are the index's words (models.folding).

Only the few shown rows get a snippet, and most of the work is done by C code: the text is
turned into its tokenizer view (one character each) once, a phrase's first word is found
there by str.find (the rest checked by a regular expression), sentence starts by rfind back
from the hits, tokens are counted by str.count() or str.split() between the places that
matter, and only the window's own tokens are visited one by one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from models.folding import DROPPED, FOLDING, LONG_TEXT, LONG_TEXTS_KEPT, MARKED_WORDS

Term = tuple[list[str], bool]  # a phrase's words, and whether the last is a prefix
ELLIPSIS = "…"
# What FTS5's sentence finder calls a sentence's first token: one after '.' or ':' and
# whitespace (these four characters only).
_STARTS: dict[str, list[int]] = {}  # a long text's marked() -> its tokens' starts
_BLANKS = re.compile(r"[ \t\n\r]+")  # what may stand between a '.' and a sentence's start
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
    fts5SnippetFunction). A window scored already (two hits at one token, two hits in one
    sentence) is not scored again: the same score cannot beat the best a second time."""
    sizes = [len(words) for words, _prefix in terms]
    best_score, best_start = 0, 0
    sentences = column.sentences if column.size > tokens else []
    done_first = done_sentence = -1
    for first in column.firsts:
        if first == done_first:
            continue
        done_first = first
        score, adjusted = _score(column, sizes, first, tokens)
        if score > best_score:
            best_score, best_start = score, adjusted
        if sentences:
            sentence = sentences[max(0, bisect_right(sentences, first) - 1)]
            if done_sentence < sentence < first:
                done_sentence = sentence
                score = _score(column, sizes, sentence, tokens, centred=False)[0]
                score += 120 if sentence == 0 else 100
                if score > best_score:
                    best_score, best_start = score, sentence
    return _highlight(column, sizes, best_start, tokens, start, end)


def _column(text: str, terms: Sequence[Term]) -> _Column:
    marked = FOLDING.marked(text)
    spaced = " " + marked  # a word starts after a space: " word" found at its offset here
    whole_tokens = DROPPED in marked  # a dropped diacritic inside a word: compare tokens
    found: list[tuple[int, int]] = []  # (offset, phrase index)
    for index, (words, prefix) in enumerate(terms):
        if not words:
            continue
        if whole_tokens:
            offsets = _token_phrase_offsets(marked, words, prefix)
        else:
            offsets = _phrase_offsets(spaced, words, prefix)
        found += [(offset, index) for offset in offsets]
    starts = sorted({offset for offset, _ in found})
    breaks = _sentence_breaks(text, marked, starts)
    offsets = sorted(set(starts).union(breaks)) if breaks else starts
    numbers: dict[int, int] = {}
    long_starts = _long_text_starts(marked)
    if long_starts is not None:
        numbers = {offset: bisect_left(long_starts, offset) for offset in offsets}
        size = len(long_starts)
    elif marked.isascii():  # tokens counted by C code as their starts: " w" in its shape
        shape = spaced.translate(_SHAPE)  # a token starting at o: " w" at shape[o]
        count, previous = 0, 0
        for offset in offsets:
            count += shape.count(" w", previous, offset + 1)
            numbers[offset] = count
            previous = offset
        size = count + shape.count(" w", previous)  # the rest, not the whole text again
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
    none: the first token). A sentence starts at a token after '.' or ':' and blanks (FTS5's
    sentence finder), found backwards from each hit with C string calls, no further back
    than the hit before it (whose own sentence start is also the later hit's when none lies
    between them): a long text's every sentence is not visited."""
    found: list[int] = []
    floor = 0  # a '.' or ':' that starts a sentence before this hit lies at or after floor
    for hit in hits:
        end = hit
        while end > floor:
            dot = max(text.rfind(".", floor, end), text.rfind(":", floor, end))
            if dot < 0:
                break
            blanks = _BLANKS.match(text, dot + 1, hit + 1)
            if blanks is not None and blanks.end() <= hit and marked[blanks.end()] != " ":
                found.append(blanks.end())  # the last before the hit: later than any found
                break
            end = dot
        floor = hit
    return found


def _phrase_offsets(spaced: str, words: list[str], prefix: bool) -> list[int]:
    """Where each occurrence of the phrase starts (overlapping ones too), as offsets in the
    marked text, from " " + marked (`spaced`): its first word after a space found by
    str.find (C's fast search: a regular expression starting with a space tries every
    space), the rest of the phrase checked there."""
    needle = " " + words[0]
    rest = _phrase_rest(tuple(words[1:]), prefix)
    found = []
    at = spaced.find(needle)
    while at >= 0:
        if rest.match(spaced, at + len(needle)):
            found.append(at)
        at = spaced.find(needle, at + 1)
    return found


@lru_cache(maxsize=64)
def _phrase_rest(words: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    """What must follow a phrase's first word: its other words after spaces, then the end of
    a word (unless the last is a prefix)."""
    rest = "".join(" +" + re.escape(word) for word in words)
    return re.compile(rest if prefix else f"{rest}(?![^ ])")


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


def _score(
    column: _Column, sizes: list[int], start: int, tokens: int, centred: bool = True
) -> tuple[int, int]:
    """fts5SnippetScore: the window [start, start + tokens)'s score, and (`centred`) the
    window centred on its hits (moved to fit the text)."""
    firsts = column.firsts
    low = bisect_left(firsts, start)
    high = bisect_left(firsts, start + tokens, low)
    if high - low < 2:  # each hit adds 1000 for a phrase not seen before in the window, else 1
        score = 1000 * (high - low)
    else:
        distinct = 1 if len(sizes) == 1 else len(set(column.phrases[low:high]))
        score = 1000 * distinct + (high - low - distinct)
    if not centred:
        return score, start
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
