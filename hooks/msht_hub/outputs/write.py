"""The files the hub writes beside the pages the engine renders: the search index, the
booklet PDFs, the offline bundles and worker, the Content-Security-Policy, the review report,
the feeds and the small pages at old and short addresses. Each is a function of the plan,
what the pages gave (gather.py) and the built files; no engine is imported here."""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from msht_hub.generated.feeds import render_feeds
from msht_hub.generated.fragments import Fragments
from msht_hub.generated.plan import SitePlan
from msht_hub.outputs.booklet_jobs import BookletPdfError, PdfJob, PdfRun
from msht_hub.outputs.card_fonts import print_font_rules, write_card_fonts
from msht_hub.outputs.csp import meta_tag, pages_with_inline_scripts, pages_without_policy, policy
from msht_hub.outputs.offline import SMALL_INDEX, cache_version, cached_files, essential_predicate, pack
from msht_hub.outputs.search_index import write_index
from msht_hub.pages.gather import Gathered
from msht_hub.pages.search_documents import SearchDocument
from msht_hub.planning.addresses import OFFLINE, WHATS_NEW
from msht_hub.planning.edition import content_digest
from msht_hub.reading.glossary import Abbreviation
from msht_hub.reading.review import ReviewEntry, review_report_data
from msht_hub.reading.settings import HubSettings

log = logging.getLogger("mkdocs.plugins.hub")


class OutputError(ValueError):
    """An output cannot be written as the settings ask (over budget, an inline script)."""


@dataclass(frozen=True)
class Later:
    """How the incremental preview writes the search index just after the rebuild (the edit
    shows first): `run` starts the job, `between` ends it early once a newer rebuild began,
    `analysed` keeps each document's analysis between rebuilds."""
    run: Callable[[Callable[[], None]], None]
    between: Callable[[], None]
    analysed: dict[Any, Any]


def static_pages(plan: SitePlan, fragments: Fragments, site_name: str) -> dict[str, str]:
    """Output path -> HTML of every page at an old or short address."""
    whats_new = plan.url(WHATS_NEW)
    return {page.output: fragments.render("redirect.html", why=page.why, site_name=site_name, target_title=page.target_title,
                                          target_url=page.target_url, root=page.root, whats_new=whats_new,
                                          csp_meta=Markup(meta_tag()))
            for page in plan.static_pages}


def feeds(plan: SitePlan, fragments: Fragments, site_url: str, today: date) -> dict[str, str]:
    return render_feeds(plan.feeds, fragments, site_url, plan.url(WHATS_NEW), today)


def write_search_index(site: Path, documents: list[SearchDocument], plan: SitePlan, glossary: list[Abbreviation],
                       between: Callable[[], None] = lambda: None, analysed: dict[Any, Any] | None = None) -> None:
    count, files, size = write_index(site / "search", documents, plan.search_facets,
                                     [(entry.short, entry.expansion) for entry in glossary], plan.edition.as_of.isoformat(),
                                     between, analysed)
    log.info(f"Search index: {count} documents in {files} files, {size / 1024:.0f} KB")


def write_booklet_pdfs(site: Path, plan: SitePlan, fragments: Fragments, view: Callable[..., dict[str, Any]], site_name: str) -> PdfRun:
    """Start the booklet PDFs (booklet_jobs.py: kept ones copied, the others made by a child
    process while the build goes on); the caller finishes the run."""
    folder = site / "booklets"
    jobs = []
    for booklet in plan.booklets:
        common = {**view(booklet), "marking": booklet.classification, "site_name": site_name,
                  "note_pages": booklet.settings.note_pages, "card_fonts": print_font_rules(plan.catalogue)}
        for size in booklet.settings.sizes:
            jobs.append(PdfJob(fragments.render("booklet-print.html", size=size, lines=16 if size == "A6" else 19, **common),
                               folder / booklet.pdf_name(size), folder / booklet.imposed_name if size == "A5" else None,
                               booklet.settings.title))
    return PdfRun(jobs)


def write_content_security_policy(site: Path, newer_than: float = 0.0) -> None:
    inline = pages_with_inline_scripts(site, newer_than)
    if inline:
        raise OutputError(f"{len(inline)} page(s) carry an inline script, which the Content-Security-Policy refuses "
                          f"(first: {inline[0]}); a template must load scripts from files")
    unguarded = pages_without_policy(site, newer_than)
    if unguarded:
        raise OutputError(f"{len(unguarded)} page(s) do not carry the Content-Security-Policy in their <head> "
                          f"(first: {unguarded[0]}); a template must start its <head> with csp.meta_tag()")
    (site / "csp.txt").write_text(policy() + "\n", encoding="utf-8")
    log.info("Content-Security-Policy: in every page's <head> and in csp.txt for the server's header "
             "(scripts from the site's own files only; no inline script)")


def write_offline_edition(site: Path, plan: SitePlan, fragments: Fragments, budget_mb: float) -> None:
    """edition.json (with what each page is, for "what changed"), the compressed bundles and
    sw.js with where every file is in them."""
    edition = plan.edition
    pages = {plan.url(uri): [content_digest(doc), doc.title] for uri, doc in plan.catalogue.published.items()}
    (site / "edition.json").write_text(json.dumps({"content_as_of": edition.as_of.isoformat(), "edition": edition.id,
                                                   "pages": pages}, ensure_ascii=False) + "\n", encoding="utf-8")
    files = cached_files(site, plan.use_directory_urls)
    search_size = sum(f.size for f in files if f.path.startswith("search/"))
    bundles, packed = pack(site, files, essential_predicate(plan.essentials(), search_size <= SMALL_INDEX))
    stored = sum(bundle.size for bundle in bundles)
    essentials = sum(bundle.size for bundle in bundles if bundle.essential)
    log.info(f"Offline copy: {len(files)} files, {sum(f.size for f in files) / 1024 / 1024:.1f} MB, stored compressed "
             f"{stored / 1024 / 1024:.1f} MB in {len(bundles)} bundles (essentials {essentials / 1024 / 1024:.1f} MB; "
             f"budget {budget_mb:g} MB)")
    if stored > budget_mb * 1024 * 1024:
        raise OutputError(f"the offline cache would hold {stored / 1024 / 1024:.1f} MB, more than offline_budget_mb "
                          f"({budget_mb:g} MB); raise the budget (HUB_OFFLINE_BUDGET_MB) or publish less")
    script = fragments.render(
        "sw.js", edition=edition.id, version=cache_version(edition.id, files),
        bundles=[[bundle.name, bundle.size, bundle.essential] for bundle in bundles],
        files=[[p.file.url, p.bundle, p.offset, p.length, p.file.digest, p.type] for p in packed],
        offline_url=plan.url(OFFLINE),
    )
    (site / "sw.js").write_text(script, encoding="utf-8")


def write_preview_worker(site: Path, fragments: Fragments) -> None:
    """The preview keeps nothing offline: its worker removes any saved copy."""
    (site / "sw.js").write_text(fragments.render("sw-preview.js"), encoding="utf-8")


def write_review_report(site: Path, review: list[ReviewEntry], today: date, settings: HubSettings) -> None:
    report = site / "reports" / "review.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(review_report_data(review, today, settings), indent=2), encoding="utf-8")
    for entry in review:
        log.info(entry.line())
    overdue = sum(entry.state == "overdue" for entry in review)
    log.info(f"Review report: {overdue} overdue, {len(review) - overdue} due within "
             f"{settings.review_due_soon_days} days (reports/review.json)")


def write_outputs(site: Path, plan: SitePlan, fragments: Fragments, pages: dict[str, Gathered], *, glossary: list[Abbreviation],
                  review: list[ReviewEntry], settings: HubSettings, site_url: str | None, site_name: str, since: float = 0.0,
                  offline: bool = True, later: Later | None = None) -> None:
    """Every output, after the engine wrote the pages. Without `offline` (the preview) nothing
    is kept offline; with `later` the search index is written just after the build returns
    (bench/preview.py measures both); `since`: only pages written since then are checked."""
    documents = [document for gathered in pages.values() for document in gathered.search]
    write_card_fonts(site, plan.catalogue)  # before the booklets, which print the cards, and the offline copy, which lists them
    started, pdfs = time.perf_counter(), None
    if settings.booklet_pdfs:  # first: a child makes them while the search index is written
        sections = {uri: gathered.section_html or "" for uri, gathered in pages.items()}
        pdfs = write_booklet_pdfs(site, plan, fragments, lambda booklet: plan.booklet_view(booklet, sections, site_url, True), site_name)
    try:
        if later is not None:
            later.run(lambda: write_search_index(site, documents, plan, glossary, later.between, later.analysed))
        else:
            write_search_index(site, documents, plan, glossary)
    except BaseException:
        if pdfs is not None:
            pdfs.stop()  # the build stops here: its PDF child with it
        raise
    if pdfs is not None:
        try:
            pdfs.finish()
        except BookletPdfError as error:
            raise OutputError(str(error)) from None
        for booklet in plan.booklets:
            log.info(f"Booklet {booklet.id}: {len(booklet.sections)} sections, PDFs in {time.perf_counter() - started:.1f} s "
                     f"({pdfs.kept} of {len(pdfs.jobs)} kept from an earlier build)")
    write_content_security_policy(site, since)
    if offline:
        write_offline_edition(site, plan, fragments, settings.offline_budget_mb)  # last: it lists every file written
    else:
        write_preview_worker(site, fragments)
    write_review_report(site, review, plan.edition.as_of, settings)
