"""The gate for files beside pages (images, PDFs, spreadsheets under content/).

A file is published only when a published page links to it or embeds it, or when it sits in
a folder the configuration declares public (`extra.hub.public_folders`). A file that only a
left-out page uses (a sensitive debrief's annex, a draft's picture) is absent from every
output; a file no page uses is reported and left out too. Pure functions of the pages' HTML:
no engine is needed to plan this."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# The kinds of file a page may carry beside it: pictures (an SVG is judged by policies/svg.py),
# documents, audio, video and their captions, and plain text. A browser shows or downloads
# each of these and runs none. Every other ending (HTML and XHTML by any name, the many XML
# types a browser renders as a document and runs the scripts of, such as .rss, .atom, .rdf,
# .mml, .kml, JavaScript, a file with no ending that a browser sniffs) is never published:
# an allow-list, so a kind nobody thought of is refused until it is listed here.
PUBLISHABLE_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico", ".svg",
    ".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt", ".odt", ".ods", ".odp", ".rtf", ".epub",
    ".csv", ".tsv", ".txt", ".json",
    ".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".flac", ".mp4", ".m4v", ".webm", ".ogv", ".mov", ".vtt",
    ".zip",
})


def publishable(uri: str) -> bool:
    """Whether a file beside the pages is of a kind the hub publishes (by its ending, in any case)."""
    return posixpath.splitext(uri)[1].lower() in PUBLISHABLE_SUFFIXES


def linked_paths(urls: list[str], page_url: str) -> set[str]:
    """Site paths (relative to the site root, no query or fragment) that a page links to or
    embeds (its URLs as links.scan finds them), resolved against the page's own URL."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    paths = set()
    for url in urls:
        parts = urlsplit(url.strip())
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = unquote(parts.path)
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(base, path)
        normal = posixpath.normpath(joined)
        if normal.startswith("../") or normal == "..":
            continue
        paths.add(normal.lstrip("./") if normal != "." else "")
    return paths


@dataclass(frozen=True)
class AttachmentPlan:
    published: frozenset[str]  # content paths of the files to copy into the site
    unused: tuple[str, ...]  # used by no page at all: reported, left out
    left_out_only: tuple[str, ...]  # used only by pages this build leaves out: left out, silently
    refused: tuple[str, ...] = ()  # used by a published page (or in a public folder), but of a kind never published


def plan_attachments(attachments: tuple[str, ...] | list[str], published_links: set[str], left_out_links: set[str],
                     public_folders: tuple[str, ...] | list[str] = ()) -> AttachmentPlan:
    """Which of the content folder's other files a build publishes.

    `published_links` are the site paths linked from published pages (and the hub's own
    pages); `left_out_links` those linked only from drafts, withdrawn pages and pages above the
    build's classification, when known."""
    folders = tuple(folder.strip("/") + "/" for folder in public_folders if folder.strip("/"))
    published, unused, left_out_only, refused = set(), [], [], []
    for uri in attachments:
        if (uri in published_links or uri.startswith(folders)) and not publishable(uri):
            refused.append(uri)
        elif uri in published_links or uri.startswith(folders):
            published.add(uri)
        elif uri in left_out_links:
            left_out_only.append(uri)
        else:
            unused.append(uri)
    return AttachmentPlan(frozenset(published), tuple(unused), tuple(left_out_only), tuple(refused))
