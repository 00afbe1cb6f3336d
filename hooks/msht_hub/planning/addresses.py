"""Where things land in the built site, and the checks that no two of them land in one place.

Every content page, every other file under content/ and every old address kept by
`redirect_from` becomes one output path. Two of them on one path (also when they differ
only in letter case, which a Windows or macOS disk cannot tell apart), or one of them on a
path the build writes itself (outputs/paths.py), is an error found before the build writes anything."""
from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from urllib.parse import quote

from msht_hub.planning.redirects import withdrawn_notices
from msht_hub.policies.text_hygiene import name_key
from msht_hub.reading.catalogue import Catalogue
from msht_hub.reading.kinds import KINDS
from msht_hub.reading.problems import Problem
from msht_hub.reading.settings import HubSettings

# The hub's own pages, by content path: the one place their addresses are named (the plan
# turns them into URLs, and templates reach them as `hub_pages.<name>`).
REGISTER, WHATS_NEW, GLOSSARY = "lessons/index.md", "whats-new/index.md", "glossary/index.md"
SEARCH, OFFLINE, HOME = "search/index.md", "offline/index.md", "index.md"
LANGUAGES = "languages/index.md"  # the language picker: every published language card's languages
_NAMED = {"register": REGISTER, "whats_new": WHATS_NEW, "glossary": GLOSSARY, "search": SEARCH, "offline": OFFLINE,
          "home": HOME, "languages": LANGUAGES}
_HUB_PAGES = {REGISTER: "the lessons register", WHATS_NEW: "the What's new page", GLOSSARY: "the glossary",
              SEARCH: "the search page", OFFLINE: "the offline page", LANGUAGES: "the language picker"}


def named_pages() -> dict[str, str]:
    """name -> content path of the hub's own pages, a kind's index among them (`<folder>_index`)."""
    return {**_NAMED, **{f"{kind.folder}_index": kind.index.src_uri for kind in KINDS.values() if kind.index}}


def hub_pages() -> dict[str, str]:
    """Generated pages (content path -> what it is); role landings and booklets are added per build."""
    return {**{kind.index.src_uri: f"the {kind.folder} index" for kind in KINDS.values() if kind.index}, **_HUB_PAGES}

def page_output(src_uri: str, use_directory_urls: bool = True) -> str:
    """The file a page is written to, the way MkDocs names it."""
    folder, name = posixpath.split(src_uri)
    stem = posixpath.splitext(name)[0]
    if stem.lower() in ("index", "readme"):
        return posixpath.join(folder, "index.html")
    if use_directory_urls:
        return posixpath.join(folder, stem, "index.html")
    return posixpath.join(folder, f"{stem}.html")


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """A page's address relative to the site root, the way MkDocs gives it ("guides/x/")."""
    url = page_output(src_uri, use_directory_urls)
    folder, name = posixpath.split(url)
    if use_directory_urls and name == "index.html":
        url = (folder or ".") + "/"
    return quote(url)


def relative_url(url: str, other: str) -> str:
    """`url` as a link from the page at `other` (both relative to the site root)."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    other_parts, url_parts = _parts(other), _parts(url)
    common = 0
    for mine, theirs in zip(other_parts, url_parts):
        if mine != theirs:
            break
        common += 1
    relative = "/".join([".."] * (len(other_parts) - common) + url_parts[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def _parts(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return parts


def generated_pages(settings: HubSettings) -> dict[str, str]:
    """Content path -> description of every page the hub generates in a build."""
    pages = hub_pages()
    pages.update({f"roles/{role}.md": f"the {label} landing page" for role, label in settings.taxonomy.roles.items()})
    pages.update({f"booklets/{booklet.id}.md": f"the {booklet.title} booklet page" for booklet in settings.booklets})
    pages.update({f"b/{booklet.short}.md": f"the {booklet.title} booklet's short link" for booklet in settings.booklets if booklet.short})
    return pages


def _hub_owner(output: str, taken_by_hub: dict[str, str], reserved: Mapping[str, str]) -> str | None:
    key = output.casefold()
    if key in taken_by_hub:
        return taken_by_hub[key]
    for path, what in sorted(reserved.items(), key=lambda item: -len(item[0])):  # the innermost folder names the output
        if path.endswith("/") and key.startswith(path.casefold()):
            return f"in {path}, where the hub writes {what}"
    return None


def address_problems(catalogue: Catalogue, reserved: Mapping[str, str], use_directory_urls: bool = True) -> list[Problem]:
    """Every clash between the outputs of content pages, attachments, kept old addresses
    and the paths the build writes itself (`reserved`: path or folder/ -> what writes it),
    each naming the file and field that causes it."""
    settings = catalogue.settings
    hub: dict[str, str] = {path.casefold(): f"where the hub writes {what}" for path, what in reserved.items() if not path.endswith("/")}
    hub.update({page_output(uri, use_directory_urls).casefold(): what for uri, what in generated_pages(settings).items()})
    claimed: dict[str, str] = {}  # casefolded output -> who claimed it ("content/x.md" or "content/x.md redirect_from[0]")
    problems: list[Problem] = []
    shown_root = _shown_root(catalogue)

    def claim(output: str, path: str, field: str) -> Iterator[Problem]:
        owner = _hub_owner(output, hub, reserved)
        if owner is not None:
            yield Problem(path, field, f"would be published at {output}, which is {owner}; rename or move it")
            return
        key = name_key(output)
        if key in claimed and claimed[key] != f"{path} {field}":
            yield Problem(path, field, f"would be published at {output}, which {claimed[key]} already takes "
                                       "(names that differ only in letter case or Unicode form clash too); rename one")
            return
        claimed.setdefault(key, f"{path} {field}" if field != "file" else path)

    left_out = set(catalogue.excluded)
    generated = hub_pages()
    for uri, doc in sorted(catalogue.documents.items()):
        if uri in left_out:
            continue
        if uri not in generated:  # an editor's own index page for a kind is reported by the build
            problems.extend(claim(page_output(uri, use_directory_urls), doc.shown_path, "file"))
    kept = [uri for uri in catalogue.published] + withdrawn_notices(catalogue)
    for uri in sorted(kept):
        doc = catalogue.documents[uri]
        if uri in left_out:  # a withdrawn page keeps its address for a notice
            problems.extend(claim(page_output(uri, use_directory_urls), doc.shown_path, "status"))
        for index, old in enumerate(doc.meta.redirect_from):
            problems.extend(claim(page_output(old, use_directory_urls), doc.shown_path, f"redirect_from[{index}]"))
    for uri in catalogue.attachments:
        problems.extend(claim(uri, f"{shown_root}{uri}", "file"))
    for uri, what in generated.items():
        if uri in catalogue.documents:
            problems.append(Problem(catalogue.documents[uri].shown_path, "file",
                                    f"this address belongs to {what}, which the hub generates; move or rename the file"))
    return problems


def _shown_root(catalogue: Catalogue) -> str:
    """The prefix editors see before a content path ("content/"), taken from any page."""
    for uri, doc in catalogue.documents.items():
        if doc.shown_path.endswith(uri):
            return doc.shown_path[: len(doc.shown_path) - len(uri)]
    return "content/"
