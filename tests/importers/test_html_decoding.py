"""Saved pages in any encoding: BOM, declaration, then a guess that always says so."""

from __future__ import annotations

import codecs

import pytest

from importers.draft import ImportFailure
from tests.importers.html_pages import ARTICLE, body_text, fixture, page, parse

# --- encodings -------------------------------------------------------------------------------


def test_declared_windows_1252_is_read_without_a_warning() -> None:
    draft = fixture("windows1252.html")
    text = body_text(draft)
    assert "€3.20" in text and "cafés" in text and "traders’ association" in text
    assert "naïve-art" in text and "“We have held" in text
    assert draft.title == "Café prices rise again"
    assert draft.warnings == []


def test_undeclared_latin_1_is_guessed_and_says_so() -> None:
    draft = fixture("latin1_undeclared.html")
    assert "ont fêté samedi la réouverture de leur école" in body_text(draft)
    assert draft.warnings == ["encoding guessed as windows-1252"]


@pytest.mark.parametrize(
    ("lang", "encoding", "label", "text"),
    [
        (
            "cs",
            "cp1250",
            "windows-1250",
            "Občané města se v pondělí sešli na radnici, aby projednali stavbu nového mostu.",
        ),
        ("ru", "koi8_r", "KOI8-R", "Жители города собрались в понедельник обсудить новый мост."),
        ("ja", "euc_jp", "EUC-JP", "東京の新しい橋は来月開通する予定です。市長が説明しました。"),
    ],
)
def test_the_pages_language_steers_the_guess(
    lang: str, encoding: str, label: str, text: str
) -> None:
    data = f'<html lang="{lang}"><body><article><p>{text}</p></article></body></html>'
    draft = parse(data.encode(encoding))
    assert body_text(draft) == text
    assert draft.warnings == [f"encoding guessed as {label}"]


def test_bytes_without_markup_are_not_guessed_at() -> None:
    with pytest.raises(ImportFailure, match=r"^cannot decode text \(not UTF-8\)$"):
        parse(b"\xe9\xe8\xf6\xfc\xe4\xff" * 10)


@pytest.mark.parametrize(
    ("data", "warnings"),
    [
        # A BOM wins over a <meta> that says otherwise.
        (
            codecs.BOM_UTF8
            + page('<meta charset="windows-1252">', ARTICLE.replace("old", "öld")).encode(),
            [],
        ),
        (page("", ARTICLE.replace("old", "öld")).encode("utf-16"), []),
        # A page that lies about its encoding is read as what it is, with a warning.
        (
            page('<meta charset="utf-8">', ARTICLE.replace("old", "öld")).encode("cp1252"),
            ["encoding guessed as windows-1252"],
        ),
        # Browsers read a declared Latin-1 as windows-1252.
        (
            page(
                '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
                ARTICLE.replace("old", "öld"),
            ).encode("cp1252"),
            [],
        ),
    ],
)
def test_bom_and_declarations(data: bytes, warnings: list[str]) -> None:
    draft = parse(data)
    assert "The öld swing bridge" in body_text(draft)
    assert draft.warnings == warnings
