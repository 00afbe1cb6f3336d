"""Everything an editor writes, read and checked together: the pages (the catalogue) and the
glossary. Every problem of both is reported in one run, by the build and by `hub check`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .addresses import address_problems
from .card_fonts import font_problems
from .catalogue import Catalogue, read_catalogue
from .glossary import Abbreviation, read_glossary
from .problems import ContentError, Problem
from .review import ReviewEntry, review_report
from .settings import HubSettings


def read_content(docs_dir: Path, settings: HubSettings, root: Path, use_directory_urls: bool = True,
                 memo: dict[Any, Any] | None = None) -> tuple[Catalogue, list[Abbreviation]]:
    """The catalogue and the glossary, or ContentError with every problem of both, the
    clashes of output addresses included (addresses.py)."""
    problems: list[Problem] = []
    catalogue, glossary = None, []
    try:
        catalogue = read_catalogue(docs_dir, settings, shown_root=root, memo=memo)
        problems.extend(address_problems(catalogue, use_directory_urls))
    except ContentError as error:
        problems.extend(error.problems)
    if settings.glossary:
        try:
            glossary = read_glossary(root / settings.glossary, settings.glossary)
        except ContentError as error:
            problems.extend(error.problems)
    if problems or catalogue is None:
        raise ContentError(problems)
    return catalogue, glossary


@dataclass(frozen=True)
class Content:
    """What a build starts from: the catalogue, the glossary and the review report."""
    catalogue: Catalogue
    glossary: list[Abbreviation]
    review: list[ReviewEntry]

    def notes(self, docs_dir: str) -> list[str]:
        """What an editor may want to know of this build: what it leaves out, and why."""
        settings = self.catalogue.settings
        notes = [f"{docs_dir}/{uri}: left out of this build ({why})" for uri, why in sorted(self.catalogue.excluded.items())]
        notes += [line for _, lines in sorted(self.catalogue.withheld.items()) for line in lines]
        if settings.urgent and settings.urgent not in self.catalogue.published:
            notes.append(f"extra.hub.urgent: '{settings.urgent}' is not a published page of this build; the home page has no urgent button")
        for refer in settings.refer:
            if refer.src_uri not in self.catalogue.published:
                notes.append(f"extra.hub.refer: '{refer.page}' is not a published page of this build; the action bar's Refer leaves it out")
        return notes


def prepare(docs_dir: Path, settings: HubSettings, root: Path, today: date, use_directory_urls: bool = True,
            memo: dict[Any, Any] | None = None) -> Content:
    """The content of a build, or ContentError with every problem; pages overdue for review
    are problems too when fail_on_overdue is set."""
    catalogue, glossary = read_content(docs_dir, settings, root, use_directory_urls, memo)
    fonts = font_problems(catalogue)  # a language card's script with no installed font stops the build here
    if fonts:
        raise ContentError(fonts)
    review = review_report(catalogue, today)
    overdue = [entry for entry in review if entry.state == "overdue"]
    if overdue and settings.fail_on_overdue:
        raise ContentError([Problem(entry.path, "review_due", entry.problem) for entry in overdue])
    return Content(catalogue, glossary, review)
