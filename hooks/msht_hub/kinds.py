"""The registry of content kinds: for each, its folder under content/, its front-matter model,
its page template, its labels, the field that sorts it into types, and the generated index
that lists it. Everything else (reading, the catalogue, listings, search facets, `hub new`,
the JSON Schemas, the navigation) asks this registry.

Adding a kind of content is this entry, a model in model.py and a page template in
overrides/hub/ (README, "Adding a kind of content")."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .language_card import LanguageCard
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
    type_field: str | None = None  # the front-matter field that holds its type
    variants: dict[str, tuple[type[Meta], str]] = field(default_factory=dict)  # type -> (its own model, its own template)

    def model_for(self, metadata: dict[str, Any]) -> type[Meta]:
        """The model a page of this kind is validated with: its type's own, if it has one."""
        chosen = metadata.get(self.type_field) if self.type_field else None
        return self.variants[chosen][0] if isinstance(chosen, str) and chosen in self.variants else self.model

    def template_for(self, type_id: str | None) -> str | None:
        return self.variants[type_id][1] if type_id in self.variants else self.template


KINDS: dict[str, Kind] = {kind.id: kind for kind in (
    Kind("guide", "Guide", Guide, "guides", "hub/guide.html", "guides/index.md", "Guides", GUIDE_TYPES, "guide_type",
         {"language-card": (LanguageCard, "hub/language-card.html")}),
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
