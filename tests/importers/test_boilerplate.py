from __future__ import annotations

import pytest

from importers.boilerplate import (
    is_boilerplate,
    outlet_from_copyright,
    strip_trailing_boilerplate,
)
from importers.draft import Block

LONG_PROSE = " ".join(["The minister said the plan would be debated again next week."] * 4)


@pytest.mark.parametrize(
    "text",
    [
        "© 2022 Example Times. Example Times is not responsible for the content of external sites.",
        "Copyright 2021 The Daily Example",
        "Copyright © 2019-2023 Foo Media Inc.",
        "(c) 2020 Example Wire",
        "All Rights Reserved.",
        "We are not responsible for the content of external websites.",
        "Read more about our approach to external linking.",
        "Sign up for our morning briefing.",
        "Subscribe to the Example daily newsletter to get the news first.",
        "Get our weekly newsletter",
        "Follow us on Twitter and Facebook",
    ],
)
def test_boilerplate_is_recognised(text: str) -> None:
    assert is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "The minister spoke for an hour.",
        "Copyright law was changed in 2019.",  # "copyright" without a year is not a footer
        "Critics said the reform left few rights reserved for tenants.",
        # A long paragraph that mentions a newsletter is prose, not a promo.
        LONG_PROSE + " Her newsletter has 10,000 readers who subscribe to it.",
        "",
    ],
)
def test_prose_is_not_boilerplate(text: str) -> None:
    assert not is_boilerplate(text)


def blocks(*texts: str, lead: bool = False) -> list[Block]:
    made = [Block("paragraph", text) for text in texts]
    if lead and made:
        made[0] = Block("lead", made[0].text)
    return made


def texts(kept: list[Block]) -> list[str]:
    return [block.text for block in kept]


@pytest.mark.parametrize(
    ("given", "kept_texts", "removed_count"),
    [
        (
            blocks(
                "Lead.", "Body.", "Sign up for our newsletter.", "© 2022 X. All rights.", lead=True
            ),
            ["Lead.", "Body."],
            2,
        ),
        # Boilerplate in the middle is left alone: only the end is trimmed.
        (
            blocks("Lead.", "Subscribe to our newsletter.", "Body.", lead=True),
            ["Lead.", "Subscribe to our newsletter.", "Body."],
            0,
        ),
        # Never the lead, even if it looks like a promo.
        (
            blocks("Sign up for our newsletter.", "© 2022 X", lead=True),
            ["Sign up for our newsletter."],
            1,
        ),
        # Never every paragraph: the first one stays.
        (blocks("© 2022 X", "All rights reserved"), ["© 2022 X"], 1),
        (blocks("Only prose."), ["Only prose."], 0),
        ([], [], 0),
    ],
)
def test_strip_trailing_boilerplate(
    given: list[Block], kept_texts: list[str], removed_count: int
) -> None:
    kept, removed = strip_trailing_boilerplate(given)
    assert texts(kept) == kept_texts
    assert len(removed) == removed_count
    assert kept + removed == given


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("© 2022 BBC. The BBC is not responsible for the content of external sites.", "BBC"),
        ("Copyright 2021 The Guardian News & Media", "The Guardian News & Media"),
        ("Copyright © 2020-2023 Foo Media Inc. All rights reserved.", "Foo Media Inc"),
        ("Copyright 2021 Example Wire All rights reserved", "Example Wire"),
        ("(c) 2019 Example Post | Terms of use", "Example Post"),
        ("Text before. © 2018 The Example Herald", "The Example Herald"),
        ("© 2022 example.co.uk", "example.co.uk"),
        ("© 2022", None),
        ("© 2022 12345.", None),
        ("Copyright law changed in 2019.", None),
        ("No footer here.", None),
    ],
)
def test_outlet_from_copyright(text: str, outlet: str | None) -> None:
    assert outlet_from_copyright(text) == outlet
