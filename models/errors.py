"""Errors the library raises with a plain sentence a user can act on."""


class LibraryError(Exception):
    """Something the user asked of the library cannot be done; str() is the reason."""


class LibraryTooNew(LibraryError):
    """The library file was written by a newer Gloss."""


class NotFound(LibraryError):
    """No article, annotation or tag with that id or name."""
