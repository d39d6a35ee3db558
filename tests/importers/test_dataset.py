from __future__ import annotations

import codecs
import datetime as dt
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from importers import memory, records
from importers.columns import ColumnMap
from importers.dataset import DatasetImporter, domain_of
from importers.decoding import size_label
from importers.draft import ArticleDraft, ImportFailure
from importers.registry import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
WriteFile = Callable[..., Path]


def drafts_of(path: Path, *maps: str) -> list[ArticleDraft]:
    name, drafts = parse_file(path, options={"map": ColumnMap.parse(maps)} if maps else None)
    assert name == "dataset"
    return drafts


def texts(draft: ArticleDraft) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in draft.blocks]


def test_csv_fixture_maps_columns_and_skips_the_row_without_text() -> None:
    first, second, markets, bad_date = drafts_of(FIXTURES / "articles.csv")
    assert (first.title, first.date, first.author) == (
        "Harbour reopens after storm",
        dt.date(2021, 3, 4),
        "Ana Ruiz",
    )
    assert first.url == "https://www.harbour-news.example/2021/03/reopens"
    assert first.source == "harbour-news.example"  # the link's domain, without www.
    assert texts(first) == [
        ("lead", "Ferries run again from Monday."),
        ("paragraph", "The harbour authority said the breakwater had held."),
        ("paragraph", "Repairs to the pier will take a month, the authority added."),
    ]
    # A row without text is skipped; the note rides on the file's first article.
    assert first.warnings == ["row 3: no text, skipped"]
    assert [d.origin for d in (first, second, markets, bad_date)] == [
        "row 1",
        "row 2",
        "row 4",
        "row 5",
    ]
    # Single newlines inside a paragraph collapse; quotes are unescaped.
    assert second.title == 'Council votes on "green" budget'
    assert texts(second) == [
        ("paragraph", "Councillors met late into the night. The vote was close.")
    ]
    assert second.source == "citypaper.example"
    # HTML text splits at <p>, keeps marks; an empty title comes from the first sentence.
    assert markets.title == "Markets rose on Friday."
    assert markets.date == dt.date(2021, 3, 6) and markets.author == "Lee, Kim"
    assert texts(markets) == [
        ("paragraph", "Markets rose on Friday."),
        ("paragraph", "Analysts were surprised."),
    ]
    [link] = markets.blocks[1].marks
    assert (link.kind, link.start, link.end, link.href) == (
        "link",
        9,
        23,
        "https://analyst.example/note",
    )
    assert bad_date.date is None
    assert bad_date.warnings == ["row 5: unreadable date 'yesterday'; no date set"]


def test_raw_is_a_one_row_csv_with_the_header() -> None:
    first = drafts_of(FIXTURES / "articles.csv")[0]
    raw = first.raw.decode("utf-8")
    header, rest = raw.split("\n", 1)
    assert header == "id,Headline,Publish Date,Standfirst,Body,Link,Byline"
    assert rest.startswith("1,Harbour reopens after storm,2021-03-04,")
    assert rest.endswith(",Ana Ruiz") and "\n\nRepairs" in rest  # the quoted newlines too


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("HEADLINE", "title"),
        ("Title", "title"),
        ("Publish Date", "date"),
        ("publish-date", "date"),
        ("PUBDATE", "date"),
        ("published_at", "date"),
        ("Publication Date", "date"),
        ("datetime", "date"),
        ("Full_Text", "text"),
        ("BODY", "text"),
        ("Content", "text"),
        ("article", "text"),
        ("sub title", "lead"),
        ("Standfirst", "lead"),
        ("summary", "lead"),
        ("canonical_url", "url"),
        ("article_source_link", "url"),
        ("Link", "url"),
        ("Outlet", "source"),
        ("newspaper", "source"),
        ("Media", "source"),
        ("By-Line", "author"),
        ("authors", "author"),
    ],
)
def test_column_synonyms_ignore_case_spaces_underscores_hyphens(header: str, field: str) -> None:
    assert ColumnMap().resolve(["id", header, "text_other"]).get(field) == header


def test_first_synonym_wins_and_a_column_serves_one_field() -> None:
    columns = ["content", "text", "description", "date", "published"]
    assert ColumnMap().resolve(columns) == {
        "text": "text",
        "lead": "description",
        "date": "date",
    }
    # Mapped by the user, a column is no longer free for its automatic field.
    assert ColumnMap.parse(["text=description"]).resolve(columns) == {
        "text": "description",
        "date": "date",
    }


def test_map_override_reads_unknown_column_names() -> None:
    path = FIXTURES / "semicolon.csv"
    plain = drafts_of(path)
    assert plain[0].title == "Die Brücke über den Fluss ist seit heute offen."  # from the text
    assert plain[0].date is None and plain[0].source == ""
    mapped = drafts_of(path, "title=titel", "date=Datum", "source=quelle")
    assert [(d.title, d.date, d.source) for d in mapped] == [
        ("Neue Brücke eröffnet", dt.date(2017, 2, 7), "Lokalblatt"),
        ("Zweiter Artikel", dt.date(2017, 2, 8), "Lokalblatt"),
    ]
    assert texts(mapped[1]) == [("paragraph", "Ein zweiter, kurzer Text; mit Semikolon im Feld.")]


def test_map_to_nothing_drops_a_field() -> None:
    drafts = drafts_of(FIXTURES / "articles.csv", "lead=", "author=")
    assert drafts[0].blocks[0].kind == "paragraph" and drafts[0].author == ""


@pytest.mark.parametrize(
    ("specs", "reason"),
    [
        (["text"], "expected FIELD=COLUMN, got 'text'"),
        (["=body"], "expected FIELD=COLUMN"),
        (["body=text"], "unknown field 'body' in 'body=text' (fields: title, date, text,"),
        (["text=a", "TEXT=b"], "field 'text' is mapped twice"),
    ],
)
def test_bad_map_specs(specs: list[str], reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        ColumnMap.parse(specs)
    assert str(caught.value).startswith(reason)


def test_map_naming_a_missing_column_fails(write_file: WriteFile) -> None:
    with pytest.raises(ImportFailure) as caught:
        drafts_of(FIXTURES / "articles.tsv", "text=body_html")
    assert str(caught.value) == "no column 'body_html' for --map text=body_html (columns: " + (
        "title, date, text, url)"
    )


def test_options_reach_only_importers_that_take_them(write_file: WriteFile) -> None:
    path = write_file("date 2022-09-22 Lead.\n\nBody.")
    name, _ = parse_file(path, options={"map": ColumnMap.parse(["text=x"])})
    assert name == "dated-text"
    csv_path = write_file("a,b\nx,Some text\n", "t.csv")
    _, [draft] = parse_file(csv_path, options={"map": ["text=b"]})  # plain strings work too
    assert draft.blocks[0].text == "Some text"


def test_no_text_column_names_the_columns_and_the_fix(write_file: WriteFile) -> None:
    with pytest.raises(ImportFailure) as caught:
        parse_file(write_file("a,b,c\n1,2,3\n", "t.csv"))
    assert str(caught.value) == "no text column (columns: a, b, c); use --map text=COLUMN"


def test_every_row_empty_fails(write_file: WriteFile) -> None:
    with pytest.raises(ImportFailure, match="^no row has text in column 'text'$"):
        parse_file(write_file("title,text\nA,\nB,  \n", "t.csv"))


@pytest.mark.parametrize(
    ("body", "paragraphs"),
    [
        ("One paragraph without breaks.", ["One paragraph without breaks."]),
        ("Line one\nline two.", ["Line one line two."]),
        ("First.\n\nSecond.\n \nThird.", ["First.", "Second.", "Third."]),
        ("<p>One <i>x</i></p>\n<p>Two</p>", ["One x", "Two"]),
        ("Before<br><br>after", ["Before", "after"]),
        ("Tom &amp; Jerry", ["Tom &amp; Jerry"]),  # plain text: entities stay as written
    ],
)
def test_text_becomes_paragraphs(write_file: WriteFile, body: str, paragraphs: list[str]) -> None:
    path = write_file(json.dumps([{"text": body}]), "a.json")
    [draft] = drafts_of(path)
    assert [block.text for block in draft.blocks] == paragraphs


def test_titles_from_lead_or_first_sentence(write_file: WriteFile) -> None:
    rows = [
        {"title": "", "lead": "The lead says it all.", "text": "Body."},
        {"title": " ", "text": "Mr. Smith went to Washington. He stayed."},
        {"text": "U.S. officials met on Monday. Talks went on."},
        {"text": "Word " * 60},
    ]
    drafts = drafts_of(write_file(json.dumps(rows), "a.json"))
    assert [d.title for d in drafts[:3]] == [
        "The lead says it all.",
        "Mr. Smith went to Washington.",
        "U.S. officials met on Monday.",
    ]
    assert drafts[3].title.endswith("…") and len(drafts[3].title) <= 120


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("http://www.bbc.co.uk/news/world-38901234", "bbc.co.uk"),
        ("https://m.example.org/x", "example.org"),
        ("https://edition.cnn.com/2017/02/07", "cnn.com"),
        ("http://europe.chinadaily.com.cn/epaper/x.htm", "europe.chinadaily.com.cn"),
        ("HTTPS://WWW.Example.COM:8080/a", "example.com"),
        ("not a url", ""),
        ("http://[::1", ""),
        ("", ""),
    ],
)
def test_source_from_the_link(url: str, domain: str) -> None:
    assert domain_of(url) == domain


def test_json_array_with_lists_and_named_objects() -> None:
    orchard, trains = drafts_of(FIXTURES / "articles.json")
    assert orchard.author == "J. Mills, P. Osei"
    assert orchard.date == dt.date(2019, 8, 30)
    assert [b.text for b in orchard.blocks] == [
        "Growers began picking apples two weeks early.",
        "The warm spring is the reason, they say.",
    ]
    assert trains.source == "Rail Weekly" and trains.date == dt.date(2019, 8, 30)  # ms
    assert json.loads(trains.raw)["title"] == "Night trains return"
    assert trains.origin == "item 2"


def test_json_object_holding_the_list() -> None:
    fog, lifts = drafts_of(FIXTURES / "wrapped.json")
    assert (fog.source, fog.author, fog.title) == ("Coast Radio", "Mo Tan", "Fog delays ferries")
    assert texts(fog)[0] == ("lead", "Morning crossings were cancelled.")
    assert lifts.author == "" and lifts.blocks[0].kind == "paragraph"


@pytest.mark.parametrize(
    ("document", "count"),
    [
        ({"hits": [{"text": "a"}, {"text": "b"}]}, 2),  # the only list of objects
        ({"results": [{"body": "a"}]}, 1),
        ({"title": "One", "text": "Just one article."}, 1),
        ([{"text": "compact"}], 1),
    ],
)
def test_json_shapes(write_file: WriteFile, document: object, count: int) -> None:
    assert len(drafts_of(write_file(json.dumps(document), "a.json"))) == count


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('[{"text": "a"}, "b"]', "item 2 is a string, not an object"),
        ('[{"text": "a"},\n {"text": }]', "invalid JSON at line 2, column 11: Expecting value"),
        ('{"text": "a"', "invalid JSON at line 1"),
        ("[" * 100_000 + "]" * 100_000, "invalid JSON"),
        ('[{"text": "a", "n": ' + "9" * 5000 + "}]", "invalid JSON: Exceeds the limit"),
    ],
)
def test_bad_json_fails_the_file(write_file: WriteFile, content: str, reason: str) -> None:
    with pytest.raises(ImportFailure) as caught:
        DatasetImporter().parse(content.encode(), Path("a.json")).__next__()
    assert str(caught.value).startswith(reason)


def test_json_lines_skip_blank_lines_and_rows_without_text() -> None:
    library, fares = drafts_of(FIXTURES / "articles.jsonl")
    assert library.warnings == ["line 2: no text, skipped"]
    assert (library.origin, fares.origin) == ("line 1", "line 4")  # physical line numbers
    assert fares.date == dt.date(2022, 1, 7) and fares.source == "townhall.example"
    assert json.loads(fares.raw)["headline"] == "Bus fares frozen"


def test_a_broken_json_line_fails_the_whole_file(write_file: WriteFile) -> None:
    lines = [json.dumps({"text": f"Article {n}."}) for n in range(1, 10)]
    lines[6] = '{"text": "cut off'
    with pytest.raises(ImportFailure) as caught:
        parse_file(write_file("\n".join(lines), "a.jsonl"))
    assert str(caught.value).startswith("line 7: invalid JSON (")
    lines[6] = "[1, 2]"
    with pytest.raises(ImportFailure, match="^line 7 is a list, not an object$"):
        parse_file(write_file("\n".join(lines), "b.ndjson"))


def test_tsv_and_unix_seconds() -> None:
    tides, second = drafts_of(FIXTURES / "articles.tsv")
    assert tides.title == "Tide tables published" and tides.source == "coast.example"
    assert second.date == dt.date(2021, 4, 1)


@pytest.mark.parametrize(
    "content",
    [
        codecs.BOM_UTF8 + b'title,text\r\nA,One.\r\n\r\nB,"Two,\r\nlines."\r\n',
        b'title;text\nA;One.\n\nB;"Two,\nlines."\n',
        b'title\ttext\nA\tOne.\n\nB\t"Two,\nlines."\n',
        b'title|text\nA|One.\nB|"Two,\nlines."',
    ],
    ids=["bom-crlf", "semicolon", "tab", "pipe"],
)
def test_delimiters_bom_and_quoted_newlines(write_file: WriteFile, content: bytes) -> None:
    one, two = drafts_of(write_file(content, "a.csv"))
    assert (one.title, two.title) == ("A", "B")
    assert texts(two) == [("paragraph", "Two, lines.")]
    assert two.origin == "row 2"  # a blank line is not a row


def test_huge_fields_duplicate_and_extra_columns(write_file: WriteFile) -> None:
    big = "word " * 100_000  # far beyond csv's default 128 KiB field limit
    content = f'text,text,title\n"{big}",second,Big\nsmall,x,Small,extra\n'
    big_draft, small = drafts_of(write_file(content, "a.csv"))
    assert len(big_draft.blocks[0].text) == len(big.strip())  # the first "text" column
    assert small.warnings == ["row 2: 4 fields but 3 columns; extra fields ignored"]


def test_gzip_is_read_by_magic_not_by_name(write_file: WriteFile) -> None:
    plain = (FIXTURES / "articles.csv").read_bytes()
    for name in ("a.csv.gz", "a.csv", "a.dat"):
        path = write_file(gzip.compress(plain), name)
        assert [d.title for d in drafts_of(path)][:2] == [
            "Harbour reopens after storm",
            'Council votes on "green" budget',
        ]
    members = gzip.compress(b"title,text\nA,One.\n") + gzip.compress(b"B,Two.\n")
    assert len(drafts_of(write_file(members, "m.csv.gz"))) == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (gzip.compress(b"title,text\nA,One.\n")[:-12], "truncated gzip data"),
        (b"\x1f\x8b\x08\x00" + b"\xff" * 40, "corrupt gzip data"),
    ],
)
def test_broken_gzip(write_file: WriteFile, data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailure, match=f"^{reason}"):
        parse_file(write_file(data, "a.csv.gz"))


def test_a_gzip_file_unpacks_no_further_than_its_memory_budget(write_file: WriteFile) -> None:
    packed = gzip.compress(b"title,text\n" + b"t,x\n" * 10_000_000)  # 40 MB in ~40 kB
    allowed = size_label(memory.budget(len(packed)) // 6)  # 6 bytes of memory a byte of CSV
    assert allowed.endswith(" MB") and float(allowed[:-3]) < 40
    with pytest.raises(ImportFailure, match=f"^unpacked data is larger than the {allowed} limit$"):
        parse_file(write_file(packed, "a.csv.gz"))


def test_zip_bomb_is_refused(write_file: WriteFile, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_DECOMPRESSED_BYTES", 1_000_000)
    bomb = gzip.compress(b"title,text\n" + b"A," + b"x" * 5_000_000 + b"\n")
    assert len(bomb) < 10_000
    with pytest.raises(ImportFailure, match="^unpacked data is larger than the 1 MB limit$"):
        parse_file(write_file(bomb, "a.csv.gz"))


@pytest.mark.parametrize(
    ("name", "content", "score"),
    [
        ("a.csv", b"title,date,text\n", 0.9),
        ("a.txt", b"Headline;Publish Date;Body\n", 0.9),  # two known names are enough
        ("a.txt", b"Title, date and text of the article are below.\n", 0.0),
        ("a.csv", b"col1,col2\n", 0.5),  # named so: --map may still make it readable
        ("a.json", b'  [ {"title": 1}]', 0.9),
        ("a.txt", b'{"text": "x"}\n', 0.9),
        ("a.txt", b"['<p>a</p>']", 0.0),
        ("a.txt", b"date 2022-09-22 Lead.", 0.0),
        ("a.csv.gz", gzip.compress(b"title,text\nA,B\n"), 0.9),
        ("a.csv.gz", b"\x1f\x8b\x08\x00junk", 0.3),
    ],
)
def test_sniff(name: str, content: bytes, score: float) -> None:
    assert DatasetImporter().sniff(content, Path(name)) == score


def test_json_paragraph_lists_and_escaped_controls(write_file: WriteFile) -> None:
    rows = [{"text": ["First paragraph.", "Second\u0007 paragraph."], "lead": ["Lead."]}]
    [draft] = drafts_of(write_file(json.dumps(rows), "a.json"))
    assert texts(draft) == [
        ("lead", "Lead."),
        ("paragraph", "First paragraph."),
        ("paragraph", "Second paragraph."),
    ]


@pytest.mark.parametrize(
    "option",
    [ColumnMap.parse(["text=b"]), ["text=b"], "text=b", {"text": "b"}],
    ids=["column-map", "specs", "one-spec", "mapping"],
)
def test_map_option_shapes(write_file: WriteFile, option: object) -> None:
    path = write_file("a,b\nx,Some text\n", "t.csv")
    _, [draft] = parse_file(path, options={"map": option})
    assert draft.blocks[0].text == "Some text"
    with pytest.raises(ImportFailure, match="^--map: unknown field 'nope'"):
        parse_file(path, options={"map": {"nope": "b"}})


def test_many_skipped_rows_are_counted_not_listed(write_file: WriteFile) -> None:
    content = "title,text\n" + "".join(f"Empty {n},\n" for n in range(1, 121)) + "Full,Text.\n"
    [draft] = drafts_of(write_file(content, "a.csv"))
    assert len(draft.warnings) == 50
    assert draft.warnings[0] == "row 1: no text, skipped"
    assert draft.warnings[48] == "row 49: no text, skipped"
    assert draft.warnings[49] == "71 more rows without text, skipped"


def test_a_missing_text_column_is_reported_on_one_line() -> None:
    """Found by the fuzz test: a header cell holding newlines broke the one-line message."""
    from importers.columns import listing

    assert "\n" not in listing(["# Bridges of the Old Town\n\nThe old town", "b"])
