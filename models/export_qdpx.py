"""REFI-QDA project export (`.qdpx`, QDA-XML 1.0): what NVivo, MAXQDA, ATLAS.ti, QualCoder and
Taguette exchange.

A zip holding `project.qde` and `sources/<guid>.txt`, each article's canonical text in UTF-8,
so selection positions (code points, as the standard counts) point into exactly that text.
Guids are uuid5s of stable keys (content hash, tag path), so the same library exports the same
guids. XML 1.0 cannot hold most control characters: a field holding one is refused by name.
An orphan (its passage left a new version of the article) has no position, so it cannot be a
selection: it travels as a project Note, coded with its tags and referenced by its text source.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, BinaryIO

from models.annotating import AnnotationRecord
from models.attributes import attribute_kinds
from models.codebook_io import add_codes, tag_guid
from models.errors import LibraryError
from models.export_items import ArticleItem
from models.schema import Tag, utc_now

if TYPE_CHECKING:
    from lxml import etree

NAMESPACE = "urn:QDA-XML:project:1.0"
Q = f"{{{NAMESPACE}}}"
_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "https://gloss.invalid/qdpx")
LIBRARY_USER = "Gloss library"
# Article details travel as text variables of each source (REFI has no bibliographic fields).
VARIABLES = (("Outlet", "source"), ("Author", "author"), ("Date", "date"), ("URL", "url"))
# Article variables (attributes) become typed REFI variables, on each source and on a case per
# article: NVivo and MAXQDA read document variables from cases, QualCoder from either.
_VARIABLE_TYPES = {"integer": "Integer", "number": "Float", "text": "Text"}
_VALUE_ELEMENTS = {"Integer": "IntegerValue", "Float": "FloatValue", "Text": "TextValue"}
# What XML 1.0 cannot hold: C0 controls but tab/LF/CR, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def guid(kind: str, key: object) -> str:
    return str(uuid.uuid5(_IDS, f"{kind}:{key}"))


def xml_text(value: str, where: str) -> str:
    """The value itself; raises LibraryError naming the place when XML cannot hold it."""
    bad = _NOT_XML.search(value)
    if bad:
        raise LibraryError(
            f"{where} holds the control character U+{ord(bad.group()):04X}, which a REFI-QDA "
            "project (XML) cannot hold; edit it out and export again"
        )
    return value


def user_guid(name: str) -> str:
    return guid("user", name)


class _Users:
    """The project's Users element, one User per coder, added as the coders turn up."""

    def __init__(self, element: etree._Element) -> None:
        self.element = element
        self.known: set[str] = set()

    def guid(self, name: str) -> str:
        """The coder's User guid; declares the User the first time."""
        from lxml import etree

        user = user_guid(name)
        if name not in self.known:
            self.known.add(name)
            text = xml_text(name, f"the coder name {name!r}")
            etree.SubElement(self.element, f"{Q}User", guid=user, name=text)
        return user


def source_guid(article: ArticleItem) -> str:
    return guid("article", article.content_hash)


def write_qdpx(out: BinaryIO, articles: Iterable[ArticleItem], name: str = "Gloss export") -> int:
    """Write the project zip to `out`; returns the number of annotations (selections) in it."""
    from lxml import etree

    now = utc_now()
    user = user_guid(LIBRARY_USER)
    root = etree.Element(
        f"{Q}Project",
        nsmap={None: NAMESPACE},
        name=name,
        origin="Gloss",
        creatingUserGUID=user,
        creationDateTime=now,
    )
    users = _Users(etree.SubElement(root, f"{Q}Users"))
    users.guid(LIBRARY_USER)
    if Tag.select().exists():  # a CodeBook needs at least one Code: none when there is none
        add_codes(etree.SubElement(etree.SubElement(root, f"{Q}CodeBook"), f"{Q}Codes"), NAMESPACE)
    variables = etree.SubElement(root, f"{Q}Variables")
    for label, _field in VARIABLES:
        etree.SubElement(
            variables,
            f"{Q}Variable",
            guid=guid("variable", label),
            name=label,
            typeOfVariable="Text",
        )
    kinds = _attribute_variables(variables)
    cases = etree.SubElement(root, f"{Q}Cases")
    sources = etree.SubElement(root, f"{Q}Sources")
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for article in articles:
            source = _text_source(sources, article, user, users, root, kinds)
            _case(cases, source, article, kinds)
            archive.writestr(f"sources/{source.get('guid')}.txt", article.text.encode("utf-8"))
            count += len(article.annotations)
        for element in (cases, sources):
            if len(element) == 0:
                root.remove(element)
        data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
        archive.writestr("project.qde", data)
    return count


def _attribute_variables(variables: etree._Element) -> dict[str, str]:
    """Declare a Variable per article variable in use; returns each name's REFI type."""
    from lxml import etree

    taken = {label.lower() for label, _field in VARIABLES}
    kinds = {}
    for name, kind in attribute_kinds().items():
        kinds[name] = _VARIABLE_TYPES[kind]
        label = name if name.lower() not in taken else f"{name} (variable)"
        etree.SubElement(
            variables,
            f"{Q}Variable",
            guid=guid("attribute", name),
            name=label,
            typeOfVariable=kinds[name],
        )
    return kinds


def _variable_values(
    parent: etree._Element, article: ArticleItem, kinds: dict[str, str], where: str
) -> None:
    from lxml import etree

    for name, value in article.attributes:
        kind = kinds.get(name, "Text")
        element = etree.SubElement(parent, f"{Q}VariableValue")
        etree.SubElement(element, f"{Q}VariableRef", targetGUID=guid("attribute", name))
        if kind == "Float":  # xsd:decimal: digits, never an exponent
            text = format(Decimal(repr(float(value))), "f")  # type: ignore[arg-type]
        else:
            text = xml_text(str(value), f"{where}: its variable {name}")
        etree.SubElement(element, f"{Q}{_VALUE_ELEMENTS[kind]}").text = text


def _case(
    cases: etree._Element, source: etree._Element, article: ArticleItem, kinds: dict[str, str]
) -> None:
    """A case for an article with variables: its values, and a reference to its source."""
    from lxml import etree

    if not article.attributes:
        return
    case = etree.SubElement(
        cases, f"{Q}Case", guid=guid("case", article.content_hash), name=source.get("name")
    )
    _variable_values(case, article, kinds, f"article {article.id}")
    etree.SubElement(case, f"{Q}SourceRef", targetGUID=source.get("guid"))


def _text_source(
    sources: etree._Element,
    article: ArticleItem,
    user: str,
    users: _Users,
    root: etree._Element,
    kinds: dict[str, str],
) -> etree._Element:
    from lxml import etree

    where = f"article {article.id} (“{article.title[:60]}”)"
    source_id = source_guid(article)
    source = etree.SubElement(
        sources,
        f"{Q}TextSource",
        guid=source_id,
        name=xml_text(article.title or f"Article {article.id}", f"{where}: the title"),
        plainTextPath=f"internal://{source_id}.txt",
        creatingUser=user,
    )
    for annotation in article.annotations:  # the orphans last: NoteRefs follow selections
        coder = users.guid(annotation.coder)
        if annotation.start is None:
            note = _orphan_note(root, article, annotation, coder, f"{where}, annotation")
            etree.SubElement(source, f"{Q}NoteRef", targetGUID=note)
        else:
            _selection(source, article, annotation, coder, where)
    for label, field in VARIABLES:
        value = getattr(article, field) or ""
        if value:
            element = etree.SubElement(source, f"{Q}VariableValue")
            etree.SubElement(element, f"{Q}VariableRef", targetGUID=guid("variable", label))
            text = xml_text(value, f"{where}: its {label.lower()}")
            etree.SubElement(element, f"{Q}TextValue").text = text
    _variable_values(source, article, kinds, where)
    return source


def _selection(
    source: etree._Element,
    article: ArticleItem,
    annotation: AnnotationRecord,
    user: str,
    where: str,
) -> None:
    from lxml import etree

    where = f"{where}, annotation {annotation.id}"
    selection = etree.SubElement(
        source,
        f"{Q}PlainTextSelection",
        guid=guid("annotation", f"{article.content_hash}:{annotation.id}"),
        name=xml_text(annotation.quote[:80], f"{where}: the quote"),
        startPosition=str(annotation.start),
        endPosition=str(annotation.end),
        creatingUser=user,
        creationDateTime=annotation.created_at,
        modifyingUser=user,
        modifiedDateTime=annotation.updated_at,
    )
    if annotation.note:
        description = etree.SubElement(selection, f"{Q}Description")
        description.text = xml_text(annotation.note, f"{where}: the note")
    _codings(selection, article, annotation, user)


def _codings(
    coded: etree._Element, article: ArticleItem, annotation: AnnotationRecord, user: str
) -> None:
    from lxml import etree

    for tag in annotation.tags:
        coding = etree.SubElement(
            coded,
            f"{Q}Coding",
            guid=guid("coding", f"{article.content_hash}:{annotation.id}:{tag}"),
            creatingUser=user,
            creationDateTime=annotation.created_at,
        )
        etree.SubElement(coding, f"{Q}CodeRef", targetGUID=tag_guid(tag))


def _orphan_note(
    root: etree._Element,
    article: ArticleItem,
    annotation: AnnotationRecord,
    user: str,
    where: str,
) -> str:
    """The orphan as a coded Note in the project's Notes (made after Sources, as the schema
    orders them); returns the note's guid."""
    from lxml import etree

    notes = root.find(f"{Q}Notes")
    if notes is None:
        notes = etree.SubElement(root, f"{Q}Notes")
    where = f"{where} {annotation.id}"
    note_guid = guid("orphan", f"{article.content_hash}:{annotation.id}")
    note = etree.SubElement(
        notes,
        f"{Q}Note",
        guid=note_guid,
        name=xml_text(f"Not placed: {annotation.quote[:60]}", f"{where}: the quote"),
        creatingUser=user,
        creationDateTime=annotation.created_at,
        modifyingUser=user,
        modifiedDateTime=annotation.updated_at,
    )
    lines = [
        "A highlight whose passage is not in the current text (the article changed).",
        f"Quote: “{annotation.quote}”",
    ]
    if annotation.note:
        lines.append(f"Note: {annotation.note}")
    content = etree.SubElement(note, f"{Q}PlainTextContent")
    content.text = xml_text("\n".join(lines), f"{where}: the quote or note")
    _codings(note, article, annotation, user)
    return note_guid
