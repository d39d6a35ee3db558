"""The Analysis dock: crosstabs, co-occurrence and charts of the codes."""
