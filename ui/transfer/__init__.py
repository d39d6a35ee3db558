"""Moving articles in and out: the import and export flows, their workers and progress."""
