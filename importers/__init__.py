"""Importers turn source files into article drafts. No Qt and no database here."""
