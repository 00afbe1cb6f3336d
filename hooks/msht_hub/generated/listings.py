"""The pages the hub generates from the catalogue: a landing page per role, an index per
kind, and the lessons register. No hand-written Markdown: each is planned here as data
and rendered by its template in overrides/hub/.

Only published documents are listed (the catalogue has already applied the gates), so
nothing a build excludes can appear in a listing."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from msht_hub.planning.addresses import GLOSSARY, LANGUAGES, OFFLINE, REGISTER, SEARCH, WHATS_NEW
from msht_hub.planning.booklets import Booklet
from msht_hub.planning.divergence import Divergence
from msht_hub.planning.views import LessonView, lesson_views
from msht_hub.reading.catalogue import RANK, Catalogue, Document
from msht_hub.reading.facets import Facet, offered
from msht_hub.reading.glossary import Abbreviation
from msht_hub.reading.kinds import KINDS, Kind, type_label
from msht_hub.reading.model import LESSON_KINDS, FrontMatter
from msht_hub.reading.review import STATES, review_state
from msht_hub.reading.settings import HubSettings
from msht_hub.reading.shortcuts import merged

UrlOf = Callable[[str], str]  # src_uri -> URL relative to the site root


@dataclass(frozen=True)
class Card:
    """One published document as a listing shows it."""

    document: Document
    url: str
    kind_label: str
    badge: str  # its badge's class modifier, hub-badge--<badge> (its kind's, kinds.py)
    type_label: str | None
    roles: list[str]
    exploitation: list[tuple[str, str]]
    review_state: str | None
    review_label: str | None

    @property
    def meta(self) -> FrontMatter:
        """Cards are made for guides, debriefs and training, which all have this front-matter."""
        front = self.document.front
        assert front is not None, self.document.src_uri
        return front

    @property
    def kind(self) -> str:
        return self.document.kind

    @property
    def superseded(self) -> bool:
        return self.meta.status == "superseded"


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    cards: list[Card]


@dataclass(frozen=True)
class LessonRow:
    """One lesson of the register, with what the filters need."""

    lesson: LessonView
    year: int
    url: str  # the lesson's anchor inside its debrief
    debrief: Card


@dataclass(frozen=True)
class ChangeEntry:
    """One line of What's new: a page first published, or a change noted in its front-matter."""

    date: date
    what: str  # "new" or "updated"
    note: str
    card: Card

    @property
    def id(self) -> str:
        return f"{self.card.document.src_uri}#{self.date.isoformat()}-{self.what}"


@dataclass(frozen=True, kw_only=True)
class GeneratedPage:
    """A page the hub generates: where it lives, what it is called and which template shows
    it. Each kind of generated page below adds only what it shows."""

    src_uri: str
    title: str
    summary: str
    template: str
    nav_title: str
    searchable: bool = True  # the search page itself is not a search result
    in_nav: bool = True

    def markings(self) -> list[str]:
        """The markings of everything it shows."""
        return []

    @property
    def classification(self) -> str:
        """The highest marking of anything listed: a listing is marked like its contents."""
        return max(self.markings(), key=RANK.__getitem__, default="OFFICIAL")

    def markdown(self) -> str:
        """The generated page's source: front-matter only; the template renders the rest."""
        return f"---\ntitle: {_yaml_text(self.title)}\ntemplate: {self.template}\nhide: [toc]\n---\n"


@dataclass(frozen=True, kw_only=True)
class GroupedPage(GeneratedPage):
    """A kind's index: its items in groups."""

    groups: list[Group]

    @property
    def cards(self) -> list[Card]:
        return [card for group in self.groups for card in group.cards]

    def markings(self) -> list[str]:
        return [card.meta.classification for card in self.cards]


@dataclass(frozen=True, kw_only=True)
class RoleLanding(GroupedPage):
    role: tuple[str, str]
    essentials: list[Card]  # the role's most-used items, first on its landing and the home page


FacetChoices = list[tuple[str, str, list[tuple[str, str]]]]
"""The filters a page offers: (facet id, its label, its (value, label) choices), in order
(hub/partials/facets.html)."""


@dataclass(frozen=True, kw_only=True)
class Register(GeneratedPage):
    lessons: list[LessonRow]
    facets: FacetChoices
    years: list[tuple[str, str]]  # the "since" choices

    def markings(self) -> list[str]:
        return [row.debrief.meta.classification for row in self.lessons]


@dataclass(frozen=True, kw_only=True)
class WhatsNew(GeneratedPage):
    changes: list[ChangeEntry]

    def markings(self) -> list[str]:
        return [entry.card.meta.classification for entry in self.changes]


@dataclass(frozen=True, kw_only=True)
class GlossaryPage(GeneratedPage):
    abbreviations: list[Abbreviation]


@dataclass(frozen=True, kw_only=True)
class SearchPage(GeneratedPage):
    facets: FacetChoices  # the search facets offered (facets.py), as the search index has them
    years: list[tuple[str, str]]  # the "since" choices


@dataclass(frozen=True, kw_only=True)
class DivergencePage(GeneratedPage):
    """The national editor's report of what each force's layer replaces or hides (divergence.py)."""
    findings: list[Divergence]  # by force, then page
    as_of: date


@dataclass(frozen=True, kw_only=True)
class LanguagesPage(GeneratedPage):
    """The language picker: every reviewed language of every published language card."""

    cards: list[Card]

    def markings(self) -> list[str]:
        return [card.meta.classification for card in self.cards]


@dataclass(frozen=True, kw_only=True)
class BookletPage(GeneratedPage):
    booklet: Booklet

    def markings(self) -> list[str]:
        return [self.booklet.classification]


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def card_for(doc: Document, url: str, settings: HubSettings, today: date) -> Card:
    due = doc.review_due
    state = review_state(due, today, settings.review_due_soon_days) if due else None
    exploitation = settings.taxonomy.exploitation
    return Card(
        document=doc,
        url=url,
        kind_label=KINDS[doc.kind].label,
        badge=KINDS[doc.kind].badge_class,
        type_label=type_label(doc.kind, doc.type_id),
        roles=doc.roles,
        exploitation=[(kind, exploitation[kind]) for kind in doc.exploitation],
        review_state=state,
        review_label=STATES[state] if state else None,
    )


def _guide_order(card: Card) -> tuple[str, int, str]:
    booklet = card.document.placement
    return (booklet.booklet if booklet else "~", booklet.order if booklet else 0, card.meta.title.lower())


def _urgency(urgent: str | None) -> Callable[[Card], tuple[bool, str, int, str]]:
    """Aide-memoires in the order an officer needs them: the urgent one (extra.hub.urgent)
    first, then booklet sections in booklet order (the path the booklet sets out), then the
    others by title."""
    def order(card: Card) -> tuple[bool, str, int, str]:
        return (card.document.src_uri != urgent, *_guide_order(card))
    return order


def _by_title(card: Card) -> str:
    return card.meta.title.lower()


def _newest_first(card: Card) -> tuple[int, str]:
    published = card.document.published
    return (-(published.toordinal() if published else 0), card.meta.title.lower())


def _orders(urgent: str | None) -> dict[str, Callable[[Card], Any]]:
    """The orders a kind's listings name (kinds.Index.order, kinds.Landing.order)."""
    return {"title": _by_title, "newest": _newest_first, "booklet": _guide_order, "urgency": _urgency(urgent)}


class ListingPlanner:
    """Plans every generated page of one build from the catalogue."""

    def __init__(self, catalogue: Catalogue, url_of: UrlOf, today: date):
        self.catalogue = catalogue
        self.settings = catalogue.settings
        self.orders = _orders(self.settings.urgent)
        self.cards = {
            uri: card_for(doc, url_of(uri), self.settings, today)
            for uri, doc in sorted(catalogue.published.items())
            if doc.kind != "page"
        }

    def _current(self, kind: str) -> list[Card]:
        return [card for card in self.cards.values() if card.kind == kind and not card.superseded]

    def _superseded(self, kind: str) -> list[Card]:
        return sorted((card for card in self.cards.values() if card.kind == kind and card.superseded), key=_by_title)

    def plan(self, abbreviations: list[Abbreviation]) -> list[GeneratedPage]:
        return [
            *(self.role_landing(role, label) for role, label in self.settings.taxonomy.roles.items()),
            *(page for kind in KINDS.values() for page in self._kind_pages(kind)),
            self.whats_new(),
            self.glossary(abbreviations),
            self.search_page(),
            self.languages_page(),
            GeneratedPage(src_uri=OFFLINE, title="Offline copy",
                    summary="The hub saves itself on this device after one visit, essentials first, so it works with no signal.",
                    template="hub/offline.html", nav_title="Offline", searchable=False, in_nav=False),
        ]

    def _kind_pages(self, kind: Kind) -> list[GeneratedPage]:
        """A kind's index, and the lessons register after the kind whose pages give lessons."""
        return [*([self.kind_index(kind)] if kind.index else []), *([self.lessons_register()] if "lesson" in kind.parts else [])]

    def languages_page(self) -> LanguagesPage:
        cards = sorted((card for card in self._current("guide") if card.document.type_id == "language-card"), key=_by_title)
        return LanguagesPage(
            src_uri=LANGUAGES, title="Show this screen: languages",
            summary="Point to your language: every reviewed translation, named in its own script, to show a person who speaks no English.",
            template="hub/languages.html", nav_title="Languages", cards=cards)

    def _role_groups(self, role: str) -> list[Group]:
        """A group per kind's landing (kinds.Landing), in the order of the registry."""
        groups = []
        for kind in KINDS.values():
            current = self._current(kind.id)
            for landing in kind.landing:
                cards = [card for card in current if (role in card.roles or role in landing.every_item_for)
                         and (card.document.type_id in landing.only if landing.only else card.document.type_id not in landing.without)]
                groups.append(Group(landing.id, landing.title, sorted(cards, key=self.orders[landing.order])))
        return groups

    def national_shortcuts(self, role: str, groups: list[Group] | None = None) -> list[Card]:
        """The role's shortcuts (its essentials) as the national library sets them: the urgent
        aide-memoire, then every booklet section for the role, in booklet order, each once; a
        role with no booklet sections gets its first three."""
        groups = groups if groups is not None else self._role_groups(role)
        aide_memoires = next((group.cards for group in groups if group.id == "aide-memoires"), [])
        first = next((group.cards for group in groups if group.cards), [])
        urgent = [card for card in aide_memoires if card.document.src_uri == self.settings.urgent]
        sections = [card for card in aide_memoires if card.document.placement and card not in urgent]
        return urgent + sections if sections else (aide_memoires or first)[:3]

    def shortcuts(self, role: str, groups: list[Group] | None = None) -> list[Card]:
        """The role's shortcuts in this edition: in a force's, the national ones with the
        force's changes (layer.yml `roles:`, shortcuts.py), checked when the content was read."""
        national = self.national_shortcuts(role, groups)
        layer = self.catalogue.layer
        if layer is None or role not in layer.shortcuts:
            return national
        return [self.cards[uri] for uri in merged([card.document.src_uri for card in national], layer.shortcuts[role]) if uri in self.cards]

    def role_landing(self, role: str, label: str) -> RoleLanding:
        groups = self._role_groups(role)
        essentials = self.shortcuts(role, groups)
        return RoleLanding(
            src_uri=f"roles/{role}.md",
            title=label,
            summary=f"What matters first for the {label.lower()} role, then its guides, debriefs and training.",
            template="hub/role.html",
            nav_title=label,
            groups=[group for group in groups if group.cards],
            role=(role, label),
            essentials=essentials,
        )

    def kind_index(self, kind: Kind) -> GroupedPage:
        """A kind's index (kinds.Index): a group per type or one of them all, then the superseded."""
        index = kind.index
        assert index is not None, kind.id
        current = sorted(self._current(kind.id), key=self.orders[index.order])
        groups = ([Group(type_id, _plural(label), [c for c in current if c.document.type_id == type_id]) for type_id, label in kind.types.items()]
                  if index.by_type else [Group(kind.id, index.title, current)])
        groups.append(Group("superseded", "Superseded, kept for reference", self._superseded(kind.id)))
        return GroupedPage(src_uri=index.src_uri, title=index.title, summary=index.summary, template=index.template,
                           nav_title=index.nav, groups=[group for group in groups if group.cards])

    def lessons_register(self) -> Register:
        themes = self.settings.taxonomy.lesson_themes
        rows = [
            LessonRow(lesson=lesson, year=card.document.published.year if card.document.published else 0, url=f"{card.url}#{lesson.anchor}", debrief=card)
            for card in sorted(self._current("debrief"), key=_newest_first)
            for lesson in lesson_views(card.document, self.settings)
        ]
        used_exploitation = {kind for row in rows for kind, _ in row.debrief.exploitation}
        years = sorted({row.year for row in rows}, reverse=True)
        return Register(
            src_uri=REGISTER,
            title="Lessons register",
            summary="Every lesson and piece of good practice from every published debrief. Filter by theme, exploitation type, kind and year, or search the text.",
            template="hub/register.html",
            nav_title="Lessons register",
            lessons=rows,
            facets=[
                ("theme", "Theme", list(themes.items())),
                ("exploitation", "Exploitation", [(k, v) for k, v in self.settings.taxonomy.exploitation.items() if k in used_exploitation]),
                ("kind", "Kind", list(LESSON_KINDS.items())),
            ],
            years=[(str(year), str(year)) for year in years],
        )


    def recent_changes(self, role: str | None = None) -> list[ChangeEntry]:
        """The newest first: pages first published and changes noted in front-matter."""
        entries = []
        for card in self.cards.values():
            if role is not None and role not in card.roles:
                continue
            if card.document.published is not None:
                entries.append(ChangeEntry(card.document.published, "new", f"New {card.kind_label.lower()} published", card))
            entries.extend(ChangeEntry(change.date, "updated", change.note, card) for change in card.meta.changes)
        entries.sort(key=lambda entry: (-entry.date.toordinal(), entry.card.meta.title.lower(), entry.what))
        return entries[: self.settings.whats_new_items]

    def whats_new(self) -> WhatsNew:
        return WhatsNew(
            src_uri=WHATS_NEW,
            title="What's new",
            summary="Guidance, debriefs and training published or changed recently, newest first. Subscribe to the feed for all of it or for one role.",
            template="hub/whats-new.html",
            nav_title="What's new",
            changes=self.recent_changes(),
        )


    def glossary(self, abbreviations: list[Abbreviation]) -> GlossaryPage:
        return GlossaryPage(
            src_uri=GLOSSARY, title="Glossary",
            summary="Police and partner abbreviations used in this hub, and what they stand for. Search finds a page by either form.",
            template="hub/glossary.html", nav_title="Glossary", abbreviations=abbreviations,
        )

    def search_facets(self) -> list[tuple[Facet, dict[str, str]]]:
        """The facets search documents are narrowed by (facets.py), with their values in display order."""
        return offered(self.catalogue)

    def search_page(self) -> SearchPage:
        years = sorted({card.document.published.year for card in self.cards.values() if card.document.published}, reverse=True)
        return SearchPage(
            src_uri=SEARCH, title="Search",
            summary="Search every published guide, debrief, lesson and training item. Abbreviations and their expansions find the same pages.",
            template="hub/search.html", nav_title="Search", searchable=False,
            facets=[(facet.id, facet.label, list(values.items())) for facet, values in self.search_facets()],
            years=[(str(year), str(year)) for year in years],
        )


def _plural(label: str) -> str:
    return label if label.endswith("s") else label + "s"
