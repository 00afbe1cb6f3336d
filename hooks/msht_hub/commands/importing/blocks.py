"""The document as an import reads it, whatever it was (Word or PDF): a short list of typed
blocks whose inline text is already Markdown (escaped by `escape`). Both converters produce
it; one writer (markdown.py) turns it into a page body, and drafting (draft.py) reads the
title, summary and lessons from it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

# Characters Python-Markdown (with the hub's extensions) reads as markup anywhere in a line:
# emphasis, code, links, attribute lists and table cells. All are backslash-escapable.
_ANYWHERE = re.compile(r"([\\`*_{}\[\]|])")
# At the start of a line only: a list ("-", "+", "*", "1." "1)"), a heading ("#"), a definition
# (":"), a heading underline ("="), a fence ("~"), a collapsible block ("?"), an admonition
# ("!"). "&" "<" ">" are written as entities everywhere, so that no text becomes HTML or a quote.
_LINE_START = re.compile(r"^([ \t]*)([-+#]|!(?!\[)|\d+(?=[.)])|[:=~?])", re.M)  # "![" is an image the converter wrote: text's "[" is escaped
_ENTITY = {":": "&#58;", "=": "&#61;", "~": "&#126;", "?": "&#63;"}


def escape_inline(text: str) -> str:
    """A piece of text inside a line, as Markdown that reads back as exactly this text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _ANYWHERE.sub(r"\\\1", text)


def guard_line_starts(markdown: str) -> str:
    """Markdown of inline text, with whatever would start a block at the start of a line escaped."""
    return _LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit()
                                                   else _ENTITY.get(m.group(2), "\\" + m.group(2))), markdown)


LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")  # the links an import keeps; others stay text


def link_target(url: str) -> str:
    """A link's address as a Markdown link target: spaces, brackets and angles percent-encoded."""
    return re.sub(r"[\s()<>]", lambda m: f"%{ord(m.group(0)):02X}", url)


def longest_run(text: str, char: str) -> int:
    longest = current = 0
    for c in text:
        current = current + 1 if c == char else 0
        longest = max(longest, current)
    return longest


def escape(text: str) -> str:
    """Text as Markdown that reads back as exactly this text: no markup, no HTML, no snippet."""
    return guard_line_starts(escape_inline(text))


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # Markdown
    plain: str


@dataclass(frozen=True)
class Paragraph:
    text: str  # Markdown
    plain: str


@dataclass(frozen=True)
class BulletList:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]  # Markdown, one line per cell
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Admonition:
    type: str  # note, warning, danger, tip, info (the admonition extension's types)
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ActionPrompts:
    items: tuple[str, ...]  # Markdown, one prompt each: "- [ ] ..."


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class LessonText:
    """A paragraph styled as a lesson (or good practice) in the source document."""

    kind: str  # lesson | good-practice
    plain: str


@dataclass(frozen=True)
class ReviewNote:
    """A note for the editor, kept in the page as an HTML comment (never shown to readers)."""

    text: str


@dataclass(frozen=True)
class Rule:
    pass


Block = Union[Heading, Paragraph, BulletList, Table, Admonition, ActionPrompts, Quote, Code, LessonText, ReviewNote, Rule]


@dataclass(frozen=True)
class Image:
    """An image taken out of the source document, to be written beside the page."""

    name: str  # file name inside the page's image folder
    data: bytes
    alt: str  # empty when the source gives none


@dataclass
class Converted:
    """What a converter read from one file."""

    blocks: list[Block]
    title: str | None  # the document's own title (Word's Title, the PDF's metadata), if any
    converter: str  # e.g. "pandoc"
    converter_version: str
    pages: str | None = None  # "1-12" for a PDF
    paragraphs: str | None = None  # "1-140" for a Word document
    footnotes: list[str] = field(default_factory=list)  # Markdown of note n+1
    images: list[Image] = field(default_factory=list)
    mapped: list[str] = field(default_factory=list)  # report lines: what the style map turned into hub blocks
    unmapped: list[str] = field(default_factory=list)  # report lines: what did not map, or fell back
