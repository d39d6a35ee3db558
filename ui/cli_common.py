"""What every command-line module shares: exit codes, JSON output, argument checks.
Models only; never imports Qt."""

from __future__ import annotations

import argparse
import json
import sys

from models.tags import normalize_tag_path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def non_empty(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return value


def tag(value: str) -> str:
    try:
        return normalize_tag_path(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def coder(value: str) -> str:
    from models.coders import normalize_coder

    try:
        return normalize_coder(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def map_spec(value: str) -> str:
    from models.formats import check_column_spec

    try:
        check_column_spec(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def assignment(value: str) -> tuple[str, object]:
    from models.attributes import parse_assignment

    try:
        return parse_assignment(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def attribute_name(value: str) -> str:
    from models.attributes import check_name

    try:
        return check_name(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number
