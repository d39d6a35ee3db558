"""The html-page importer on L3S-GN1: 621 news pages (Google News, 2008) marked up by people.

Kohlschütter et al.'s set (WSDM 2010; research use only, so not kept here): each page as it was
fetched (`input/UUID.html`) and the same page with every text span labelled by a person
(`GoldStandard/UUID.txt`): class x-nc-sel1 the headline, x-nc-sel2 the full text,
x-nc-sel3 supplemental text (dateline, byline, captions), x-nc-sel4 related content,
x-nc-sel5 comments, x-nc-sel0 not content. The page-signal copy of it in
github.com/j-szulc/html-cleaning-dataset-merged (folder page-signal-master) has this layout,
in UTF-8 (curly quotes and dashes in the labelled copies became "?", which scores as the
punctuation it was).

    .venv/bin/python -m tests.perf.eval_l3s_gn1 --copy-from /path/to/html-cleaning-dataset-merged
    .venv/bin/python -m tests.perf.eval_l3s_gn1                     # the table
    .venv/bin/python -m tests.perf.eval_l3s_gn1 --labels 1,2,3       # as web-content-extraction-
                                                                     # benchmark scores it

The expected text is the full text (label 2): the article body, as scrapinghub's benchmark
has it; Gloss keeps the headline as the title and leaves bylines and captions out. `--labels`
picks other labels. Scored like the other evaluations (word 4-gram precision, recall, F1).
This set was never used to choose a rule: it was first scored once the rules were frozen.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.eval_html_extraction import (
    gloss_text_of,
    print_summary,
    print_table,
    show_texts,
    trafilatura_text_of,
)
from tests.perf.eval_news_benchmark import score_page
from tests.perf.readability_pages import cache_folder

ENV_VARIABLE = "GLOSS_L3S_GN1"
FOLDER_IN_COPY = "page-signal-master"
_LABEL = re.compile(r"\bx-nc-sel(\d)\b")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
UTF8_BOM = b"\xef\xbb\xbf"


def default_folder() -> Path:
    return cache_folder(ENV_VARIABLE, "l3s-gn1")


def copy_set(source: Path, into: Path) -> int:
    """Copy input/ and GoldStandard/ from a checkout or a git directory; the page count."""
    into.mkdir(parents=True, exist_ok=True)
    if (source / FOLDER_IN_COPY).is_dir():
        for name in ("input", "GoldStandard"):
            (into / name).mkdir(exist_ok=True)
            for path in (source / FOLDER_IN_COPY / name).iterdir():
                (into / name / path.name).write_bytes(path.read_bytes())
    else:
        archive = subprocess.run(
            ["git", f"--git-dir={source}", "archive", "--format=tar", "HEAD", FOLDER_IN_COPY],
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar.getmembers():
                parts = Path(member.name).parts
                data = tar.extractfile(member) if member.isfile() else None
                if data is not None and len(parts) == 3 and parts[1] in ("input", "GoldStandard"):
                    (into / parts[1]).mkdir(exist_ok=True)
                    (into / parts[1] / parts[2]).write_bytes(data.read())
    return len(pages(into))


def pages(folder: Path) -> list[str]:
    """The ids of the pages that have both the page and its labelled copy."""
    if not (folder / "input").is_dir():
        return []
    return sorted(
        path.stem
        for path in (folder / "input").glob("*.html")
        if (folder / "GoldStandard" / f"{path.stem}.txt").is_file()
    )


def labelled_text(html: bytes, labels: frozenset[str]) -> str:
    """The text of the labelled copy whose nearest label is one of `labels`, in page order."""
    text = _XML_DECLARATION.sub("", html.decode("utf-8", errors="replace"), count=1)
    root = lxml.html.document_fromstring(text)
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    label_of: dict[lxml.html.HtmlElement, str] = {}
    parts: list[str] = []
    for element in root.iter():
        parent = element.getparent()
        inherited = label_of.get(parent, "") if parent is not None else ""
        found = (
            _LABEL.search(str(element.get("class") or "")) if isinstance(element.tag, str) else None
        )
        label_of[element] = found.group(1) if found else inherited
        if element.text and label_of[element] in labels and isinstance(element.tag, str):
            parts.append(element.text)
        if element.tail and inherited in labels:
            parts.append(element.tail)
    return " ".join(" ".join(parts).split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", help="folder with input/, GoldStandard/")
    parser.add_argument("--copy-from", type=Path, help="checkout or git directory of the copy")
    parser.add_argument("--labels", default="2", help="labels that are the article (default 2)")
    parser.add_argument("--show", action="append", default=[], help="page id (prefix) to print")
    parser.add_argument("--trafilatura", action="store_true", help="score trafilatura alone")
    args = parser.parse_args(argv)
    folder = args.folder or default_folder()
    if args.copy_from:
        print(f"{copy_set(args.copy_from, folder)} pages in {folder}")
        return 0
    ids = pages(folder)
    if not ids:
        print(f"skipped: no L3S-GN1 pages in {folder}; copy them there with --copy-from PATH")
        return 0
    labels = frozenset(args.labels.replace(" ", "").split(","))
    truth = {
        key: labelled_text((folder / "GoldStandard" / f"{key}.txt").read_bytes(), labels)
        for key in ids
    }
    # The copy re-encoded every page as UTF-8 but kept its old declaration (ISO-8859-1 and
    # the like); a BOM says what the bytes are, to a browser and to the importer alike.
    source = {key: UTF8_BOM + (folder / "input" / f"{key}.html").read_bytes() for key in ids}
    extract = trafilatura_text_of if args.trafilatura else gloss_text_of
    extract(source[ids[0]], Path(ids[0]))  # imports outside the timings
    scores = [score_page(key, source[key], truth[key], extract) for key in ids]
    print_table(scores, {})
    print_summary(scores)
    for key in ids:
        if any(key.startswith(prefix) for prefix in args.show):
            show_texts(key[:12], extract(source[key], Path(key)), truth[key])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
