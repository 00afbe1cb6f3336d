"""Content is data, never code: the rendered HTML of a page body (and of the lessons written
into it) may not carry anything that runs in a reader's browser or fetches from elsewhere.

The build refuses such markup with an error naming the file, the field and the construct,
rather than quietly removing it: an editor should know that what they wrote will not be
published as written. Refused:
- elements that run, embed or change the page: script, iframe, frame, frameset, object,
  embed, applet, base, meta, link, style, form, button, textarea, select, template, svg,
  math, portal, and input other than the tick boxes of action prompts;
- event-handler attributes (onclick, onerror, ...), srcdoc, formaction, http-equiv;
- links and sources whose scheme is not http, https, mailto or tel (javascript:, data:,
  vbscript:, file: ...);
- embedded resources (images, media, srcset, CSS url()) from another origin: nothing a
  page shows may be fetched from outside the site.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

REFUSED_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style",
    "form", "button", "textarea", "select", "template", "svg", "math", "portal", "noscript",
})
REFUSED_ATTRIBUTES = frozenset({"srcdoc", "formaction", "http-equiv"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "poster", "background", "cite", "longdesc", "data", "ping",
                            "xlink:href", "manifest", "icon", "codebase", "lowsrc", "dynsrc"})
EMBEDDING_ATTRIBUTES = frozenset({"src", "poster", "background", "data", "lowsrc", "dynsrc", "srcset"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^'\")\s]*)", re.I)
_CSS_IMPORT = re.compile(r"@import|expression\s*\(|behavior\s*:|-moz-binding", re.I)


@dataclass(frozen=True)
class Finding:
    where: str  # the field: "body", or "lessons[2].text" when inside a debrief's lesson
    what: str  # what was found and why it is refused


def _scheme(url: str) -> str | None:
    cleaned = _CONTROL.sub("", url)
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


def _off_origin(url: str) -> bool:
    cleaned = _CONTROL.sub("", url)
    return cleaned.startswith(("//", "\\\\", "/\\", "\\/")) or bool(urlsplit(cleaned).netloc) or _scheme(cleaned) is not None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Scanner(HTMLParser):
    refused_elements = REFUSED_ELEMENTS

    def __init__(self, lesson_ids: list[str]):
        super().__init__(convert_charrefs=True)
        self.lesson_index = {f"lesson-{lesson_id}": index for index, lesson_id in enumerate(lesson_ids)}
        self.findings: list[Finding] = []
        self.lesson: int | None = None  # the lesson whose text is being read
        self.article_depth = 0

    def _where(self) -> str:
        return f"lessons[{self.lesson}].text" if self.lesson is not None and self.article_depth else "body"

    def _refuse(self, what: str) -> None:
        finding = Finding(self._where(), what)
        if finding not in self.findings:
            self.findings.append(finding)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.article_depth:
            self.article_depth -= 1
            if not self.article_depth:
                self.lesson = None

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "article" and "hub-lesson" in values.get("class", "").split():
            self.article_depth += 1
        elif tag == "article" and self.article_depth:
            self.article_depth += 1
        if values.get("id") in self.lesson_index and self.article_depth:
            self.lesson = self.lesson_index[values["id"]]
        if tag in self.refused_elements:
            self._refuse(f"a <{tag}> element is not allowed in content (it can run code, embed another page or "
                         "change this one); remove it")
        if tag == "input" and values.get("type", "").lower() != "checkbox":
            self._refuse("an <input> element is not allowed in content; action prompts are written '- [ ] Do this'")
        for name, value in values.items():
            if name.startswith("on"):
                self._refuse(f"the attribute {name}= on <{tag}> is an event handler (it runs code); remove it")
            elif name in REFUSED_ATTRIBUTES:
                self._refuse(f"the attribute {name}= on <{tag}> is not allowed in content; remove it")
            elif name in URL_ATTRIBUTES:
                scheme = _scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self._refuse(f"<{tag} {name}=\"{_short(value)}\"> uses a {scheme}: address; "
                                 "expected a page or file of the hub, or an http(s), mailto or tel address")
                elif name in EMBEDDING_ATTRIBUTES and _off_origin(value):
                    self._refuse(f"<{tag} {name}=\"{_short(value)}\"> would fetch from another site; "
                                 "put the file under content/ and link to it there")
            elif name == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url and _off_origin(url):
                        self._refuse(f"<{tag} srcset> names \"{_short(url)}\", which is not a file of the hub; "
                                     "put the file under content/")
            elif name == "style":
                if _CSS_IMPORT.search(value) or any(_off_origin(url) for url in _CSS_URL.findall(value)):
                    self._refuse(f"the style= on <{tag}> loads or runs something ({_short(value)}); "
                                 "styles in content may not use url(), @import or expressions")


def unsafe_markup(html: str, lesson_ids: list[str] | tuple[str, ...] = ()) -> list[Finding]:
    """Every construct of the page's HTML that content may not carry, once each, in order."""
    scanner = _Scanner(list(lesson_ids))
    scanner.feed(html)
    scanner.close()
    return scanner.findings


# A picture file (SVG) is published as it is and can be opened on its own, where a script in
# it would run with the site's origin: it may hold drawing and styles, nothing that runs,
# embeds or fetches.
SVG_REFUSED_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "object", "embed", "handler", "listener",
                                  "set", "animate", "animatemotion", "animatetransform", "use", "image", "feimage"})


class _SvgScanner(_Scanner):
    refused_elements = SVG_REFUSED_ELEMENTS

    def handle_data(self, data: str) -> None:
        if _CSS_IMPORT.search(data) or any(_off_origin(url) for url in _CSS_URL.findall(data)):
            self._refuse("a style in it loads something from elsewhere (@import or url()); remove it")


def unsafe_svg(text: str) -> list[Finding]:
    """What an SVG picture may not carry (scripts, handlers, links out, embedded documents)."""
    scanner = _SvgScanner([])
    scanner.feed(text)
    scanner.close()
    if re.search(r"<!ENTITY|<!DOCTYPE[^>]*\[", text, re.I):
        scanner.findings.append(Finding("file", "declares XML entities; remove the DOCTYPE's internal subset"))
    return [Finding("file", finding.what) for finding in scanner.findings]
