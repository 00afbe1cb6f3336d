"""The MkDocs adapter of the MSHT Knowledge Hub (the `hooks:` setting of mkdocs.yml).

Each of MkDocs' events is a call into one build's `HubBuild` (msht_hub/build.py), which holds
the build's state and steps; msht_hub/engines/mkdocs/wiring.py translates MkDocs' configuration, files
and errors. Nothing worth keeping lives here (README, "Moving to another engine"). This module
is loaded afresh with every configuration: the build under way is `_build`, made in on_config."""
from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from msht_hub import build as hub
from msht_hub.engines.mkdocs import wiring as wiring
from msht_hub.engines.mkdocs.render import render_through

_build: hub.HubBuild | None = None


def _state() -> hub.HubBuild:
    if _build is None:
        raise PluginError("The hub's hooks ran out of order: on_config must run first")
    return _build


def on_startup(command: str, dirty: bool) -> None:
    hub.request(command, dirty)  # `mkdocs serve` is the preview; `hub serve` (dirty) renders only what changed


@wiring.engine_errors
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = wiring.start(config)
    return config


@wiring.engine_errors
def on_pre_build(config: MkDocsConfig) -> None:
    # Runs before MkDocs cleans the site directory: a content error never wipes the last good site.
    wiring.prepared(config, _state().prepare(config.use_directory_urls, config.theme.get_env()))


@wiring.engine_errors
def on_files(files: Files, config: MkDocsConfig) -> Files:
    wiring.sort_files(_state(), files, config)
    wiring.add_generated(_state(), files, config)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = _state()
    markdown, template = state.page_markdown(page.file.src_uri, markdown)
    if template:
        page.meta["template"] = template
    if state.cache is not None and state.is_content_page(page.file.src_uri):
        render_through(state.cache, page)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _state().page_html(page.file.src_uri, page.url, html)


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    page.content = Markup(page.content or "")  # the engine's own HTML of the body, checked by policies/markup.py
    wiring.mark_toc_titles(page.toc)
    hub_context: dict[str, Any] = context  # type: ignore[assignment]  # what the hub's templates read besides the engine's own keys
    hub_context.update(_state().page_context(page.file.src_uri, config.site_url or ""))
    return context


@wiring.engine_errors
def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Before any page is written: stop on the problems the pages gave, let through only the
    files published pages use, and give every template (the 404 page's too) the plan."""
    wiring.check_and_gate(_state(), files, config)
    _state().configure_templates(env, lambda uri: files.get_file_from_path(uri) is not None)
    return env


@wiring.engine_errors
def on_post_build(config: MkDocsConfig) -> None:
    state = _state()
    state.finish(config.site_url or "", config.site_name)
    if state.swap_in(wiring.warnings_said(config)):
        config.site_dir = str(state.site_dir)


def on_build_error(error: Exception) -> None:
    fault = _build.fail(error) if _build is not None else hub.machine_fault(error, None)
    if fault is not None:
        raise wiring.MachineAbort(str(fault)) from None
