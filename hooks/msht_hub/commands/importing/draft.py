"""A draft page from what a converter read: the front-matter drafted from the document and
nothing guessed. Title and summary come from the document; status is draft; owner, review
dates, classification, roles and every field of the kind that a document does not say are
written empty (null) for the editor, with a comment saying what goes there; `source:`
records where the page came from. A debrief's lessons (styled paragraphs, or the items under
a "Lessons" or "Good practice" heading) become its structured `lessons`, themes left empty."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from msht_hub.commands.importing.blocks import Block, BulletList, Converted, Heading, LessonText, Paragraph, ReviewNote
from msht_hub.commands.importing.markdown import body as markdown_body
from msht_hub.reading.settings import Taxonomy

SUMMARY_MAX = 400
LESSON_TITLE_MAX = 120
_LESSONS = re.compile(r"\blessons?\b|\blearning\b", re.I)
_GOOD = re.compile(r"good practice|notable practice|what (went|worked) well", re.I)
_NOT_A_TITLE = re.compile(r"^(microsoft word - |untitled)|\.(docx?|pdf)$", re.I)


@dataclass
class Draft:
    meta: dict[str, Any]
    body: str
    notes: list[str] = field(default_factory=list)  # what drafting did, for the report


def hints(kind: str, taxonomy: Taxonomy) -> dict[str, str]:
    """What the editor writes in each field the import leaves empty."""
    common = {
        "summary": "one or two sentences on what the page is for (at most 400 characters)",
        "roles": "one or more of: " + ", ".join(taxonomy.roles),
        "owner": "the owning team",
        "last_reviewed": "the date it was last reviewed (YYYY-MM-DD)",
        "review_due": "the date of its next review (YYYY-MM-DD)",
        "classification": "OFFICIAL or OFFICIAL-SENSITIVE: the editor decides",
    }
    by_kind = {
        "guide": {"guide_type": "one of: aide-memoire, investigation-guide, bulletin, standard, role-profile"},
        "debrief": {
            "exploitation": "one or more of: " + ", ".join(taxonomy.exploitation),
            "operation": "the operation's name", "lead_force": "the lead force",
            "period": "{start: YYYY, end: YYYY}", "published": "the date the debrief was published (YYYY-MM-DD)",
            "outcome": "the criminal justice outcome", "lessons": "a list of lessons (id, theme, kind, title, text)",
        },
        "training": {"format": "one of: course, lesson-plan, masterclass-video, e-learning",
                     "duration": "e.g. '2 hours' or '3 days'", "outcomes": "a list of what a learner can do after it"},
    }
    return {**common, **by_kind[kind]}


def draft_page(converted: Converted, kind: str, slug: str, file_name: str, sha256: str, today: date) -> Draft:
    notes: list[str] = []
    blocks = list(converted.blocks)
    title = _title(converted, blocks, file_name, notes)
    blocks = _shift_headings(blocks)
    lessons: list[dict[str, Any]] = []
    if kind == "debrief":
        blocks, lessons = _lessons(blocks, slug)
        if lessons:
            notes.append(f"{len(lessons)} lesson(s) moved into the front-matter `lessons`; each theme is left for the editor")
            if any([lesson.pop("_title_drafted", False) for lesson in lessons]):
                notes.append("lesson titles drafted from each lesson's first sentence; check them")
        else:
            notes.append("no lessons found (no 'Lessons' heading and no paragraph in a lesson style); `lessons` is left for the editor")
    elif any(isinstance(block, LessonText) for block in blocks):
        notes.append("paragraphs in a lesson style were kept as text: only a debrief has lessons (import it with --kind debrief)")
    summary = _summary(blocks)
    notes.append("summary: from the first paragraph" if summary else "summary: the document has no paragraph to take it from")
    meta: dict[str, Any] = {
        "title": title, "summary": summary, "roles": None, "tags": [],
        "exploitation": None if kind == "debrief" else [],
        "owner": None, "last_reviewed": None, "review_due": None,
        "status": "draft", "classification": None,
    }
    if kind == "guide":
        meta["guide_type"] = None
    elif kind == "training":
        meta.update(format=None, duration=None, outcomes=None)
    elif kind == "debrief":
        meta.update(operation=None, lead_force=None, partners=[], period=None, published=None, outcome=None,
                    lessons=lessons or None)
    range_key = "pages" if converted.pages else "paragraphs"
    meta["source"] = {
        "file": file_name, "sha256": sha256, range_key: converted.pages or converted.paragraphs,
        "converter": converted.converter, "converter_version": converted.converter_version, "imported": today.isoformat(),
    }
    return Draft(meta, markdown_body(blocks, converted.footnotes), notes)


def front_matter_text(meta: dict[str, Any], field_hints: dict[str, str], taxonomy: Taxonomy) -> str:
    """The YAML block, each empty field followed by a comment saying what the editor writes."""
    lines = ["---"]
    for key, value in meta.items():
        if key == "lessons" and value:
            lines.append(f"# lessons: each theme is for the editor, one of: {', '.join(taxonomy.lesson_themes)}")
        text = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=1000).rstrip("\n")
        if value is None and key in field_hints:
            text += f"  # for the editor: {field_hints[key]}"
        lines.append(text)
    return "\n".join(lines) + "\n---\n\n"


def _title(converted: Converted, blocks: list[Block], file_name: str, notes: list[str]) -> str:
    first = next((block for block in blocks if isinstance(block, Heading)), None)
    if converted.title and not _NOT_A_TITLE.search(converted.title.strip()):
        title = " ".join(converted.title.split())
        notes.append(f"title: the document's own title ({title!r})")
    elif first is not None:
        title = first.plain
        notes.append(f"title: the document's first heading ({title!r})")
    else:
        title = re.sub(r"[_-]+", " ", file_name.rsplit(".", 1)[0]).strip() or file_name
        notes.append(f"title: the file name ({title!r}); the document has no title or heading")
    if first is not None and " ".join(first.plain.split()).casefold() == title.casefold():
        blocks.remove(first)  # the page template shows the title
    return title


def _shift_headings(blocks: list[Block]) -> list[Block]:
    """The body's top headings become level 2: level 1 is the page's title."""
    levels = [block.level for block in blocks if isinstance(block, Heading)]
    if not levels or min(levels) >= 2:
        return blocks
    shift = 2 - min(levels)
    return [Heading(min(6, block.level + shift), block.text, block.plain) if isinstance(block, Heading) else block
            for block in blocks]


def _summary(blocks: list[Block]) -> str | None:
    paragraph = next((block for block in blocks if isinstance(block, Paragraph) and block.plain.strip()), None)
    if paragraph is None:
        return None
    text = " ".join(paragraph.plain.split())
    if len(text) <= SUMMARY_MAX:
        return text
    cut = text[: SUMMARY_MAX - 1]
    sentence = cut.rfind(". ")
    return cut[: sentence + 1] if sentence > SUMMARY_MAX // 2 else cut.rsplit(" ", 1)[0] + "…"


def _lessons(blocks: list[Block], slug: str) -> tuple[list[Block], list[dict[str, Any]]]:
    """The body without its lessons, and the lessons: paragraphs in a lesson style, and the
    items (list items, sub-headed sections or paragraphs) under a lessons heading."""
    lessons: list[dict[str, Any]] = []
    kept: list[Block] = []
    section: tuple[int, str] | None = None  # (level, kind) of the lessons heading we are under
    current: dict[str, Any] | None = None  # a lesson under a sub-heading, collecting its text

    def add(kind: str, text: str, title: str | None = None) -> dict[str, Any]:
        text = " ".join(text.split())
        lesson: dict[str, Any] = {"id": f"{slug}-{len(lessons) + 1:02d}", "theme": None, "kind": kind,
                  "title": title or _first_sentence(text), "text": text or title or ""}
        if title is None:
            lesson["_title_drafted"] = True
        lessons.append(lesson)
        return lesson

    for block in blocks:
        if isinstance(block, LessonText):
            add(block.kind, block.plain)
            continue
        if isinstance(block, Heading):
            if section and block.level > section[0]:
                current = add(section[1], "", block.plain)
                current["text"] = ""
                continue
            current = None
            kind = "good-practice" if _GOOD.search(block.plain) else "lesson" if _LESSONS.search(block.plain) else None
            section = (block.level, kind) if kind else None
            if section:
                continue
        if section is None or isinstance(block, ReviewNote):
            kept.append(block)
            continue
        if isinstance(block, BulletList):
            for item in block.items:
                add(section[1], " ".join(_plain(part) for part in item))
        elif isinstance(block, Paragraph) and current is not None:
            current["text"] = " ".join(filter(None, [current["text"], block.plain]))
        elif isinstance(block, Paragraph):
            add(section[1], block.plain)
        else:
            kept.append(block)
    for lesson in lessons:
        lesson["text"] = lesson["text"] or lesson["title"]
    return kept, lessons


def _plain(block: Block) -> str:
    if isinstance(block, (Paragraph, Heading, LessonText)):
        return block.plain
    if isinstance(block, BulletList):
        return " ".join(_plain(part) for item in block.items for part in item)
    return ""


def _first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    if len(sentence) <= LESSON_TITLE_MAX:
        return sentence
    return sentence[: LESSON_TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
