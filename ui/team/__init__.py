"""Team coding in the window: the coder, agreement between coders, merging libraries."""
