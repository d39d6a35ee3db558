"""Schema.org JSON-LD in a page: the article object and the names it points at.

Publishers write it as one object, a list, or a `@graph` whose article refers to its author
and publisher by `@id`; some of it is malformed. Anything that does not parse is skipped
quietly, since the page's other metadata can still say the same things.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

_MAX_OBJECTS = 5000  # objects looked at per page: a hostile page may nest thousands deep
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")
_EXTRA_ARTICLE_TYPES = frozenset({"BlogPosting", "LiveBlogPosting", "Report"})


class JsonLd:
    """Every object of the page's JSON-LD, with the article-like ones first."""

    def __init__(self, root: HtmlElement) -> None:
        self.objects: list[dict[str, Any]] = []
        for script in root.iter("script"):
            kind = str(script.get("type") or "").strip().lower()
            if kind == "application/ld+json" and script.text:
                self.objects.extend(_objects(_load(script.text)))
        # References ({"@id": …}) are objects too: only named definitions are indexed.
        self._by_id: dict[str, dict[str, Any]] = {}
        for obj in self.objects:
            if isinstance(obj.get("@id"), str) and "name" in obj:
                self._by_id.setdefault(obj["@id"], obj)
        self.articles = [o for o in self.objects if _is_article(o)]

    def first(self, key: str) -> Any:
        """The value of `key` on the first article object that has one."""
        for article in self.articles:
            value = article.get(key)
            if value not in (None, "", [], {}):
                return value
        return None

    def names(self, value: Any) -> list[str]:
        """Names in a person/organisation value: a string, {"name": …}, an @id, or a list."""
        found: list[str] = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
                item = self._by_id.get(item["@id"], item)
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, list):
                name = next((n for n in name if isinstance(n, str)), None)
            if isinstance(name, str) and name.strip() and name.strip() not in found:
                found.append(name.strip())
        return found

    def publisher(self) -> list[str]:
        names = self.names(self.first("publisher"))
        if names:
            return names
        organisations = [o for o in self.objects if _types(o) & {"NewsMediaOrganization"}]
        return self.names(organisations[:1])


def _load(text: str) -> Any:
    try:
        return json.loads(_WRAPPERS.sub("", text))
    except (ValueError, RecursionError):
        return None  # malformed JSON-LD is common and says nothing we cannot find elsewhere


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict in the data, breadth first, lists and @graph flattened, with a bound."""
    queue: list[Any] = [data]
    seen = 0
    while queue and seen < _MAX_OBJECTS:
        item = queue.pop(0)
        seen += 1
        if isinstance(item, list):
            queue.extend(item)
        elif isinstance(item, dict):
            yield item
            queue.extend(v for v in item.values() if isinstance(v, dict | list))


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    # "NewsArticle", "schema:NewsArticle" and "https://schema.org/NewsArticle" all count.
    return {re.split(r"[/:#]", v)[-1] for v in values if isinstance(v, str)}


def _is_article(obj: dict[str, Any]) -> bool:
    return any(t.endswith("Article") or t in _EXTRA_ARTICLE_TYPES for t in _types(obj))
