"""Addresses in content, judged as a browser resolves them (the WHATWG URL standard's
pre-processing), never as they are written: an address is first decoded by the HTML parser
(entities), then stripped of leading and trailing control characters and spaces and of every
tab and newline inside it, and a backslash counts as a slash. Only then are its scheme and
origin read."""
from __future__ import annotations

import re

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # what a link may navigate to, on a reader's click
_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def as_browser_reads(url: str) -> str:
    return _TAB_OR_NEWLINE.sub("", _EDGES.sub("", url))


def scheme(url: str) -> str | None:
    """The address's scheme, lower-cased, or None for a relative address."""
    match = _SCHEME.match(as_browser_reads(url))
    return match.group(1).lower() if match else None


def leaves_origin(url: str) -> bool:
    """Whether fetching the address could reach anything but the site's own files: any
    scheme at all (http:, data:, blob:, file: ...) or a scheme-relative `//host` address."""
    cleaned = as_browser_reads(url)
    return scheme(cleaned) is not None or cleaned.replace("\\", "/").startswith("//")


def link_problem(url: str) -> str | None:
    """Why a link (followed only when the reader chooses to) may not be published, or None."""
    found = scheme(url)
    if found is not None and found not in LINK_SCHEMES:
        return f"uses a {found}: address; expected a page or file of the hub, or an http(s), mailto or tel address"
    return None


def embed_problem(url: str) -> str | None:
    """Why an address the browser fetches by itself (an image, a video, a poster) may not be
    published, or None: it must be one of the site's own files."""
    found = scheme(url)
    if found is not None and found not in LINK_SCHEMES:
        return f"uses a {found}: address; expected a file of the hub (put the file under content/)"
    if leaves_origin(url):
        return "would fetch from another site; put the file under content/ and link to it there"
    return None


def srcset_urls(value: str) -> list[str]:
    """The addresses of a srcset attribute, split as the HTML standard's srcset parser
    splits them (an address may hold commas; descriptors may hold parentheses)."""
    urls: list[str] = []
    position, length = 0, len(value)
    while True:
        while position < length and (value[position] in " \t\n\f\r,"):
            position += 1
        if position >= length:
            return urls
        start = position
        while position < length and value[position] not in " \t\n\f\r":
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while position < length:
                char = value[position]
                if char == "(":
                    depth += 1
                elif char == ")" and depth:
                    depth -= 1
                elif char == "," and not depth:
                    position += 1
                    break
                position += 1
        if url:
            urls.append(url)
