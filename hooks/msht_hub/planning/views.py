"""What the templates see of a page: its validated front-matter with every id turned into
its label. Values are passed as data and escaped by the templates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from msht_hub.reading.catalogue import Document
from msht_hub.reading.kinds import KINDS, type_label
from msht_hub.reading.model import LESSON_KINDS
from msht_hub.reading.provenance import NATIONAL_GUIDANCE, Provenance
from msht_hub.reading.review import STATES, review_state
from msht_hub.reading.settings import HubSettings


def lesson_anchor(lesson_id: str) -> str:
    return f"lesson-{lesson_id}"


@dataclass(frozen=True)
class LessonView:
    id: str
    anchor: str
    title: str
    text: str
    kind: str
    kind_label: str
    theme: str
    theme_label: str


@dataclass(frozen=True)
class PageView:
    document: Document
    kind_label: str
    badge: str  # its kind's badge class modifier (kinds.py)
    type_label: str | None  # guide type or training format
    roles: list[tuple[str, str]]
    exploitation: list[tuple[str, str]]
    review_state: str | None
    review_label: str | None
    lessons: list[LessonView]
    replacement_title: str | None = None  # for a superseded page: the page that replaces it
    replacement_url: str | None = None
    section_title: str | None = None  # the generated index this page is listed in
    section_url: str | None = None  # relative to the site root
    related: tuple[Any, ...] = ()  # listing cards: debriefs for a guide, guides for a debrief
    booklet_title: str | None = None  # for a booklet section: its booklet's page
    booklet_url: str | None = None
    provenance: Provenance = NATIONAL_GUIDANCE  # where it comes from: national, a force's own, replaced locally
    provenance_url: str | None = None  # the other version: a replacement's national page, or a national copy's replacement

    @property
    def meta(self) -> Any:
        return self.document.meta


def lesson_views(document: Document, settings: HubSettings) -> list[LessonView]:
    themes = settings.taxonomy.lesson_themes
    return [
        LessonView(
            id=lesson.id, anchor=lesson_anchor(lesson.id), title=lesson.title, text=lesson.text,
            kind=lesson.kind, kind_label=LESSON_KINDS[lesson.kind],
            theme=lesson.theme, theme_label=themes[lesson.theme],
        )
        for lesson in document.lessons
    ]


def page_view(document: Document, settings: HubSettings, today: date) -> PageView:
    taxonomy = settings.taxonomy
    due = document.review_due
    state = review_state(due, today, settings.review_due_soon_days) if due else None
    return PageView(
        document=document,
        kind_label=KINDS[document.kind].label,
        badge=KINDS[document.kind].badge_class,
        type_label=type_label(document.kind, document.type_id),
        roles=[(role, taxonomy.roles[role]) for role in document.roles],
        exploitation=[(kind, taxonomy.exploitation[kind]) for kind in document.exploitation],
        review_state=state,
        review_label=STATES[state] if state else None,
        lessons=lesson_views(document, settings),
    )
