"""The registry of content kinds. Each entry carries everything the hub does with the kind:
its folder under content/, its front-matter model, its page template, its labels and badge,
the field that sorts it into types, the generated index that lists it, its group on a role's
landing page, what `hub new` writes for it and what its pages give the kind filter of search.
Everything else (reading, the catalogue, listings, search facets, `hub new`, the JSON
Schemas, the CMS, the navigation) asks this registry.

Adding a kind of content is an entry here (`register`), a model (model.py) and, if it needs
one, a page template in overrides/hub/ (README, "Adding a kind of content")."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from msht_hub.reading.language_card import LanguageCard
from msht_hub.reading.model import GUIDE_TYPES, PLACEHOLDERS, TRAINING_FORMATS, Debrief, Guide, Meta, Page, Training
from msht_hub.reading.settings import Taxonomy

ORDERS = ("title", "newest", "booklet", "urgency")  # the orders listings know (listings._orders)


@dataclass(frozen=True)
class Index:
    """The generated page that lists a kind: its address, titles and layout."""

    src_uri: str
    title: str
    summary: str
    nav_title: str = ""  # its name in the navigation (default: its title)
    template: str = "hub/cards-index.html"  # cards in groups; "hub/table-index.html" and its kinds' own extend it
    by_type: bool = False  # a group per type of the kind (in the order of its types), else one group
    order: str = "title"  # how cards are sorted in a group: a name of listings.ORDERS

    @property
    def nav(self) -> str:
        return self.nav_title or self.title


@dataclass(frozen=True)
class Landing:
    """A kind's group on a role's landing page: the role's current items of the kind."""

    id: str
    title: str
    order: str = "title"  # a name of listings.ORDERS
    only: tuple[str, ...] = ()  # only items of these types ...
    without: tuple[str, ...] = ()  # ... or all but these
    every_item_for: tuple[str, ...] = ()  # roles that see every item, whoever its audience (a trainer: every course)


@dataclass(frozen=True)
class NewPage:
    """What `hub new` knows when it writes a page of a kind."""

    title: str
    slug: str
    today: date
    taxonomy: Taxonomy
    options: dict[str, Any]  # the command's options (--guide-type, --format), None where not given


def _no_more_fields(new: NewPage) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Kind:
    id: str
    label: str
    model: type[Meta]
    folder: str | None = None  # its folder under content/; None: any page elsewhere
    template: str | None = None  # its page template under overrides/ (None: the theme's own)
    index: Index | None = None  # the generated page that lists it
    types: dict[str, str] = field(default_factory=dict)  # its types (guide type, training format) and their labels
    type_field: str | None = None  # the front-matter field that holds its type
    variants: dict[str, tuple[type[Meta], str]] = field(default_factory=dict)  # type -> (its own model, its own template)
    landing: tuple[Landing, ...] = ()  # its groups on a role's landing page
    scaffold: Callable[[NewPage], dict[str, Any]] = _no_more_fields  # what `hub new` writes beyond the shared fields
    badge: str = ""  # the modifier of its badge's class, hub-badge--<badge> (default: its id)
    parts: dict[str, str] = field(default_factory=dict)  # search documents of its own besides its pages (a debrief's lessons) -> label

    @property
    def badge_class(self) -> str:
        return self.badge or self.id

    @property
    def index_title(self) -> str | None:
        return self.index.title if self.index else None

    def model_for(self, metadata: dict[str, Any]) -> type[Meta]:
        """The model a page of this kind is validated with: its type's own, if it has one."""
        chosen = metadata.get(self.type_field) if self.type_field else None
        return self.variants[chosen][0] if isinstance(chosen, str) and chosen in self.variants else self.model

    def template_for(self, type_id: str | None) -> str | None:
        return self.variants[type_id][1] if type_id in self.variants else self.template


def _guide(new: NewPage) -> dict[str, Any]:
    meta: dict[str, Any] = {"guide_type": new.options.get("guide_type") or "bulletin"}
    if meta["guide_type"] == "language-card":
        meta.update(statements=["You are safe. I am a police officer.", "Are you hurt?"],
                    answers={"say_yes": "Yes", "say_no": "No", "say_dont_know": "I don't know"},
                    languages=[{"tag": "sq", "name": "Shqip", "english_name": "Albanian", "direction": "ltr",
                                "translator": "Who translated it", "reviewer": None, "reviewed": None,
                                "statements": ["(the first statement in Albanian)", "(the second)"],
                                "answers": {"say_yes": "Po", "say_no": "Jo", "say_dont_know": "Nuk e di"}}])
    return meta


def _training(new: NewPage) -> dict[str, Any]:
    return {"format": new.options.get("format") or "course", "duration": "2 hours",
            "outcomes": [PLACEHOLDERS["training_outcome"]], "prerequisites": []}


def _debrief(new: NewPage) -> dict[str, Any]:
    return {
        "exploitation": [next(iter(new.taxonomy.exploitation))],
        "operation": new.title, "lead_force": PLACEHOLDERS["lead_force"], "partners": [],
        "period": {"start": new.today.year}, "published": new.today.isoformat(),
        "outcome": PLACEHOLDERS["outcome"],
        "lessons": [{"id": f"{new.slug}-01", "theme": next(iter(new.taxonomy.lesson_themes)),
                     "kind": "lesson", "title": PLACEHOLDERS["lesson_title"], "text": PLACEHOLDERS["lesson_text"]}],
    }


KINDS: dict[str, Kind] = {kind.id: kind for kind in (
    Kind("guide", "Guide", Guide, "guides", "hub/guide.html",
         Index("guides/index.md", "Guides", "Every published guide, grouped by type: aide-memoires, investigation guides, "
               "bulletins, standards and role profiles.", template="hub/guides-index.html", by_type=True, order="booklet"),
         GUIDE_TYPES, "guide_type", {"language-card": (LanguageCard, "hub/language-card.html")},
         landing=(Landing("aide-memoires", "Aide-memoires", "urgency", only=("aide-memoire",)),
                  Landing("guides", "Guides", without=("aide-memoire",))),
         scaffold=_guide),
    Kind("debrief", "Debrief", Debrief, "debriefs", "hub/debrief.html",
         Index("debriefs/index.md", "Operational debriefs", "What forces learned from their investigations: operation, lead "
               "force, exploitation types, year and number of lessons.", "Debriefs", "hub/debriefs-index.html", order="newest"),
         landing=(Landing("debriefs", "Debriefs", "newest"),), scaffold=_debrief, parts={"lesson": "Lesson"}),
    Kind("training", "Training", Training, "training", "hub/training.html",
         Index("training/index.md", "Training", "Courses, lesson plans, masterclass videos and e-learning, with their "
               "format, duration and audience.", template="hub/training-index.html"),
         TRAINING_FORMATS, landing=(Landing("training", "Training", every_item_for=("trainer",)),), scaffold=_training),
    Kind("page", "Page", Page),
)}

MODELS: dict[str, type[Meta]] = {}
FOLDERS: dict[str, str] = {}


def _derive() -> None:
    """MODELS and FOLDERS follow the registry (kept in place: modules hold them by name)."""
    MODELS.clear()
    MODELS.update({kind.id: kind.model for kind in KINDS.values()})
    FOLDERS.clear()
    FOLDERS.update({kind.id: kind.folder for kind in KINDS.values() if kind.folder})


_derive()


def register(kind: Kind, before: str = "page") -> None:
    """Add a kind to the registry, listed before `before` (plain pages come last)."""
    if kind.id in KINDS:
        raise ValueError(f"a kind '{kind.id}' is registered already")
    if kind.folder and kind.folder in FOLDERS.values():
        raise ValueError(f"the folder '{kind.folder}/' belongs to another kind")
    named = [landing.order for landing in kind.landing] + ([kind.index.order] if kind.index else [])
    unknown = [order for order in named if order not in ORDERS]
    if unknown:
        raise ValueError(f"kind '{kind.id}': order '{unknown[0]}' is not one of: {', '.join(ORDERS)}")
    entries = list(KINDS.values())
    at = next((number for number, entry in enumerate(entries) if entry.id == before), len(entries))
    entries.insert(at, kind)
    KINDS.clear()
    KINDS.update({entry.id: entry for entry in entries})
    _derive()


def unregister(kind_id: str) -> None:
    del KINDS[kind_id]
    _derive()


def kind_of(src_uri: str) -> str:
    """The kind of a page follows from its folder under content/."""
    if "/" in src_uri:
        folder = src_uri.split("/", 1)[0]
        for kind in KINDS.values():
            if kind.folder == folder:
                return kind.id
    return "page"


def type_label(kind: str, type_id: str | None) -> str | None:
    return KINDS[kind].types.get(type_id or "")


def kind_by_fields(fields: set[str]) -> Kind | None:
    """The kind (with a folder) whose front-matter these fields are, for a page written in the
    wrong folder: the one whose model has the most of them, when it has more than a plain page."""
    page_fields = set(Page.model_fields)
    scored = [(len(fields & set(kind.model.model_fields)), kind) for kind in KINDS.values() if kind.folder]
    best, kind = max(scored, key=lambda pair: pair[0])
    return kind if best > len(fields & page_fields) and fields - page_fields else None


def new_page_fields(kind: str, new: NewPage) -> dict[str, Any]:
    """What `hub new` writes for a page of this kind beyond the fields every listed kind shares."""
    return KINDS[kind].scaffold(new)

