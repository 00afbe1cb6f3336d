"""The MkDocs adapter of the MSHT Knowledge Hub (the `hooks:` setting of mkdocs.yml).

Each event feeds MkDocs from the site plan (msht_hub/plan.py) or hands what MkDocs rendered
to the hub's concerns; nothing worth keeping lives here (README, "Moving to another engine").
This module is loaded afresh with every configuration: one build's state is the `_Build`
made in on_config, passed to the concerns as arguments."""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, cast

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import CountHandler
from mkdocs.utils.templates import TemplateContext

from msht_hub import outputs, preview
from msht_hub.attachments import plan_attachments
from msht_hub.booklets import public_address
from msht_hub.catalogue import Catalogue
from msht_hub.content import divergence_report, prepare
from msht_hub.csp import meta_tag
from msht_hub.divergence import Divergence
from msht_hub.edition import long_date
from msht_hub.engine_render import render_through
from msht_hub.faults import MachineFault, describe, record
from msht_hub.fragments import Fragments
from msht_hub.gather import Gathered, gather
from msht_hub.glossary import Abbreviation
from msht_hub.kinds import KINDS
from msht_hub.layers import edition_content
from msht_hub.links import Addresses, construct_line, key, line_of, link_problems
from msht_hub.listings import BookletPage
from msht_hub.plan import PlanError, SitePlan, plan_site
from msht_hub.problems import ContentError, Problem
from msht_hub.render_cache import RenderCache
from msht_hub.review import ReviewEntry
from msht_hub.settings import HubSettings, SettingsError, load_settings
from msht_hub.staging import discard, publish, staging_for
from msht_hub.views import page_view

log = logging.getLogger("mkdocs.plugins.hub")
KEPT = "the build stopped and the site directory was left as it was"


class _MachineAbort(MachineFault, Abort):
    """A fault of the machine as MkDocs' own stop: its one line, no traceback."""


@dataclass
class _Build:
    settings: HubSettings
    today: date
    site_dir: Path  # where the finished site goes; the engine writes into `staging` until then
    staging: Path
    content_dir: Path  # the national content folder (a force's edition builds from its composed folder)
    started: float = field(default_factory=time.time)
    catalogue: Catalogue | None = None
    glossary: list[Abbreviation] = field(default_factory=list)
    review: list[ReviewEntry] = field(default_factory=list)
    fragments: Fragments | None = None
    plan: SitePlan | None = None
    files: Files | None = None
    attachments: dict[str, File] = field(default_factory=dict)  # files beside pages, by src_uri, until the gate decides
    gathered: dict[str, Gathered] = field(default_factory=dict)  # what each page rendered in this build gave
    divergence: list[Divergence] | None = None  # the national edition built with every layer (hub editions)
    refused: bool = False  # strict mode refused the finished build (said once, in _swap_in)
    cache: RenderCache | None = None  # conversions kept between builds and editions (render_cache.py)


_build: _Build | None = None


def _state() -> _Build:
    if _build is None:
        raise PluginError("The hub's hooks ran out of order: on_config must run first")
    return _build


def on_startup(command: str, dirty: bool) -> None:
    preview.serving = command == "serve"
    preview.incremental = preview.serving and dirty  # `hub serve`: render only what changed


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    preview.settle()  # the last preview rebuild's search index is stopped: this one writes its own
    try:
        settings = load_settings(dict(config.extra))
    except SettingsError as error:
        raise ConfigurationError(f"{config.config_file_path}: {error}") from None
    if preview.serving:
        settings = settings.model_copy(update={"booklet_pdfs": False})  # the preview never waits for PDFs
    if "content.tooltips" in (config.theme.get("features") or []):
        raise ConfigurationError(f"{config.config_file_path}: theme.features: content.tooltips turns every title (a glossary "
                                 "expansion, a link's title) back into HTML when hovered; remove it (SECURITY.md)")
    site_dir = Path(config.site_dir)
    # The engine writes into a staging folder that on_post_build swaps in when all went well;
    # the incremental preview keeps its folder, and a failed rebuild writes no page.
    staging = site_dir if preview.incremental else staging_for(site_dir)
    _build = _Build(settings=settings, today=settings.clock(), site_dir=site_dir, staging=staging, content_dir=Path(config.docs_dir),
                    cache=RenderCache.for_project(Path(config.config_file_path).parent))
    config.site_dir = str(staging)
    # Includes are read through the hub's gate (msht_hub/snippets.py), never by pymdownx.snippets' own reader.
    if "pymdownx.snippets" in config.markdown_extensions:
        config.markdown_extensions = [name if name != "pymdownx.snippets" else "msht_hub.snippets" for name in config.markdown_extensions]
        config.mdx_configs["msht_hub.snippets"] = {**config.mdx_configs.pop("pymdownx.snippets", {}), "url_download": False,
                                                   "restrict_base_path": True}
    preview.warned.start(staging, site_dir)
    for check in ("not_found", "anchors", "absolute_links", "unrecognized_links"):
        setattr(config.validation.links, check, logging.DEBUG)  # every link is judged by the hub's resolver (links.py), in on_env
    if settings.glossary:
        glossary = Path(config.config_file_path).parent / settings.glossary
        config.markdown_extensions += [name for name in ("msht_hub.snippets", "abbr", "msht_hub.abbreviations")
                                       if name not in config.markdown_extensions]  # abbreviations in linear time
        config.mdx_configs.setdefault("msht_hub.snippets", {}).update(base_path=[str(glossary.parent)], auto_append=[glossary.name],
                                                                      restrict_base_path=True, url_download=False)
        config.watch.append(str(glossary.parent))  # the preview rebuilds when the glossary changes
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    # Runs before MkDocs cleans the site directory: a content error never wipes the last good site.
    state = _state()
    root = Path(config.config_file_path).parent
    try:
        # A force's edition (HUB_LAYER) is built from its composed content folder (layers.py).
        edition = edition_content(state.content_dir, state.settings)
        if edition is not None:
            state.settings, config.docs_dir = edition.settings, str(edition.composition.docs_dir)
            config.extra["hub"]["notice"] = state.settings.notice  # the marking's notice names the force's edition
        content = prepare(Path(config.docs_dir), state.settings, root, state.today, config.use_directory_urls,
                          memo=preview.memory.read if preview.serving else None,
                          layer=edition.composition if edition else None)
        if edition is None and os.environ.get("HUB_DIVERGENCE_REPORT"):  # `hub editions`: the national edition's report
            state.divergence = divergence_report(state.content_dir, state.settings, root, config.use_directory_urls)
        if edition is not None and state.settings.glossary:
            folder = edition.write_glossary(content.glossary, Path(state.settings.glossary).name)
            snippets = config.mdx_configs.setdefault("msht_hub.snippets", {})
            snippets["base_path"] = [str(folder), *snippets.get("base_path", [])]  # the merged glossary first
    except ContentError as error:
        for problem in error.problems:
            log.error(str(problem), extra={"hub_problem": problem})
        raise PluginError(f"{error}; {KEPT}.") from None
    state.catalogue, state.glossary, state.review = content.catalogue, content.glossary, content.review
    env = config.theme.get_env()
    env.bytecode_cache = preview.memory.templates
    state.fragments = Fragments(env)
    for note in content.notes(config.docs_dir):
        log.info(note)
    for doc in content.catalogue.published.values():
        for problem in doc.warnings:
            log.warning(str(problem), extra={"hub_problem": problem})  # the strict build refuses it; the preview shows it


def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = _state()
    catalogue = state.catalogue
    assert catalogue is not None and state.fragments is not None
    docs_dir = os.path.normpath(config.docs_dir)
    for file in list(files):
        if file.abs_src_path is None or os.path.normpath(file.src_dir or "") != docs_dir:
            if not file.src_uri.startswith("assets/") or file.src_uri.endswith(".map"):
                files.remove(file)  # the theme's templates, fragments and source maps are sources, never published
        elif file.src_uri in catalogue.excluded:
            files.remove(file)
        elif file.is_documentation_page() and file.src_uri not in catalogue.documents:
            raise PluginError(f"{config.docs_dir}/{file.src_uri}: is built as a page but was not read as one; expected a page ending in .md")
        elif file.is_documentation_page() and catalogue.documents[file.src_uri].is_draft:
            file.inclusion = InclusionLevel.DRAFT  # previewed by `mkdocs serve`, never built
        elif not file.is_documentation_page():
            state.attachments[file.src_uri] = file  # published only if a published page uses it (on_env)
    related_key = preview.related_key(catalogue) if preview.incremental else ""
    related = preview.memory.related[1] if preview.incremental and preview.memory.related[0] == related_key else None
    try:
        plan = state.plan = plan_site(catalogue, state.glossary, state.today, site_name=config.site_name,
                                      site_description=config.site_description or "", use_directory_urls=config.use_directory_urls,
                                      with_nav=config.nav is None, related=related, divergence=state.divergence)
    except PlanError as error:
        raise PluginError(f"{error}; {KEPT}.") from None
    if preview.incremental:
        preview.memory.related = (related_key, related or {uri: [card.document for card in cards] for uri, cards in plan.related.items()})
    if public_address(config.site_url) is None and plan.booklets:
        log.warning(f"site_url is '{config.site_url or ''}', not a public address: the booklets get no QR code or short link. "
                    "Set HUB_SITE_URL to the hub's published address (e.g. HUB_SITE_URL=https://hub.example.police.uk/).")
    generated = {"manifest.webmanifest": plan.web_manifest, **{uri: page.markdown() for uri, page in plan.pages.items()},
                 **plan.exports, **outputs.feeds(plan, state.fragments, config.site_url or "", state.today),
                 **outputs.static_pages(plan, state.fragments, config.site_name)}
    for path, text in generated.items():
        files.append(File.generated(config, path, content=text))
    config.nav = plan.nav or config.nav  # an explicit `nav:` in mkdocs.yml wins
    state.files = files
    if preview.incremental:  # render again the pages that show what changed elsewhere (all, when the navigation did)
        watched = [Path(path) for path in (config.theme.custom_dir, *config.watch, config.config_file_path) if path]
        again = preview.outdated(plan, state.today, watched)
        preview.render_again([file.abs_dest_path for file in files.documentation_pages()
                              if file.abs_src_path and (again is None or file.src_uri in again)])
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = _state()
    assert state.catalogue is not None and state.fragments is not None
    doc = state.catalogue.documents.get(page.file.src_uri)
    if doc is None:
        return markdown
    template = "hub/home.html" if page.file.src_uri == "index.md" else KINDS[doc.kind].template_for(doc.type_id)
    if template:
        page.meta["template"] = template
    if doc.lessons:
        markdown += "\n\n" + state.fragments.render("lessons.md", lessons=page_view(doc, state.settings, state.today).lessons)
    if state.cache is not None:
        render_through(state.cache, page)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = _state()
    assert state.plan is not None
    html, state.gathered[page.file.src_uri] = gather(html, page.file.src_uri, page.url, state.plan, outputs=not preview.checking)
    return html


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    state = _state()
    assert state.plan is not None and state.catalogue is not None
    page.content = Markup(page.content or "")  # the engine's own HTML of the body, checked by markup_policy
    _mark_toc_titles(page.toc)
    generated = state.plan.pages.get(page.file.src_uri)
    doc = state.catalogue.documents.get(page.file.src_uri)
    hub_context = cast(dict[str, Any], context)  # what the hub's templates read besides the engine's own keys
    if generated is not None:
        hub_context["listing"] = generated
        if isinstance(generated, BookletPage):
            section_html = {uri: gathered.section_html or "" for uri, gathered in _every_page().items()}
            hub_context["booklet"] = state.plan.booklet_view(generated.booklet, section_html, config.site_url, state.settings.booklet_pdfs)
    elif doc is not None:
        hub_context["hub"] = state.plan.page_view(doc, state.today)
    return context


def _mark_toc_titles(items: TableOfContents | list[Any] | None) -> None:
    """Table-of-contents titles are already escaped text (the Markdown engine's): with
    autoescaping on, they are printed as they are rather than escaped twice."""
    for item in items or ():
        item.title = Markup(item.title)
        _mark_toc_titles(item.children)


def _every_page() -> dict[str, Gathered]:
    """What every page gave, in page order: from this build's rendering or, for a page the
    incremental preview did not render again, from the build that last did."""
    state = _state()
    assert state.files is not None
    uris = [file.src_uri for file in state.files.documentation_pages()]
    return {uri: gathered for uri in uris if (gathered := state.gathered.get(uri) or preview.memory.pages.get(uri))}


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Before any page is written: stop on the problems the pages gave, let through only the
    files published pages use, and give every template (the 404 page's too) the plan."""
    state = _state()
    plan = state.plan
    assert plan is not None
    pages = _every_page()
    problems = {_with_line(problem, files) for gathered in pages.values() for problem in gathered.problems}
    warnings: set[Problem] = set()
    for level, problem in _link_problems(pages, files, config):
        (problems if level == "error" else warnings).add(problem)
    for problem in sorted(warnings):
        log.warning(str(problem), extra={"hub_problem": problem})  # the strict build refuses these; the preview shows them
    for problem in sorted(problems):
        log.error(str(problem), extra={"hub_problem": problem})
    if problems:
        raise PluginError(f"{len(problems)} content problem(s) in page bodies; {KEPT}.")
    by_url = {file.url: uri for uri, file in state.attachments.items()}
    used = {by_url[path] for gathered in pages.values() for path in gathered.linked if path in by_url}
    gate = plan_attachments(tuple(state.attachments), used, set(), state.settings.public_folders)
    refused = [Problem(f"{Path(config.docs_dir).name}/{uri}", "file", f"is a '{PurePosixPath(uri).suffix or 'file with no ending'}', "
                       "not a kind of file the hub publishes (a browser could run it as a page); attach pictures, PDFs, "
                       "office documents, audio, video or plain text") for uri in gate.refused]
    for problem in refused:
        log.error(str(problem), extra={"hub_problem": problem})
    if refused:
        raise PluginError(f"{len(refused)} file(s) of a kind never published; {KEPT}.")
    for uri, file in state.attachments.items():
        if uri not in gate.published:
            files.remove(file)
    for uri in gate.unused:
        log.info(f"{config.docs_dir}/{uri}: no published page links to it; left out of this build")
    # Every value a template prints is escaped unless the template marks it safe: front-matter
    # is data in every template, Material's included (see SECURITY.md).
    env.autoescape = True
    env.bytecode_cache = preview.memory.templates  # compiled templates kept for the next build in this process
    env.globals.update(plan.template_globals(), hub_has=lambda uri: files.get_file_from_path(uri) is not None,
                       hub_csp_meta=Markup(meta_tag()))
    env.tests["contains"] = lambda values, item: item in values
    env.filters["longdate"] = long_date  # "5 March 2026" on every platform (no %-d)
    # base_url without a trailing slash: on the 404 page MkDocs gives "/", and "/" + "/x" would be "//x", another host.
    env.filters["root"] = lambda base_url: str(base_url).rstrip("/")
    return env


def _addresses(files: Files, config: MkDocsConfig) -> Addresses:
    """What this build writes, for the link resolver: MkDocs' files, the pages left out
    (by the address they would have had) and the outputs written after the pages."""
    state = _state()
    assert state.plan is not None and state.catalogue is not None
    written = [file for file in files.documentation_pages() if file.inclusion not in (InclusionLevel.EXCLUDED, InclusionLevel.DRAFT)]
    hidden = state.plan.left_out
    would_be = {uri: File(uri, config.docs_dir, config.site_dir, config.use_directory_urls).url for uri in hidden}
    later = [f"booklets/{name}" for booklet in state.plan.booklets for name in
             (*(booklet.pdf_name(size) for size in booklet.settings.sizes), booklet.imposed_name)]
    others = [file.url for file in files if not file.is_documentation_page()] + later + ["csp.txt", "edition.json", "reports/review.json"]
    return Addresses(pages={key(file.url): file.src_uri for file in written}, sources={file.src_uri: file.url for file in written},
                     hidden=hidden, hidden_pages={key(url): uri for uri, url in would_be.items()},
                     files=frozenset(key(url) for url in others),
                     shown={uri: doc.shown_path for uri, doc in state.catalogue.documents.items()},
                     docs=Path(config.docs_dir).name, site_url=config.site_url or "")


def _with_line(problem: Problem, files: Files) -> Problem:
    """A body problem with the line of its file where the construct it names is written."""
    if problem.line or problem.field != "body":
        return problem
    state = _state()
    doc = state.catalogue.documents.get(next((uri for uri, d in state.catalogue.documents.items() if d.shown_path == problem.path), "")) \
        if state.catalogue else None
    file = files.get_file_from_path(doc.src_uri) if doc else None
    if file is None or not file.abs_src_path:
        return problem
    source = Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
    line = construct_line(source, problem.message)
    return replace(problem, line=line) if line else problem


def _link_problems(pages: dict[str, Gathered], files: Files, config: MkDocsConfig) -> list[tuple[str, Problem]]:
    """Every link problem of the pages this build writes, as (level, problem) (links.py)."""
    state = _state()
    catalogue = state.catalogue
    assert catalogue is not None
    addresses = _addresses(files, config)
    anchors = {uri: gathered.anchors for uri, gathered in pages.items() if uri in catalogue.documents}
    found = []
    for uri, gathered in pages.items():
        doc, file = catalogue.documents.get(uri), files.get_file_from_path(uri)
        if doc is None or doc.is_draft or file is None:
            continue  # generated pages link as the hub made them; a draft is never built
        source = ""
        for problem in link_problems(gathered.links, uri, file.url, addresses, anchors):
            if not source and file.abs_src_path:
                source = Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
            found.append((problem.level, Problem(doc.shown_path, "body", problem.message, line_of(source, problem.href, problem.target))))
    return found


def on_post_build(config: MkDocsConfig) -> None:
    state = _state()
    assert state.plan is not None and state.fragments is not None
    try:
        outputs.write_outputs(Path(config.site_dir), state.plan, state.fragments, _every_page(), glossary=state.glossary,
                              review=state.review, settings=state.settings, site_url=config.site_url,
                              site_name=config.site_name, since=state.started - 1)
    except outputs.OutputError as error:
        raise PluginError(str(error)) from None
    if preview.incremental:
        preview.memory.pages.update(state.gathered)  # what the next rebuild does not render again
    _swap_in(config)


def _swap_in(config: MkDocsConfig) -> None:
    """The last step: the finished staging folder becomes the site directory, unless strict
    mode is about to refuse the build for its warnings (MkDocs checks only after this event)."""
    state = _state()
    if state.staging == state.site_dir:
        return  # the incremental preview writes in place
    warnings = sum(sum(handler.counts.values()) for handler in logging.getLogger("mkdocs").handlers
                   if isinstance(handler, CountHandler)) if config.strict else 0
    if warnings:
        discard(state.staging)
        state.refused = True
        said = preview.warned.lines
        log.error(f"The strict build refuses {warnings} warning(s); fix each, then build again ({state.site_dir} was left exactly as it was):"
                  + "".join(f"\n  {line}" for line in said))
        return
    publish(state.staging, state.site_dir)
    config.site_dir = str(state.site_dir)


def on_build_error(error: Exception) -> None:
    if _build is not None and _build.staging != _build.site_dir:
        discard(_build.staging)
        if not _build.refused and not isinstance(error, OSError):
            log.error(f"The build stopped: {_build.site_dir} was left exactly as it was.")
    if isinstance(error, OSError):  # the machine, not the content: one line, the traceback in a log file
        kept = ("nothing was published" if _build is None else "The preview keeps serving the last good pages"
                if _build.staging == _build.site_dir else f"{_build.site_dir} was left exactly as it was")
        where = record(error, _build.content_dir.parent if _build is not None else Path.cwd())
        raise _MachineAbort(f"The build could not go on: {describe(error, path=_build.staging if _build is not None else None)}. {kept}. (Details for the hub's maintainers: {where})") from None
