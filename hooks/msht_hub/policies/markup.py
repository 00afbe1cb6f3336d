"""Content is data, never code: the HTML of a page body (with the lessons, the glossary's
abbreviations and the included text written into it) is parsed the way a browser parses it
(the WHATWG HTML algorithm, by lexbor through selectolax) and held against an allow-list.

Allowed: the elements and attributes below, nothing else; every address judged after the
parser has decoded it (policies/url.py) and every style after CSS has (policies/css.py). The
body must also leave the page as it found it: whatever follows it in the page (the theme's
own markup) must still be read as markup, not swallowed by an unclosed comment, attribute
or raw-text element, and it must not close the page's own elements.

The build refuses what is outside the list, with an error naming the file, the field and
the construct, rather than publishing a cleaned form: an editor should know that what they
wrote will not be published as written (SECURITY.md)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from msht_hub.policies.css import declarations_problems
from msht_hub.policies.url import embed_problem, link_problem, srcset_urls

GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "style"})  # and aria-*
_TABLE_CELL = frozenset({"colspan", "rowspan", "headers", "scope", "abbr"})
_MEDIA = frozenset({"src", "controls", "width", "height", "preload", "muted", "loop", "playsinline"})
# element -> the attributes it may carry besides the global ones
ELEMENTS: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in (
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "wbr", "pre", "code", "kbd", "samp", "var", "em", "strong",
        "b", "i", "u", "s", "small", "mark", "sub", "sup", "dfn", "cite", "abbr", "div", "section", "aside",
        "header", "footer", "address", "figure", "figcaption", "ul", "dl", "dt", "dd", "table", "caption", "thead",
        "tbody", "tfoot", "tr", "summary", "picture", "ruby", "rt", "rp")},
    "span": frozenset({"data-hub-ticked-at"}),  # the line kept under an action prompt for its tick time (ticks.js writes text)
    "a": frozenset({"href"}),
    "img": frozenset({"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"}),
    "video": _MEDIA | {"poster"},
    "audio": _MEDIA,
    "source": frozenset({"src", "srcset", "type", "media", "sizes", "width", "height"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "th": _TABLE_CELL, "td": _TABLE_CELL,
    "col": frozenset({"span"}), "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime", "cite"}), "ins": frozenset({"datetime", "cite"}),
    "blockquote": frozenset({"cite"}), "q": frozenset({"cite"}),
    "label": frozenset({"for"}),
    "input": frozenset({"type", "checked", "disabled", "data-hub-tick"}),  # the tick boxes of action prompts only
    "article": frozenset({"data-theme"}),  # a debrief's lessons (overrides/fragments/hub/lessons.md)
}
LINKS = frozenset({"href", "cite"})  # followed only when a reader chooses to
EMBEDS = frozenset({"src", "poster"})  # fetched by the browser itself: the site's own files only
_WRAPPER = "<!DOCTYPE html><html><head></head><body><div>"  # where a page body stands in the theme: in a <div> of <body>
_END = "hub-end-of-body"  # stands for the theme's markup that follows the body


@dataclass(frozen=True)
class Finding:
    where: str  # the field: "body", or "lessons[2].text" when inside a debrief's lesson
    what: str  # what was found and why it is refused


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def element_problems(tag: str, attributes: dict[str, str | None]) -> list[str]:
    """Why one element, as the browser's parser built it, may not be published."""
    allowed = ELEMENTS.get(tag)
    if allowed is None:
        return [f"a <{tag}> element is not allowed in content (only text, links, pictures, lists, tables and the other "
                "elements SECURITY.md lists are: others can run code, embed another page or change this one); remove it, "
                f"or write `<{tag}>` in backticks if it is meant as text"]
    problems: list[str] = []
    for name, raw in attributes.items():
        value = raw or ""
        if name.startswith("on"):
            problems.append(f"the attribute {name}= on <{tag}> is an event handler (it runs code); remove it")
        elif not (name in GLOBAL_ATTRIBUTES or name in allowed or name.startswith("aria-")):
            problems.append(f"the attribute {name}= on <{tag}> is not allowed in content; remove it (text in {{ }} after a "
                            "paragraph, heading or cell is read as attributes: put it in backticks if it is meant as text)")
        elif name in LINKS and (why := link_problem(value)):
            problems.append(f'<{tag} {name}="{_short(value)}"> {why}')
        elif name in EMBEDS and (why := embed_problem(value)):
            problems.append(f'<{tag} {name}="{_short(value)}"> {why}')
        elif name == "srcset":
            problems += [f'<{tag} srcset> names "{_short(url)}", which {why}'
                         for url in srcset_urls(value) if (why := embed_problem(url))]
        elif name == "style":
            problems += [f"the style= on <{tag}> ({_short(value)}): {why}" for why in declarations_problems(value)]
    if tag == "input" and (attributes.get("type") or "").strip().lower() != "checkbox":
        problems.append("an <input> element is not allowed in content; action prompts are written '- [ ] Do this'")
    return problems


def _walk(node: LexborNode) -> Iterator[tuple[LexborNode, int]]:
    """Every element under node, with its depth, in document order."""
    stack = [(node, 0)]
    while stack:
        element, depth = stack.pop()
        if depth:
            yield element, depth
        stack.extend((child, depth + 1) for child in reversed(list(element.iter(include_text=False))) if child.is_element_node)


def unsafe_markup(html: str, lesson_ids: list[str] | tuple[str, ...] = ()) -> list[Finding]:
    """Every construct of the page's HTML that content may not carry, once each, in order."""
    anchors = {f"lesson-{lesson_id}": index for index, lesson_id in enumerate(lesson_ids)}
    tree = LexborHTMLParser(f"{_WRAPPER}{html}<{_END}></{_END}>")
    findings: list[Finding] = []

    def refuse(where: str, what: str) -> None:
        if Finding(where, what) not in findings:
            findings.append(Finding(where, what))

    root, body = tree.root, tree.body
    for wrapper in (root, tree.head, body):  # <html x>, <body onload> in content set attributes on the page's own
        if wrapper is not None and wrapper.attributes:
            names = " ".join(f"{name}=" for name in wrapper.attributes)
            refuse("body", f"a <{wrapper.tag}> tag is not allowed in content: its attributes ({names}) would go onto the "
                           f"page's own <{wrapper.tag}>; remove it")
    if tree.head is not None and tree.head.child is not None:
        refuse("body", f"a <{tree.head.child.tag}> element is not allowed in content; remove it")
    container = body.child if body is not None else None
    end = tree.css_first(_END)
    if end is None:
        refuse("body", "leaves a comment, an attribute's quotes or a raw-text element (such as <xmp> or <title>) open: "
                       "the page's own markup after it would be read as part of it; close it")
    elif container is None or end.parent is None or end.parent.mem_id != container.mem_id:
        refuse("body", "closes an element it did not open, or leaves one open (a stray </div> or an unclosed <div>): "
                       "the page's own layout after it would change; balance its tags")
    lesson: tuple[int, int] | None = None  # (depth of the lesson's <article>, its index)
    for element, depth in _walk(body) if body is not None else ():
        tag = element.tag or ""
        if tag == _END or (element.mem_id == (container.mem_id if container else None)):
            continue
        if lesson is not None and depth <= lesson[0]:
            lesson = None
        if tag == "article" and "hub-lesson" in (element.attributes.get("class") or "").split():
            ids = [node.attributes.get("id") for node in element.css("[id]")]
            index = next((anchors[value] for value in ids if value in anchors), None)
            lesson = (depth, index) if index is not None else None
        where = f"lessons[{lesson[1]}].text" if lesson is not None else "body"
        for problem in element_problems(tag, dict(element.attributes)):
            refuse(where, problem)
    return findings
