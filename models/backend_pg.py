"""A team library on a PostgreSQL server (psycopg 3, loaded only when a URL is opened).

The schema comes from the model classes (peewee's create_tables), plus what only PostgreSQL
needs: a `nocase` collation (SQLite's NOCASE, which the models and queries name), group_concat,
the indexes the article list sorts by, and the search index (models.search_pg); an import's
side in models.import_pg.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from decimal import Decimal
from typing import Any

from peewee import DatabaseError, PostgresqlDatabase, Psycopg3Adapter

from models import migrations, search_rank_pg
from models.backend import session_setting
from models.errors import BUSY_TIMEOUT_MS, LibraryError, LibraryTooNew
from models.import_pg import ServerImports
from models.paths import display_location
from models.schema import MODELS, Row, SchemaVersion, database
from models.schema_pg import (
    ATTRIBUTE_COLUMN_TYPE,
    EXTRAS_AFTER,
    EXTRAS_BEFORE,
    SORT_INDEXES,
    SORT_INDEXES_MISSING,
    TEXT_COMPRESSION,
    TEXT_COMPRESSION_UNSET,
    TEXT_DOMAIN,
    TYPED_ATTRIBUTES,
)
from models.search_pg import ServerSearch
from models.sql_params import numbered_params, to_pyformat

_driver: Any = None
_WRITE_LOCK = 741_777  # the advisory lock a writing transaction holds (any number, Gloss's)
# How long a write waits for another's lock before it gives up (SQLite's busy_timeout).
_WAIT_FOR_LOCKS = f"SET lock_timeout = {BUSY_TIMEOUT_MS}"


def load_driver() -> Any:
    """psycopg, with the cursor and connection Gloss uses: `?` placeholders, client-side
    binding (parameters typed by context, as SQLite does) and sqlite3's executemany."""
    global _driver
    if _driver is not None:
        return _driver
    import psycopg
    from psycopg.pq import TransactionStatus

    def converted(connection: Any, query: Any, params: Any) -> tuple[Any, Any]:
        """`?` placeholders as psycopg's, the statement traced (tests listen)."""
        if isinstance(query, str):
            query, numbered = to_pyformat(query)
            if numbered:
                params = numbered_params(params)
        trace = getattr(connection, "trace", None)
        if trace is not None:
            trace(str(query))
        return query, params

    class Cursor(psycopg.ClientCursor):
        def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
            query, params = converted(self.connection, query, params)
            with _errors():
                return super().execute(query, params or None, **options)

        def executemany(self, query: Any, params_seq: Any, **options: Any) -> None:
            with _errors():
                super().executemany(to_pyformat(query)[0], params_seq, **options)

    class PreparedCursor(psycopg.Cursor):
        """Server-side binding, each statement prepared (parsed and planned once a
        connection: ServerLibrary.run_prepared); `?` placeholders as Cursor's."""

        def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
            query, params = converted(self.connection, query, params)
            with _errors():
                return super().execute(query, params, prepare=True)

    class Connection(psycopg.Connection):
        trace: Any = None  # sqlite3's set_trace_callback: hears each statement (tests)

        def set_trace_callback(self, callback: Any) -> None:
            self.trace = callback

        def executemany(self, query: str, rows: Any) -> Any:
            cursor = self.cursor()
            cursor.executemany(query, rows)
            return cursor

        @property
        def in_transaction(self) -> bool:
            return self.info.transaction_status != TransactionStatus.IDLE

    _LazyAdapter.txn_idle = TransactionStatus.IDLE
    _LazyAdapter.txn_inerror = TransactionStatus.INERROR
    _LazyAdapter.txn_unknown = TransactionStatus.UNKNOWN
    _driver = psycopg
    _driver.GlossConnection, _driver.GlossCursor = Connection, Cursor
    _driver.GlossPreparedCursor = PreparedCursor
    return _driver


@contextmanager
def _errors() -> Iterator[None]:
    """psycopg's errors as peewee's (what models/ catches), also from the bare connection."""
    import peewee

    with getattr(peewee, "__exception_wrapper__"):  # noqa: B009  (not in peewee's stubs)
        yield


class _LazyAdapter(Psycopg3Adapter):
    def check_driver(self) -> None:
        load_driver()

    def get_binary_type(self) -> Any:
        return load_driver().Binary

    def connect(self, db: Any, **params: Any) -> Any:
        driver = load_driver()
        conn = driver.GlossConnection.connect(
            db.database,
            cursor_factory=driver.GlossCursor,
            connect_timeout=10,
            autocommit=True,  # peewee's BEGIN starts each transaction
            **params,
        )
        conn.execute(_WAIT_FOR_LOCKS)
        conn.execute("SET jit = off")  # compiling costs more than a Gloss query saves
        # The statements Gloss prepares (a search's: run_prepared) plan alike whatever their
        # parameters (the query's words come through functions and MATERIALIZED CTEs the
        # planner cannot see into): planned once, not again on each run (~0.9 ms a page; the
        # default kept choosing a custom plan, the generic one looking costlier).
        conn.execute("SET plan_cache_mode = force_generic_plan")
        return conn


class ServerLibrary(ServerImports, ServerSearch, PostgresqlDatabase):
    """The library's PostgreSQL database; `location` is its URL without the password."""

    is_server = True

    def __init__(self, url: str) -> None:
        # gloss_text: text in code point order (SQLite's BINARY), whatever the server's locale.
        types = {"ATTRIBUTE_VALUE": "JSONB", "TEXT": "gloss_text"}
        super().__init__(url, field_types=types)
        self._adapter = _LazyAdapter()
        self.location = display_location(url)
        self.read_only = ""  # the server decides; a refused write says why
        self.library_path = None

    def prepare(self, upgrade: bool) -> None:
        """Create the schema in an empty database; refuse another program's database, a newer
        schema, or an older one without `upgrade` (the user's word that a dump was taken)."""
        with self.atomic():  # the write lock (begin): two first opens create the schema once
            if not self.table_exists(SchemaVersion._meta.table_name):
                if self.get_tables():
                    raise LibraryError(
                        f"{self.location}: not a Gloss library (a database with other tables)"
                    )
                self._create_schema()
                return
            row = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
            current, latest = (row.version if row else 0), max(migrations.MIGRATIONS)
            if current > latest:
                raise LibraryTooNew(
                    f"{self.location}: this library was written by a newer Gloss (schema "
                    f"{current}; this version reads up to {latest}); update Gloss to open it"
                )
            no_postings = database.execute_sql(search_rank_pg.MISSING).fetchone()[0]
            if current < latest:
                if not upgrade:
                    raise LibraryError(
                        f"{self.location}: this library needs an upgrade (schema {current} to "
                        f"{latest}); take a dump first (pg_dump), then run Gloss with --yes"
                    )
                self._add_missing(latest)
            self._type_attribute_values()
            if database.execute_sql(SORT_INDEXES_MISSING).fetchone()[0]:  # made before them
                for statement in SORT_INDEXES:
                    database.execute_sql(statement)
            if database.execute_sql(TEXT_COMPRESSION_UNSET).fetchone()[0]:  # made before it
                database.execute_sql(TEXT_COMPRESSION)
            if not no_postings:  # what an import dropped and never built (or builds now)
                self._build_deferred_indexes()
            if no_postings:  # a library made before the ranking's postings
                search_rank_pg.add_postings()
        if no_postings:  # committed: their pages marked all-visible (index-only reads)
            database.execute_sql(search_rank_pg.VACUUM_POSTINGS)

    def _type_attribute_values(self) -> None:
        """A library made while variables were text on PostgreSQL (before jsonb): its values
        become jsonb, a number written as one a number again, in this transaction."""
        row = database.execute_sql(ATTRIBUTE_COLUMN_TYPE).fetchone()
        if row is not None and row[0] == "text":
            for statement in TYPED_ATTRIBUTES:
                database.execute_sql(statement)

    def _create_schema(self) -> None:
        for statement in EXTRAS_BEFORE:
            database.execute_sql(statement)
        self.create_tables(MODELS)
        self._add_missing(max(migrations.MIGRATIONS))
        seeds = next(s for s in migrations.statements(migrations.V7) if "'bbc.co.uk'" in s)
        database.execute_sql(seeds)
        database.execute_sql("INSERT INTO id_high_water (name, value) VALUES ('annotation', 0)")

    def _add_missing(self, latest: int) -> None:
        """What the models have and the database lacks (tables, columns, defaults), then the
        extras; the schema is then at version `latest`. A column a later model adds comes
        from its field here: no hand-written server schema to fall behind the models."""
        from playhouse.migrate import PostgresqlMigrator, migrate  # type: ignore[import-untyped]

        database.execute_sql(TEXT_DOMAIN)  # a library made before it names no gloss_text
        self.create_tables(MODELS, safe=True)
        migrator = PostgresqlMigrator(self)
        for model in MODELS:
            have = {c.name for c in self.get_columns(model._meta.table_name)}
            for field in model._meta.sorted_fields:
                if field.column_name not in have:
                    migrate(migrator.add_column(model._meta.table_name, field.column_name, field))
        self._column_defaults()
        for statement in EXTRAS_AFTER:
            database.execute_sql(statement)
        SchemaVersion.delete().execute()
        SchemaVersion.create(version=latest)

    def _column_defaults(self) -> None:
        """The models' constant defaults as the columns' own (SQLite's tables have them from
        the migrations), so that plain INSERTs naming fewer columns work the same."""
        for model in MODELS:
            for field in model._meta.sorted_fields:
                if field.default is not None and not callable(field.default):
                    database.execute_sql(
                        f'ALTER TABLE "{model._meta.table_name}" '
                        f'ALTER COLUMN "{field.column_name}" SET DEFAULT ?',
                        (field.db_value(field.default),),
                    )

    def nul_in(self, column: str) -> str:
        return "0"  # PostgreSQL's text holds no NUL

    def text_order(self, column: str) -> str:
        # lower() under the C collation folds ASCII letters only, as SQLite's NOCASE does (the
        # nocase collation is ICU's: `_a` before `1a`, `Ärzte` before `Beta`).
        return f'lower({column} COLLATE "C")'

    # Article variables: jsonb keeps a number a number (SQLite's untyped column does too).
    def attribute_value(self, value: int | float | str) -> object:
        return json_scalar(value)

    def attribute_equals(self, value: int | float | str) -> tuple[str, object]:
        if isinstance(value, str):  # the nocase collation applies to text, not to jsonb
            return "jsonb_typeof(value) = 'string' AND value #>> '{}' = ? COLLATE nocase", value
        return "value = CAST(? AS jsonb)", json_scalar(value)  # 2 = 2.0, as numbers

    def run_prepared(self, sql: str, params: Sequence[object]) -> list[Row]:
        """On a cursor that binds on the server (prepare=True: psycopg keeps the last 100
        statements prepared a connection): a search's ranking statement is long, and parsing
        and planning it each time cost ~1 ms of a page's few."""
        cursor = load_driver().GlossPreparedCursor(PostgresqlDatabase.connection(self))
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def run_pipelined(
        self, first: str, second: str, params: Sequence[object]
    ) -> tuple[list[Row], list[Row]]:
        """Two prepared statements (the first without parameters) sent at once, in one
        round trip: psycopg's pipeline mode."""
        conn = PostgresqlDatabase.connection(self)
        driver = load_driver()
        one, two = driver.GlossPreparedCursor(conn), driver.GlossPreparedCursor(conn)
        try:
            with _errors(), conn.pipeline():
                one.execute(first, [])
                two.execute(second, params)
            return list(one.fetchall()), list(two.fetchall())
        finally:
            one.close()
            two.close()

    def insert_articles(
        self, columns: list[str], rows: list[tuple[object, ...]]
    ) -> list[int | None]:
        """The rows sent at once (psycopg's pipeline: one round trip, not one an article), each
        INSERT prepared once (parsed and planned once, not for each article's literal text),
        its parameters bound on the server (the raw bytes as they are, not escaped)."""
        marks = ", ".join(
            "CAST(%s AS tsvector)" if column == "search_vector" else "%s" for column in columns
        )
        insert = (
            f"INSERT INTO article ({', '.join(columns)}) VALUES ({marks}) "
            "ON CONFLICT DO NOTHING RETURNING id"
        )
        cursor = load_driver().Cursor(PostgresqlDatabase.connection(self))
        try:
            with _errors():
                cursor.executemany(insert, rows, returning=True)
            ids: list[int | None] = []
            while True:
                row = cursor.fetchone()
                ids.append(None if row is None else int(row[0]))
                if not cursor.nextset():
                    return ids
        finally:
            cursor.close()

    ordered_join = "JOIN"  # the planner chooses
    like = "ILIKE"  # SQLite's LIKE ignores case; PostgreSQL's does not
    formats_csv = False  # no printf: csv.writer writes the lines (models.export)

    # --- the write lock: one writing transaction at a time, as on SQLite (IMMEDIATE), so the
    # read-then-write steps in models/ (a new tag, the next annotation id) need no retries.

    def begin(self, isolation_level: Any = None) -> None:
        super().begin(isolation_level)
        try:
            database.execute_sql("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK,))
        except DatabaseError:
            self.rollback()  # nothing was done yet; the transaction must not stay open
            raise

    def _run_aside(self, statement: str, params: Sequence[object] = ()) -> Callable[[], None]:
        """`statement` run on a connection of its own, in a thread (psycopg lets go of the
        GIL while the server works); the function returned waits for it and raises its
        error, as peewee's. A server that refuses another connection (its limit reached)
        gets the statement on this one, at once."""
        try:
            connection = self._adapter.connect(self, **self.connect_params)
        except load_driver().OperationalError:
            database.execute_sql(statement, params)
            return lambda: None
        failed: list[BaseException] = []

        def run() -> None:
            try:
                connection.execute(statement, params)
            except BaseException as exc:  # handed to the waiting thread
                failed.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=run, name="gloss-aside", daemon=True)
        thread.start()

        def wait() -> None:
            thread.join()
            if failed:
                with _errors():
                    raise failed[0]

        return wait

    def no_waiting(self) -> AbstractContextManager[None]:
        """Writes fail at once when a row they need is locked (the window hands them on)."""
        return session_setting("SET lock_timeout = '1ms'", _WAIT_FOR_LOCKS)


def json_scalar(value: int | float | str) -> str:
    """A variable's value as JSON text for a jsonb column. A float is written out in full with
    a decimal point: jsonb keeps the digits it is given, and 1e+20 would come back an int."""
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return text if "." in text else f"{text}.0"
    return json.dumps(value)


def connect_error(url: str, exc: DatabaseError) -> LibraryError:
    """A failed connection as one line naming the server, never its password."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    reason = re.sub(r"password=\S+", "password=***", reason)
    return LibraryError(f"{display_location(url)}: cannot open the library ({reason})")
