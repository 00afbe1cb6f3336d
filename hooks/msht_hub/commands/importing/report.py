"""The report of one document's import: where it went, what mapped, what did not, and the
fields the editor must fill in (exactly what `hub check` will say of the page)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    source: str  # the file as named on the command line
    page: str  # the page written, as shown (content/guides/x.md)
    provenance: str  # "sha256 ..., paragraphs 1-40, pandoc 3.9"
    mapped: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)  # "field: message" lines, as hub check prints them

    def text(self) -> str:
        lines = [f"hub import: {self.source} -> {self.page} (status: draft)", f"source: {self.provenance}", "mapped:"]
        lines += [f"  {line}" for line in self.mapped] or ["  (nothing)"]
        lines.append("not mapped (check these against the original):")
        lines += [f"  {line}" for line in self.unmapped] or ["  (nothing)"]
        lines.append("left for the editor (hub check reports these until they are filled in):")
        lines += [f"  {line}" for line in self.to_fill] or ["  (nothing)"]
        return "\n".join(lines) + "\n"
