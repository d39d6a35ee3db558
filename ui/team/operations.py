"""What the team views ask of the library, in one place: reads for the compare view, and the
two writes (a consensus version, a merge), announced through the Session's signals so that
every open view refreshes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.annotating import AnnotationRecord, list_annotations
from models.articles import article_text, get_article
from models.coders import CONSENSUS
from models.compare import accept_version, coders_in, disagreements
from models.errors import LibraryError
from models.merging import MergeReport, merge_library
from ui.session.session import Session


@dataclass(frozen=True)
class Comparison:
    text: str
    coders: tuple[str, ...]
    marks: tuple[AnnotationRecord, ...]
    lines: tuple[str, ...]  # the disagreements, described


class TeamOperations:
    def __init__(self, session: Session) -> None:
        self.session = session

    def article_title(self, article_id: int) -> str:
        try:
            return f"#{article_id} {get_article(article_id).title}"
        except LibraryError:
            return f"#{article_id}"

    def compare(self, article_id: int) -> Comparison:
        text = article_text(article_id)
        coders = [c for c in coders_in(article_id) if c != CONSENSUS]
        lines = [d.describe(text, coders) for d in disagreements(article_id, coders)]
        return Comparison(text, tuple(coders), tuple(list_annotations(article_id)), tuple(lines))

    def accept_version(self, article_id: int, coder: str) -> None:
        """Through the Session's writer; a failure is said on writeFailed (and raised)."""
        self.session.write(
            lambda: accept_version(article_id, coder), lambda _: self.session.outside_change()
        )

    def merge(self, path: Path) -> MergeReport:
        """Runs on a worker thread; call merged() on the GUI thread afterwards."""
        return merge_library(path)

    def merged(self) -> None:
        self.session.outside_change()
