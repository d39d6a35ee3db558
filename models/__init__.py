"""The library: database, queries, anchoring and export. No Qt here."""
