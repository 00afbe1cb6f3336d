"""What the MkDocs adapter (hooks/hub_hooks.py) needs of MkDocs itself: its configuration set
for the hub, its files sorted and added to, its errors and its count of warnings. The build's
steps are `HubBuild`'s (build.py); this module only translates between the two."""
from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import CountHandler

from msht_hub.build import BuildStop, HubBuild, Mode, Prepared, SettingsStop
from msht_hub.faults import MachineFault

Hook = TypeVar("Hook", bound=Callable[..., Any])


class MachineAbort(MachineFault, Abort):
    """A fault of the machine as MkDocs' own stop: its one line, no traceback."""


def engine_errors(hook: Hook) -> Hook:
    """The hub's stops as MkDocs' own: settings as a configuration error, content as a plugin error."""
    @functools.wraps(hook)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return hook(*args, **kwargs)
        except SettingsStop as stop:
            raise ConfigurationError(str(stop)) from None
        except BuildStop as stop:
            raise PluginError(str(stop)) from None
    return cast(Hook, run)


def start(config: MkDocsConfig) -> HubBuild:
    """The build, and MkDocs configured for it: the staging folder, includes through the hub's
    gate, every link judged by the hub's resolver, the glossary appended to every page."""
    if "content.tooltips" in (config.theme.get("features") or []):
        raise SettingsStop(f"{config.config_file_path}: theme.features: content.tooltips turns every title (a glossary "
                           "expansion, a link's title) back into HTML when hovered; remove it (SECURITY.md)")
    build = HubBuild.start(dict(config.extra), Path(config.config_file_path), Path(config.site_dir), Path(config.docs_dir))
    config.site_dir = str(build.staging)
    # Includes are read through the hub's gate (msht_hub/reading/snippets.py), never by pymdownx.snippets' own reader.
    if "pymdownx.snippets" in config.markdown_extensions:
        config.markdown_extensions = [name if name != "pymdownx.snippets" else "msht_hub.reading.snippets" for name in config.markdown_extensions]
        config.mdx_configs["msht_hub.reading.snippets"] = {**config.mdx_configs.pop("pymdownx.snippets", {}), "url_download": False,
                                                   "restrict_base_path": True}
    for check in ("not_found", "anchors", "absolute_links", "unrecognized_links"):
        setattr(config.validation.links, check, logging.DEBUG)  # every link is judged by the hub's resolver (links.py)
    if build.settings.glossary:
        glossary = build.root / build.settings.glossary
        config.markdown_extensions += [name for name in ("msht_hub.reading.snippets", "abbr", "msht_hub.reading.abbreviations")
                                       if name not in config.markdown_extensions]  # abbreviations in linear time
        config.mdx_configs.setdefault("msht_hub.reading.snippets", {}).update(base_path=[str(glossary.parent)], auto_append=[glossary.name],
                                                                      restrict_base_path=True, url_download=False)
        config.watch.append(str(glossary.parent))  # the preview rebuilds when the glossary changes
    return build


def prepared(config: MkDocsConfig, what: Prepared) -> None:
    """A force's edition builds from its composed folder, with its notice and merged glossary."""
    config.docs_dir = str(what.docs_dir)
    if what.notice is not None:
        config.extra["hub"]["notice"] = what.notice
    if what.glossary_folder is not None:
        snippets = config.mdx_configs.setdefault("msht_hub.reading.snippets", {})
        snippets["base_path"] = [str(what.glossary_folder), *snippets.get("base_path", [])]  # the merged glossary first


def sort_files(build: HubBuild, files: Files, config: MkDocsConfig) -> None:
    docs_dir = os.path.normpath(config.docs_dir)
    for file in list(files):
        in_content = file.abs_src_path is not None and os.path.normpath(file.src_dir or "") == docs_dir
        fate = build.sort_file(file.src_uri, file.url, in_content, file.is_documentation_page())
        if fate == "drop":
            files.remove(file)
        elif fate == "draft":
            file.inclusion = InclusionLevel.DRAFT  # previewed by `mkdocs serve`, never built
        # "held": published only if the gate lets it through (check_and_gate)


def add_generated(build: HubBuild, files: Files, config: MkDocsConfig) -> None:
    """The hub's pages and files, its navigation, and the page order the build gathers in."""
    generated = build.plan(config.site_name, config.site_description or "", config.site_url or "", config.use_directory_urls,
                           with_nav=config.nav is None)
    for path, text in generated.items():
        files.append(File.generated(config, path, content=text))
    config.nav = build.site_plan.nav if build.site_plan and build.site_plan.nav else config.nav  # an explicit `nav:` wins
    build.page_order = [file.src_uri for file in files.documentation_pages()]
    if build.mode is Mode.INCREMENTAL:  # render again the pages that show what changed elsewhere (all, when the navigation did)
        watched = [Path(path) for path in (config.theme.custom_dir, *config.watch, config.config_file_path) if path]
        again = build.pages_to_render_again(watched)
        for file in files.documentation_pages():
            if file.abs_src_path and (again is None or file.src_uri in again) and os.path.exists(file.abs_dest_path):
                os.utime(file.abs_dest_path, (0, 0))  # older than any source: rendered again, and served until then


def check_and_gate(build: HubBuild, files: Files, config: MkDocsConfig) -> None:
    """Before any page is written: the pages' problems, then the attachment gate."""
    written = {file.src_uri: file.url for file in files.documentation_pages()
               if file.inclusion not in (InclusionLevel.EXCLUDED, InclusionLevel.DRAFT)}
    others = [file.url for file in files if not file.is_documentation_page()]
    build.check_pages(written, others, config.use_directory_urls, config.site_url or "")
    published = build.gate_attachments()
    for uri in set(build.attachments) - published:
        files.remove(files.src_uris[uri])


def mark_toc_titles(items: TableOfContents | list[Any] | None) -> None:
    """Table-of-contents titles are already escaped text (the Markdown engine's): with
    autoescaping on, they are printed as they are rather than escaped twice."""
    for item in items or ():
        item.title = Markup(item.title)
        mark_toc_titles(item.children)


def warnings_said(config: MkDocsConfig) -> int:
    """How many warnings MkDocs counted so far: the strict build refuses any."""
    return sum(sum(handler.counts.values()) for handler in logging.getLogger("mkdocs").handlers
               if isinstance(handler, CountHandler)) if config.strict else 0
