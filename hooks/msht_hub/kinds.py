"""The registry of content kinds: for each, its folder under content/, its front-matter model,
its page template, its labels, the field that sorts it into types, and the generated index
that lists it. Everything else (reading, the catalogue, listings, search facets, `hub new`,
the JSON Schemas, the navigation) asks this registry.

Adding a kind of content is this entry, a model in model.py and a page template in
overrides/hub/ (README, "Adding a kind of content")."""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import GUIDE_TYPES, TRAINING_FORMATS, Debrief, Guide, Meta, Page, Training


@dataclass(frozen=True)
class Kind:
    id: str
    label: str
    model: type[Meta]
    folder: str | None = None  # its folder under content/; None: any page elsewhere
    template: str | None = None  # its page template under overrides/ (None: the theme's own)
    index: str | None = None  # the generated page that lists it, by src_uri
    index_title: str | None = None
    types: dict[str, str] = field(default_factory=dict)  # its types (guide type, training format) and their labels


KINDS: dict[str, Kind] = {kind.id: kind for kind in (
    Kind("guide", "Guide", Guide, "guides", "hub/guide.html", "guides/index.md", "Guides", GUIDE_TYPES),
    Kind("debrief", "Debrief", Debrief, "debriefs", "hub/debrief.html", "debriefs/index.md", "Operational debriefs"),
    Kind("training", "Training", Training, "training", "hub/training.html", "training/index.md", "Training", TRAINING_FORMATS),
    Kind("page", "Page", Page),
)}

MODELS: dict[str, type[Meta]] = {kind.id: kind.model for kind in KINDS.values()}
FOLDERS: dict[str, str] = {kind.id: kind.folder for kind in KINDS.values() if kind.folder}


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
