"""One build of the hub, whatever engine renders its pages.

A `HubBuild` holds one build's state and its `Mode`; its methods are the build's steps, in
the order an engine calls them:

1. `HubBuild.start`: the settings, the staging folder, the render cache;
2. `prepare`: every page and the glossary read and checked before anything is written;
3. `sort_file`, then `plan`: which of the engine's files are published, and the pages, files
   and navigation the hub adds (`pages_to_render_again` for the incremental preview);
4. `page_markdown` before a page is converted, `page_html` after, `page_context` for its
   template;
5. `check_pages`, `gate_attachments` and `configure_templates` before any page is written;
6. `finish` after the engine wrote the pages: every output, then the staging folder swapped
   in (`fail` when the engine stopped).

No engine is imported here: an engine's adapter (hooks/hub_hooks.py for MkDocs) turns its
events into these calls and `BuildStop` into its own way of stopping."""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from msht_hub.content import divergence_report, prepare
from msht_hub.editions.layers import edition_content
from msht_hub.faults import MachineFault, describe, record
from msht_hub.generated.fragments import Fragments
from msht_hub.generated.listings import BookletPage
from msht_hub.generated.plan import PlanError, SitePlan, plan_site
from msht_hub.outputs import write as outputs
from msht_hub.outputs.csp import meta_tag
from msht_hub.outputs.staging import discard, publish, staging_for
from msht_hub.pages.attachments import plan_attachments
from msht_hub.pages.gather import Gathered, gather
from msht_hub.pages.links import Addresses, construct_line, key, line_of, link_problems
from msht_hub.planning.addresses import page_url
from msht_hub.planning.booklets import public_address
from msht_hub.planning.divergence import Divergence
from msht_hub.planning.edition import long_date
from msht_hub.planning.views import page_view
from msht_hub.preview import memory as preview
from msht_hub.reading.catalogue import Catalogue
from msht_hub.reading.glossary import Abbreviation
from msht_hub.reading.kinds import KINDS
from msht_hub.reading.problems import ContentError, Problem
from msht_hub.reading.render_cache import RenderCache
from msht_hub.reading.review import ReviewEntry
from msht_hub.reading.settings import HubSettings, SettingsError, load_settings

log = logging.getLogger("mkdocs.plugins.hub")
KEPT = "the build stopped and the site directory was left as it was"


class Mode(Enum):
    FULL = "full"  # `python3 dev.py build`: every output, swapped in when all went well
    PREVIEW = "preview"  # `mkdocs serve`: no booklet PDFs, nothing kept offline
    INCREMENTAL = "incremental"  # `hub serve`: as the preview, rendering again only what changed, in place
    CHECK = "check"  # `hub check`: stopped once every page is judged, so no output is made

    @property
    def serving(self) -> bool:
        return self in (Mode.PREVIEW, Mode.INCREMENTAL)


_requested = Mode.FULL
"""The mode of the builds this process runs: said once by the engine's start-up (the preview)
or around `hub check`'s build (`checking`)."""


def request(command: str, dirty: bool) -> None:
    """The engine's start-up: `serve` is the preview, and a dirty serve the incremental one."""
    global _requested
    _requested = (Mode.INCREMENTAL if dirty else Mode.PREVIEW) if command == "serve" else Mode.FULL


@contextmanager
def checking() -> Iterator[None]:
    """The builds started inside are `hub check`'s."""
    global _requested
    before, _requested = _requested, Mode.CHECK
    try:
        yield
    finally:
        _requested = before


class BuildStop(Exception):
    """The build stops for the content: its problems are already said, one line each, and
    the site directory was left as it was."""


class SettingsStop(BuildStop):
    """The project's settings (`extra.hub`, the theme's features) are not what the hub expects."""


@dataclass(frozen=True)
class Prepared:
    """What the engine must build from, when a force's edition changes it."""
    docs_dir: Path
    notice: str | None = None  # the marking's notice, naming the force's edition
    glossary_folder: Path | None = None  # the merged glossary, read before the national one


@dataclass
class HubBuild:
    settings: HubSettings
    mode: Mode
    root: Path  # the project: mkdocs.yml, the glossary, layers/
    content_dir: Path  # the national content folder (a force's edition builds from its composed folder)
    site_dir: Path  # where the finished site goes; the engine writes into `staging` until then
    staging: Path
    docs_dir: Path = Path()
    today: date = date.min
    started: float = field(default_factory=time.time)
    catalogue: Catalogue | None = None
    glossary: list[Abbreviation] = field(default_factory=list)
    review: list[ReviewEntry] = field(default_factory=list)
    fragments: Fragments | None = None
    site_plan: SitePlan | None = None
    attachments: dict[str, str] = field(default_factory=dict)  # files beside pages: src_uri -> url, until the gate decides
    page_order: list[str] = field(default_factory=list)  # every page the engine builds, in its order
    gathered: dict[str, Gathered] = field(default_factory=dict)  # what each page rendered in this build gave
    divergence: list[Divergence] | None = None  # the national edition built with every layer (hub editions)
    refused: bool = False  # strict mode refused the finished build (said once, in swap_in)
    cache: RenderCache | None = None  # conversions kept between builds and editions (render_cache.py)

    # --- 1. start ---------------------------------------------------------------------------

    @classmethod
    def start(cls, extra: dict[str, Any], config_file: Path, site_dir: Path, docs_dir: Path, mode: Mode | None = None) -> HubBuild:
        mode = mode or _requested
        preview.settle()  # the last preview rebuild's search index is stopped: this one writes its own
        try:
            settings = load_settings(extra)
        except SettingsError as error:
            raise SettingsStop(f"{config_file}: {error}") from None
        if mode.serving:
            settings = settings.model_copy(update={"booklet_pdfs": False})  # the preview never waits for PDFs
        # The engine writes into a staging folder that `finish` swaps in when all went well;
        # the incremental preview keeps its folder, and a failed rebuild writes no page.
        staging = site_dir if mode is Mode.INCREMENTAL else staging_for(site_dir)
        preview.warned.start(staging, site_dir)
        return cls(settings=settings, mode=mode, root=config_file.parent, content_dir=docs_dir, docs_dir=docs_dir, site_dir=site_dir,
                   staging=staging, today=settings.clock(), cache=RenderCache.for_project(config_file.parent))

    # --- 2. prepare -------------------------------------------------------------------------

    def prepare(self, use_directory_urls: bool, templates: jinja2.Environment) -> Prepared:
        """Read and check every page and the glossary. Runs before the engine cleans the site
        directory: a content error never wipes the last good site."""
        try:
            # A force's edition (HUB_LAYER) is built from its composed content folder (layers.py).
            edition = edition_content(self.content_dir, self.settings)
            if edition is not None:
                self.settings, self.docs_dir = edition.settings, edition.composition.docs_dir
            content = prepare(self.docs_dir, self.settings, self.root, self.today, use_directory_urls,
                              memo=preview.memory.read if self.mode.serving else None, layer=edition.composition if edition else None)
            if edition is None and os.environ.get("HUB_DIVERGENCE_REPORT"):  # `hub editions`: the national edition's report
                self.divergence = divergence_report(self.content_dir, self.settings, self.root, use_directory_urls)
            folder = edition.write_glossary(content.glossary, Path(self.settings.glossary).name) \
                if edition is not None and self.settings.glossary else None
        except ContentError as error:
            for problem in error.problems:
                log.error(str(problem), extra={"hub_problem": problem})
            raise BuildStop(f"{error}; {KEPT}.") from None
        self.catalogue, self.glossary, self.review = content.catalogue, content.glossary, content.review
        templates.bytecode_cache = preview.memory.templates
        self.fragments = Fragments(templates)
        for note in content.notes(str(self.docs_dir)):
            log.info(note)
        for doc in content.catalogue.published.values():
            for problem in doc.warnings:
                log.warning(str(problem), extra={"hub_problem": problem})  # the strict build refuses it; the preview shows it
        return Prepared(self.docs_dir, self.settings.notice if edition else None, folder)

    # --- 3. files and plan ------------------------------------------------------------------

    def sort_file(self, src_uri: str, url: str, in_content: bool, is_page: bool) -> Literal["drop", "keep", "draft", "held"]:
        """What becomes of one of the engine's files: dropped (the theme's sources, a page
        left out), built as a page or as a draft, or held for the attachment gate."""
        catalogue = self._catalogue()
        if not in_content:
            return "keep" if src_uri.startswith("assets/") and not src_uri.endswith(".map") else "drop"  # the theme's own assets
        if src_uri in catalogue.excluded:
            return "drop"
        if is_page and src_uri not in catalogue.documents:
            raise BuildStop(f"{self.docs_dir}/{src_uri}: is built as a page but was not read as one; expected a page ending in .md")
        if is_page:
            return "draft" if catalogue.documents[src_uri].is_draft else "keep"
        self.attachments[src_uri] = url  # published only if a published page uses it (gate_attachments)
        return "held"

    def plan(self, site_name: str, site_description: str, site_url: str, use_directory_urls: bool, with_nav: bool) -> dict[str, str]:
        """The site plan; returns the files the hub adds (path -> text): its pages as Markdown,
        the exports, feeds, manifest and the pages at old and short addresses."""
        catalogue, fragments = self._catalogue(), self._fragments()
        incremental = self.mode is Mode.INCREMENTAL
        related_key = preview.related_key(catalogue) if incremental else ""
        related = preview.memory.related[1] if incremental and preview.memory.related[0] == related_key else None
        try:
            plan = self.site_plan = plan_site(catalogue, self.glossary, self.today, site_name=site_name, site_description=site_description,
                                          use_directory_urls=use_directory_urls, with_nav=with_nav, related=related,
                                          divergence=self.divergence)
        except PlanError as error:
            raise BuildStop(f"{error}; {KEPT}.") from None
        if incremental:
            preview.memory.related = (related_key, related or {uri: [card.document for card in cards] for uri, cards in plan.related.items()})
        if public_address(site_url) is None and plan.booklets:
            log.warning(f"site_url is '{site_url}', not a public address: the booklets get no QR code or short link. "
                        "Set HUB_SITE_URL to the hub's published address (e.g. HUB_SITE_URL=https://hub.example.police.uk/).")
        return {"manifest.webmanifest": plan.web_manifest, **{uri: page.markdown() for uri, page in plan.pages.items()},
                **plan.exports, **outputs.feeds(plan, fragments, site_url, self.today), **outputs.static_pages(plan, fragments, site_name)}

    def pages_to_render_again(self, watched: list[Path]) -> list[str] | None:
        """The incremental preview: the pages whose source did not change but which show what
        changed elsewhere (None: every page, when the navigation or settings did)."""
        return preview.outdated(self._plan(), self.today, watched)

    # --- 4. each page -----------------------------------------------------------------------

    def page_markdown(self, src_uri: str, markdown: str) -> tuple[str, str | None]:
        """A page's Markdown before conversion, and the template it is shown with (None: the theme's)."""
        doc = self._catalogue().documents.get(src_uri)
        if doc is None:
            return markdown, None
        if doc.lessons:
            markdown += "\n\n" + self._fragments().render("lessons.md", lessons=page_view(doc, self.settings, self.today).lessons)
        return markdown, "hub/home.html" if src_uri == "index.md" else KINDS[doc.kind].template_for(doc.type_id)

    def is_content_page(self, src_uri: str) -> bool:
        """A page an editor wrote (not one the hub made)."""
        return src_uri in self._catalogue().documents

    def page_html(self, src_uri: str, url: str, html: str) -> str:
        """A page's HTML as converted: gathered (gather.py), and the HTML to publish."""
        html, self.gathered[src_uri] = gather(html, src_uri, url, self._plan(), outputs=self.mode is not Mode.CHECK)
        return html

    def page_context(self, src_uri: str, site_url: str) -> dict[str, Any]:
        """What a page's template reads besides the engine's own: `listing` and `booklet` on the
        hub's pages, `hub` on content pages."""
        plan, doc = self._plan(), self._catalogue().documents.get(src_uri)
        generated = plan.pages.get(src_uri)
        if isinstance(generated, BookletPage):
            sections = {uri: gathered.section_html or "" for uri, gathered in self.every_page().items()}
            return {"listing": generated, "booklet": plan.booklet_view(generated.booklet, sections, site_url, self.settings.booklet_pdfs)}
        if generated is not None:
            return {"listing": generated}
        return {"hub": plan.page_view(doc, self.today)} if doc is not None else {}

    def every_page(self) -> dict[str, Gathered]:
        """What every page gave, in page order: from this build's rendering or, for a page the
        incremental preview did not render again, from the build that last did."""
        return {uri: gathered for uri in self.page_order if (gathered := self.gathered.get(uri) or preview.memory.pages.get(uri))}

    # --- 5. before any page is written ------------------------------------------------------

    def check_pages(self, written: dict[str, str], other_files: list[str], use_directory_urls: bool, site_url: str) -> None:
        """Stop on the problems the pages gave; say the link warnings. `written`: each page the
        engine writes, src_uri -> url; `other_files`: the addresses of every other file."""
        pages = self.every_page()
        problems = {self._with_line(problem) for gathered in pages.values() for problem in gathered.problems}
        warnings: set[Problem] = set()
        for level, problem in self._link_problems(pages, written, other_files, use_directory_urls, site_url):
            (problems if level == "error" else warnings).add(problem)
        for problem in sorted(warnings):
            log.warning(str(problem), extra={"hub_problem": problem})  # the strict build refuses these; the preview shows them
        for problem in sorted(problems):
            log.error(str(problem), extra={"hub_problem": problem})
        if problems:
            raise BuildStop(f"{len(problems)} content problem(s) in page bodies; {KEPT}.")

    def gate_attachments(self) -> set[str]:
        """The held files a published page uses and the hub publishes (the others are left out)."""
        by_url = {url: uri for uri, url in self.attachments.items()}
        used = {by_url[path] for gathered in self.every_page().values() for path in gathered.linked if path in by_url}
        gate = plan_attachments(tuple(self.attachments), used, set(), self.settings.public_folders)
        refused = [Problem(f"{self.docs_dir.name}/{uri}", "file", f"is a '{PurePosixPath(uri).suffix or 'file with no ending'}', "
                           "not a kind of file the hub publishes (a browser could run it as a page); attach pictures, PDFs, "
                           "office documents, audio, video or plain text") for uri in gate.refused]
        for problem in refused:
            log.error(str(problem), extra={"hub_problem": problem})
        if refused:
            raise BuildStop(f"{len(refused)} file(s) of a kind never published; {KEPT}.")
        for uri in gate.unused:
            log.info(f"{self.docs_dir}/{uri}: no published page links to it; left out of this build")
        return set(gate.published)

    def configure_templates(self, env: jinja2.Environment, has_file: Callable[[str], bool]) -> None:
        """Every template (the 404 page's too) gets the plan. Every value a template prints is
        escaped unless the template marks it safe: front-matter is data in every template, the
        theme's included (SECURITY.md)."""
        env.autoescape = True
        env.bytecode_cache = preview.memory.templates  # compiled templates kept for the next build in this process
        env.globals.update(self._plan().template_globals(), hub_has=has_file, hub_csp_meta=Markup(meta_tag()))
        env.tests["contains"] = lambda values, item: item in values
        env.filters["longdate"] = long_date  # "5 March 2026" on every platform (no %-d)
        # base_url without a trailing slash: on the 404 page MkDocs gives "/", and "/" + "/x" would be "//x", another host.
        env.filters["root"] = lambda base_url: str(base_url).rstrip("/")

    # --- 6. after the pages -----------------------------------------------------------------

    def finish(self, site_url: str, site_name: str) -> None:
        """Every output beside the pages the engine wrote into the staging folder."""
        incremental = self.mode is Mode.INCREMENTAL
        later = outputs.Later(preview.later, preview.stopped, preview.memory.analysed) if incremental else None
        try:
            outputs.write_outputs(self.staging, self._plan(), self._fragments(), self.every_page(), glossary=self.glossary,
                                  review=self.review, settings=self.settings, site_url=site_url, site_name=site_name,
                                  since=self.started - 1 if incremental else 0.0, offline=not self.mode.serving, later=later)
        except outputs.OutputError as error:
            raise BuildStop(str(error)) from None
        if incremental:
            preview.memory.pages.update(self.gathered)  # what the next rebuild does not render again

    def swap_in(self, warnings: int) -> bool:
        """The last step: the finished staging folder becomes the site directory, unless the
        strict build refuses it for its `warnings`. True when the site directory is the new one."""
        if self.staging == self.site_dir:
            return True  # the incremental preview writes in place
        if warnings:
            discard(self.staging)
            self.refused = True
            log.error(f"The strict build refuses {warnings} warning(s); fix each, then build again ({self.site_dir} was left exactly "
                      "as it was):" + "".join(f"\n  {line}" for line in preview.warned.lines))
            return False
        publish(self.staging, self.site_dir)
        return True

    def fail(self, error: BaseException) -> MachineFault | None:
        """The engine stopped: the staging folder goes. A fault of the machine (not the
        content) becomes one line, its traceback in a log file; None for any other error."""
        if self.staging != self.site_dir:
            discard(self.staging)
            if not self.refused and not isinstance(error, OSError):
                log.error(f"The build stopped: {self.site_dir} was left exactly as it was.")
        return machine_fault(error, self)

    # --- what the steps share ---------------------------------------------------------------

    def _catalogue(self) -> Catalogue:
        if self.catalogue is None:
            raise RuntimeError("HubBuild.prepare must run before this step")
        return self.catalogue

    def _fragments(self) -> Fragments:
        if self.fragments is None:
            raise RuntimeError("HubBuild.prepare must run before this step")
        return self.fragments

    def _plan(self) -> SitePlan:
        if self.site_plan is None:
            raise RuntimeError("HubBuild.plan must run before this step")
        return self.site_plan

    def _source(self, src_uri: str) -> str:
        path = self.docs_dir / src_uri
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""

    def _with_line(self, problem: Problem) -> Problem:
        """A body problem with the line of its file where the construct it names is written."""
        if problem.line or problem.field != "body":
            return problem
        uri = next((uri for uri, doc in self._catalogue().documents.items() if doc.shown_path == problem.path), None)
        line = construct_line(self._source(uri), problem.message) if uri else None
        return replace(problem, line=line) if line else problem

    def _addresses(self, written: dict[str, str], other_files: list[str], use_directory_urls: bool, site_url: str) -> Addresses:
        """What this build writes, for the link resolver: the engine's pages and files, the
        pages left out (by the address they would have had) and the outputs written after the pages."""
        plan, catalogue = self._plan(), self._catalogue()
        hidden = plan.left_out
        later = [f"booklets/{name}" for booklet in plan.booklets for name in
                 (*(booklet.pdf_name(size) for size in booklet.settings.sizes), booklet.imposed_name)]
        others = [*other_files, *later, "csp.txt", "edition.json", "reports/review.json"]
        return Addresses(pages={key(url): uri for uri, url in written.items()}, sources=dict(written), hidden=hidden,
                         hidden_pages={key(page_url(uri, use_directory_urls)): uri for uri in hidden},
                         files=frozenset(key(url) for url in others),
                         shown={uri: doc.shown_path for uri, doc in catalogue.documents.items()},
                         docs=self.docs_dir.name, site_url=site_url)

    def _link_problems(self, pages: dict[str, Gathered], written: dict[str, str], other_files: list[str], use_directory_urls: bool,
                       site_url: str) -> list[tuple[str, Problem]]:
        """Every link problem of the pages this build writes, as (level, problem) (links.py)."""
        catalogue = self._catalogue()
        addresses = self._addresses(written, other_files, use_directory_urls, site_url)
        anchors = {uri: gathered.anchors for uri, gathered in pages.items() if uri in catalogue.documents}
        found = []
        for uri, gathered in pages.items():
            doc, url = catalogue.documents.get(uri), written.get(uri)
            if doc is None or doc.is_draft or url is None:
                continue  # generated pages link as the hub made them; a draft is never built
            source = ""
            for problem in link_problems(gathered.links, uri, url, addresses, anchors):
                source = source or self._source(uri)
                found.append((problem.level, Problem(doc.shown_path, "body", problem.message, line_of(source, problem.href, problem.target))))
        return found


def machine_fault(error: BaseException, build: HubBuild | None) -> MachineFault | None:
    """An OSError as the one line an editor reads (the traceback in a log file), or None."""
    if not isinstance(error, OSError):
        return None
    kept = ("nothing was published" if build is None else "The preview keeps serving the last good pages"
            if build.staging == build.site_dir else f"{build.site_dir} was left exactly as it was")
    where = record(error, build.content_dir.parent if build is not None else Path.cwd())
    return MachineFault(f"The build could not go on: {describe(error, path=build.staging if build is not None else None)}. {kept}. "
                        f"(Details for the hub's maintainers: {where})")
