"""MkDocs event functions of the MSHT Knowledge Hub (the `hooks:` setting of mkdocs.yml).

Each event hands off to one concern of the msht_hub package. This module is loaded
afresh with every configuration, so the state of one build lives in `_build`, made in
on_config, and nowhere else."""
from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import mkdocs.contrib.search
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from markupsafe import Markup
from mkdocs.utils import CountHandler, get_relative_url
from mkdocs.utils.templates import TemplateContext

from msht_hub.action_prompts import label_action_prompts, prompts_first
from msht_hub.attachments import linked_paths, plan_attachments
from msht_hub.booklets import Booklet, plan_booklets, printable, public_address
from msht_hub.catalogue import Catalogue
from msht_hub.content import read_content
from msht_hub.csp import pages_with_inline_scripts, policy
from msht_hub.edition import Edition, content_digest, edition_of, long_date
from msht_hub.exports import export_files
from msht_hub.feeds import plan_feeds, render_feeds
from msht_hub.fragments import Fragments
from msht_hub.glossary import Abbreviation
from msht_hub.listings import Card, Listing, ListingPlanner
from msht_hub.links import links_left_out
from msht_hub.markup_policy import unsafe_markup
from msht_hub.navigation import hub_nav
from msht_hub.offline import SMALL_INDEX, cache_version, cached_files, essential_predicate, pack
from msht_hub import preview
from msht_hub.preview import Gathered, shared_signature
from msht_hub.problems import ContentError, Problem
from msht_hub.redirects import plan_redirects
from msht_hub.related import related_content
from msht_hub.search_documents import SearchDocument, page_documents
from msht_hub.search_index import write_index
from msht_hub.review import ReviewEntry, review_report, review_report_data
from msht_hub.settings import HubSettings, SettingsError, load_settings
from msht_hub.staging import discard, publish, staging_for
from msht_hub.kinds import KINDS
from msht_hub.views import lesson_anchor, page_view

log = logging.getLogger("mkdocs.plugins.hub")


@dataclass
class _Build:
    settings: HubSettings
    today: date
    site_dir: Path  # where the finished site goes; the engine writes into `staging` until then
    staging: Path
    catalogue: Catalogue | None = None
    fragments: Fragments | None = None
    files: Files | None = None
    review: list[ReviewEntry] = field(default_factory=list)
    site_url: str | None = None
    listings: dict[str, Listing] = field(default_factory=dict)  # generated pages by src_uri
    related: dict[str, list[Card]] = field(default_factory=dict)
    sections: dict[str, Listing] = field(default_factory=dict)  # kind -> its generated index
    left_out: dict[str, str] = field(default_factory=dict)  # content path -> why this build leaves it out
    draft_urls: dict[str, str] = field(default_factory=dict)  # a draft's URL -> its content path
    glossary: list[Abbreviation] = field(default_factory=list)
    planner: ListingPlanner | None = None
    edition: Edition | None = None
    booklets: list[Booklet] = field(default_factory=list)  # those with at least one section
    section_uris: set[str] = field(default_factory=set)  # pages that are a section of some booklet
    attachments: dict[str, File] = field(default_factory=dict)  # files beside pages, by src_uri, until the gate decides
    signature: str = ""  # the incremental preview's digest of what shows on more than one page
    gathered: dict[str, Gathered] = field(default_factory=dict)  # what each rendered page gave, by src_uri


_build: _Build | None = None
_build_started = 0.0


def _state() -> _Build:
    if _build is None or _build.catalogue is None:
        raise PluginError("The hub's hooks ran out of order: on_config and on_pre_build must run first")
    return _build


def on_startup(command: str, dirty: bool) -> None:
    preview.serving = command == "serve"
    preview.incremental = preview.serving and dirty  # `hub serve`: render only what changed


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    preview.settle()  # the last preview rebuild's search index is written before this one starts
    try:
        settings = load_settings(config.extra)
    except SettingsError as error:
        raise ConfigurationError(f"{config.config_file_path}: {error}") from None
    if preview.serving:
        settings = settings.model_copy(update={"booklet_pdfs": False})  # the preview never waits for PDFs
    site_dir = Path(config.site_dir)
    # The engine writes into a staging folder that on_post_build swaps in when all went well;
    # the incremental preview keeps its folder, and a failed rebuild writes no page.
    staging = site_dir if preview.incremental else staging_for(site_dir)
    _build = _Build(settings=settings, today=settings.clock(), site_url=config.site_url, site_dir=site_dir, staging=staging)
    config.site_dir = str(staging)
    if settings.glossary:
        glossary = Path(config.config_file_path).parent / settings.glossary
        _append_glossary(config, glossary)
        config.watch.append(str(glossary.parent))  # `mkdocs serve` rebuilds when the glossary changes
    return config


def _append_glossary(config: MkDocsConfig, glossary: Path) -> None:
    """Every page gets the glossary's abbreviation lines appended (pymdownx.snippets), so
    Markdown's abbr extension gives each abbreviation in its text an expansion."""
    if "pymdownx.snippets" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.snippets")
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(glossary.parent)]
    snippets["auto_append"] = [glossary.name]
    if "abbr" not in config.markdown_extensions:
        config.markdown_extensions.append("abbr")
    if "msht_hub.abbreviations" not in config.markdown_extensions:
        config.markdown_extensions.append("msht_hub.abbreviations")  # abbr in linear time (long pages)


def on_pre_build(config: MkDocsConfig) -> None:
    global _build_started
    _build_started = time.time() - 1  # file systems keep coarse times
    # Runs before MkDocs cleans the site directory: a content error never wipes the last good site.
    state = _build
    if state is None:
        raise PluginError("The hub's hooks ran out of order: on_config must run before on_pre_build")
    root = Path(config.config_file_path).parent
    try:
        state.catalogue, state.glossary = read_content(Path(config.docs_dir), state.settings, root, config.use_directory_urls,
                                                       memo=preview.memory.read if preview.serving else None)
    except ContentError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(f"{error}; the build stopped and the site directory was left as it was.") from None
    state.review = review_report(state.catalogue, state.today)
    overdue = [entry for entry in state.review if entry.state == "overdue"]
    if overdue and state.settings.fail_on_overdue:
        for entry in overdue:
            log.error(entry.line())
        raise PluginError(f"{len(overdue)} published page(s) overdue for review and fail_on_overdue is set; "
                          "the site directory was left as it was.")
    state.fragments = Fragments(config.theme.get_env())
    if state.settings.urgent and state.settings.urgent not in state.catalogue.published:
        log.info(f"extra.hub.urgent: '{state.settings.urgent}' is not a published page of this build; the home page has no urgent button")
    for uri, why in sorted(state.catalogue.excluded.items()):
        log.info(f"{config.docs_dir}/{uri}: left out of this build ({why})")
    if preview.incremental:
        watched = [Path(path) for path in (config.theme.custom_dir, *config.watch) if path] + [Path(config.config_file_path)]
        state.signature = shared_signature(state.catalogue.documents, state.catalogue.excluded, state.settings, watched)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = _state()
    catalogue = state.catalogue
    docs_dir = os.path.normpath(config.docs_dir)
    for file in list(files):
        from_content = file.abs_src_path is not None and os.path.normpath(file.src_dir or "") == docs_dir
        if not from_content:
            if not file.src_uri.startswith("assets/") or file.src_uri.endswith(".map"):
                files.remove(file)  # the theme's templates, fragments and source maps are sources, never published
            continue
        if file.is_documentation_page():
            if file.src_uri not in catalogue.documents:
                raise PluginError(f"{config.docs_dir}/{file.src_uri}: is built as a page but was not read as one; "
                                  "expected a page ending in .md")
        else:
            state.attachments[file.src_uri] = file  # published only if a published page uses it (on_env)
    for uri in catalogue.excluded:
        file = files.get_file_from_path(uri)
        if file is not None:
            files.remove(file)
    for uri, doc in catalogue.documents.items():
        file = files.get_file_from_path(uri)
        if doc.is_draft and file is not None:
            file.inclusion = InclusionLevel.DRAFT  # previewed by `mkdocs serve`, never built
    _add_generated_pages(files, config)
    drafts = {uri for uri, doc in catalogue.documents.items() if doc.is_draft}
    state.left_out = {**{uri: "a draft" for uri in drafts}, **catalogue.excluded}
    state.draft_urls = {file.url: uri for uri in drafts if (file := files.get_file_from_path(uri)) is not None}
    state.files = files
    if preview.incremental:
        _render_again_if_shared_changed(files, config)
    return files


def _render_again_if_shared_changed(files: Files, config: MkDocsConfig) -> None:
    """The incremental preview renders a page again when its source changed; when something
    every page shows changed, it marks every page's output older than its source."""
    state = _state()
    root = Path(config.config_file_path).parent
    signature = state.signature
    if signature == preview.memory.signature:
        return
    for file in files.documentation_pages():
        if file.abs_src_path and os.path.exists(file.abs_dest_path):
            os.utime(file.abs_dest_path, (0, 0))
    preview.memory.pages.clear()
    preview.memory.signature = signature
    log.debug(f"preview: shared content changed under {root}; every page is rendered again")


LUNR_JS = Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js"  # lunr.js 2.3.9, for queries


def _add_generated_pages(files: Files, config: MkDocsConfig) -> None:
    """Role landings, kind indexes, the register and the exports: planned from the catalogue,
    added to the build as virtual files, never written into content/."""
    state = _state()
    catalogue = state.catalogue
    planner = ListingPlanner(catalogue, lambda uri: files.get_file_from_path(uri).url, state.today)
    listings = planner.plan(state.glossary)
    state.edition = edition_of(catalogue, state.today)
    state.booklets = [booklet for booklet in plan_booklets(catalogue, state.settings.booklets) if booklet.sections]
    state.section_uris = {doc.src_uri for booklet in state.booklets for doc in booklet.sections}
    listings += [Listing(src_uri=booklet.page_uri, title=f"{booklet.settings.title} booklet",
                         summary=booklet.settings.subtitle or "A printable pocket booklet.",
                         template="hub/booklet.html", nav_title=f"{booklet.settings.title} booklet", booklet=booklet)
                 for booklet in state.booklets]
    state.planner = planner
    if state.booklets and public_address(state.site_url) is None:
        log.warning(f"site_url is '{state.site_url or ''}', not a public address: the booklets get no QR code or short link. "
                    "Set HUB_SITE_URL to the hub's published address (e.g. HUB_SITE_URL=https://hub.example.police.uk/).")
    files.append(File.generated(config, "assets/hub/vendor/lunr.js", abs_src_path=str(LUNR_JS)))
    files.append(File.generated(config, "manifest.webmanifest", content=json.dumps({
        "name": config.site_name, "short_name": "MSHT Hub", "description": config.site_description or "",
        "start_url": "./", "scope": "./", "display": "standalone", "background_color": "#ffffff", "theme_color": "#283593",
        "icons": [{"src": f"assets/hub/icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"} for size in (192, 512)],
    }, indent=1)))
    for listing in listings:
        if files.get_file_from_path(listing.src_uri) is not None:
            raise PluginError(f"{config.docs_dir}/{listing.src_uri}: this address belongs to a page the hub generates "
                              f"({listing.title}); move or rename the file")
        files.append(File.generated(config, listing.src_uri, content=listing.markdown()))
    state.listings = {listing.src_uri: listing for listing in listings}
    state.sections = {kind.id: state.listings[kind.index] for kind in KINDS.values() if kind.index}
    state.related = {uri: [planner.cards[doc.src_uri] for doc in docs] for uri, docs in _related(catalogue).items()}
    register = state.listings["lessons/index.md"]
    edition = {"content_as_of": state.today.isoformat()}
    for path, text in export_files(register.lessons, list(planner.cards.values()), edition).items():
        files.append(File.generated(config, path, content=text))
    whats_new = files.get_file_from_path("whats-new/index.md").url
    feeds = render_feeds(plan_feeds(planner, config.site_name), state.fragments, config.site_url or "", whats_new, state.today)
    for path, xml in feeds.items():
        files.append(File.generated(config, path, content=xml))
    taken = {file.dest_uri for file in files}
    for redirect in plan_redirects(catalogue):
        _add_static_redirect(files, config, taken, redirect.old, redirect.target, redirect.why, whats_new)
    for booklet in state.booklets:
        if booklet.settings.short:
            _add_static_redirect(files, config, taken, f"b/{booklet.settings.short}.md", booklet.page_uri, "short", whats_new)
    if config.nav is None:  # an explicit `nav:` in mkdocs.yml wins
        plain = [doc for doc in catalogue.published.values() if doc.kind == "page"]
        config.nav = hub_nav(listings, plain)


def _related(catalogue: Catalogue) -> dict[str, list]:
    """Related content, which reads only what every page shows: the incremental preview
    reuses it while that is unchanged."""
    state = _state()
    if preview.incremental and preview.memory.related[0] == state.signature:
        return preview.memory.related[1]
    related = related_content(catalogue.published)
    if preview.incremental:
        preview.memory.related = (state.signature, related)
    return related


def _add_static_redirect(files: Files, config: MkDocsConfig, taken: set[str], old_uri: str, target_uri: str | None,
                         why: str, whats_new: str) -> None:
    """A small static page at old_uri's address that leads to target_uri's page (or, with no
    target, says the page was withdrawn). Kept out of the navigation, search and sitemap.
    `taken` holds every output path already in the build; the new page's is added to it."""
    state = _state()
    old = File(old_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
    if not Path(old.abs_dest_path).resolve().is_relative_to(Path(config.site_dir).resolve()):
        raise PluginError(f"{config.docs_dir}/{target_uri}: redirect_from: '{old_uri}' would be written outside the site directory")
    if old.dest_uri in taken:
        raise PluginError(f"{config.docs_dir}/{old_uri}: its address {old.url} is already taken by another page, "
                          "so it cannot lead elsewhere; remove it from redirect_from")
    target = files.get_file_from_path(target_uri) if target_uri else None
    listing = state.listings.get(target_uri or "")
    title = listing.title if listing else (state.catalogue.documents[target_uri].title if target else None)
    html = state.fragments.render(
        "redirect.html", why=why, site_name=config.site_name, target_title=title,
        target_url=get_relative_url(target.url, old.url) if target else None,
        root=get_relative_url("", old.url).rstrip("/") + "/" if old.url else "", whats_new=whats_new,
    )
    files.append(File.generated(config, old.dest_uri, content=html))
    taken.add(old.dest_uri)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = _state()
    doc = state.catalogue.documents.get(page.file.src_uri)
    if doc is None:
        return markdown
    if page.file.src_uri == "index.md":
        page.meta["template"] = "hub/home.html"
    if KINDS[doc.kind].template:
        page.meta["template"] = KINDS[doc.kind].template
    if doc.lessons:
        view = page_view(doc, state.settings, state.today)
        markdown += "\n\n" + state.fragments.render("lessons.md", lessons=view.lessons)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = _state()
    catalogue = state.catalogue
    uri = page.file.src_uri
    gathered = state.gathered[uri] = Gathered()
    html = label_action_prompts(html)
    gathered.search = _search_documents(html, page)
    doc = catalogue.documents.get(uri)
    if doc is not None:
        for finding in unsafe_markup(html, [lesson.id for lesson in doc.lessons]):
            gathered.problems.append(Problem(doc.shown_path, finding.where, finding.what))
    if uri in state.listings or uri in catalogue.published:
        gathered.linked = linked_paths(html, page.url)
    if uri in state.section_uris:
        gathered.section_html = printable(html)
    if doc is not None and doc.is_aide_memoire:
        html = prompts_first(html)
    if doc is None or doc.is_draft:
        return html  # a draft may link to other drafts: it is never built
    for target in links_left_out(html, uri, page.url, state.left_out, state.draft_urls):
        gathered.problems.append(Problem(doc.shown_path, "body", f"links to {catalogue.documents[target].shown_path}, which this "
                                                                 f"build leaves out ({state.left_out[target]}); remove the link or publish that page"))
    return html


def _search_documents(html: str, page: Page) -> list[SearchDocument]:
    """A page's search documents: the page, its sections and, for a debrief, its lessons."""
    state = _state()
    listing = state.listings.get(page.file.src_uri)
    if listing is not None:
        return [SearchDocument(url=page.url, title=listing.title, crumb="", kind="page", text="", summary=listing.summary)] \
            if listing.searchable else []
    doc = state.catalogue.documents.get(page.file.src_uri)
    if doc is None or doc.meta.status != "published":
        return []  # drafts (previewed only) and superseded pages are not search results
    meta = doc.meta
    published = doc.published
    facets = {"roles": tuple(doc.roles), "exploitation": tuple(doc.exploitation), "year": published.year if published else None}
    section = state.sections.get(doc.kind)
    crumb = section.title if section else ""
    found = page_documents(page.url, meta.title, meta.summary or "", crumb, html, {"kind": doc.kind, **facets})
    themes = state.settings.taxonomy.lesson_themes
    for lesson in doc.lessons:
        found.append(SearchDocument(
            url=f"{page.url}#{lesson_anchor(lesson.id)}", title=lesson.title, kind="lesson", text=lesson.text,
            crumb=f"{meta.operation} · {themes[lesson.theme]}", themes=(lesson.theme,), **facets,
        ))
    return found


def _every_page(files: Files) -> list[Gathered]:
    """What every page of the build gave, in page order: from this build's rendering, or, for
    a page the incremental preview did not render again, from the build that last did."""
    state = _state()
    pages = []
    for file in files.documentation_pages():
        gathered = state.gathered.get(file.src_uri) or preview.memory.pages.get(file.src_uri)
        if gathered is not None:
            pages.append(gathered)
    return pages


def _qr_svg(data: str) -> str:
    from msht_hub.booklet_pdf import qr_svg  # only a build with booklets loads qrcode and pypdf

    return qr_svg(data)


def _booklet_view(booklet: Booklet) -> dict:
    """What a booklet's page and its PDFs show: the sections' printable HTML, the edition,
    the files and the short link."""
    state = _state()
    public = public_address(state.site_url)
    short = f"b/{booklet.settings.short}/" if booklet.settings.short else state.files.get_file_from_path(booklet.page_uri).url
    return {
        "booklet": booklet,
        "sections": [{"title": doc.title, "html": _section_html(doc.src_uri), "url": state.files.get_file_from_path(doc.src_uri).url}
                     for doc in booklet.sections],
        "edition_label": state.edition.label, "edition_id": state.edition.id, "edition_short": state.edition.short, "edition_date": state.edition.as_of.isoformat(),
        "short_url": public + short if public else None,
        "qr": _qr_svg(public + short) if public else None,
        "pdfs": ([(size, booklet.pdf_name(size)) for size in booklet.settings.sizes]
                 + ([("A4, print at home", booklet.imposed_name)] if "A5" in booklet.settings.sizes else []))
                if state.settings.booklet_pdfs else [],
    }


def _section_html(uri: str) -> str:
    gathered = _state().gathered.get(uri) or preview.memory.pages.get(uri)
    return (gathered.section_html if gathered else None) or ""


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    state = _state()
    files = state.files
    page.content = Markup(page.content or "")  # the engine's own HTML of the body, checked by markup_policy
    _mark_toc_titles(page.toc)
    listing = state.listings.get(page.file.src_uri)
    if listing is not None:
        context["listing"] = listing
        if listing.booklet is not None:
            context["booklet"] = _booklet_view(listing.booklet)
        return context
    doc = state.catalogue.documents.get(page.file.src_uri)
    if doc is None:
        return context
    view = page_view(doc, state.settings, state.today)
    section = state.sections.get(doc.kind)
    if section is not None:
        view = replace(view, section_title=section.title, section_url=files.get_file_from_path(section.src_uri).url,
                       related=tuple(state.related.get(doc.src_uri, ())))
    target = doc.superseded_by
    replacement = files.get_file_from_path(target) if target else None
    if replacement is not None and target in state.catalogue.published:
        view = replace(
            view,
            replacement_title=state.catalogue.documents[target].title,
            replacement_url=replacement.url_relative_to(page.file),
        )
    for booklet in state.booklets:
        if doc in booklet.sections:
            view = replace(view, booklet_title=f"{booklet.settings.title} booklet",
                           booklet_url=files.get_file_from_path(booklet.page_uri).url)
    context["hub"] = view
    return context


def _mark_toc_titles(items) -> None:
    """Table-of-contents titles are already escaped text (the Markdown engine's): with
    autoescaping on, they are printed as they are rather than escaped twice."""
    for item in items or ():
        item.title = Markup(item.title)
        _mark_toc_titles(item.children)


def on_env(env, config: MkDocsConfig, files: Files):
    """What every template sees, the 404 page included: the roles and their landing pages."""
    state = _state()
    problems = sorted({problem for page in _every_page(files) for problem in page.problems})
    if problems:  # before any page is written
        for problem in problems:
            log.error(str(problem))
        raise PluginError(f"{len(problems)} content problem(s) in page bodies; the build stopped "
                          "and the site directory was left as it was.")
    _gate_attachments(files, config)
    # Every value a template prints is escaped unless the template marks it safe: front-matter
    # is data in every template, Material's included (see SECURITY.md).
    env.autoescape = True
    if preview.serving:
        env.bytecode_cache = preview.memory.templates
    env.globals["hub_search_url"] = files.get_file_from_path("search/index.md").url
    env.globals["hub_edition"] = state.edition
    env.globals["hub_url"] = lambda src_uri: _url_of(files, src_uri)  # a page's URL, whatever use_directory_urls says
    env.globals["hub_has"] = lambda src_uri: files.get_file_from_path(src_uri) is not None
    env.globals["hub_booklets"] = [
        {"title": f"{b.settings.title} booklet", "summary": b.settings.subtitle or "", "url": files.get_file_from_path(b.page_uri).url,
         "roles": sorted({role for doc in b.sections for role in doc.roles})}
        for b in state.booklets
    ]
    env.tests["contains"] = lambda values, item: item in values
    env.filters["longdate"] = long_date  # "5 March 2026" on every platform (no %-d)
    # base_url without a trailing slash: on the 404 page MkDocs gives "/", and "/" + "/x"
    # would be "//x", an address on another host.
    env.filters["root"] = lambda base_url: str(base_url).rstrip("/")
    env.globals["hub_roles"] = [
        {"id": role, "label": label, "url": files.get_file_from_path(f"roles/{role}.md").url,
         "essentials": [{"title": card.meta.title, "url": card.url} for card in state.listings[f"roles/{role}.md"].essentials]
                       + [{"title": booklet["title"], "url": booklet["url"]} for booklet in env.globals["hub_booklets"] if role in booklet["roles"]]}
        for role, label in state.settings.taxonomy.roles.items()
    ]
    urgent = state.settings.urgent
    env.globals["hub_urgent"] = ({"title": state.catalogue.documents[urgent].title, "url": files.get_file_from_path(urgent).url}
                                 if urgent in state.catalogue.published else None)
    return env


def _gate_attachments(files: Files, config: MkDocsConfig) -> None:
    """Files beside pages reach the site only when a published page uses them."""
    state = _state()
    by_url = {file.url: uri for uri, file in state.attachments.items()}
    plan = plan_attachments(tuple(state.attachments), {by_url[path] for page in _every_page(files) for path in page.linked if path in by_url},
                            set(), state.settings.public_folders)
    for uri, file in state.attachments.items():
        if uri not in plan.published:
            files.remove(file)
    for uri in plan.unused:
        log.info(f"{config.docs_dir}/{uri}: no published page links to it; left out of this build")


def _url_of(files: Files, src_uri: str) -> str:
    file = files.get_file_from_path(src_uri)
    if file is None:
        raise PluginError(f"a template links to {src_uri}, which is not in this build")
    return file.url


def on_post_build(config: MkDocsConfig) -> None:
    state = _state()
    _write_search_index(config)
    if state.settings.booklet_pdfs:
        _write_booklet_pdfs(config)
    _write_content_security_policy(config)
    _write_offline_edition(config)  # last: it lists every file written above
    report = Path(config.site_dir) / "reports" / "review.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(review_report_data(state.review, state.today, state.settings), indent=2), encoding="utf-8")
    for entry in state.review:
        log.info(entry.line())
    overdue = sum(entry.state == "overdue" for entry in state.review)
    log.info(f"Review report: {overdue} overdue, {len(state.review) - overdue} due within "
             f"{state.settings.review_due_soon_days} days (reports/review.json)")
    if preview.incremental:
        preview.memory.pages.update(state.gathered)  # what the next rebuild does not render again
    _swap_in(config)


def _swap_in(config: MkDocsConfig) -> None:
    """The last step: the finished staging folder becomes the site directory, unless strict
    mode is about to refuse the build for its warnings."""
    state = _state()
    if state.staging == state.site_dir:
        return  # the incremental preview writes in place
    warnings = sum(sum(handler.counts.values()) for handler in logging.getLogger("mkdocs").handlers
                   if isinstance(handler, CountHandler)) if config.strict else 0
    if warnings:
        discard(state.staging)
        log.error(f"{warnings} warning(s) in strict mode: {state.site_dir} was left exactly as it was.")
        return
    publish(state.staging, state.site_dir)
    config.site_dir = str(state.site_dir)


def on_build_error(error: Exception) -> None:
    if _build is not None and _build.staging != _build.site_dir:
        discard(_build.staging)
        log.error(f"The build stopped: {_build.site_dir} was left exactly as it was.")


def _write_search_index(config: MkDocsConfig) -> None:
    """The split search index. The incremental preview writes it just after the rebuild, so
    an edit shows without waiting for it (bench/preview.py measures both)."""
    state = _state()
    folder = Path(config.site_dir) / "search"
    documents = [document for page in _every_page(state.files) for document in page.search]
    facets, glossary = state.planner.search_facets(), [(entry.short, entry.expansion) for entry in state.glossary]

    def write() -> None:
        count, files, size = write_index(folder, documents, facets, glossary, state.today.isoformat())
        log.info(f"Search index: {count} documents in {files} files, {size / 1024:.0f} KB")

    if preview.incremental:
        preview.later(write)
    else:
        write()


def _write_booklet_pdfs(config: MkDocsConfig) -> None:
    from msht_hub.booklet_pdf import impose_a5_on_a4, render_pdf

    state = _state()
    folder = Path(config.site_dir) / "booklets"
    for booklet in state.booklets:
        started = time.perf_counter()
        view = _booklet_view(booklet)
        common = {**view, "marking": booklet.classification, "site_name": config.site_name,
                  "note_pages": booklet.settings.note_pages}
        folder.mkdir(parents=True, exist_ok=True)
        for size in booklet.settings.sizes:
            html = state.fragments.render("booklet-print.html", size=size, lines=16 if size == "A6" else 19, **common)
            pdf = render_pdf(html)
            (folder / booklet.pdf_name(size)).write_bytes(pdf)
            if size == "A5":
                (folder / booklet.imposed_name).write_bytes(impose_a5_on_a4(pdf, booklet.settings.title))
        log.info(f"Booklet {booklet.id}: {len(booklet.sections)} sections, PDFs in {time.perf_counter() - started:.1f} s")


def _write_offline_edition(config: MkDocsConfig) -> None:
    """edition.json (with what each page is, for "what changed"), the compressed bundles and
    sw.js with where every file is in them. The preview keeps nothing offline."""
    state = _state()
    site = Path(config.site_dir)
    if preview.serving:
        (site / "sw.js").write_text(state.fragments.render("sw-preview.js"), encoding="utf-8")
        return
    pages = {state.files.get_file_from_path(uri).url: [content_digest(doc), doc.title]
             for uri, doc in state.catalogue.published.items() if state.files.get_file_from_path(uri) is not None}
    (site / "edition.json").write_text(json.dumps({"content_as_of": state.edition.as_of.isoformat(), "edition": state.edition.id,
                                                   "pages": pages}, ensure_ascii=False) + "\n", encoding="utf-8")
    files = cached_files(site, config.use_directory_urls)
    search_size = sum(f.size for f in files if f.path.startswith("search/"))
    essential_pages = {listing_url for uri, listing_url in ((uri, _url_of(state.files, uri)) for uri in state.listings)
                       if uri.startswith(("roles/", "booklets/", "b/", "offline/", "search/"))}
    essential_pages |= {"", *(state.files.get_file_from_path(uri).url for uri, doc in state.catalogue.published.items()
                              if doc.is_aide_memoire)}
    bundles, packed = pack(site, files, essential_predicate(essential_pages, search_size <= SMALL_INDEX))
    stored = sum(bundle.size for bundle in bundles)
    essentials = sum(bundle.size for bundle in bundles if bundle.essential)
    budget = state.settings.offline_budget_mb * 1024 * 1024
    log.info(f"Offline copy: {len(files)} files, {sum(f.size for f in files) / 1024 / 1024:.1f} MB, stored compressed "
             f"{stored / 1024 / 1024:.1f} MB in {len(bundles)} bundles (essentials {essentials / 1024 / 1024:.1f} MB; "
             f"budget {state.settings.offline_budget_mb:g} MB)")
    if stored > budget:
        raise PluginError(f"the offline cache would hold {stored / 1024 / 1024:.1f} MB, more than offline_budget_mb "
                          f"({state.settings.offline_budget_mb:g} MB); raise the budget (HUB_OFFLINE_BUDGET_MB) or publish less")
    script = state.fragments.render(
        "sw.js", edition=state.edition.id, version=cache_version(state.edition.id, files),
        bundles=[[bundle.name, bundle.size, bundle.essential] for bundle in bundles],
        files=[[p.file.url, p.bundle, p.offset, p.length, p.file.digest, p.type] for p in packed],
        offline_url=_url_of(state.files, "offline/index.md"),
    )
    (site / "sw.js").write_text(script, encoding="utf-8")


def _write_content_security_policy(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    inline = pages_with_inline_scripts(site, _build_started if preview.incremental else 0.0)  # the preview: pages it wrote
    if inline:
        raise PluginError(f"{len(inline)} page(s) carry an inline script, which the Content-Security-Policy refuses "
                          f"(first: {inline[0]}); a template must load scripts from files")
    (site / "csp.txt").write_text(policy() + "\n", encoding="utf-8")
    log.info("Content-Security-Policy: csp.txt (scripts from the site's own files only; no inline script)")
