"""Mozilla Readability's test pages, copied out of a Readability checkout into a cache folder.

The pages (test/test-pages/NAME/source.html and expected.html, Apache-2.0) are not ours to ship,
so the repository holds none of them; this fetches nothing either. Point it at a clone, a bare
git directory or an unpacked archive of github.com/mozilla/readability:

    .venv/bin/python -m tests.perf.readability_pages /path/to/readability
    .venv/bin/python -m tests.perf.readability_pages /path/to/readability.git

The pages land in `default_folder()` (or --into), where eval_html_extraction.py looks for them.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

PAGES_PATH = "test/test-pages"
WANTED = ("source.html", "expected.html")
ENV_VARIABLE = "GLOSS_READABILITY_PAGES"


def default_folder() -> Path:
    """$GLOSS_READABILITY_PAGES, else the user's cache folder."""
    return cache_folder(ENV_VARIABLE, "readability-test-pages")


def cache_folder(variable: str, name: str) -> Path:
    """The folder an environment variable names, else `name` in the user's Gloss cache."""
    if os.environ.get(variable):
        return Path(os.environ[variable])
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "gloss" / name


def copy_pages(readability: Path, into: Path) -> int:
    """Copy each page folder's source and expected HTML into `into`; the number of pages."""
    pages = readability / PAGES_PATH
    if pages.is_dir():
        return _copy_tree(pages, into)
    return _copy_from_git(readability, into)


def _copy_tree(pages: Path, into: Path) -> int:
    count = 0
    for folder in sorted(pages.iterdir()):
        if all((folder / name).is_file() for name in WANTED):
            (into / folder.name).mkdir(parents=True, exist_ok=True)
            for name in WANTED:
                shutil.copyfile(folder / name, into / folder.name / name)
            count += 1
    return count


def _copy_from_git(git_dir: Path, into: Path) -> int:
    """The pages of HEAD in a bare (or any) git directory, through `git archive`."""
    archive = subprocess.run(
        ["git", f"--git-dir={git_dir}", "archive", "--format=tar", "HEAD", PAGES_PATH],
        capture_output=True,
        check=True,
    ).stdout
    found: dict[str, set[str]] = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if member.isfile() and len(parts) == 4 and parts[3] in WANTED:
                data = tar.extractfile(member)
                if data is None:
                    continue
                target = into / parts[2] / parts[3]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data.read())
                found.setdefault(parts[2], set()).add(parts[3])
    return sum(1 for names in found.values() if len(names) == len(WANTED))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("readability", type=Path, help="Readability checkout or git directory")
    parser.add_argument("--into", type=Path, default=None, help="where the pages go")
    args = parser.parse_args(argv)
    into = args.into or default_folder()
    count = copy_pages(args.readability, into)
    print(f"{count} pages in {into}")
    return 0 if count else 1


if __name__ == "__main__":
    raise SystemExit(main())
