"""A parsed query → SQL: an FTS5 MATCH expression that drives and ranks, plus a WHERE clause.

Every word goes to FTS5 as a quoted string ("..." with quotes doubled), so nothing a user
types can turn into FTS5 syntax (column filters, NEAR, ^); only the operators built here do.
Field filters become parameterised SQL over the article (or annotation) table; a filter that
names a tag resolves the tag and its descendants to ids first.

The words ANDed at the top of the query become the MATCH that drives the query, so SQLite
starts from the (small) set of FTS hits and bm25 can rank them. Anything FTS5 cannot say —
a NOT with nothing to subtract from, a word ORed with a field filter — is written as
`id IN (SELECT rowid FROM fts WHERE fts MATCH ?)` inside the WHERE clause instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from models.attributes import parse_value
from models.backend import ANNOTATION_INDEX, ARTICLE_INDEX, FALSE, TRUE, backend
from models.facets import distinct_coders, source_spellings
from models.name_keys import containing, spellings_of
from models.query_parser import (
    And,
    Field,
    Node,
    Not,
    Or,
    Query,
    QueryError,
    Text,
    date_bounds,
    positive_terms,
)
from models.schema import ArticleAttribute, tuples
from models.tags import tag_ids_with_descendants

ARTICLES, ANNOTATIONS = "articles", "annotations"
_INDEX = {ARTICLES: ARTICLE_INDEX, ANNOTATIONS: ANNOTATION_INDEX}
_ID = {ARTICLES: "a.id", ANNOTATIONS: "an.id"}
BLANK = " \t\n\r"  # what counts as an empty note (trimmed away, a parameter)


@dataclass(frozen=True)
class Plan:
    """What one query asks of SQL, for one target table (articles or annotations)."""

    match: str | None  # FTS5 expression joined to the table and ranked by bm25
    where: str  # SQL condition over alias a (articles) or an (annotations)
    params: tuple[object, ...]
    highlight: str | None  # every positive word, ORed: what snippets and hit ranges mark


def fts_expression(node: Node) -> str | None:
    """The index's expression for a words-only subtree (models.backend), or None when it
    cannot be said (a NOT with no positive sibling: FTS5's NOT only subtracts)."""
    if isinstance(node, Text):
        return backend().phrase(node.text, node.prefix)
    if isinstance(node, Or):
        parts = [fts_expression(child) for child in node.children]
        if any(part is None for part in parts):
            return None
        return backend().any_of([part for part in parts if part is not None])
    if isinstance(node, And):
        positive = [fts_expression(c) for c in node.children if not isinstance(c, Not)]
        negative = [fts_expression(c.child) for c in node.children if isinstance(c, Not)]
        if not positive or any(part is None for part in positive + negative):
            return None
        return backend().all_of(
            [p for p in positive if p is not None], [n for n in negative if n is not None]
        )
    return None  # a Field, or a lone Not


def _words_only(node: Node) -> bool:
    if isinstance(node, Text):
        return True
    if isinstance(node, Field):
        return False
    if isinstance(node, Not):
        return _words_only(node.child)
    return all(_words_only(child) for child in node.children)


def _fts_able(conjunct: Node) -> bool:
    """Whether a top-level conjunct can join the MATCH (as a positive part or a NOT)."""
    inner = conjunct.child if isinstance(conjunct, Not) else conjunct
    return _words_only(inner) and fts_expression(inner) is not None


def plan(query: Query, target: str = ARTICLES) -> Plan:
    """Split the query into the ranked MATCH and the rest, and write the rest as SQL."""
    root = query.root
    conjuncts: list[Node] = (
        list(root.children) if isinstance(root, And) else [] if root is None else [root]
    )
    usable = [_fts_able(c) for c in conjuncts]
    ranked = [c for c, ok in zip(conjuncts, usable, strict=True) if ok]
    match = None
    if any(not isinstance(c, Not) for c in ranked):
        match = fts_expression(ranked[0] if len(ranked) == 1 else And(tuple(ranked)))
    rest = [c for c, ok in zip(conjuncts, usable, strict=True) if not ok or match is None]
    params: list[object] = []
    where = " AND ".join(f"({_sql(c, target, params)})" for c in rest) or TRUE
    terms = positive_terms(root)
    highlight = (
        backend().any_of([e for e in map(fts_expression, terms) if e is not None])
        if terms
        else None
    )
    return Plan(match, where, tuple(params), highlight)


def _sql(node: Node, target: str, params: list[object]) -> str:
    if _words_only(node):
        expression = fts_expression(node)
        if expression is not None:
            params.append(expression)
            return backend().index_condition(_INDEX[target], _ID[target])
    if isinstance(node, Field):
        return _field_sql(node, target, params)
    if isinstance(node, Not):
        return f"NOT ({_sql(node.child, target, params)})"
    if isinstance(node, And | Or):
        joiner = " AND " if isinstance(node, And) else " OR "
        return joiner.join(f"({_sql(child, target, params)})" for child in node.children)
    raise AssertionError(f"unexpected node {node!r}")  # a Text always has an expression


def _tag_ids(path: str) -> list[int]:
    try:
        return tag_ids_with_descendants(path)
    except ValueError as exc:
        raise QueryError(str(exc)) from None


def _in_list(values: list[int] | list[str], params: list[object]) -> str:
    params.extend(values)
    return ", ".join("?" * len(values))


def _coder_condition(column: str, name: str, params: list[object]) -> str:
    """The coder's annotations, whichever way the name is spelled (models.name_keys): the
    NOCASE index finds them, the exact spellings decide (the same on both backends)."""
    spellings = spellings_of(name, distinct_coders())
    if not spellings:
        return FALSE
    return (
        f"{column} COLLATE NOCASE IN ({_in_list(spellings, params)}) "
        f"AND {column} IN ({_in_list(spellings, params)})"
    )


def _field_sql(field: Field, target: str, params: list[object]) -> str:
    """One field filter as a two-valued SQL condition (never NULL, so NOT works plainly)."""
    name, value = field.name, field.value
    if target == ANNOTATIONS:
        if name == "tag":
            ids = _tag_ids(value)
            if not ids:
                return FALSE
            return (
                "an.id IN (SELECT annotation_id FROM annotation_tag "
                f"WHERE tag_id IN ({_in_list(ids, params)}))"
            )
        if name == "overlaps":
            ids = _tag_ids(value)
            if not ids:
                return FALSE
            # The annotation itself counts: one tagged x and y overlaps its own y.
            return (
                "EXISTS (SELECT 1 FROM annotation o "
                "JOIN annotation_tag ot ON ot.annotation_id = o.id "
                'WHERE o.article_id = an.article_id AND o.start < an."end" '
                f'AND o."end" > an.start AND ot.tag_id IN ({_in_list(ids, params)}))'
            )
        if name == "has" and value != "memo":
            if value == "annotations":
                return TRUE
            params.append(BLANK)
            return "trim(an.note, ?) <> ''"
        if name == "color":
            params.append(value)
            return "an.color = ?"
        if name == "coder":
            return _coder_condition("an.coder", value, params)
        inner = _field_sql(field, ARTICLES, params)
        return f"an.article_id IN (SELECT a.id FROM article a WHERE {inner})"
    if name in ("tag", "overlaps"):  # an article: it holds such an annotation
        ids = _tag_ids(value)
        if not ids:
            return FALSE
        return (
            "a.id IN (SELECT an.article_id FROM annotation_tag at "
            "JOIN annotation an ON an.id = at.annotation_id "
            f"WHERE at.tag_id IN ({_in_list(ids, params)}))"
        )
    if name == "articletag":
        ids = _tag_ids(value)
        if not ids:
            return FALSE
        return (
            "a.id IN (SELECT article_id FROM article_tag "
            f"WHERE tag_id IN ({_in_list(ids, params)}))"
        )
    if name == "source":  # contains, ignoring case in all of Unicode (models.name_keys)
        spellings = containing(value, source_spellings())
        if not spellings:
            return FALSE
        params.append(json.dumps(spellings))
        return "a.source IN (SELECT value FROM json_each(?))"
    if name == "date":
        low, high = date_bounds(value)
        parts = ["a.date IS NOT NULL"]
        if low:
            parts.append("a.date >= ?")
            params.append(low)
        if high:  # a prefix: every date that starts with it sorts below prefix + U+FFFF
            parts.append("a.date < ?")
            params.append(high + "\uffff")
        return " AND ".join(parts)
    if name == "attr":
        return _attribute_sql(value, params)
    if name == "is":
        return "a.read_at IS NOT NULL" if value == "read" else "a.read_at IS NULL"
    if name == "has":
        if value == "annotations":
            return "a.id IN (SELECT article_id FROM annotation)"
        params.append(BLANK)
        if value == "memo":
            return "trim(a.memo, ?) <> ''"
        return "a.id IN (SELECT article_id FROM annotation WHERE trim(note, ?) <> '')"
    if name == "color":
        params.append(value)
        return "a.id IN (SELECT article_id FROM annotation WHERE color = ?)"
    if name == "coder":
        condition = _coder_condition("coder", value, params)
        return f"a.id IN (SELECT article_id FROM annotation WHERE {condition})"
    raise AssertionError(f"unknown field {name}")  # the parser admits no other


def _attribute_sql(value: str, params: list[object]) -> str:
    """attr:NAME=VALUE: numbers compare as numbers (2 = 2.0), text ignoring case (each of the
    variable's spellings of it: models.name_keys)."""
    name, sep, wanted = value.partition("=")
    if not sep:
        params.append(name)
        return "a.id IN (SELECT article_id FROM article_attribute WHERE name = ?)"
    parsed = parse_value(wanted)
    found = [parsed] if not isinstance(parsed, str) else _text_spellings(name, parsed)
    if not found:
        return FALSE
    params.append(name)
    conditions = []
    for one in found:
        condition, parameter = backend().attribute_equals(one)
        conditions.append(condition)
        params.append(parameter)
    either = " OR ".join(conditions)
    return f"a.id IN (SELECT article_id FROM article_attribute WHERE name = ? AND ({either}))"


def _text_spellings(name: str, wanted: str) -> list[int | float | str]:
    values = ArticleAttribute.select(ArticleAttribute.value).where(ArticleAttribute.name == name)
    known = (v for (v,) in tuples(values.distinct()) if isinstance(v, str))
    return list(spellings_of(wanted, known))
