"""The parts of a server library's schema that its model classes do not make: the text
domain and `nocase` collation before the tables; LZ4 texts, the list's sort indexes, typed
variables, the search vectors, their indexes and postings after (models.backend_pg runs them)."""

from __future__ import annotations

from models import search_rank_pg
from models.search_pg import GIN_INDEXES, gin_index

# A text column's type: its own COLLATE (nocase) still wins where a field names one.
TEXT_DOMAIN = (
    "DO $$ BEGIN IF to_regtype('gloss_text') IS NULL THEN "
    'CREATE DOMAIN gloss_text AS text COLLATE "C"; END IF; END $$'
)
# Before the tables: what their definitions name.
EXTRAS_BEFORE = (
    TEXT_DOMAIN,
    # SQLite's NOCASE: equal ignoring case (ICU, level 2).
    "CREATE COLLATION IF NOT EXISTS nocase "
    "(provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
    "CREATE OR REPLACE FUNCTION gloss_concat_step(acc text, value anyelement, sep text) "
    "RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN value IS NULL THEN acc "
    "WHEN acc IS NULL THEN value::text ELSE acc || sep || value::text END $$",
    "CREATE OR REPLACE FUNCTION gloss_concat_step(acc text, value anyelement) "
    "RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT gloss_concat_step(acc, value, ',') $$",
    "CREATE OR REPLACE AGGREGATE group_concat(anyelement, text) "
    "(SFUNC = gloss_concat_step, STYPE = text)",
    "CREATE OR REPLACE AGGREGATE group_concat(anyelement) "
    "(SFUNC = gloss_concat_step, STYPE = text)",
    # SQLite's JSON functions as models/ uses them: a JSON array of values, and its elements.
    "CREATE OR REPLACE FUNCTION gloss_json_text(anyarray) RETURNS text LANGUAGE sql "
    "IMMUTABLE AS $$ SELECT array_to_json($1)::text $$",
    "CREATE OR REPLACE FUNCTION gloss_json_step(anyarray, anyelement) RETURNS anyarray "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT $1 || $2 $$",
    "CREATE OR REPLACE AGGREGATE json_group_array(anyelement) (SFUNC = gloss_json_step, "
    "STYPE = anyarray, FINALFUNC = gloss_json_text, INITCOND = '{}')",
    "CREATE OR REPLACE FUNCTION json_each(text) RETURNS TABLE (value text) LANGUAGE sql "
    "IMMUTABLE AS $$ SELECT json_array_elements_text($1::json) $$",
    # SQLite's typeof() for the types Gloss stores.
    "CREATE OR REPLACE FUNCTION typeof(anyelement) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
    "SELECT CASE WHEN $1 IS NULL THEN 'null' WHEN pg_typeof($1) IN ('integer'::regtype, "
    "'bigint'::regtype) THEN 'integer' WHEN pg_typeof($1) IN ('real'::regtype, "
    "'double precision'::regtype, 'numeric'::regtype) THEN 'real' "
    "WHEN pg_typeof($1) = 'bytea'::regtype THEN 'blob' ELSE 'text' END $$",
    # … and for an article variable (jsonb): a number with a point or exponent is real.
    "CREATE OR REPLACE FUNCTION typeof(jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
    "SELECT CASE jsonb_typeof($1) WHEN 'number' THEN CASE WHEN $1::text ~ '^-?[0-9]+$' "
    "THEN 'integer' ELSE 'real' END WHEN 'string' THEN 'text' WHEN 'null' THEN 'null' "
    "ELSE 'text' END $$",
)

ARTICLE_GIN = next(index for index in GIN_INDEXES if index[:2] == ("article_search", "article"))
SORT_INDEXES_MISSING = "SELECT to_regclass('article_title_key') IS NULL"
# An article's text, original and search vector are compressed with LZ4, not pglz (the
# default): a page of search results reads its 50 texts for their snippets, and pglz's
# decompression of the benchmark's nine pages took ~3 ms of their ~22 ms on the server (10,000
# articles; LZ4's well under 1 ms); importing 10,000 articles, pglz's compression of the three
# took 1.9 s of the inserts' server time, LZ4's 1.2 s. A server built without LZ4 keeps pglz.
# Values written before keep theirs until written again (a copy writes them all). In a library
# made before, an open sets it when it can: not when the coder's account does not own the
# table, nor after waiting 0.2 s for the table's lock (other coders at work): a later open
# tries again.
TEXT_COMPRESSION = """DO $$ DECLARE waited text := current_setting('lock_timeout'); BEGIN
    PERFORM set_config('lock_timeout', '200ms', true);
    ALTER TABLE article ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN raw SET COMPRESSION lz4,
        ALTER COLUMN search_vector SET COMPRESSION lz4;
    PERFORM set_config('lock_timeout', waited, true);
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR insufficient_privilege
    OR lock_not_available THEN NULL;  -- (the setting made in the block is undone with it)
END $$"""
TEXT_COMPRESSION_UNSET = (
    "SELECT bool_or(attcompression = '') FROM pg_attribute "
    "WHERE attrelid = 'article'::regclass AND attname IN ('text', 'raw', 'search_vector')"
)
ATTRIBUTE_COLUMN_TYPE = (
    "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() "
    "AND table_name = 'article_attribute' AND column_name = 'value'"
)
# What models.attributes.parse_value made a number was written as its digits: a number again
# (with a point when it had one or an exponent: a float, as json_scalar writes it).
TYPED_ATTRIBUTES = (
    EXTRAS_BEFORE[-1],  # typeof(jsonb)
    "ALTER TABLE article_attribute ALTER COLUMN value TYPE jsonb USING CASE "
    "WHEN value !~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN to_jsonb(value) "
    "WHEN value ~ '[.eE]' AND value::numeric::text !~ '[.]' THEN (value::numeric || '.0')::jsonb "
    "ELSE to_jsonb(value::numeric) END",
)

# The article list's sort keys with the id that breaks ties, as its ORDER BY says them
# (ServerLibrary.text_order; undated last in both directions: one date index a direction), so
# a page is read off an index, not sorted from the whole table. They replace single-column
# ones; the outlet's nocase index finds `source:` and outlet spellings.
SORT_INDEXES = (
    'CREATE INDEX IF NOT EXISTS article_date_id ON article ("date", id)',
    'CREATE INDEX IF NOT EXISTS article_date_id_desc ON article ("date" DESC NULLS LAST, id DESC)',
    'CREATE INDEX IF NOT EXISTS article_title_key ON article (lower("title" COLLATE "C"), id)',
    'CREATE INDEX IF NOT EXISTS article_source_key ON article (lower("source" COLLATE "C"), id)',
    'CREATE INDEX IF NOT EXISTS article_source_id ON article ("source" COLLATE nocase, id)',
    "DROP INDEX IF EXISTS article_title_id",
    "DROP INDEX IF EXISTS article_date",
    "DROP INDEX IF EXISTS article_title_nocase",
    "DROP INDEX IF EXISTS article_source_nocase",
)

# After the tables (each safe to run again): search columns, indexes and triggers; what the
# SQLite migrations made beside the models (partial and NOCASE indexes).
EXTRAS_AFTER = (
    "ALTER TABLE article ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "ALTER TABLE article ADD COLUMN IF NOT EXISTS memo_vector tsvector",
    "ALTER TABLE annotation ADD COLUMN IF NOT EXISTS search_vector tsvector",
    TEXT_COMPRESSION,
    *(gin_index(*index) for index in GIN_INDEXES),
    *search_rank_pg.SCHEMA,
    "CREATE INDEX IF NOT EXISTS article_unindexed ON article (id) WHERE search_vector IS NULL",
    "CREATE INDEX IF NOT EXISTS article_memo_unindexed ON article (id) WHERE memo_vector IS NULL",
    "CREATE INDEX IF NOT EXISTS annotation_unindexed ON annotation (id) "
    "WHERE search_vector IS NULL",
    """CREATE OR REPLACE FUNCTION gloss_article_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.title IS DISTINCT FROM OLD.title OR NEW.text IS DISTINCT FROM OLD.text THEN
            NEW.search_vector := NULL;
        END IF;
        IF NEW.memo IS DISTINCT FROM OLD.memo THEN NEW.memo_vector := NULL; END IF;
        RETURN NEW;
    END $$""",
    """CREATE OR REPLACE FUNCTION gloss_annotation_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.quote IS DISTINCT FROM OLD.quote OR NEW.note IS DISTINCT FROM OLD.note THEN
            NEW.search_vector := NULL;
        END IF;
        RETURN NEW;
    END $$""",
    "CREATE OR REPLACE TRIGGER article_changed BEFORE UPDATE ON article "
    "FOR EACH ROW EXECUTE FUNCTION gloss_article_changed()",
    "CREATE OR REPLACE TRIGGER annotation_changed BEFORE UPDATE ON annotation "
    "FOR EACH ROW EXECUTE FUNCTION gloss_annotation_changed()",
    'CREATE UNIQUE INDEX IF NOT EXISTS article_document_id ON article ("document_id") '
    'WHERE "document_id" IS NOT NULL',
    *SORT_INDEXES,
    'CREATE INDEX IF NOT EXISTS annotation_coder ON annotation ("coder" COLLATE nocase)',
    "CREATE INDEX IF NOT EXISTS article_attribute_name_value "
    'ON article_attribute ("name", "value")',
)
