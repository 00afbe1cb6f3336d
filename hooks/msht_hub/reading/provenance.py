"""Where a page of an edition comes from: the national library, a force's layer (layers.py),
or the national library replaced locally by a force. A layer's edition carries one
`LayerMark` on its catalogue; the national edition carries none, and every page of it is
national guidance."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from msht_hub.reading.shortcuts import RoleShortcuts

NATIONAL = "national"


@dataclass(frozen=True)
class Provenance:
    origin: str  # national | local | replaced | national-copy
    label: str  # "National guidance", "Westmoor Police local guidance", ...
    layer: str | None = None  # the layer's id for a force's page, else None
    other: str | None = None  # the national version of a replacement, or the replacement of a national copy (src_uri)
    since: date | None = None  # when the force's version was last changed


@dataclass(frozen=True)
class LayerMark:
    """What a force's edition knows of its layer: which pages are the force's own, which of
    them replace a national page (kept at another address, its 'national copy'), which national
    pages it hides, each replacement's date, and its changes to the roles' shortcuts."""
    id: str
    name: str  # display name, e.g. "Westmoor Police"
    local: frozenset[str] = frozenset()  # the layer's pages (additional and replacements), by src_uri
    copies: dict[str, str] = field(default_factory=dict)  # replacement src_uri -> its national copy's src_uri
    hidden: dict[str, str] = field(default_factory=dict)  # national src_uri -> why this edition hides it
    since: dict[str, date] = field(default_factory=dict)  # replacement src_uri -> its version's date
    shortcuts: dict[str, RoleShortcuts] = field(default_factory=dict)  # role id -> the force's changes to its shortcuts

    def provenance(self, src_uri: str) -> Provenance:
        if src_uri in self.copies:
            return Provenance("replaced", f"National guidance, replaced locally by {self.name}", self.id,
                              self.copies[src_uri], self.since.get(src_uri))
        if src_uri in self.local:
            return Provenance("local", f"{self.name} local guidance", self.id)
        replacement = next((uri for uri, copy in self.copies.items() if copy == src_uri), None)
        if replacement is not None:
            return Provenance("national-copy", f"National guidance, replaced in this edition by {self.name}'s local version",
                              None, replacement, self.since.get(replacement))
        return NATIONAL_GUIDANCE


NATIONAL_GUIDANCE = Provenance(NATIONAL, "National guidance")


def provenance_of(mark: LayerMark | None, src_uri: str) -> Provenance:
    return mark.provenance(src_uri) if mark is not None else NATIONAL_GUIDANCE
