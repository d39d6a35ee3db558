"""Pieces every feature draws with: icons, the reading themes' colours, tag chips."""
