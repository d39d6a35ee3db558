import csv
import io

import pytest

from models.annotations import annotate_quote, update_annotation
from models.export import CSV_HEADER, iter_rows, neutralize, write_csv

EXPECTED_HEADER = (
    "annotation_id,article_id,article_title,article_source,article_author,article_date,"
    "article_url,quote,prefix,suffix,start,end,note,tags,color,created_at,updated_at"
)


def export_text(raw: bool = False, **filters) -> str:
    out = io.StringIO(newline="")
    write_csv(out, iter_rows(**filters), raw=raw)
    return out.getvalue()


def read_back(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_header_and_bom(add_article) -> None:
    text = export_text()
    assert text.startswith("\ufeff" + EXPECTED_HEADER + "\r\n")
    assert ",".join(CSV_HEADER) == EXPECTED_HEADER
    assert export_text(raw=True).startswith(EXPECTED_HEADER)


def test_rows_read_back_with_multiline_notes_and_tags(add_article) -> None:
    first = add_article("Para one 😀 has words.", "Para two.", title="First", source="Outlet")
    second = add_article("Other text here.", title="Second")
    b = annotate_quote(second, "text")
    a2 = annotate_quote(first, "words.\n\nPara", tags=["Z/deep", "A"], note='line 1\nline "2"')
    a1 = annotate_quote(first, "Para one")
    rows = read_back(export_text())
    assert [int(r["annotation_id"]) for r in rows] == [a1.id, a2.id, b.id]
    row = rows[1]
    assert row["quote"] == "words.\n\nPara"
    assert row["note"] == 'line 1\nline "2"'
    assert row["tags"] == "A; Z/deep"
    assert (row["article_title"], row["article_source"]) == ("First", "Outlet")
    assert (int(row["start"]), int(row["end"])) == (a2.start, a2.end)
    assert row["created_at"].endswith("Z") and row["article_date"] == ""


@pytest.mark.parametrize("danger", ["=1+2", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised_unless_raw(add_article, danger: str) -> None:
    article = add_article("Safe words here.", title=danger)
    mark = annotate_quote(article, "words")
    update_annotation(mark.id, note=danger)
    [row] = read_back(export_text())
    assert row["note"] == "'" + danger and row["article_title"] == "'" + danger
    [raw_row] = read_back(export_text(raw=True))
    assert raw_row["note"] == danger


def test_neutralize_leaves_numbers_and_plain_text() -> None:
    assert neutralize(-5) == -5
    assert neutralize("plain = fine") == "plain = fine"


def test_filters_by_article_and_tag_with_descendants(add_article) -> None:
    one = add_article("alpha beta gamma")
    two = add_article("delta epsilon")
    a = annotate_quote(one, "alpha", tags=["Actors/Russia"])
    annotate_quote(one, "beta", tags=["Frames"])
    c = annotate_quote(two, "delta", tags=["Actors"])
    ids = lambda **f: [int(r["annotation_id"]) for r in read_back(export_text(**f))]  # noqa: E731
    assert ids(tags=["actors"]) == [a.id, c.id]
    assert ids(article_ids=[two]) == [c.id]
    assert ids(article_ids=[one], tags=["Actors"]) == [a.id]
    assert ids(tags=["no such tag"]) == []
