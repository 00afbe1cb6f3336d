"""The site plan: the whole site as data, a pure function of the catalogue and the settings.

`plan_site` returns every generated page (a small type per kind: listings.py), where every
page lives (one registry of addresses, which the templates use too through `url`), the
booklets, related content, redirects and short links, the exports, the feeds, the navigation
and the web manifest. The engine adapter (hooks/hub_hooks.py) feeds the engine from it; no
engine is imported here, so the plan is tested on its own (tests/test_site_plan.py)."""
from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from msht_hub.generated.exports import export_files
from msht_hub.generated.feeds import Feed, plan_feeds
from msht_hub.generated.listings import BookletPage, Card, DivergencePage, GeneratedPage, GroupedPage, ListingPlanner, Register, RoleLanding
from msht_hub.generated.navigation import hub_nav
from msht_hub.planning.addresses import LANGUAGES, REGISTER, SEARCH, named_pages, page_output, page_url, relative_url
from msht_hub.planning.booklets import Booklet, plan_booklets, public_address, qr_svg
from msht_hub.planning.divergence import Divergence, report_json
from msht_hub.planning.edition import Edition, edition_of
from msht_hub.planning.redirects import Redirect, plan_redirects
from msht_hub.planning.related import related_content
from msht_hub.planning.views import PageView, page_view
from msht_hub.reading.catalogue import Catalogue, Document
from msht_hub.reading.facets import Facet
from msht_hub.reading.glossary import Abbreviation
from msht_hub.reading.kinds import KINDS
from msht_hub.reading.language_card import LanguageCard

WRITES = {"manifest.webmanifest": "the web manifest"}  # the paths the plan has written (outputs/paths.py)
DIVERGENCE = "reports/divergence/index.md"  # the national edition's divergence report (hub editions)


class PlanError(ValueError):
    """The plan cannot be made: two things claim one address, or a path leaves the site."""


@dataclass(frozen=True)
class StaticPage:
    """A small page at an old or short address that leads on (or says the page was withdrawn)."""
    output: str  # the file it is written to, under the site root
    url: str
    target_title: str | None
    target_url: str | None  # relative to the static page
    root: str  # the site root, relative to the static page
    why: str  # moved | withdrawn | short


@dataclass(frozen=True)
class SitePlan:
    catalogue: Catalogue
    edition: Edition
    use_directory_urls: bool
    cards: dict[str, Card]
    pages: dict[str, GeneratedPage]  # every generated page, by src_uri
    sections: dict[str, GroupedPage]  # kind -> the index that lists it
    booklets: list[Booklet]  # those with at least one section
    related: dict[str, list[Card]]
    static_pages: list[StaticPage]
    exports: dict[str, str]  # site path -> text
    feeds: list[Feed]
    nav: list[Any] | None  # None: mkdocs.yml's own `nav:` wins
    web_manifest: str
    search_facets: list[tuple[Facet, dict[str, str]]]  # the facets offered, with their values (facets.py)
    left_out: dict[str, str] = field(default_factory=dict)  # content path -> why this build leaves it out
    draft_urls: dict[str, str] = field(default_factory=dict)  # a draft's address -> its content path

    def url(self, src_uri: str) -> str:
        """Where a page lives, relative to the site root: the one registry of addresses."""
        return page_url(src_uri, self.use_directory_urls)

    @property
    def section_uris(self) -> set[str]:
        return {doc.src_uri for booklet in self.booklets for doc in booklet.sections}

    def booklet_of(self, doc: Document) -> Booklet | None:
        return next((booklet for booklet in self.booklets if doc in booklet.sections), None)

    @property
    def register(self) -> Register:
        page = self.pages[REGISTER]
        assert isinstance(page, Register)
        return page

    def essentials(self) -> set[str]:
        """The addresses an officer needs first offline: the home page, role landings, search,
        booklets, the language picker and the offline page, every aide-memoire and every language
        card, and every role's shortcuts (a force's own among them, in its edition)."""
        generated = {self.url(uri) for uri in self.pages if uri.startswith(("roles/", "booklets/", "offline/", "search/", "languages/"))}
        aide_memoires = {self.url(uri) for uri, doc in self.catalogue.published.items()
                         if doc.is_aide_memoire or (doc.type_id == "language-card" and doc.meta.status == "published")}
        shortcuts = {card.url for page in self.pages.values() if isinstance(page, RoleLanding) for card in page.essentials}
        return {"", *generated, *aide_memoires, *shortcuts} | {page.url for page in self.static_pages if page.why == "short"}

    def roles(self) -> list[dict[str, Any]]:
        """Each role, its landing page and its essentials: what the header, the home page and
        the 404 page offer."""
        booklets = self.booklet_links()
        roles = []
        for role, label in self.catalogue.settings.taxonomy.roles.items():
            landing = self.pages[f"roles/{role}.md"]
            assert isinstance(landing, RoleLanding)
            roles.append({"id": role, "label": label, "url": self.url(landing.src_uri),
                          "for": self.catalogue.settings.role_for.get(role, ""),
                          "essentials": [{"title": card.meta.title, "url": card.url} for card in landing.essentials]
                          + [{"title": b["title"], "url": b["url"]} for b in booklets if role in b["roles"]]})
        return roles

    def booklet_links(self) -> list[dict[str, Any]]:
        return [{"title": f"{b.settings.title} booklet", "summary": b.settings.subtitle or "", "url": self.url(b.page_uri),
                 "roles": sorted({role for doc in b.sections for role in doc.roles})} for b in self.booklets]

    def urgent(self) -> dict[str, str] | None:
        """The home page's button for an officer with a potential victim now (extra.hub.urgent)."""
        uri = self.catalogue.settings.urgent
        doc = self.catalogue.published.get(uri or "")
        return {"title": doc.title, "url": self.url(doc.src_uri)} if doc else None

    def actions(self) -> dict[str, Any]:
        """Every page's action bar: the numbers to call (those with a short label in the bar
        itself), the referral guidance and the urgent checklist. Referral pages this build
        does not publish are left out (Content.notes names them)."""
        settings = self.catalogue.settings
        numbers = [{"name": n.name, "number": n.number, "short": n.short, "tel": n.tel} for n in settings.contacts]
        refer = [{"title": r.title, "url": self.url(r.src_uri) + (f"#{r.anchor}" if r.anchor else "")}
                 for r in settings.refer if r.src_uri in self.catalogue.published]
        cards = any(doc.type_id == "language-card" for doc in self.catalogue.published.values())
        languages = self.url(LANGUAGES) if cards else None  # the picker, when a language card is published
        return {"bar": [n for n in numbers if n["short"]], "numbers": numbers, "refer": refer, "urgent": self.urgent(),
                "languages": languages}

    def page_view(self, doc: Document, today: date) -> PageView:
        """What a content page's template sees: its front-matter with labels, and where it sits
        in the site (its index, related content, its replacement, its booklet)."""
        view = page_view(doc, self.catalogue.settings, today)
        section = self.sections.get(doc.kind)
        if section is not None:
            view = replace(view, section_title=section.title, section_url=self.url(section.src_uri),
                           related=tuple(self.related.get(doc.src_uri, ())))
        target = doc.superseded_by
        if target and target in self.catalogue.published:
            view = replace(view, replacement_title=self.catalogue.documents[target].title,
                           replacement_url=relative_url(self.url(target), self.url(doc.src_uri)))
        booklet = self.booklet_of(doc)
        if booklet is not None:
            view = replace(view, booklet_title=f"{booklet.settings.title} booklet", booklet_url=self.url(booklet.page_uri))
        provenance = self.catalogue.provenance(doc.src_uri)
        other = provenance.other if provenance.other in self.catalogue.published else None
        view = replace(view, provenance=provenance,
                       provenance_url=relative_url(self.url(other), self.url(doc.src_uri)) if other else None)
        return view

    def template_globals(self) -> dict[str, Any]:
        """What every template sees, the 404 page's included."""
        roles = self.roles()
        return {"hub_search_url": self.url(SEARCH), "hub_edition": self.edition, "hub_url": self.url,
                "hub_pages": {name: self.url(uri) for name, uri in named_pages().items()},
                "hub_booklets": self.booklet_links(), "hub_roles": roles, "hub_urgent": self.urgent(),
                "hub_actions": self.actions(),
                # what every page's header carries: the roles and their landing pages, not their essentials
                "hub_role_links": [{key: role[key] for key in ("id", "label", "url")} for role in roles]}

    def booklet_view(self, booklet: Booklet, section_html: dict[str, str], site_url: str | None,
                     with_pdfs: bool) -> dict[str, Any]:
        """What a booklet's page and its PDFs show: the sections' printable HTML, the edition,
        the files and the short link."""
        public = public_address(site_url)
        short = f"b/{booklet.settings.short}/" if booklet.settings.short else self.url(booklet.page_uri)
        qr = None
        if public:
            qr = qr_svg(public + short)
        return {
            "booklet": booklet,
            "sections": [{"title": doc.title, "html": section_html.get(doc.src_uri, ""), "url": self.url(doc.src_uri),
                          "card": doc.meta if isinstance(doc.meta, LanguageCard) else None}  # printed as tear-out pages
                         for doc in booklet.sections],
            "edition_label": self.edition.label, "edition_id": self.edition.id, "edition_short": self.edition.short,
            "edition_date": self.edition.as_of.isoformat(),
            "edition_force": self.catalogue.layer.name if self.catalogue.layer else None,
            # the hub's numbers (extra.hub.contacts, also every page's action bar), then the booklet's own
            "contacts": [(n.name, n.number, n.tel) for n in self.catalogue.settings.contacts]
                        + [(c.name, c.detail, None) for c in booklet.settings.contacts],
            "local_number_lines": booklet.settings.local_number_lines,
            "short_url": public + short if public else None,
            "qr": qr,
            "pdfs": ([(size, booklet.pdf_name(size)) for size in booklet.settings.sizes]
                     + ([("A4, print at home", booklet.imposed_name)] if "A5" in booklet.settings.sizes else []))
                    if with_pdfs else [],
        }


def plan_site(catalogue: Catalogue, glossary: list[Abbreviation], today: date, *, site_name: str,
              site_description: str = "", use_directory_urls: bool = True, with_nav: bool = True,
              related: dict[str, list[Document]] | None = None, divergence: list[Divergence] | None = None) -> SitePlan:
    """The whole site. `related` may be passed when it is known to be unchanged (the preview).
    With `divergence` (the national edition built with every layer, `hub editions`), the
    divergence report's page and JSON (divergence.py)."""
    settings = catalogue.settings

    def url(uri: str) -> str:
        return page_url(uri, use_directory_urls)

    planner = ListingPlanner(catalogue, url, today)
    booklets = [booklet for booklet in plan_booklets(catalogue, settings.booklets) if booklet.sections]
    pages: list[GeneratedPage] = planner.plan(glossary)
    pages += [BookletPage(src_uri=booklet.page_uri, title=f"{booklet.settings.title} booklet",
                          summary=booklet.settings.subtitle or "A printable pocket booklet.",
                          template="hub/booklet.html", nav_title=f"{booklet.settings.title} booklet", booklet=booklet)
              for booklet in booklets]
    if divergence is not None:
        pages.append(DivergencePage(src_uri=DIVERGENCE, title="Where forces' editions differ",
                                    summary="For each force's layer, the national pages it replaces or hides, and whether the national page "
                                            "changed after the force's version.",
                                    template="hub/divergence.html", nav_title="Divergence", searchable=False, in_nav=False,
                                    findings=divergence, as_of=today))
    by_uri = {page.src_uri: page for page in pages}
    for uri in by_uri:
        if uri in catalogue.documents or uri in catalogue.attachments:
            raise PlanError(f"{catalogue.documents[uri].shown_path if uri in catalogue.documents else uri}: this address "
                            f"belongs to a page the hub generates ({by_uri[uri].title}); move or rename the file")
    sections: dict[str, GroupedPage] = {}
    for kind in KINDS.values():
        index = by_uri.get(kind.index.src_uri) if kind.index else None
        if isinstance(index, GroupedPage):
            sections[kind.id] = index
    related_docs = related if related is not None else related_content(catalogue.published)
    register = by_uri[REGISTER]
    assert isinstance(register, Register)
    exports = export_files(register.lessons, list(planner.cards.values()), {"content_as_of": today.isoformat()}, catalogue.provenance)
    if divergence is not None:
        exports["reports/divergence.json"] = report_json(divergence, today)
    redirects = plan_redirects(catalogue)
    redirects += [Redirect(f"b/{booklet.settings.short}.md", booklet.page_uri, "short") for booklet in booklets if booklet.settings.short]
    built = [uri for uri in catalogue.documents if uri not in catalogue.excluded]  # a withdrawn page's address keeps a notice
    taken = {page_output(uri, use_directory_urls) for uri in [*built, *by_uri]} | set(catalogue.attachments) | set(exports)
    drafts = {uri for uri, doc in catalogue.documents.items() if doc.is_draft}
    return SitePlan(
        catalogue=catalogue, edition=edition_of(catalogue, today), use_directory_urls=use_directory_urls,
        cards=planner.cards, pages=by_uri, sections=sections, booklets=booklets,
        related={uri: [planner.cards[doc.src_uri] for doc in docs] for uri, docs in related_docs.items()},
        static_pages=_static_pages(redirects, catalogue, by_uri, taken, use_directory_urls),
        exports=exports, feeds=plan_feeds(planner, site_name),
        nav=hub_nav(pages, [doc for doc in catalogue.published.values() if doc.kind == "page"]) if with_nav else None,
        web_manifest=web_manifest(site_name, site_description), search_facets=planner.search_facets(),
        left_out={**{uri: "a draft" for uri in drafts}, **catalogue.excluded},
        draft_urls={url(uri): uri for uri in drafts},
    )


def _static_pages(redirects: list[Redirect], catalogue: Catalogue, generated: dict[str, GeneratedPage],
                  taken: set[str], use_directory_urls: bool) -> list[StaticPage]:
    pages = []
    for redirect in redirects:
        output = page_output(redirect.old, use_directory_urls)
        if posixpath.isabs(output) or posixpath.normpath(output).startswith(".."):
            raise PlanError(f"{redirect.target}: redirect_from: '{redirect.old}' would be written outside the site directory")
        if output.casefold() in {path.casefold() for path in taken}:
            raise PlanError(f"{redirect.old}: its address is already taken by another page, so it cannot lead elsewhere; "
                            "remove it from redirect_from")
        taken.add(output)
        old_url = page_url(redirect.old, use_directory_urls)
        target = redirect.target
        title = (generated[target].title if target in generated else catalogue.documents[target].title) if target else None
        pages.append(StaticPage(
            output=output, url=old_url, target_title=title,
            target_url=relative_url(page_url(target, use_directory_urls), old_url) if target else None,
            root=relative_url("", old_url).rstrip("/") + "/" if old_url else "", why=redirect.why))
    return pages


def web_manifest(site_name: str, description: str) -> str:
    """manifest.webmanifest: the hub installs like an app and opens at its home page."""
    return json.dumps({
        "name": site_name, "short_name": "MSHT Hub", "description": description,
        "start_url": "./", "scope": "./", "display": "standalone", "background_color": "#ffffff", "theme_color": "#283593",
        "icons": [{"src": f"assets/hub/icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"} for size in (192, 512)],
    }, indent=1)
