from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from importers import decoding, registry
from importers.base import Importer
from importers.dataset import DatasetImporter
from importers.draft import ArticleDraft, Block, ImportFailure, NotThisFormat, UnknownFormat
from importers.markdown_text import MarkdownImporter
from importers.registry import (
    available_importers,
    choose_importer,
    importer_named,
    iter_source_files,
    parse_file,
    walk_sources,
)

BUILTIN_NAMES = [
    "dated-text",
    "paragraph-list",
    "dataset",
    "feed",
    "factiva-html",
    "factiva-text",
    "lexisnexis-txt",
    "nexis-html",
    "markdown",
    "plain-text",
    "html-page",
    "nexis-docx",
    "word",
    "nexis-rtf",
    "rtf",
    "odt",
    "nexis-pdf",
    "pdf",
]
# Formats that are not plain text (ZIP packages, RTF, PDF) have their own reasons for such files.
DOCUMENT_NAMES = ["nexis-docx", "word", "nexis-rtf", "rtf", "odt", "nexis-pdf", "pdf"]
TEXT_NAMES = [name for name in BUILTIN_NAMES if name not in DOCUMENT_NAMES]
DATED = b"date 2022-09-22 Lead.\n\nBody."
LIST = b"['<b>Lead.</b>', 'Body.']"


class FakeEntryPoint:
    """Just what the registry uses of importlib.metadata.EntryPoint."""

    def __init__(self, name: str, load: Callable[[], object]) -> None:
        self.name = name
        self._load = load

    def load(self) -> object:
        return self._load()


class MemoImporter(Importer):
    """A plug-in format: files that start with "MEMO"."""

    name: ClassVar[str] = "memo"
    description: ClassVar[str] = "test memos"
    patterns: ClassVar[tuple[str, ...]] = ("*.memo",)

    def sniff(self, head: bytes, path: Path) -> float:
        return 0.8 if head.startswith(b"MEMO") else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        yield ArticleDraft(blocks=[Block("paragraph", data.decode()[4:].strip())])


@pytest.fixture
def plugins(monkeypatch: pytest.MonkeyPatch) -> list[FakeEntryPoint]:
    """The installed plug-ins, as the registry will see them; empty unless a test adds some."""
    installed: list[FakeEntryPoint] = []

    def fake_entry_points(*, group: str) -> list[FakeEntryPoint]:
        assert group == "gloss.importers"
        return installed

    monkeypatch.setattr(registry, "entry_points", fake_entry_points)
    return installed


def plugin_importer(**methods: Any) -> Importer:
    """A memo importer with some methods replaced, for plug-ins that misbehave."""
    odd: type[Importer] = type("OddImporter", (MemoImporter,), methods)
    return odd()


def test_builtins_come_first_in_one_tuple(plugins: list[FakeEntryPoint]) -> None:
    assert [importer.name for importer in available_importers()] == BUILTIN_NAMES
    assert [cls.name for cls in registry.BUILTIN_IMPORTERS] == BUILTIN_NAMES


@pytest.mark.parametrize("loaded", [MemoImporter, MemoImporter()], ids=["class", "instance"])
def test_entry_point_plugin_is_picked_up(
    plugins: list[FakeEntryPoint], write_file: Callable[..., Path], loaded: object
) -> None:
    plugins.append(FakeEntryPoint("memo", lambda: loaded))
    assert [importer.name for importer in available_importers()] == [*BUILTIN_NAMES, "memo"]
    name, drafts = parse_file(write_file(b"MEMO hello", "note.memo"))
    assert name == "memo"
    assert drafts[0].blocks == [Block("paragraph", "hello")]
    assert drafts[0].raw == b"MEMO hello"  # filled in by the registry


def fail_import() -> object:
    raise ImportError("No module named 'gloss_broken'")


@pytest.mark.parametrize(
    ("load", "reason"),
    [
        (fail_import, "failed to load"),
        (lambda: 42, "failed to load"),  # not an importer at all
        (lambda: type("Nameless", (MemoImporter,), {"name": ""}), "failed to load"),
        (lambda: type("Clash", (MemoImporter,), {"name": "dated-text"}), "is taken"),
    ],
    ids=["import-error", "not-an-importer", "no-name", "name-taken"],
)
def test_broken_plugin_is_skipped_with_a_warning(
    plugins: list[FakeEntryPoint],
    caplog: pytest.LogCaptureFixture,
    load: Callable[[], object],
    reason: str,
) -> None:
    plugins.extend([FakeEntryPoint("broken", load), FakeEntryPoint("memo", lambda: MemoImporter)])
    with caplog.at_level(logging.WARNING, logger="importers.registry"):
        names = [importer.name for importer in available_importers()]
    assert names == [*BUILTIN_NAMES, "memo"]
    assert any(
        "'broken'" in record.getMessage() and reason in record.getMessage()
        for record in caplog.records
    )


def test_unreadable_plugin_metadata_leaves_the_builtins(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_metadata(*, group: str) -> list[FakeEntryPoint]:
        raise ValueError("bad METADATA")

    monkeypatch.setattr(registry, "entry_points", broken_metadata)
    with caplog.at_level(logging.WARNING, logger="importers.registry"):
        assert [importer.name for importer in available_importers()] == BUILTIN_NAMES
    assert "cannot list importer plug-ins" in caplog.text


def test_importer_named(plugins: list[FakeEntryPoint]) -> None:
    assert importer_named("paragraph-list").name == "paragraph-list"
    with pytest.raises(ImportFailure) as caught:
        importer_named("csv")
    assert str(caught.value) == f"unknown format 'csv' (known: {', '.join(BUILTIN_NAMES)})"


@pytest.mark.parametrize(
    ("file_name", "head", "chosen"),
    [
        ("a.txt", DATED, "dated-text"),
        ("a.dat", DATED, "dated-text"),
        ("a.txt", LIST, "paragraph-list"),
        ("A.TXT", b"[1, 2]", "paragraph-list"),  # a bare "[" is still worth a try
        ("a.txt", b"MEMO x", "memo"),
        ("a.memo", b"MEMO x", "memo"),
    ],
)
def test_choose_importer(
    plugins: list[FakeEntryPoint], file_name: str, head: bytes, chosen: str
) -> None:
    plugins.append(FakeEntryPoint("memo", lambda: MemoImporter))
    assert choose_importer(Path(file_name), head).name == chosen


@pytest.mark.parametrize("head", [b"Hello world", b"", b"\x89PNG\r\n\x1a\n", b"{'a': 1}"])
def test_choose_importer_refuses_unknown_formats(
    plugins: list[FakeEntryPoint], head: bytes
) -> None:
    with pytest.raises(ImportFailure) as caught:
        choose_importer(Path("a.dat"), head)  # any readable *.txt is plain text
    assert str(caught.value) == "unknown format: no importer recognises this file"


def test_file_name_breaks_a_tie(plugins: list[FakeEntryPoint]) -> None:
    twin = plugin_importer(name="twin", patterns=("*.twin",))
    plugins.extend(
        [FakeEntryPoint("memo", lambda: MemoImporter), FakeEntryPoint("twin", lambda: twin)]
    )
    assert choose_importer(Path("a.twin"), b"MEMO").name == "twin"
    assert choose_importer(Path("a.memo"), b"MEMO").name == "memo"


@pytest.mark.parametrize(
    ("score", "chosen"),
    [(float("nan"), None), (float("inf"), None), (-1.0, None), ("0.9", "memo"), (7.0, "memo")],
)
def test_odd_sniff_scores_are_tamed(
    plugins: list[FakeEntryPoint], score: object, chosen: str | None
) -> None:
    odd = plugin_importer(sniff=lambda self, head, path: score)
    plugins.append(FakeEntryPoint("memo", lambda: odd))
    if chosen is None:
        with pytest.raises(ImportFailure, match="^unknown format"):
            choose_importer(Path("a.dat"), b"MEMO")
    else:
        assert choose_importer(Path("a.txt"), b"MEMO").name == chosen
    # Clamped to 1.0, a boastful plug-in cannot outbid a built-in that is sure of its file.
    assert choose_importer(Path("a.txt"), DATED).name == "dated-text"


def test_a_sniffer_that_crashes_is_ignored(
    plugins: list[FakeEntryPoint], caplog: pytest.LogCaptureFixture
) -> None:
    def crash(self: Importer, head: bytes, path: Path) -> float:
        raise RuntimeError("sniff bug")

    plugins.append(FakeEntryPoint("memo", lambda: plugin_importer(sniff=crash)))
    with caplog.at_level(logging.WARNING, logger="importers.registry"):
        assert choose_importer(Path("a.txt"), DATED).name == "dated-text"
    assert "failed to sniff" in caplog.text


@pytest.mark.parametrize(
    ("content", "fmt", "name", "texts"),
    [
        (DATED, None, "dated-text", ["Lead.", "Body."]),
        (LIST, None, "paragraph-list", ["Lead.", "Body."]),
        (LIST, "paragraph-list", "paragraph-list", ["Lead.", "Body."]),
        # Forcing a format parses by its rules even when another would sniff higher.
        (b"['x']", "dated-text", None, "expected 'date YYYY-MM-DD' at the start of line 1"),
        (DATED, "paragraph-list", None, "malformed list literal: the text does not start with '['"),
        (DATED, "csv", None, f"unknown format 'csv' (known: {', '.join(BUILTIN_NAMES)})"),
    ],
)
def test_parse_file(
    plugins: list[FakeEntryPoint],
    write_file: Callable[..., Path],
    content: bytes,
    fmt: str | None,
    name: str | None,
    texts: list[str] | str,
) -> None:
    path = write_file(content)
    if name is None:
        with pytest.raises(ImportFailure) as caught:
            parse_file(path, fmt)
        assert str(caught.value) == texts
        return
    chosen, drafts = parse_file(path, fmt)
    assert chosen == name
    assert [[block.text for block in draft.blocks] for draft in drafts] == [texts]
    assert drafts[0].raw == content


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


@pytest.mark.parametrize(
    ("content", "auto", "forced"),
    [
        (b"", "file is empty", "file is empty"),
        # Unrecognised files still get the specific reason, not just "unknown format".
        (b" \r\n\t\n  ", "file has no text", "file has no text"),
        (PNG, "binary file, not text", "binary file, not text"),
        (bytes(range(0, 256, 4)), "binary file, not text", "binary file, not text"),
        (
            b"\xe9\xe8\xf6\xfc\xe4\xff" * 10,
            "cannot decode text (not UTF-8)",
            "cannot decode text (not UTF-8)",
        ),
        (
            b"x" * 65,
            "file is larger than the 64 bytes limit",
            "file is larger than the 64 bytes limit",
        ),
    ],
    ids=["empty", "whitespace", "png", "all-bytes", "undecodable", "too-large"],
)
@pytest.mark.parametrize("fmt", TEXT_NAMES)
def test_bad_files_for_every_importer(
    plugins: list[FakeEntryPoint],
    monkeypatch: pytest.MonkeyPatch,
    write_file: Callable[..., Path],
    content: bytes,
    auto: str,
    forced: str,
    fmt: str,
) -> None:
    monkeypatch.setattr(decoding, "MAX_FILE_BYTES", 64)
    path = write_file(content)
    for chosen, message in ((None, auto), (fmt, forced)):
        with pytest.raises(ImportFailure) as caught:
            parse_file(path, chosen)
        assert str(caught.value) == message


@pytest.mark.parametrize("fmt", DOCUMENT_NAMES)
@pytest.mark.parametrize("content", [b" \r\n\t\n  ", PNG, b"PK\x03\x04broken", b"%PDF-1.7 x"])
def test_document_importers_refuse_what_is_not_theirs_plainly(
    plugins: list[FakeEntryPoint], write_file: Callable[..., Path], content: bytes, fmt: str
) -> None:
    with pytest.raises(ImportFailure) as caught:
        parse_file(write_file(content), fmt)
    assert str(caught.value) and " failed: " not in str(caught.value)


def test_missing_file_and_folder(plugins: list[FakeEntryPoint], tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="^no such file$"):
        parse_file(tmp_path / "gone.txt")
    with pytest.raises(ImportFailure, match="^not a file$"):
        parse_file(tmp_path)


def bad_parse(result: Callable[[], Iterator[object]]) -> Callable[..., Iterator[object]]:
    return lambda self, data, path: result()


def fails_midway() -> Iterator[object]:
    yield ArticleDraft(blocks=[Block("paragraph", "first")])
    raise KeyError("row 2")


def raises_value_error() -> Iterator[object]:
    raise ValueError("boom")
    yield  # pragma: no cover


@pytest.mark.parametrize(
    ("parse", "message"),
    [
        (raises_value_error, "importer memo failed: ValueError: boom"),
        (fails_midway, "importer memo failed: KeyError: 'row 2'"),
        (lambda: iter(()), "importer memo found no articles in the file"),
        (
            lambda: iter([ArticleDraft(blocks=[])]),
            "importer memo returned an article without text (1)",
        ),
        (
            lambda: iter(
                [
                    ArticleDraft(blocks=[Block("paragraph", "ok")]),
                    ArticleDraft(blocks=[Block("paragraph", " ")]),
                ]
            ),
            "importer memo returned an article without text (2)",
        ),
        (lambda: iter(["not a draft"]), "importer memo returned str (article 1)"),
        (lambda: 42, "importer memo failed: TypeError: 'int' object is not iterable"),
    ],
    ids=[
        "raises",
        "fails-midway",
        "nothing",
        "no-blocks",
        "blank-block",
        "not-a-draft",
        "not-iterable",
    ],
)
def test_a_misbehaving_plugin_becomes_an_import_failure(
    plugins: list[FakeEntryPoint],
    write_file: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
    parse: Callable[[], Iterator[object]],
    message: str,
) -> None:
    plugins.append(FakeEntryPoint("memo", lambda: plugin_importer(parse=bad_parse(parse))))
    with caplog.at_level(logging.CRITICAL, logger="importers.registry"):
        with pytest.raises(ImportFailure) as caught:
            parse_file(write_file(b"MEMO x"))
    assert str(caught.value) == message


def test_importer_list_can_be_loaded_once_for_a_batch(
    plugins: list[FakeEntryPoint], write_file: Callable[..., Path]
) -> None:
    importers = [MemoImporter()]
    assert parse_file(write_file(b"MEMO x"), importers=importers)[0] == "memo"
    with pytest.raises(ImportFailure, match="^unknown format: no importer"):
        parse_file(write_file(DATED), importers=importers)


def test_iter_source_files(tmp_path: Path) -> None:
    for relative in [
        "b.txt",
        "a.txt",
        ".hidden.txt",
        "sub/z.txt",
        "sub/deeper/y.txt",
        ".git/config",
        "sub/.cache/x.txt",
        "another/c.txt",
    ]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    single = tmp_path / "sub" / "z.txt"
    hidden = tmp_path / ".hidden.txt"
    missing = tmp_path / "missing.txt"
    found = list(iter_source_files([single, tmp_path, missing, hidden]))
    assert [path.relative_to(tmp_path).as_posix() for path in found] == [
        "sub/z.txt",
        "a.txt",
        "b.txt",
        "another/c.txt",
        "sub/z.txt",
        "sub/deeper/y.txt",
        "missing.txt",
        ".hidden.txt",  # named explicitly, so not skipped
    ]


@pytest.mark.parametrize(
    ("name", "importer", "expected"),
    [
        ("articles.CSV", DatasetImporter(), True),
        ("dump.csv.GZ", DatasetImporter(), True),
        ("notes.csv.bak", DatasetImporter(), False),
        ("000_article.txt", DatasetImporter(), False),
        ("Story.MD", MarkdownImporter(), True),
        ("readme.markdown", MarkdownImporter(), True),
        ("story.md.txt", MarkdownImporter(), False),
    ],
)
def test_file_names_match_the_patterns_ignoring_case(
    name: str, importer: Importer, expected: bool
) -> None:
    assert importer.matches_name(Path("some/folder") / name) is expected


class PickyImporter(MemoImporter):
    """Sniffs memos surer than MemoImporter, then declines those that are not urgent."""

    name: ClassVar[str] = "picky"

    def sniff(self, head: bytes, path: Path) -> float:
        return 0.9 if head.startswith(b"MEMO") else 0.0

    def parse(self, data: bytes, path: Path) -> Iterator[ArticleDraft]:
        if b"URGENT" not in data:
            raise NotThisFormat("not an urgent memo")
        yield ArticleDraft(blocks=[Block("paragraph", "urgent")])


def test_a_declining_importer_hands_the_file_to_the_next_claimant(
    plugins: list[FakeEntryPoint], write_file: Callable[..., Path]
) -> None:
    plugins.append(FakeEntryPoint("picky", PickyImporter))
    plugins.append(FakeEntryPoint("memo", MemoImporter))
    assert parse_file(write_file(b"MEMO URGENT", "a.memo"))[0] == "picky"
    assert parse_file(write_file(b"MEMO calm", "b.memo"))[0] == "memo"
    with pytest.raises(ImportFailure, match="^not an urgent memo$"):
        parse_file(write_file(b"MEMO calm", "c.memo"), "picky")


def test_when_every_claimant_declines_the_file_is_of_unknown_format(
    plugins: list[FakeEntryPoint], write_file: Callable[..., Path]
) -> None:
    plugins.append(FakeEntryPoint("picky", PickyImporter))
    with pytest.raises(UnknownFormat, match="^not an urgent memo$"):
        parse_file(write_file(b"MEMO calm", "a.dat"))


def test_a_folder_walk_lists_files_by_name_then_subfolders(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("elsewhere")
    root = tmp_path / "root"
    for name in ("b/z.txt", "b/a.txt", "a/y.txt", "m.txt", "c.txt", ".hidden.txt", ".git/x.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
    (root / "l.txt").symlink_to(root / "c.txt")  # a link inside the folder is a file
    (root / "out.txt").symlink_to(outside)
    (root / "linked").symlink_to(root / "a", target_is_directory=True)  # never followed
    skipped: list[Path] = []

    found = list(walk_sources([root, outside], skipped.append))

    assert [(str(path.relative_to(tmp_path)), in_folder) for path, in_folder in found] == [
        ("root/c.txt", True),
        ("root/l.txt", True),
        ("root/m.txt", True),
        ("root/a/y.txt", True),
        ("root/b/a.txt", True),
        ("root/b/z.txt", True),
        ("outside.txt", False),
    ]
    assert skipped == [root / "out.txt"]
