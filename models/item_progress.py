"""Progress inside one file of an import: its articles read, prepared, stored and indexed.

A dataset, feed or news-database export holds thousands of articles in one file; counting
files alone would leave a progress bar still for the whole import.
"""

from __future__ import annotations

from collections.abc import Callable

# on_items(stage, done, total): `total` is 0 while it is not known (the file is being read).
ItemProgress = Callable[[str, int, int], None]

READING, PREPARING, STORING, INDEXING = "reading", "preparing", "storing", "indexing"
COUNTED_STAGES = (PREPARING, STORING, INDEXING)  # in order; their totals are known


class ImportCancelled(BaseException):
    """Raised from a progress callback to stop reading a file. A BaseException, like
    KeyboardInterrupt: importers (plug-ins too) turn any Exception into "this file failed"."""
