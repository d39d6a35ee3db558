"""The annotation sidebar: one article's highlights as cards, filters and an editor."""
