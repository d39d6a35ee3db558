"""Schema migrations, as frozen SQL: a migration must not change when the models do.

MIGRATIONS[N] takes a library from version N-1 to N. `models.db` runs each in one transaction
together with its version bump, after backing the file up.
"""

from __future__ import annotations

import sqlite3

V1 = """
CREATE TABLE "schema_version" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL);
CREATE TABLE "article" (
    "id" INTEGER NOT NULL PRIMARY KEY, "title" TEXT NOT NULL, "source" TEXT NOT NULL,
    "author" TEXT NOT NULL, "date" TEXT, "url" TEXT NOT NULL, "text" TEXT NOT NULL,
    "structure" TEXT NOT NULL, "raw" BLOB NOT NULL, "format" TEXT NOT NULL,
    "origin_path" TEXT NOT NULL, "content_hash" TEXT NOT NULL, "word_count" INTEGER NOT NULL,
    "imported_at" TEXT NOT NULL, "read_at" TEXT);
CREATE UNIQUE INDEX "article_content_hash" ON "article" ("content_hash");
CREATE TABLE "tag" (
    "id" INTEGER NOT NULL PRIMARY KEY, "path" TEXT NOT NULL, "color" TEXT NOT NULL,
    "description" TEXT NOT NULL);
CREATE UNIQUE INDEX "tag_path" ON "tag" ("path");
CREATE TABLE "annotation" (
    "id" INTEGER NOT NULL PRIMARY KEY, "article_id" INTEGER NOT NULL, "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL, "quote" TEXT NOT NULL, "prefix" TEXT NOT NULL,
    "suffix" TEXT NOT NULL, "note" TEXT NOT NULL, "color" TEXT NOT NULL,
    "created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL,
    FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE CASCADE);
CREATE INDEX "annotation_article_id_start" ON "annotation" ("article_id", "start");
CREATE TABLE "annotation_tag" (
    "annotation_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL,
    PRIMARY KEY ("annotation_id", "tag_id"),
    FOREIGN KEY ("annotation_id") REFERENCES "annotation" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "annotation_tag_tag_id" ON "annotation_tag" ("tag_id");
"""

# The annotation index's triggers: made in V2, made again on the table V5 rebuilds.
_ANNOTATION_TRIGGERS = """\
CREATE TRIGGER "annotation_fts_insert" AFTER INSERT ON "annotation" BEGIN
    INSERT INTO "annotation_fts"(rowid, quote, note) VALUES (new.id, new.quote, new.note);
END;
CREATE TRIGGER "annotation_fts_delete" AFTER DELETE ON "annotation" BEGIN
    INSERT INTO "annotation_fts"("annotation_fts", rowid, quote, note)
    VALUES ('delete', old.id, old.quote, old.note);
END;
CREATE TRIGGER "annotation_fts_update" AFTER UPDATE OF quote, note ON "annotation" BEGIN
    INSERT INTO "annotation_fts"("annotation_fts", rowid, quote, note)
    VALUES ('delete', old.id, old.quote, old.note);
    INSERT INTO "annotation_fts"(rowid, quote, note) VALUES (new.id, new.quote, new.note);
END;
"""

# Full-text search (external-content FTS5 kept in step by triggers), saved searches,
# article-level tags, and the indexes the article list sorts by.
V2 = f"""
CREATE VIRTUAL TABLE "article_fts" USING fts5(
    title, text, content='article', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
INSERT INTO "article_fts"(rowid, title, text) SELECT id, title, text FROM "article";
CREATE TRIGGER "article_fts_insert" AFTER INSERT ON "article" BEGIN
    INSERT INTO "article_fts"(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER "article_fts_delete" AFTER DELETE ON "article" BEGIN
    INSERT INTO "article_fts"("article_fts", rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER "article_fts_update" AFTER UPDATE OF title, text ON "article" BEGIN
    INSERT INTO "article_fts"("article_fts", rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO "article_fts"(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE VIRTUAL TABLE "annotation_fts" USING fts5(
    quote, note, content='annotation', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
INSERT INTO "annotation_fts"(rowid, quote, note) SELECT id, quote, note FROM "annotation";
{_ANNOTATION_TRIGGERS}CREATE TABLE "saved_search" (
    "id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "query" TEXT NOT NULL,
    "created_at" TEXT NOT NULL);
CREATE UNIQUE INDEX "saved_search_name" ON "saved_search" ("name");
CREATE TABLE "article_tag" (
    "article_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL,
    PRIMARY KEY ("article_id", "tag_id"),
    FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "article_tag_tag_id" ON "article_tag" ("tag_id");
CREATE INDEX "article_date" ON "article" ("date");
CREATE INDEX "article_title_nocase" ON "article" ("title" COLLATE NOCASE);
CREATE INDEX "article_source_nocase" ON "article" ("source" COLLATE NOCASE);
"""

# An import marks its open transaction in fts_deferred and indexes the articles it inserted in
# one pass before committing (row by row, the trigger cost more than all the other writing).
# No other connection can see the mark: it is written and removed inside that transaction.
V3 = """
CREATE TABLE "fts_deferred" ("id" INTEGER NOT NULL PRIMARY KEY);
DROP TRIGGER "article_fts_insert";
CREATE TRIGGER "article_fts_insert" AFTER INSERT ON "article"
WHEN NOT EXISTS (SELECT 1 FROM "fts_deferred") BEGIN
    INSERT INTO "article_fts"(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""

# FTS5 buffers an import's new index entries in memory up to 'hashsize' before it writes a
# segment; 64 MB instead of 1 MB means fewer, larger segments and ~20% faster bulk writes.
# The buffer only fills inside a big write transaction (an import); a highlight uses bytes.
V4 = """
INSERT INTO "article_fts"("article_fts", rank) VALUES ('hashsize', 67108864);
"""

# What news databases (Factiva, Nexis) say about a document beyond outlet, date and author:
# its section, the word count they report, and their document id. The id is unique where
# given, so importing the same download twice finds the duplicates even when the text was
# rendered slightly differently (another export format, search hits marked).
V5 = """
ALTER TABLE "article" ADD COLUMN "section" TEXT NOT NULL DEFAULT '';
ALTER TABLE "article" ADD COLUMN "reported_words" INTEGER;
ALTER TABLE "article" ADD COLUMN "document_id" TEXT;
CREATE UNIQUE INDEX "article_document_id" ON "article" ("document_id")
WHERE "document_id" IS NOT NULL;
"""

# Every annotation records its coder (team coding, inter-coder agreement). Annotations from
# before get :legacy_coder, the window's coder or 'unknown' (models.coders.legacy_coder).
V6 = """
ALTER TABLE "annotation" ADD COLUMN "coder" TEXT NOT NULL DEFAULT 'unknown';
UPDATE "annotation" SET "coder" = :legacy_coder;
CREATE INDEX "annotation_coder" ON "annotation" ("coder" COLLATE NOCASE);
"""

# Managing the library, in one step:
# - id_high_water: the highest annotation id ever given, so that a new highlight never takes the
#   id of one deleted or undone (exports and notes elsewhere may cite it). Without AUTOINCREMENT
#   SQLite gives max(id) + 1, and rebuilding the table for it would copy every row.
# - article.memo: a note on the whole article, searched in its own index (so the article index
#   and its ranking stay as they were), kept in step by triggers so that it always holds every
#   row of its content table (FTS5's integrity-check wants that); columnsize=0: no per-row size
#   record, so an import's empty memos cost next to nothing.
# - outlet_alias: "BBC" and "bbc.co.uk" are one outlet. The table (editable, seeded with the
#   domains of common outlets) maps a spelling to the outlet's one name; imports consult it and
#   add what they learn. Existing articles are renamed by it here, so filters and counts see
#   one outlet once.
V7 = """
CREATE TABLE "id_high_water" ("name" TEXT NOT NULL PRIMARY KEY, "value" INTEGER NOT NULL);
INSERT INTO "id_high_water" ("name", "value")
SELECT 'annotation', coalesce(max("id"), 0) FROM "annotation";
ALTER TABLE "article" ADD COLUMN "memo" TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE "memo_fts" USING fts5(
    memo, content='article', content_rowid='id', columnsize=0,
    tokenize='unicode61 remove_diacritics 2');
INSERT INTO "memo_fts"("memo_fts") VALUES ('rebuild');
CREATE TRIGGER "memo_fts_insert" AFTER INSERT ON "article" BEGIN
    INSERT INTO "memo_fts"(rowid, memo) VALUES (new.id, new.memo);
END;
CREATE TRIGGER "memo_fts_delete" AFTER DELETE ON "article" BEGIN
    INSERT INTO "memo_fts"("memo_fts", rowid, memo) VALUES ('delete', old.id, old.memo);
END;
CREATE TRIGGER "memo_fts_update" AFTER UPDATE OF memo ON "article" BEGIN
    INSERT INTO "memo_fts"("memo_fts", rowid, memo) VALUES ('delete', old.id, old.memo);
    INSERT INTO "memo_fts"(rowid, memo) VALUES (new.id, new.memo);
END;
CREATE TABLE "outlet_alias" (
    "alias" TEXT NOT NULL PRIMARY KEY COLLATE NOCASE, "canonical" TEXT NOT NULL);
INSERT INTO "outlet_alias" ("alias", "canonical") VALUES
    ('bbc.co.uk', 'BBC'),
    ('bbc.com', 'BBC'),
    ('aljazeera.com', 'Al Jazeera'),
    ('aljazeera.net', 'Al Jazeera'),
    ('cnn.com', 'CNN'),
    ('edition.cnn.com', 'CNN'),
    ('theguardian.com', 'The Guardian'),
    ('guardian.co.uk', 'The Guardian'),
    ('nytimes.com', 'The New York Times'),
    ('reuters.com', 'Reuters'),
    ('dw.com', 'DW'),
    ('rte.ie', 'RTÉ'),
    ('tass.com', 'TASS'),
    ('abcnews.go.com', 'ABC News'),
    ('huffingtonpost.com', 'HuffPost'),
    ('huffpost.com', 'HuffPost'),
    ('washingtonpost.com', 'The Washington Post'),
    ('chinadaily.com.cn', 'China Daily'),
    ('europe.chinadaily.com.cn', 'China Daily'),
    ('apnews.com', 'AP'),
    ('ft.com', 'Financial Times'),
    ('foxnews.com', 'Fox News'),
    ('npr.org', 'NPR'),
    ('lemonde.fr', 'Le Monde'),
    ('spiegel.de', 'Der Spiegel'),
    ('independent.co.uk', 'The Independent'),
    ('telegraph.co.uk', 'The Telegraph'),
    ('wsj.com', 'The Wall Street Journal');
UPDATE "article" SET "source" = (
    SELECT "canonical" FROM "outlet_alias" WHERE "alias" = "article"."source" COLLATE NOCASE)
WHERE EXISTS (
    SELECT 1 FROM "outlet_alias" WHERE "alias" = "article"."source" COLLATE NOCASE);
"""

# Re-anchoring (issue 15): an annotation is exact, fuzzy (placed on changed text, to review) or
# orphaned (its passage is gone: start and end NULL, the quote kept); original_quote keeps what
# was highlighted before a non-exact placement. SQLite cannot drop NOT NULL in place, so the
# table is rebuilt. Dropping the old table cascades to annotation_tag (foreign keys stay on
# inside a transaction), so its rows are kept aside and put back; the search triggers go first
# so that the drop leaves the annotation index alone, and come back on the new table.
V8 = f"""
DROP TRIGGER "annotation_fts_insert";
DROP TRIGGER "annotation_fts_delete";
DROP TRIGGER "annotation_fts_update";
CREATE TABLE "annotation_new" (
    "id" INTEGER NOT NULL PRIMARY KEY, "article_id" INTEGER NOT NULL, "start" INTEGER,
    "end" INTEGER, "quote" TEXT NOT NULL, "prefix" TEXT NOT NULL,
    "suffix" TEXT NOT NULL, "note" TEXT NOT NULL, "color" TEXT NOT NULL,
    "created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL,
    "coder" TEXT NOT NULL DEFAULT 'unknown',
    "anchor" TEXT NOT NULL DEFAULT 'exact', "original_quote" TEXT,
    FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE CASCADE);
INSERT INTO "annotation_new" (
    "id", "article_id", "start", "end", "quote", "prefix", "suffix", "note", "color",
    "created_at", "updated_at", "coder")
SELECT "id", "article_id", "start", "end", "quote", "prefix", "suffix", "note", "color",
    "created_at", "updated_at", "coder" FROM "annotation";
CREATE TABLE "annotation_tag_kept" AS SELECT "annotation_id", "tag_id" FROM "annotation_tag";
DROP TABLE "annotation";
ALTER TABLE "annotation_new" RENAME TO "annotation";
INSERT INTO "annotation_tag" ("annotation_id", "tag_id")
SELECT "annotation_id", "tag_id" FROM "annotation_tag_kept";
DROP TABLE "annotation_tag_kept";
CREATE INDEX "annotation_article_id_start" ON "annotation" ("article_id", "start");
CREATE INDEX "annotation_coder" ON "annotation" ("coder" COLLATE NOCASE);
{_ANNOTATION_TRIGGERS}"""

# Article variables (country, genre, wave …) the researcher defines, one value per name. The
# value column has no declared type, so a number stays a number (crosstabs, sorting) and text
# stays text. The (name, value) index serves attr:NAME=VALUE searches and attr: crosstabs.
V9 = """
CREATE TABLE "article_attribute" (
    "article_id" INTEGER NOT NULL, "name" TEXT NOT NULL, "value" NOT NULL,
    PRIMARY KEY ("article_id", "name"),
    FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE CASCADE);
CREATE INDEX "article_attribute_name_value" ON "article_attribute" ("name", "value");
"""

# Several people at once (issue 19): every annotation, codebook and article-tag write also
# records a row here in its own transaction; each window asks for the rows after the last one it
# saw (on PostgreSQL woken by NOTIFY) and re-reads only what they name. Plain SQL that any
# backend runs; rows older than a week are pruned (models.changes).
V10 = """
CREATE TABLE "change_log" (
    "id" INTEGER NOT NULL PRIMARY KEY, "kind" TEXT NOT NULL, "action" TEXT NOT NULL,
    "article_id" INTEGER, "annotation_id" INTEGER, "coder" TEXT NOT NULL,
    "origin" TEXT NOT NULL, "at" TEXT NOT NULL);
"""

MIGRATIONS: dict[int, str] = {
    1: V1,
    2: V2,
    3: V3,
    4: V4,
    5: V5,
    6: V6,
    7: V7,
    8: V8,
    9: V9,
    10: V10,
}


def statements(script: str) -> list[str]:
    """Split a migration script into complete statements (trigger bodies hold ';' too)."""
    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete statement in migration: {pending.strip()[:60]}")
    return found
