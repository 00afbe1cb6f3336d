"""Links from a published page to a page this build leaves out (draft, withdrawn or above
the build's classification) are errors that name both pages, in any build, strict or not."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

_HREF = re.compile(r'href="([^"#?]*)(?:[#?][^"]*)?"')


def _normal(path: str) -> str:
    return posixpath.normpath(path).removesuffix("/index.html").removesuffix("/.")


def links_left_out(html: str, src_uri: str, page_url: str, left_out: dict[str, str],
                   urls: dict[str, str]) -> Iterator[str]:
    """The content path of each left-out page the HTML links to, once each.

    MkDocs leaves a link to a page missing from the build as written (a relative `.md`
    path), but turns a link to a draft into the draft's URL: both are looked for.
    `left_out` maps content paths to why; `urls` maps the site URL of a left-out page that
    is still among the build's files (a draft) to its content path."""
    url_base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    by_url = {_normal(url): uri for url, uri in urls.items()}
    seen = set()
    for match in _HREF.finditer(html):
        href = unquote(match.group(1))
        if not href or href.startswith("/") or ":" in href:
            continue
        if href.endswith(".md"):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), href))
            target: str | None = path if path in left_out else None
        else:
            target = by_url.get(_normal(posixpath.join(url_base, href)))
        if target and target not in seen:
            seen.add(target)
            yield target
