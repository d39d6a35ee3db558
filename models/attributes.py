"""Article variables (attributes): researcher-defined values per article, text or number.

They say what the text cannot (country, genre, sampled wave) and become crosstab columns,
search filters (`attr:NAME=VALUE`) and export columns.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

from peewee import EXCLUDED

from importers.columns import ATTRIBUTE_NAME
from models.batches import BATCH, batches
from models.errors import NotFound, saving
from models.schema import Article, ArticleAttribute, database, tuples
from models.text import without_nul

AttributeValue = int | float | str
_INTEGER = re.compile(r"[+-]?\d{1,18}")
_MAX_VALUE = 10_000  # characters: a variable is a label, not a text


def check_name(name: str) -> str:
    """The name stripped, or ValueError saying what a name may hold."""
    name = name.strip()
    if not ATTRIBUTE_NAME.fullmatch(name):
        raise ValueError(
            f"'{name}' is not a variable name (letters, digits, _ . - ; starting with a letter "
            "or digit)"
        )
    return name


def parse_value(text: str) -> AttributeValue:
    """A number when the text is one (so 2 < 10 in sorting and charts), else the text."""
    text = without_nul(text).strip()
    if not text:
        raise ValueError("a variable's value must not be empty (use --clear NAME)")
    if len(text) > _MAX_VALUE:
        raise ValueError(f"a variable's value is limited to {_MAX_VALUE} characters")
    if _INTEGER.fullmatch(text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return text
    # 'nan', 'inf', '1e999' read as floats but are words (or overflow) to a researcher
    return number if math.isfinite(number) and any(ch.isdigit() for ch in text) else text


def parse_assignment(spec: str) -> tuple[str, AttributeValue]:
    """NAME=VALUE → (name, value), or ValueError."""
    name, sep, value = spec.partition("=")
    if not sep:
        raise ValueError(f"'{spec}' is not NAME=VALUE")
    return check_name(name), parse_value(value)


def attributes_of(article_id: int) -> dict[str, object]:
    """One article's variables, by name."""
    return attributes_for([article_id]).get(article_id, {})


def attributes_for(article_ids: Sequence[int] | None = None) -> dict[int, dict[str, object]]:
    """Variables of the given articles (all when None), by article id then name."""
    query = ArticleAttribute.select(
        ArticleAttribute.article, ArticleAttribute.name, ArticleAttribute.value
    ).order_by(ArticleAttribute.article, ArticleAttribute.name)
    found: dict[int, dict[str, object]] = {}
    chunks = [None] if article_ids is None else batches(list(article_ids))
    for chunk in chunks:
        part = query if chunk is None else query.where(ArticleAttribute.article.in_(chunk))
        for article_id, name, value in tuples(part):
            found.setdefault(article_id, {})[name] = value
    return found


def attribute_names() -> list[str]:
    """Every variable name in use, sorted."""
    query = (
        ArticleAttribute.select(ArticleAttribute.name).distinct().order_by(ArticleAttribute.name)
    )
    return [name for (name,) in tuples(query)]


def attribute_kinds() -> dict[str, str]:
    """Each variable name in use, sorted, with what its values are: "integer" when all are
    whole numbers, "number" when all are numbers, else "text" (exports type columns by it)."""
    rows = database.execute_sql(
        "SELECT name, max(CASE WHEN typeof(value) = 'text' THEN 1 ELSE 0 END), "
        "max(CASE WHEN typeof(value) = 'real' THEN 1 ELSE 0 END) "
        "FROM article_attribute GROUP BY name ORDER BY name"
    )
    return {name: "text" if text else "number" if real else "integer" for name, text, real in rows}


@saving()
def set_attributes(
    article_ids: Iterable[int],
    values: Mapping[str, AttributeValue],
    clear: Iterable[str] = (),
) -> dict[int, dict[str, object]]:
    """Set and clear variables on articles in one transaction; returns each article's
    variables as they were before (what an undo puts back). An unknown id changes nothing."""
    ids = list(dict.fromkeys(article_ids))
    names = [check_name(name) for name in clear]
    with database.atomic():
        known: set[int] = set()
        for chunk in batches(ids):  # a whole library may be selected
            query = Article.select(Article.id).where(Article.id.in_(chunk))
            known.update(i for (i,) in tuples(query))
        missing = [i for i in ids if i not in known]
        if missing:
            raise NotFound(f"no article with id {missing[0]}")
        before = attributes_for(ids)
        if names:
            for chunk in batches(ids):
                ArticleAttribute.delete().where(
                    ArticleAttribute.article.in_(chunk) & ArticleAttribute.name.in_(names)
                ).execute()
        stored = {n: without_nul(v) if isinstance(v, str) else v for n, v in values.items()}
        rows = [(i, name, value) for i in ids for name, value in stored.items()]
        for some in batches(rows, BATCH // 3):  # three values a row
            ArticleAttribute.insert_many(
                some,
                fields=[ArticleAttribute.article, ArticleAttribute.name, ArticleAttribute.value],
            ).on_conflict(  # an upsert both backends take (SQLite's REPLACE is its own)
                conflict_target=[ArticleAttribute.article, ArticleAttribute.name],
                update={ArticleAttribute.value: EXCLUDED.value},
            ).execute()
        return {i: before.get(i, {}) for i in ids}


@saving()
def restore_attributes(previous: Mapping[int, Mapping[str, object]]) -> None:
    """Put articles' variables back exactly as `set_attributes` returned them (undo)."""
    with database.atomic():
        for article_id, values in previous.items():
            ArticleAttribute.delete().where(ArticleAttribute.article == article_id).execute()
            if values:
                ArticleAttribute.insert_many(
                    [(article_id, name, value) for name, value in values.items()],
                    fields=[
                        ArticleAttribute.article,
                        ArticleAttribute.name,
                        ArticleAttribute.value,
                    ],
                ).execute()
