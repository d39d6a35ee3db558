"""The library: database, queries, anchoring and export. No Qt here."""

import sys

# peewee imports psycopg at its own import when it is installed (~30 MB), which every start of
# Gloss would pay for a driver only a PostgreSQL library needs. Hide it while peewee loads;
# models.backend_pg loads it when a server library is opened.
if "peewee" not in sys.modules and "psycopg" not in sys.modules:
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # an import of it fails
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]
