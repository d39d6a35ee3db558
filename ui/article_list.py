"""The library's article list: a lazily paged, SQL-sorted table model and the view around it.

The code lives in ui/library/ (model.py, view.py); this module is the stable import path.
"""

from ui.library.model import (
    DATE,
    NOTES,
    OUTLET,
    PAGE_SIZE,
    TITLE,
    ArticleIdRole,
    ArticleTableModel,
)
from ui.library.view import FILTER_DELAY_MS, ArticleListView

__all__ = [
    "DATE",
    "FILTER_DELAY_MS",
    "NOTES",
    "OUTLET",
    "PAGE_SIZE",
    "TITLE",
    "ArticleIdRole",
    "ArticleListView",
    "ArticleTableModel",
]
