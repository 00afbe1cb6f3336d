"""Everything an editor writes, read and checked together: the pages (the catalogue) and the
glossary. Every problem of both is reported in one run, by the build and by `hub check`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .addresses import address_problems
from .catalogue import Catalogue, read_catalogue
from .glossary import Abbreviation, read_glossary
from .problems import ContentError, Problem
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
    if problems:
        raise ContentError(problems)
    return catalogue, glossary
