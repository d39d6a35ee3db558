"""User interfaces: the command line (ui.cli, no Qt) and the window (Qt, everything else)."""
