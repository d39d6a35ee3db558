"""Gloss: parse the arguments, open the library, run a command or start the window."""

from __future__ import annotations

import logging
import os
import sys

from models.coders import CODER_ENV, chosen_coder, set_coder
from models.db import close_library, open_library
from models.errors import LibraryError
from models.leftovers import remove_stale_files
from models.logs import setup_logging
from models.paths import LIBRARY_ENV, display_location, resolve_library_path
from ui.cli import build_parser, run_command
from ui.cli_common import EXIT_FAILED, EXIT_USAGE
from ui.cli_copy import OWN_LIBRARIES


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    log_file = setup_logging(args.debug)
    remove_stale_files()  # what a killed export left behind
    library = resolve_library_path(args.library)
    shown = display_location(library)
    logging.getLogger("gloss").info("start: %s on %s", args.command or "window", shown)
    try:
        coder = chosen_coder(args.coder)  # --coder, $GLOSS_CODER, the window's setting
    except ValueError as exc:
        print(f"gloss: ${CODER_ENV}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if coder is not None:
        set_coder(coder)
    if args.command is None:
        from ui.shell.app import run_app  # Qt is loaded only for the window

        # Samples for the default library's first start; a library the user named starts empty.
        default = args.library is None and not os.environ.get(LIBRARY_ENV)
        return run_app(
            library, args.open, samples_if_new=default, log_file=log_file, exit_when_done=True
        )
    try:
        if args.command not in OWN_LIBRARIES:  # copy opens the two it names
            open_library(library, upgrade=args.yes)
    except LibraryError as exc:
        print(f"gloss: {exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        return run_command(args)
    except BrokenPipeError:
        # The reader went away (`gloss export | head`): stop quietly, like other Unix tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    finally:
        close_library()


if __name__ == "__main__":
    sys.exit(main())
