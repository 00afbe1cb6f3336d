"""The one link resolver. Every link and embedded file of a rendered page (Markdown inline or
reference-style, raw HTML in any quoting, a `.md` path or the page's address, relative or
site-absolute) is resolved the way a browser would follow it from the published page, and
judged against the addresses this build writes:

- a link to a page this build leaves out (a draft, withdrawn, above the classification) is an
  error in every build, strict or not, naming both pages: the hidden address is never written;
- a link to nothing (no such page, file or section) and a site-absolute link (`/guides/x/`,
  dead when the hub is not at the root of its host, and in the file-system edition) are
  warnings, which the strict build refuses.

The build (hub_hooks.on_env), `hub check` (the same build, stopped before anything is
written) and the preview's banner all judge links here."""
from __future__ import annotations

import dataclasses
import difflib
import html
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import unquote, urlsplit

from msht_hub.policies.text_hygiene import name_key
from msht_hub.reading.content_tree import is_page

# A start tag of rendered HTML (text is escaped, so '<' starts a tag), and its attributes in any quoting.
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?)*)\s*/?>")
_ATTRIBUTE = re.compile(r"([^\s=/>]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*))?")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LINKING = frozenset({"href", "src", "poster", "data"})
ANCHORING = frozenset({"id", "name"})


def _value(raw: str | None) -> str:
    if raw is None:
        return ""
    if raw[:1] in "\"'" and raw[-1:] == raw[:1] and len(raw) > 1:
        raw = raw[1:-1]
    return html.unescape(raw)


def scan(page_html: str) -> tuple[list[str], set[str]]:
    """The link targets (href, src, poster, data, srcset) of a page's HTML in order, and its
    anchors (id, name). Comments are read too: what they name is written into the page."""
    links: list[str] = []
    anchors: set[str] = set()
    for tag in _TAG.finditer(page_html):
        for name, raw in _ATTRIBUTE.findall(tag.group(2)):
            name = name.lower()
            if name in LINKING:
                links.append(_value(raw).strip())
            elif name == "srcset":
                links.extend(part.strip().split(" ")[0] for part in _value(raw).split(",") if part.strip())
            elif name in ANCHORING:
                anchors.add(_value(raw))
    return links, anchors


def key(site_path: str) -> str:
    """One spelling of a site address: 'guides/x/', 'guides/x', 'guides/x/index.html' -> 'guides/x'."""
    path = posixpath.normpath(unquote(site_path) or ".")
    if posixpath.basename(path) == "index.html":
        path = posixpath.dirname(path) or "."
    return "" if path == "." else path.strip("/")


@dataclass(frozen=True)
class Addresses:
    """What this build writes, for judging links: the pages by address and by source, the
    pages it leaves out (by source, with why, and by the address they would have had), and
    every other file a page may link to or embed."""
    pages: Mapping[str, str]  # key(address) -> src_uri of every page written (generated ones too)
    sources: Mapping[str, str]  # src_uri -> address, of every page written
    hidden: Mapping[str, str]  # src_uri -> why it is left out
    hidden_pages: Mapping[str, str]  # key(address it would have) -> src_uri
    files: frozenset[str]  # key(address) of every other file written
    shown: Mapping[str, str]  # src_uri -> path as an editor sees it (content/guides/x.md)
    docs: str = "content"  # the content folder, as an editor sees it
    site_url: str = field(default="")  # the hub's published address: a link written with it is a link inside the hub

    def show(self, src_uri: str) -> str:
        return self.shown.get(src_uri, src_uri)

    @cached_property
    def _hidden_folded(self) -> dict[str, str]:
        return {name_key(uri): uri for uri in self.hidden}

    @cached_property
    def _hidden_pages_folded(self) -> dict[str, str]:
        return {name_key(address): uri for address, uri in self.hidden_pages.items()}

    def hidden_source(self, src_uri: str) -> str | None:
        """The left-out page a source path names, compared as the file systems that serve the
        site compare names (letter case, Unicode form), or None."""
        return self._hidden_folded.get(name_key(src_uri))

    def hidden_address(self, address: str) -> str | None:
        """The left-out page at an address (a key()), compared the same way, or None."""
        return self._hidden_pages_folded.get(name_key(address))

    def inside(self, href: str) -> str | None:
        """A link written with the hub's own published address (https://hub.example/x/, or
        //hub.example/x/) as a site-absolute path ('/x/'), or None for another site."""
        try:
            own, parts = urlsplit(self.site_url), urlsplit(href)
            other_host = (parts.hostname or "") != (own.hostname or "")
        except ValueError:  # not an address a browser would follow to the hub
            return None
        if not own.netloc or parts.scheme.lower() not in ("", "http", "https") or other_host:
            return None
        root = own.path if own.path.endswith("/") else own.path + "/"
        path = parts.path if parts.path.endswith("/") or (parts.path + "/") != root else root
        if not path.startswith(root):
            return None
        rest = path[len(root):]
        return "/" + rest + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


@dataclass(frozen=True, order=True)
class LinkProblem:
    level: str  # "error": stops every build; "warning": the strict build refuses it
    href: str  # the link as the page has it
    message: str  # what is wrong and the fix
    target: str = ""  # the page's source it leads to, when known


def _folder(page_url: str) -> str:
    return page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"


def _relative(target: str, page_url: str) -> str:
    """`target` (a site address) as a link written on the page at page_url."""
    start = _folder(page_url).rstrip("/") or "."
    relative = posixpath.relpath(target.rstrip("/") or ".", start)
    return relative + "/" if target.endswith("/") and relative != "." else ("./" if relative == "." else relative)


def _close(word: str, choices: Iterable[str], prefix: str = "") -> str:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f"; did you mean '{prefix}{found[0]}'?" if found else ""


def _missing(href: str, what: str, src_uri: str, addresses: Addresses) -> LinkProblem:
    """A link to nothing, with the page it most likely meant: one of the same name, or one
    whose path is close, as a path from this file."""
    stem = posixpath.splitext(posixpath.basename(href.partition("#")[0].partition("?")[0].rstrip("/")))[0]
    named = [uri for uri in addresses.sources if posixpath.splitext(posixpath.basename(uri))[0] == stem and uri != src_uri]
    if len(named) != 1:  # a misspelt name: the page whose name is closest, if close
        stems = {posixpath.splitext(posixpath.basename(uri))[0]: uri for uri in addresses.sources if uri != src_uri}
        named = [stems[close] for close in difflib.get_close_matches(stem, list(stems), n=1, cutoff=0.7)]
    hint = f"; did you mean '{posixpath.relpath(named[0], posixpath.dirname(src_uri) or '.')}'?" if named else ""
    return LinkProblem("warning", href, f"'{href}' leads to {what}, which is not a page or file of this build{hint}")


def resolve(href: str, src_uri: str, page_url: str, addresses: Addresses) -> tuple[str | None, str | None, LinkProblem | None]:
    """(src_uri of the page linked to or None, its fragment, the problem or None) for one link."""
    if href and (href.startswith("//") or _SCHEME.match(href)) and (own := addresses.inside(href)) is not None:
        target, fragment, problem = resolve(own, src_uri, "", addresses)  # the hub's own address, written in full
        if problem is None or problem.level != "error":
            return None, None, None  # works online; only a page this build leaves out is judged
        return target, fragment, dataclasses.replace(problem, href=href)
    if not href or href.startswith("//") or _SCHEME.match(href):
        return None, None, None  # another site, or a scheme: the markup policy judges those
    path, _, fragment = href.partition("#")
    path = unquote(path.partition("?")[0])
    absolute = path.startswith("/")
    if not path:
        return src_uri, fragment or None, None
    if is_page(path):  # a page by its source path: from this file's folder (or content/, for '/x.md')
        source = posixpath.normpath(posixpath.join("/" if absolute else "/" + posixpath.dirname(src_uri), path)).lstrip("/")
        if (hidden := addresses.hidden_source(source)) is not None:
            return hidden, fragment, _left_out(href, hidden, addresses)
        if source in addresses.sources and absolute:
            written = _relative(addresses.sources[source], page_url)
            return source, fragment, LinkProblem("warning", href, f"'{href}' is a site-absolute link, dead as written; write it "
                                                                  f"relative: '{posixpath.relpath(source, posixpath.dirname(src_uri) or '.')}'")
        if source in addresses.sources:
            written = _relative(addresses.sources[source], page_url)
            return source, fragment, LinkProblem("warning", href, f"'{href}' is written in HTML, where a .md path is not turned into the "
                                                                  f"page's address; write it as a Markdown link [text]({path}), or href=\"{written}\"")
        return None, None, _missing(href, f"{addresses.docs}/{source}", src_uri, addresses)
    target = posixpath.normpath(path if absolute else posixpath.join(_folder(page_url) or ".", path))
    if target == ".." or target.startswith("../"):
        return None, None, LinkProblem("warning", href, f"'{href}' leads out of the hub; remove the extra '../'")
    address = key(target)
    if (left_out := addresses.hidden_address(address)) is not None:
        return left_out, fragment, _left_out(href, left_out, addresses)
    page = addresses.pages.get(address)
    if page is None and address not in addresses.files:
        if posixpath.splitext(path)[1] and not absolute:  # a file, written (as the engine reads it) from this file's folder
            beside = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
            return None, None, _missing(href, f"{addresses.docs}/{beside}", src_uri, addresses)
        return None, None, _missing(href, f"the address /{address}", src_uri, addresses)
    if absolute:
        written = _relative(addresses.sources[page] if page else address, page_url) + (f"#{fragment}" if fragment else "")
        return page, fragment, LinkProblem("warning", href, f"'{href}' is a site-absolute link, dead wherever the hub is not at the root "
                                                            f"of its host (and in the file-system edition); write it relative: '{written}'")
    return page, fragment, None


def _left_out(href: str, source: str, addresses: Addresses) -> LinkProblem:
    return LinkProblem("error", href, f"links to {addresses.show(source)}, which this build leaves out "
                                      f"({addresses.hidden[source]}); remove the link or publish that page", source)


def link_problems(links: Iterable[str], src_uri: str, page_url: str, addresses: Addresses,
                  anchors: Mapping[str, set[str]]) -> Iterator[LinkProblem]:
    """Every problem of one page's links, once each. `anchors` holds the ids of each page
    whose sections may be linked to (the content pages); a page not in it is not judged."""
    seen: set[LinkProblem] = set()
    for href in links:
        target, fragment, problem = resolve(href, src_uri, page_url, addresses)
        if problem is None and target is not None and fragment and target in anchors and fragment not in anchors[target]:
            where = "this page" if target == src_uri else f"'{href}': {addresses.show(target)}"
            hint = _close(fragment, anchors[target], "#") or "; link to one of its headings' addresses (the ¶ beside it)"
            problem = LinkProblem("warning", href, f"{where} has no section '#{fragment}'{hint}", target)
        if problem is not None and problem not in seen:
            seen.add(problem)
            yield problem


def line_of(source: str, href: str, target: str | None) -> int:
    """The line of a page's file (front-matter counted) where a link is written: as the page
    has it, or, for a link the engine turned into an address, by the target's file name."""
    needles = [href, html.escape(href), href.partition("#")[0]]
    if target:
        needles.append(posixpath.basename(target))
    for needle in filter(None, needles):
        at = source.find(needle)
        if at >= 0:
            return source.count("\n", 0, at) + 1
    return 0


_CONSTRUCT = re.compile(r"<([a-zA-Z][\w:-]*)|\b([a-z][\w:-]*)=")
_QUOTED = re.compile(r"=\"([^\"]{3,})\"")


def construct_line(source: str, message: str) -> int:
    """The line of a page's file where the construct a problem names is first written: its
    quoted value (`javascript:alert(1)`, also in a Markdown link), else `<iframe` or
    `onclick=`; 0 when it cannot be found."""
    needles = [html.unescape(match.group(1)).rstrip("…") for match in _QUOTED.finditer(message)]
    match = _CONSTRUCT.search(message)
    if match:
        needles.append(f"<{match.group(1)}" if match.group(1) else f"{match.group(2)}=")
    lowered = source.lower()
    for needle in needles:
        at = lowered.find(needle.lower())
        if at >= 0:
            return source.count("\n", 0, at) + 1
    return 0
