"""The library's article list: a lazily paged, SQL-sorted table model and the view around it."""
