"""User interfaces: the command line (ui.cli, no Qt) and the window (Qt, a package per feature)."""
