"""The window's shared state and the one way to change the library from it (the Session)."""
