"""SQL written once for both backends: `?` placeholders (SQLite's) turned into psycopg's `%s`.

Raw statements in models/ use `?`; peewee writes `%s` itself for PostgreSQL and never a `?`
outside a quoted literal, so a statement with a bare `?` is one of ours and is translated
(every `%` doubled, as psycopg reads `%` everywhere once parameters are given).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=512)
def to_pyformat(sql: str) -> str:
    """`sql` with `?` outside quotes as `%s` and each `%` as `%%`; unchanged without a `?`."""
    if "?" not in sql:
        return sql
    out: list[str] = []
    quote = ""
    translated = False
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append("%s")
            translated = True
            continue
        out.append("%%" if ch == "%" else ch)
    return "".join(out) if translated else sql
