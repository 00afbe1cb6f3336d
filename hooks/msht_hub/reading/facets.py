"""The registry of search facets: what search results can be narrowed by. Each facet has an
id (its name in the search page's address, `?role=frontline`), a label (its legend on the
search page), where its values come from (a function of the catalogue: the taxonomy, the
kinds, the edition) and how a search document's values are read (a function of the page, or
the debrief lesson, the document is of).

The search index (search_index.py) stores every document's values of every facet offered,
its manifest lists the facets with their values and labels in this order, the search page
(listings.SearchPage, hub/search.html) shows a set of choices for each, and search.js takes
the facets from the manifest: adding a facet is an entry here (`register`), nothing else.
"Since" a year is not a facet of this registry but a choice of its own (one year, not tick
boxes), read from the page's first-published date."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from msht_hub.reading.catalogue import Catalogue, Document
from msht_hub.reading.kinds import KINDS
from msht_hub.reading.model import Lesson


@dataclass(frozen=True)
class Source:
    """What a search document is of: a published page, or one lesson of a debrief."""

    document: Document
    lesson: Lesson | None
    catalogue: Catalogue


@dataclass(frozen=True)
class Facet:
    id: str
    label: str
    values: Callable[[Catalogue], dict[str, str]]  # value -> its label, in display order; none: not offered in this build
    read: Callable[[Source], tuple[str, ...]]  # a document's values (a value not among `values` is not stored)
    single: bool = False  # every document has exactly one value (kept in facets.js, which every query loads)


def _kinds(catalogue: Catalogue) -> dict[str, str]:
    """Every kind in the order of its registry, each followed by the documents of its own its
    pages give (a debrief's lessons)."""
    return {key: label for kind in KINDS.values() for key, label in {kind.id: kind.label, **kind.parts}.items()}


def _layers(catalogue: Catalogue) -> dict[str, str]:
    """A force's edition only (layers.py): national guidance, or the force's own and its replacements."""
    layer = catalogue.layer
    return {"national": "National guidance", layer.id: f"{layer.name} local guidance"} if layer else {}


def _layer_of(source: Source) -> tuple[str, ...]:
    catalogue = source.catalogue
    return (catalogue.provenance(source.document.src_uri).layer or "national",) if catalogue.layer else ()


FACETS: dict[str, Facet] = {facet.id: facet for facet in (
    Facet("kind", "Kind", _kinds, lambda source: ("lesson" if source.lesson else source.document.kind,), single=True),
    Facet("role", "Role", lambda catalogue: dict(catalogue.settings.taxonomy.roles), lambda source: tuple(source.document.roles)),
    Facet("exploitation", "Exploitation", lambda catalogue: dict(catalogue.settings.taxonomy.exploitation),
          lambda source: tuple(source.document.exploitation)),
    Facet("theme", "Lesson theme", lambda catalogue: dict(catalogue.settings.taxonomy.lesson_themes),
          lambda source: (source.lesson.theme,) if source.lesson else ()),
    Facet("layer", "Guidance from", _layers, _layer_of),
)}

YEAR = "since"  # the address's name of the year choice, which every facet's id must differ from


def register(facet: Facet, before: str | None = None) -> None:
    """Add a facet, shown before `before` (default: last)."""
    if facet.id in FACETS or facet.id in (YEAR, "q", "exact"):
        raise ValueError(f"a search facet or parameter '{facet.id}' exists already")
    entries = list(FACETS.values())
    at = next((number for number, entry in enumerate(entries) if entry.id == before), len(entries))
    entries.insert(at, facet)
    FACETS.clear()
    FACETS.update({entry.id: entry for entry in entries})


def unregister(facet_id: str) -> None:
    del FACETS[facet_id]


def offered(catalogue: Catalogue) -> list[tuple[Facet, dict[str, str]]]:
    """The facets this build offers, each with its values: those with any."""
    return [(facet, values) for facet in FACETS.values() if (values := facet.values(catalogue))]


FacetValues = tuple[tuple[str, tuple[str, ...]], ...]
"""A document's values of every facet, by facet id: a tuple, so the document stays hashable."""


def values_of(source: Source) -> FacetValues:
    return tuple((facet.id, facet.read(source)) for facet in FACETS.values())
