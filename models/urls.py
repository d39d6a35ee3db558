"""One article, one URL: the form two spellings of the same page share.

Used to find the library's version of an incoming article (`import --update`) and the article
a web annotation (W3C, Hypothesis) targets, so both agree on what "the same page" is.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from: not part of which article it is.
_TRACKING = {"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref", "source"}


def canonical_url(url: str) -> str:
    """The URL two copies of one article share: scheme, 'www.', fragment, tracking parameters
    and a trailing slash do not count. '' for anything that is not an http(s) URL."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower().removeprefix("www.")
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not (key.lower().startswith("utm_") or key.lower() in _TRACKING)
    ]
    path = parts.path.rstrip("/")
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))
