"""A saved page put into the shape an article extractor expects, before it looks for the body.

Six things defeat extractors on real pages, and none needs a site's name to fix: text a
reader never sees (hidden elements), an article body split over several sibling containers
of one class (the extractor takes the first), embedded posts (tweets, Instagram) whose
wrappers carry class names ("embed", "social") that extractors discard as share bars, links
whose whole text is styled (`<a><em>…</em></a>`), which trafilatura loses, text standing
loose in a container beside its paragraphs, which it reads in part, and tables set in a
blockquote for their indent, which it reads as a quote of their links only.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree
from lxml.html import HtmlElement

# An inline style that hides the element (any case, spaces allowed around the colon).
_HIDING_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)
_MAYBE_HIDDEN = etree.XPath(".//*[@hidden or @aria-hidden or @style]")
_NEVER_DROPPED = frozenset({"html", "head", "body"})
# A hidden element holding most of the page is a page its scripts reveal: keep it.
_MAX_HIDDEN_SHARE = 0.5
# Containers that may hold a split body, and how much text (not link text) makes one count.
_CONTAINERS = frozenset({"div", "section", "article"})
MIN_PART_TEXT = 150
MAX_TEXT_BETWEEN = 40  # an "Advertisement" label or a picture's credit, not a paragraph
# Elements with two containers or more among their children (an XPath runs in C, a loop not).
_PARENTS_OF_CONTAINERS = etree.XPath(
    "descendant-or-self::*[count(div[@class] | section[@class] | article[@class]) > 1]"
)
# Links whose whole content is one styled element.
_STYLED_LINKS = etree.XPath(".//a[count(*) = 1][b or strong or i or em or u or span]")
# Containers with paragraphs (or other blocks) among their children and text of their own.
_MIXED_CONTAINERS = etree.XPath(
    "descendant-or-self::*[self::div or self::section or self::article or self::main or self::td]"
    "[p or div or h1 or h2 or h3 or h4 or h5 or h6 or ul or ol or table or blockquote]"
    "[text()[normalize-space()]]"
)
# Phrasing content: what may stand inside a paragraph.
_INLINE = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em font i img ins kbd mark q s samp small span "
    "strong sub sup time u var wbr".split()
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Embedded posts as their publishers' snippets mark them up.
_EMBED_CLASS = re.compile(r"twitter-tweet|twitter-video|instagram-media|tiktok-embed|bluesky", re.I)
# Wrapper names that extractors (and readers) take for share bars and widgets.
_WRAPPER_NAME = re.compile(r"embed|social|share|widget|tweet|instagram", re.I)
_WRAPPERS = frozenset({"div", "figure", "section", "span", "aside"})
_MAX_WRAPPER_TEXT = 80  # a caption or a "view on Instagram" line, not a share bar's text
_QUOTED_TABLES = etree.XPath(".//blockquote[.//table]")


def normalise_page(root: HtmlElement) -> None:
    """Prepare the page in place: hidden parts out, split bodies joined, embeds lifted,
    styled links made plain, loose text made paragraphs."""
    body = root.find("body")
    if body is None:
        return
    drop_hidden(body)
    join_split_containers(body)
    lift_embedded_posts(body)
    unquote_tables(body)
    unwrap_styled_links(body)
    wrap_loose_text(body)


def drop_hidden(body: HtmlElement) -> None:
    """Remove what a browser would not show: `hidden`, aria-hidden, display:none and
    visibility:hidden. The text after each (its tail) stays."""
    hidden = [element for element in _MAYBE_HIDDEN(body) if _is_hidden(element)]
    if not hidden:
        return
    total = len(body.text_content())
    dropped: set[HtmlElement] = set()
    for element in hidden:
        if any(ancestor in dropped for ancestor in element.iterancestors()):
            continue
        if len(element.text_content()) > total * _MAX_HIDDEN_SHARE:
            continue
        dropped.add(element)
        element.drop_tree()


def _is_hidden(element: HtmlElement) -> bool:
    if not isinstance(element.tag, str) or element.tag in _NEVER_DROPPED:
        return False
    attributes = element.attrib
    if "hidden" in attributes or attributes.get("aria-hidden", "").lower() == "true":
        return True
    return bool(_HIDING_STYLE.search(attributes.get("style", "")))


def join_split_containers(body: HtmlElement) -> None:
    """Join runs of sibling containers of one tag and class that each hold real text.

    A CMS that splits an article around its ads or images repeats the body's container;
    extractors pick the first container that looks like a body and lose the rest. Only what
    holds no heading and little text (an ad slot, a picture) may stand between two parts of a
    run, so joining moves no text past a heading; it follows the joined container.
    """
    for parent in _PARENTS_OF_CONTAINERS(body):
        keys = [_container_key(child) for child in parent]
        repeated = {key for key, count in Counter(keys).items() if key and count > 1}
        if not repeated:
            continue
        run: list[HtmlElement] = []
        between = 0  # characters of text since the run's last part
        for child, key in zip(list(parent), keys, strict=True):
            if key in repeated and _holds_real_text(child):
                if run and key == _container_key(run[0]) and between <= MAX_TEXT_BETWEEN:
                    run.append(child)
                else:
                    _join(run)
                    run = [child]
                between = 0
            elif run and between <= MAX_TEXT_BETWEEN:
                heading = child.tag in _HEADINGS or next(child.iter(*_HEADINGS), None) is not None
                between += MAX_TEXT_BETWEEN + 1 if heading else len(child.text_content().strip())
        _join(run)


def _container_key(element: HtmlElement) -> tuple[str, str] | None:
    name = element.get("class", "").strip() if element.tag in _CONTAINERS else ""
    return (element.tag, name) if name else None


def _join(run: list[HtmlElement]) -> None:
    """Move the children of the run's later parts into its first; the later parts go."""
    if len(run) < 2:
        return
    first = run[0]
    for part in run[1:]:
        if part.text and part.text.strip():
            _append_text(first, part.text)
        for child in list(part):
            first.append(child)  # moving a child keeps its tail with it
        part.drop_tree()


def _holds_real_text(element: HtmlElement) -> bool:
    text = len(" ".join(element.text_content().split()))
    links = sum(len(" ".join(link.text_content().split())) for link in element.iter("a"))
    return text - links >= MIN_PART_TEXT


def _append_text(element: HtmlElement, text: str) -> None:
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + " " + text
    else:
        element.text = (element.text or "") + " " + text


def lift_embedded_posts(body: HtmlElement) -> None:
    """Put each embedded post (a tweet's or an Instagram post's blockquote) in the place of
    its wrappers, under a plain blockquote: the post's text is part of the story."""
    for post in list(body.iter("blockquote")):
        if not _EMBED_CLASS.search(post.get("class", "")):
            continue
        outer = post
        parent = post.getparent()
        while parent is not None and parent is not body and _is_wrapper(parent, post):
            outer, parent = parent, parent.getparent()
        for name in list(post.attrib):
            del post.attrib[name]  # its own class ("tiktok-embed") reads as a widget too
        if outer is not post and parent is not None:
            post.tail = outer.tail
            parent.replace(outer, post)


def _is_wrapper(element: HtmlElement, post: HtmlElement) -> bool:
    """A container named like a widget that holds little but the post."""
    names = f"{element.get('class', '')} {element.get('id', '')}"
    if element.tag not in _WRAPPERS or not _WRAPPER_NAME.search(names):
        return False
    return len(element.text_content()) - len(post.text_content()) <= _MAX_WRAPPER_TEXT


def unquote_tables(body: HtmlElement) -> None:
    """Take the blockquote away from around a table: it sets the table in, it quotes nobody.

    trafilatura reads a quote's text as inline text: of a table in one it kept the linked
    cells, run together ("4.2.34.1.6"), and dropped the rest.
    """
    for quote in _QUOTED_TABLES(body):
        quote.drop_tag()


def unwrap_styled_links(body: HtmlElement) -> None:
    """Make `<a><em>text</em></a>` a plain `<a>text</a>`.

    trafilatura loses such a link, and the space after it ("on Netflixand available"); the
    style inside a link is the site's link style more often than the author's emphasis.
    """
    for link in _STYLED_LINKS(body):
        (styled,) = link
        if not (link.text or "").strip() and not (styled.tail or "").strip():
            styled.drop_tag()


def wrap_loose_text(body: HtmlElement) -> None:
    """Put the text that stands loose in a container, beside its paragraphs, into paragraphs.

    "<div><p>…</p>Loose text with <a>a link</a> in it.<p>…</p></div>": extractors read a
    container's own text badly (trafilatura kept the link and what follows, not what comes
    before it); a browser shows it as a paragraph, and so should we.
    """
    for container in _MIXED_CONTAINERS(body):
        _wrap_runs(container)


def _wrap_runs(container: HtmlElement) -> None:
    children: list[HtmlElement] = []  # the container's new children, built in one pass
    run: list[HtmlElement] = []  # the inline children of the current run
    lead = container.text  # loose text before the run's first child
    container.text = None
    for child in list(container):
        if isinstance(child.tag, str) and child.tag not in _INLINE:
            _add_run(container, children, lead, run)
            children.append(child)
            lead, child.tail = child.tail, None
            run = []
        else:
            run.append(child)
    _add_run(container, children, lead, run)
    container[:] = children


def _add_run(
    container: HtmlElement, children: list[HtmlElement], lead: str | None, run: list[HtmlElement]
) -> None:
    """Add the run to `children` as one paragraph if it has any text, else as it was."""
    has_text = bool(lead and lead.strip()) or any(
        (child.tail or "").strip() or (isinstance(child.tag, str) and child.text_content().strip())
        for child in run
    )
    if has_text:
        paragraph = container.makeelement("p", {})
        paragraph.text = lead
        paragraph.extend(run)
        children.append(paragraph)
        return
    if lead and children:
        children[-1].tail = lead
    elif lead:
        container.text = lead
    children.extend(run)
