"""MkDocs event functions of the MSHT Knowledge Hub (the `hooks:` setting of mkdocs.yml).

Each event hands off to one concern of the msht_hub package. This module is loaded
afresh with every configuration, so the state of one build lives in `_build`, made in
on_config, and nowhere else."""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from msht_hub.catalogue import Catalogue, read_catalogue
from msht_hub.fragments import Fragments
from msht_hub.problems import ContentError
from msht_hub.settings import HubSettings, SettingsError, load_settings
from msht_hub.views import TEMPLATES, page_view

log = logging.getLogger("mkdocs.plugins.hub")


@dataclass
class _Build:
    settings: HubSettings
    today: date
    catalogue: Catalogue | None = None
    fragments: Fragments | None = None
    files: Files | None = None


_build: _Build | None = None


def _state() -> _Build:
    if _build is None or _build.catalogue is None:
        raise PluginError("The hub's hooks ran out of order: on_config and on_pre_build must run first")
    return _build


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    try:
        settings = load_settings(config.extra)
    except SettingsError as error:
        raise ConfigurationError(f"{config.config_file_path}: {error}") from None
    _build = _Build(settings=settings, today=date.today())
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    # Runs before MkDocs cleans the site directory: a content error never wipes the last good site.
    state = _build
    if state is None:
        raise PluginError("The hub's hooks ran out of order: on_config must run before on_pre_build")
    try:
        state.catalogue = read_catalogue(Path(config.docs_dir), state.settings, shown_root=Path(config.config_file_path).parent)
    except ContentError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(f"{error}; the build stopped and the site directory was left as it was.") from None
    state.fragments = Fragments(config.theme.get_env())
    for uri, why in sorted(state.catalogue.excluded.items()):
        log.info(f"{config.docs_dir}/{uri}: left out of this build ({why})")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalogue = _state().catalogue
    for uri in catalogue.excluded:
        file = files.get_file_from_path(uri)
        if file is not None:
            files.remove(file)
    for uri, doc in catalogue.documents.items():
        file = files.get_file_from_path(uri)
        if doc.is_draft and file is not None:
            file.inclusion = InclusionLevel.DRAFT  # previewed by `mkdocs serve`, never built
    _state().files = files
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = _state()
    doc = state.catalogue.documents.get(page.file.src_uri)
    if doc is None:
        return markdown
    if doc.kind in TEMPLATES:
        page.meta["template"] = TEMPLATES[doc.kind]
    if doc.lessons:
        view = page_view(doc, state.settings, state.today)
        markdown += "\n\n" + state.fragments.render("lessons.md", lessons=view.lessons)
    return markdown


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    state = _state()
    files = state.files
    doc = state.catalogue.documents.get(page.file.src_uri)
    if doc is None:
        return context
    view = page_view(doc, state.settings, state.today)
    target = getattr(doc.meta, "superseded_by", None)
    replacement = files.get_file_from_path(target) if target else None
    if replacement is not None and target in state.catalogue.published:
        view = replace(
            view,
            replacement_title=state.catalogue.documents[target].title,
            replacement_url=replacement.url_relative_to(page.file),
        )
    context["hub"] = view
    return context
