"""The fault suite (issue 11): kills, concurrent writers, full disks, read-only and locked
libraries, and the memory bound, each run against `python main.py` as a user runs it.

Not part of the normal test run: `scripts/reliability.sh` (or `make reliability`) runs it and
prints a table; `tests/test_reliability_smoke.py` runs a few trials of each kind that passes.
"""
