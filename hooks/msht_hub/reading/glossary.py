"""The glossary of abbreviations: one Markdown file of `*[NRM]: National Referral Mechanism`
lines. Markdown's abbr extension gives every page an accessible expansion from it (through
pymdownx.snippets' auto_append); search expands queries with it both ways; the Glossary
page lists it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from msht_hub.reading.problems import ContentError, Problem

_LINE = re.compile(r"^\*\[([^\]]+)\]:\s*(\S.*?)\s*$")


@dataclass(frozen=True)
class Abbreviation:
    short: str
    expansion: str

    @property
    def anchor(self) -> str:
        return "abbr-" + re.sub(r"[^a-z0-9]+", "-", self.short.lower()).strip("-")


def read_glossary(path: Path, shown: str) -> list[Abbreviation]:
    """Every abbreviation, sorted; ContentError naming the line of any malformed entry."""
    problems: list[Problem] = []
    entries: list[Abbreviation] = []
    seen: dict[str, int] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ContentError([Problem(shown, "glossary", f"cannot be read ({error.strerror}); expected the abbreviations file")]) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            problems.append(Problem(shown, f"line {number}", f"{line.strip()[:60]!r} is not an abbreviation; expected '*[ABBR]: What it stands for'"))
            continue
        short, expansion = match.group(1).strip(), match.group(2)
        if short in seen:
            problems.append(Problem(shown, f"line {number}", f"'{short}' is already defined on line {seen[short]}; expected each abbreviation once"))
            continue
        seen[short] = number
        entries.append(Abbreviation(short, expansion))
    if problems:
        raise ContentError(problems)
    return sorted(entries, key=lambda entry: entry.short.lower())
