"""What search finds: a document per page, per section of a page, and per debrief lesson,
each with the facets it can be narrowed by. Built from the rendered HTML of each page
(so the text is what the officer reads) and from the catalogue (for facets and lessons)."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from msht_hub.reading.facets import FacetValues
from msht_hub.reading.kinds import KINDS

SECTION_TAGS = {"h2", "h3"}
SKIPPED_SECTIONS = ("lessons", "lesson-")  # a debrief's lessons are documents of their own


@dataclass
class Section:
    id: str | None
    title: str
    text: list[str] = field(default_factory=list)


class _Sections(HTMLParser):
    """Splits a page's HTML at h2/h3 headings; text before the first heading is the intro.
    Permalink symbols and the contents of script/style elements are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section(None, "")]
        self._heading: Section | None = None
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style") or (tag == "a" and "headerlink" in (values.get("class") or "")):
            self._skip_depth += 1
        elif tag in SECTION_TAGS:
            self._heading = Section(values.get("id"), "")
            self.sections.append(self._heading)

    def handle_endtag(self, tag: str) -> None:
        if self._skip_depth and tag in ("script", "style", "a"):
            self._skip_depth -= 1
        elif tag in SECTION_TAGS:
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._heading is not None:
            self._heading.title += data
        else:
            self.sections[-1].text.append(data)


def sections_of(html: str) -> list[Section]:
    parser = _Sections()
    parser.feed(html)
    parser.close()
    return parser.sections


def squeeze(parts: list[str] | str) -> str:
    text = " ".join(parts) if isinstance(parts, list) else parts
    return " ".join(text.split())


@dataclass(frozen=True)
class SearchDocument:
    url: str  # relative to the site root, with #anchor for a section or lesson
    title: str
    crumb: str  # where it is: "Guides › Page title", or "Op FORT · Victim safeguarding" for a lesson
    kind: str  # guide | debrief | training | lesson | page
    text: str
    facets: FacetValues = ()  # its values of each facet of the registry (facets.py), by facet id
    year: int | None = None
    label: str = ""  # what it is, in plain words, shown on its result: "Checklist", "Debrief lesson" (plain_label)
    summary: str = ""  # indexed with the title's weight on a page's own document
    index_title: str = ""  # what is indexed as the title when it differs from the title shown (a section's heading)

    def values(self, facet: str) -> tuple[str, ...]:
        return next((found for name, found in self.facets if name == facet), ())


PLAIN_TYPES = {"aide-memoire": "Checklist"}  # a type's own label, where an officer would say it otherwise
PLAIN_KINDS = {"lesson": "Debrief lesson"}


def plain_label(kind: str, type_id: str | None) -> str:
    """What a result is, in the words of the person searching: the type of a guide or the
    format of a training item ("Checklist", "Investigation guide", "Bulletin", "Course"),
    else its kind ("Debrief", "Debrief lesson", "Page")."""
    if kind in PLAIN_KINDS:
        return PLAIN_KINDS[kind]
    if type_id and type_id in PLAIN_TYPES:
        return PLAIN_TYPES[type_id]
    known = KINDS.get(kind)
    return (known.types.get(type_id or "") if known else None) or (known.label if known else kind.capitalize())


def page_documents(url: str, title: str, summary: str, crumb: str, html: str, facets: dict[str, Any]) -> list[SearchDocument]:
    """The page itself (title, summary, intro) and one document per h2/h3 section."""
    sections = sections_of(html)
    intro = sections[0]
    documents = [SearchDocument(url=url, title=title, crumb=crumb, text=squeeze(intro.text), summary=summary, **facets)]
    for section in sections[1:]:
        if not section.id or section.id.startswith(SKIPPED_SECTIONS):
            continue
        text = squeeze(section.text)
        heading = squeeze(section.title)
        if not text and not heading:
            continue
        documents.append(SearchDocument(url=f"{url}#{section.id}", title=f"{title} › {heading}", crumb=crumb,
                                        text=text, index_title=heading, **facets))
    return documents
