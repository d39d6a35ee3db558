"""Schema migrations, as frozen SQL: a migration must not change when the models do.

MIGRATIONS[N] takes a library from version N-1 to N. `models.db` runs each in one transaction
together with its version bump, after backing the file up.
"""

from __future__ import annotations

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

MIGRATIONS: dict[int, str] = {1: V1}


def statements(script: str) -> list[str]:
    """Split a migration script into statements (our scripts hold no ';' inside literals)."""
    return [part.strip() for part in script.split(";") if part.strip()]
