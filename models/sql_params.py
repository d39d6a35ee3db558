"""SQL written once for both backends: `?` placeholders (SQLite's) turned into psycopg's `%s`.

Raw statements in models/ use `?`; peewee writes `%s` itself for PostgreSQL and never a `?`
outside a quoted literal, so a statement with a bare `?` is one of ours and is translated
(every `%` doubled, as psycopg reads `%` everywhere once parameters are given).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=512)
def to_pyformat(sql: str) -> tuple[str, bool]:
    """`sql` with `?` outside quotes as `%s` (a numbered `?N` as `%(pN)s`) and each `%` as
    `%%`; unchanged without a `?`. Also whether the placeholders were numbered (then the
    parameters go as {"p1": first, …}: `numbered_params`)."""
    if "?" not in sql:
        return sql, False
    out: list[str] = []
    quote = ""
    translated = numbered = False
    index, size = 0, len(sql)
    while index < size:
        ch = sql[index]
        index += 1
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            digits = ""
            while index < size and sql[index].isdigit():
                digits += sql[index]
                index += 1
            out.append(f"%(p{digits})s" if digits else "%s")
            translated = True
            numbered = numbered or bool(digits)
            continue
        out.append("%%" if ch == "%" else ch)
    return ("".join(out), numbered) if translated else (sql, False)


def numbered_params(params: Sequence[object]) -> dict[str, object]:
    """Positional parameters for `?1`, `?2`, … as psycopg's named ones."""
    return {f"p{n}": value for n, value in enumerate(params, 1)}
