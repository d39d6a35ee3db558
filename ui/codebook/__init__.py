"""The codebook: the tag tree, its edits (all undoable), codebook files and the tag picker."""
