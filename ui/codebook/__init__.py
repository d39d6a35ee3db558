"""The codebook manager: the tag tree, its edits (all undoable), and codebook files."""
