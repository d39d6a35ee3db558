"""The library's article list (model and view); import from ui.article_list."""
