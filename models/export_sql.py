"""The SQL that formats export rows as CSV lines, so that SQLite does the work per cell.

Each line is what csv.writer (excel dialect, minimal quoting) writes for the row after
`neutralize` (unless raw), built in SQL: GLOB tests for the characters that need quoting and
for formula starts, printf for the quoting. A test holds these rules to neutralize and
csv.writer for every character.
"""

from __future__ import annotations

from collections.abc import Iterable

CSV_HEADER = (
    "annotation_id,article_id,article_title,article_source,article_author,article_date,"
    "article_url,quote,prefix,suffix,start,end,note,tags,color,created_at,updated_at,coder,"
    # added later, at the end so that the earlier columns keep their positions
    "article_memo,anchor,original_quote"
).split(",")
TAG_JOINER = "; "
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_TAGS = "__tags__"  # stands for the tag list in _COLUMNS; each query spells it its own way
# (SQL, holds text) per CSV column, in CSV_HEADER order. Every TEXT column counts as text, even
# ones the app fills itself (colour, timestamps): a library may be edited by other tools.
_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("a.id", False),
    ("ar.id", False),
    ("ar.title", True),
    ("ar.source", True),
    ("ar.author", True),
    ("ar.date", True),  # NULL when unknown
    ("ar.url", True),
    ("a.quote", True),
    ("a.prefix", True),
    ("a.suffix", True),
    ("a.start", False),
    ('a."end"', False),
    ("a.note", True),
    (_TAGS, True),
    ("a.color", True),
    ("a.created_at", True),
    ("a.updated_at", True),
    ("a.coder", True),  # columns added later go at the end, so old readers keep working
    ("ar.memo", True),
    ("a.anchor", True),
    ("a.original_quote", True),  # NULL (empty) while the annotation is exact
)
assert len(_COLUMNS) == len(CSV_HEADER)

# Tag paths in path order: SQLite feeds group_concat in the order of the subquery (the ordering
# is checked by a test, as SQLite before 3.44 has no ORDER BY inside group_concat).
_TAG_PATHS = """(SELECT {} FROM (
            SELECT t.path AS path FROM annotation_tag AS at JOIN tag AS t ON t.id = at.tag_id
            WHERE at.annotation_id = a.id ORDER BY t.path) AS tag_paths)"""
_TAG_LIST = f"group_concat(path, '{TAG_JOINER}')"

# An orphan (start NULL) comes first among its article's rows, on both backends (NULLS FIRST:
# PostgreSQL puts NULLs last by default); on SQLite the (article, start) index keeps the order
# without a sort.
_FROM = """
FROM annotation AS a JOIN article AS ar ON ar.id = a.article_id
{where}
ORDER BY a.article_id, a.start NULLS FIRST, a."end", a.id"""

# neutralize() and csv.writer's quoting (excel dialect, QUOTE_MINIMAL) in SQL. GLOB and printf
# stop at a NUL character, so the line query leaves rows holding one to csv.writer.
# A formula starts with one of _FORMULA_STARTS ('-' first: a literal in a GLOB class); a test
# holds these rules to neutralize() and csv.writer for every character.
FORMULA = "{x} GLOB '[-=+@' || char(9, 13) || ']*'"
# csv.writer quotes a cell holding a comma, double quote, LF or CR. One GLOB per character:
# SQLite scans for a single literal with strcspn; a '*[...]*' class is several times slower.
NEEDS_QUOTES = " OR ".join(
    f"{{x}} GLOB '*' || {char} || '*'" for char in ("','", "'\"'", "char(10)", "char(13)")
)
_APOSTROPHE = "''''"


def _cell_sql(x: str, raw: bool) -> str:
    """SQL for text `x` as csv.writer writes it (after neutralize unless raw); NULL stays NULL."""
    needs_quotes = NEEDS_QUOTES.format(x=x)
    if raw:
        return f"CASE WHEN {needs_quotes} THEN printf('\"%w\"', {x}) ELSE {x} END"
    formula = FORMULA.format(x=x)
    return (
        f"CASE WHEN {needs_quotes} THEN printf('\"%s%w\"', "
        f"CASE WHEN {formula} THEN {_APOSTROPHE} ELSE '' END, {x}) "
        f"WHEN {formula} THEN {_APOSTROPHE} || {x} ELSE {x} END"
    )


def rows_sql(where: str) -> str:
    """Rows as values: the tag list is '' when there are none."""
    cells = [
        f"coalesce({_TAG_PATHS.format(_TAG_LIST)}, '')" if sql == _TAGS else sql
        for sql, _text in _COLUMNS
    ]
    return "SELECT " + ",\n       ".join(cells) + _FROM.format(where=where)


def _printf(cells: list[str]) -> str:
    # printf writes NULL as an empty cell, as csv.writer writes None.
    return f"printf('{','.join(['%s'] * len(cells))}',\n    " + ",\n    ".join(cells) + ")"


def _holds_nul(columns: Iterable[str]) -> str:
    # ifnull: a NULL date would make the whole concatenation NULL and hide a NUL elsewhere.
    joined = " || ".join(f"ifnull({sql}, '')" for sql in columns)
    return f"instr({joined}, char(0))"


def lines_sql(where: str, raw: bool) -> str:
    """(CSV line without its line ending, annotation id) per row, in export order; the line is
    NULL for a row whose text holds a NUL character. `where` appears twice (numbered params).

    The article cells are formatted once per article, in a materialized CTE (CROSS JOIN keeps
    it the outer loop, so the annotations are found through their article index). The rest of
    a line is made inside the subquery over the annotation's tags: SQLite computes an
    expression each time it appears, but an aggregate (the tag list) once per subquery run.
    """
    on_article = [n for n, (sql, _text) in enumerate(_COLUMNS) if sql.startswith("ar.")]
    runs = _runs(on_article)  # each run of article cells is one formatted string
    article = [_COLUMNS[n] for n in on_article]
    own_cells = {
        n: _cell_sql(_TAG_LIST, raw) if sql == _TAGS else (_cell_sql(sql, raw) if text else sql)
        for n, (sql, text) in enumerate(_COLUMNS)
        if n not in on_article
    }
    cells: list[str] = []
    for n in range(len(_COLUMNS)):
        if n in own_cells:
            cells.append(own_cells[n])
        for i, run in enumerate(runs):
            if n == run[0]:
                cells.append(f"arts.cells{i}")
    run_cells = [
        _printf([_cell_sql(sql, raw) if text else sql for sql, text in (_COLUMNS[n] for n in run)])
        for run in runs
    ]
    article_nul = _holds_nul(sql for sql, text in article if text)
    own = [_COLUMNS[n] for n in own_cells]
    nul = _holds_nul(sql for sql, text in own if text and sql != _TAGS)
    # arts.cells0 is NULL for a NUL in the article; max() is NULL without tags, and NULL in
    # an OR is not true.
    line = (
        f"CASE WHEN arts.cells0 IS NULL OR {nul} OR max(instr(path, char(0))) THEN NULL "
        f"ELSE {_printf(cells)} END"
    )
    names = ", ".join(f"cells{i}" for i in range(len(runs)))
    formatted = ", ".join(
        f"CASE WHEN {article_nul} THEN NULL ELSE {cell} END" for cell in run_cells
    )
    return f"""WITH arts(id, {names}) AS MATERIALIZED (
    SELECT ar.id, {formatted}
    FROM article AS ar
    WHERE ar.id IN (SELECT a.article_id FROM annotation AS a {where}))
SELECT {_TAG_PATHS.format(line)}, a.id
FROM arts CROSS JOIN annotation AS a ON a.article_id = arts.id
{where}
ORDER BY a.article_id, a.start NULLS FIRST, a."end", a.id"""


def _runs(positions: list[int]) -> list[list[int]]:
    """Consecutive positions grouped: [2, 3, 4, 17] -> [[2, 3, 4], [17]]."""
    runs: list[list[int]] = []
    for n in positions:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def neutralize(value: object) -> object:
    """Make a text cell inert in a spreadsheet by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
