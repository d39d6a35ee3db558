"""Shared pieces of the html-page importer tests: the fixture pages and a small article."""

from __future__ import annotations

from pathlib import Path

from importers.draft import ArticleDraft, Block
from importers.html_page import HtmlPageImporter

FIXTURES = Path(__file__).parent / "fixtures" / "html"
IMPORTER = HtmlPageImporter()
# Enough prose for any extractor to call it an article; tests put metadata around it.
ARTICLE = """
<article>
<p>The old swing bridge over the canal will stay closed to traffic until the end of June while
engineers replace the turning gear, which seized during the cold snap in January.</p>
<p>Pedestrians can still cross on the temporary footbridge beside it, but drivers face a detour
of about two miles through the industrial estate, and buses will not stop on Wharf Road.</p>
<p>The council said the repair would cost less than replacing the bridge outright, and that the
contractor had found no other damage to the structure during its inspection last week.</p>
</article>
"""


def parse(data: bytes | str, name: str = "page.html") -> ArticleDraft:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    (draft,) = IMPORTER.parse(raw, Path(name))
    return draft


def fixture(name: str) -> ArticleDraft:
    return parse((FIXTURES / name).read_bytes(), name)


def page(head: str = "", body: str = ARTICLE) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def marked(block: Block) -> list[tuple[str, str, str | None]]:
    """Each mark as (kind, the words it covers, href), in block order."""
    return [(m.kind, block.text[m.start : m.end], m.href) for m in block.marks]


def body_text(draft: ArticleDraft) -> str:
    return "\n\n".join(block.text for block in draft.blocks)
