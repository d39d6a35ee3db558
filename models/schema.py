"""Tables. Every model is bound to the one `database` proxy."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

import peewee
from peewee import (
    AutoField,
    BareField,
    BlobField,
    CompositeKey,
    Field,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from models.binding import LibraryProxy

database = LibraryProxy()
# A row read as a tuple: its types are the selected columns', which peewee's stubs cannot know.
Row = tuple[Any, ...]


def tuples(query: Any) -> Iterator[Row]:
    """A query's rows as plain tuples (no model objects built: faster). The one place the
    ORM's untyped rows meet typed code: peewee's stubs call `.tuples()` rows model objects."""
    return cast(Iterator[Row], iter(query.tuples()))


# The SQLite module peewee connects with (pysqlite3 when it is installed, else the standard
# one). Any other connection this process opens to a library goes through it as well: two
# SQLite libraries in one process keep separate tables of open files, and closing one's
# descriptor drops the POSIX locks the other holds on the same file.
if TYPE_CHECKING:  # peewee's stubs do not name it
    driver = sqlite3
else:
    driver = peewee.sqlite3


def utc_now() -> str:
    """Timestamps are stored as ISO 8601 UTC text, exactly as exported."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = IntegerField()


class Article(BaseModel):
    id = AutoField()
    title = TextField(default="")
    source = TextField(default="")
    author = TextField(default="")
    date = TextField(null=True)  # YYYY-MM-DD, or NULL when unknown
    url = TextField(default="")
    text = TextField()  # canonical text: the one thing annotation offsets refer to
    structure = TextField()  # JSON: paragraph kinds and inline marks as canonical offsets
    # The source file (or row) exactly as read. Not `raw`, which is peewee's Model.raw(); the
    # column keeps its name, so no migration.
    original = BlobField(column_name="raw")
    format = TextField()  # importer name
    origin_path = TextField(default="")
    content_hash = TextField(unique=True)
    word_count = IntegerField(default=0)
    imported_at = TextField(default=utc_now)
    read_at = TextField(null=True)
    section = TextField(default="")  # as the news database names it ("News; Pg. 3")
    reported_words = IntegerField(null=True)  # the database's own word count
    document_id = TextField(null=True)  # "factiva:…": unique where given (duplicates)
    memo = TextField(default="")  # the researcher's note on the whole article


class Tag(BaseModel):
    id = AutoField()
    path = TextField(unique=True)  # "Actors/Russia": the slash makes the hierarchy
    color = TextField(default="grey")
    description = TextField(default="")


class Annotation(BaseModel):
    id = AutoField()
    # No single-column index: the (article, start) index below serves lookups by article.
    article = ForeignKeyField(Article, backref="annotations", on_delete="CASCADE", index=False)
    article_id: int  # the key itself, without a query (peewee makes it; its stubs do not know)
    start = IntegerField(null=True)  # code points into Article.text; NULL for an orphan
    end = IntegerField(null=True)
    quote = TextField()
    prefix = TextField(default="")
    suffix = TextField(default="")
    note = TextField(default="")
    color = TextField(default="yellow")
    created_at = TextField(default=utc_now)
    updated_at = TextField(default=utc_now)
    # Who made it (models.coders); indexed NOCASE for coder:NAME.
    coder = TextField(default="unknown")
    anchor = TextField(default="exact")  # exact | fuzzy | orphaned (after a text update)
    original_quote = TextField(null=True)  # the quote before a non-exact re-anchoring

    class Meta:
        indexes = ((("article", "start"), False),)


class AnnotationTag(BaseModel):
    annotation = ForeignKeyField(Annotation, on_delete="CASCADE")
    tag = ForeignKeyField(Tag, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("annotation", "tag")


class SavedSearch(BaseModel):
    id = AutoField()
    name = TextField(unique=True)
    query = TextField()
    created_at = TextField(default=utc_now)


class ArticleTag(BaseModel):
    """Article-level codes, e.g. include/exclude while screening a corpus."""

    article = ForeignKeyField(Article, on_delete="CASCADE")
    tag = ForeignKeyField(Tag, on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("article", "tag")


class OutletAlias(BaseModel):
    """One spelling of an outlet (a domain, a site name) and the outlet's one name."""

    spelling = TextField(column_name="alias", primary_key=True, collation="NOCASE")
    canonical = TextField()


class AttributeValueField(BareField):
    """No declared type on SQLite (models.migrations V9: numbers stay numbers); a server
    library's backend names the type it stores (models.backend_pg: jsonb, which keeps a
    number a number) and how a value is written there (`attribute_value`). Values read
    come back as Python's int, float or str from either (psycopg loads jsonb itself)."""

    field_type = "ATTRIBUTE_VALUE"
    ddl_datatype = Field.ddl_datatype

    def db_value(self, value: Any) -> Any:
        convert = getattr(database.obj, "attribute_value", None)
        return value if convert is None or value is None else convert(value)


class ArticleAttribute(BaseModel):
    """A user-defined variable of an article (country, genre, wave): text or a number."""

    article = ForeignKeyField(Article, on_delete="CASCADE", index=False)
    name = TextField()
    value = AttributeValueField()

    class Meta:
        primary_key = CompositeKey("article", "name")


class ChangeLog(BaseModel):
    """One annotation, codebook, article-tag or article write, recorded in the write's
    transaction so that other windows on the library can pick up exactly what changed
    (models.changes). A server library creates it from this model (keep it in MODELS)."""

    id = AutoField()
    kind = TextField()  # annotation | codebook | article_tags | article
    action = TextField(default="")  # insert | update | delete; an article's also edit
    article_id = IntegerField(null=True)
    annotation_id = IntegerField(null=True)
    coder = TextField(default="")
    origin = TextField(default="")  # which window (or process) wrote it: its own are skipped
    at = TextField(default=utc_now)


class IdHighWater(BaseModel):
    """The highest id ever given, by table name (models.migrations V7, models.annotating)."""

    name = TextField(primary_key=True)
    value = IntegerField()


# Every table, in an order that creates the referenced before the referencing.
MODELS = [
    SchemaVersion,
    Article,
    Tag,
    Annotation,
    AnnotationTag,
    SavedSearch,
    ArticleTag,
    OutletAlias,
    ArticleAttribute,
    IdHighWater,
    ChangeLog,
]
