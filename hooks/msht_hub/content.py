"""Everything an editor writes, read and checked together: the pages (the catalogue) and the
glossary. Every problem of both is reported in one run, by the build and by `hub check`."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from msht_hub.editions.layers import FOLDER as LAYERS
from msht_hub.editions.layers import Composition, edition_content, layer_ids, layer_problems, mark, merged_glossary
from msht_hub.outputs.card_fonts import font_problems
from msht_hub.outputs.paths import reserved_paths
from msht_hub.planning.addresses import address_problems
from msht_hub.planning.divergence import Divergence, divergence_of
from msht_hub.reading.catalogue import Catalogue, read_catalogue
from msht_hub.reading.glossary import Abbreviation, read_glossary
from msht_hub.reading.last_commits import last_commits
from msht_hub.reading.problems import ContentError, Problem
from msht_hub.reading.project_files import include_problem
from msht_hub.reading.review import ReviewEntry, review_report
from msht_hub.reading.settings import HubSettings


def read_content(docs_dir: Path, settings: HubSettings, root: Path, use_directory_urls: bool = True,
                 memo: dict[Any, Any] | None = None, layer: Composition | None = None) -> tuple[Catalogue, list[Abbreviation]]:
    """The catalogue and the glossary, or ContentError with every problem of both, the
    clashes of output addresses included (addresses.py). With a force's `layer` (layers.py),
    those of its composed content, its pages named by their files under layers/."""
    problems: list[Problem] = []
    catalogue, glossary = None, []
    try:
        if layer is None:
            catalogue = read_catalogue(docs_dir, settings, shown_root=root, memo=memo)
        else:
            catalogue = read_catalogue(layer.docs_dir, settings, shown_root=root, memo=memo, shown=layer.shown, hidden=layer.hidden)
            catalogue = replace(catalogue, layer=mark(catalogue, layer))
        problems.extend(address_problems(catalogue, reserved_paths(), use_directory_urls))
        problems.extend(layer_problems(catalogue, layer))
    except ContentError as error:
        problems.extend(error.problems)
    if settings.glossary:
        gated = include_problem(root / settings.glossary, (root / settings.glossary).parent, frozenset(), root)
        try:
            if gated:
                raise ContentError([Problem(settings.glossary, "glossary", gated)])
            glossary = read_glossary(root / settings.glossary, settings.glossary)
        except ContentError as error:
            problems.extend(error.problems)
        if layer is not None:
            glossary = merged_glossary(glossary, layer.layer)
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
        documents = self.catalogue.documents
        notes = [f"{documents[uri].shown_path if self.catalogue.layer else f'{docs_dir}/{uri}'}: left out of this build ({why})"
                 for uri, why in sorted(self.catalogue.excluded.items())]
        notes += [line for _, lines in sorted(self.catalogue.withheld.items()) for line in lines]
        if settings.urgent and settings.urgent not in self.catalogue.published:
            notes.append(f"extra.hub.urgent: '{settings.urgent}' is not a published page of this build; the home page has no urgent button")
        for refer in settings.refer:
            if refer.src_uri not in self.catalogue.published:
                notes.append(f"extra.hub.refer: '{refer.page}' is not a published page of this build; the action bar's Refer leaves it out")
        return notes


def prepare(docs_dir: Path, settings: HubSettings, root: Path, today: date, use_directory_urls: bool = True,
            memo: dict[Any, Any] | None = None, layer: Composition | None = None) -> Content:
    """The content of a build, or ContentError with every problem; pages overdue for review
    are problems too when fail_on_overdue is set."""
    catalogue, glossary = read_content(docs_dir, settings, root, use_directory_urls, memo, layer)
    fonts = font_problems(catalogue)  # a language card's script with no installed font stops the build here
    if fonts:
        raise ContentError(fonts)
    review = review_report(catalogue, today)
    overdue = overdue_problems(review)
    if overdue and settings.fail_on_overdue:
        raise ContentError(overdue)
    return Content(catalogue, glossary, review)


def divergence_report(docs_dir: Path, settings: HubSettings, root: Path, use_directory_urls: bool = True) -> list[Divergence]:
    """What every force's layer beside the content folder replaces and hides, each layer read
    and checked as its own edition is (ContentError with its problems otherwise), each page
    dated by its file's last commit when the folder is a git repository."""
    findings: list[Divergence] = []
    folder = Path(docs_dir).parent
    commits = last_commits(folder, Path(docs_dir).name, LAYERS)  # one git call for every file of every edition
    for layer_id in layer_ids(folder):
        edition = edition_content(Path(docs_dir), settings, layer_id)
        assert edition is not None
        composition = edition.composition
        catalogue, _ = read_content(composition.docs_dir, edition.settings, root, use_directory_urls, layer=composition)
        findings += divergence_of(catalogue, {hide.page: hide.reason for hide in composition.layer.settings.hides}, commits)
    return findings
def overdue_problems(review: list[ReviewEntry], only: set[str] | None = None) -> list[Problem]:
    """The pages overdue for review, as problems; with `only` (paths as an editor sees them,
    e.g. the pages a pull request adds or changes), those pages alone."""
    return [Problem(entry.path, "review_due", entry.problem) for entry in review
            if entry.state == "overdue" and (only is None or entry.path in only)]
