from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from importers.dated_text import DatedTextImporter
from importers.draft import ArticleDraft, ImportFailure

IMPORTER = DatedTextImporter()
LONG_LEAD = "Word " * 40 + "end."


def parse(data: bytes) -> ArticleDraft:
    (draft,) = IMPORTER.parse(data, Path("article.txt"))
    return draft


@pytest.mark.parametrize(
    ("data", "texts"),
    [
        (b"date 2022-09-22 The lead.\n\nFirst.\n\nSecond.\n", ["The lead.", "First.", "Second."]),
        # BOM, CRLF, leading spaces, runs of blank lines, trailing spaces, no final newline.
        (
            codecs.BOM_UTF8
            + b"  date 2022-09-22   The lead.  \r\n\r\n\r\n \r\n  First.  \r\n\r\n\r\nSecond",
            ["The lead.", "First.", "Second"],
        ),
        (b"\n\n\t date 2022-09-22 Lead.\r\rOld Mac line ends.", ["Lead.", "Old Mac line ends."]),
        # The date alone on its line: the first paragraph is the lead.
        (b"date 2022-09-22\n\nFirst.\n\nSecond.", ["First.", "Second."]),
        (b"date 2022-09-22   \n\n\n\nOnly one.", ["Only one."]),
        # Lines of one paragraph are joined, the date line's paragraph included.
        (
            b"date 2022-09-22 The lead\ngoes on.\n\nA para\nover lines.",
            ["The lead goes on.", "A para over lines."],
        ),
        (b"DATE 2022-09-22 Upper case keyword.", ["Upper case keyword."]),
        (
            codecs.BOM_UTF16_LE + "date 2022-09-22 L\u00e9ad.\r\n\r\nBody.".encode("utf-16-le"),
            ["L\u00e9ad.", "Body."],
        ),
        (
            b"date 2022-09-22 Caf\xe9 lead in cp1252.\n\nBody text.",
            ["Caf\u00e9 lead in cp1252.", "Body text."],
        ),
        # Plain text, not HTML: entities and tags stay as written.
        (b"date 2022-09-22 Fish &amp; <b>chips</b>.", ["Fish &amp; <b>chips</b>."]),
    ],
)
def test_dated_text_parses(data: bytes, texts: list[str]) -> None:
    draft = parse(data)
    assert draft.date == dt.date(2022, 9, 22)
    assert [block.text for block in draft.blocks] == texts
    assert [block.kind for block in draft.blocks] == ["lead"] + ["paragraph"] * (len(texts) - 1)
    assert all(not block.marks for block in draft.blocks)
    assert draft.title == texts[0]
    assert draft.source == ""
    assert draft.raw == data


def test_long_lead_gives_a_short_title_but_is_kept_whole() -> None:
    draft = parse(b"date 2022-09-22 " + LONG_LEAD.encode() + b"\n\nBody.")
    assert draft.blocks[0].text == LONG_LEAD.strip()
    assert len(draft.title) <= 120
    assert draft.title.endswith("Word…")
    assert LONG_LEAD.startswith(draft.title.removesuffix("…"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"date 2022-13-45 Lead.\n\nBody.", "invalid date '2022-13-45' on line 1"),
        (b"\n\n date 2023-02-29 Lead.", "invalid date '2023-02-29' on line 3"),
        (b"date 0000-01-01 Lead.", "invalid date '0000-01-01' on line 1"),
        (b"date 2022-09-22", "no article text after the date line"),
        (b"  date 2022-09-22  \r\n\r\n   \r\n", "no article text after the date line"),
        (b"A title\ndate 2022-09-22 Lead.", "expected 'date YYYY-MM-DD' at the start of line 1"),
        (b"date 22-09-2022 Lead.", "expected 'date YYYY-MM-DD' at the start of line 1"),
        (b"date 2022-09-22Lead.", "expected 'date YYYY-MM-DD' at the start of line 1"),
        (b"dated 2022-09-22 Lead.", "expected 'date YYYY-MM-DD' at the start of line 1"),
        (b"", "file has no text"),
        (b" \r\n\t\n", "file has no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (b"\xe9\xe8\xf6\xfc\xe4\xff" * 10, "cannot decode text (not UTF-8)"),
    ],
)
def test_dated_text_refuses(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailure) as caught:
        parse(data)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("head", "score"),
    [
        (b"date 2022-09-22 Lead", 0.95),
        (b" date 2022-09-22 Lead", 0.95),
        (codecs.BOM_UTF8 + b"\r\n  date 2022-09-22", 0.95),
        (codecs.BOM_UTF16_LE + "date 2022-09-22".encode("utf-16-le"), 0.95),
        (b"date 2022-9-22 Lead", 0.0),
        (b"updated 2022-09-22", 0.0),
        (b"['date 2022-09-22']", 0.0),
        (b"\x89PNG\r\n", 0.0),
        (b"", 0.0),
    ],
)
def test_dated_text_sniff(head: bytes, score: float) -> None:
    assert IMPORTER.sniff(head, Path("x.txt")) == score


def test_dated_seed(dated_seed: bytes) -> None:
    draft = parse(dated_seed)
    assert draft.date == dt.date(2022, 9, 22)
    lead, *paragraphs = draft.blocks
    assert (lead.kind, lead.text) == (
        "lead",
        "Follow developments at the UN General Assembly as they happen.",
    )
    assert draft.title == lead.text
    assert len(paragraphs) == 26
    assert {block.kind for block in paragraphs} == {"paragraph"}
    assert paragraphs[0].text.startswith("US Secretary of State Antony Blinken")
    assert paragraphs[-1].text.endswith('the bodies I saw were not fake."')
    assert '"We cannot \u2014 we will not \u2014 let President Putin get away with it."' in [
        block.text for block in paragraphs
    ]
    for block in draft.blocks:
        assert block.text == block.text.strip()
        assert "  " not in block.text and "\n" not in block.text
    assert draft.raw == dated_seed
