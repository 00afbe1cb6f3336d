"""What the hub takes from each page the engine renders: the page's HTML with the hub's
touches (action prompts labelled, prompts first on an aide-memoire), its search documents,
the files it links to, its printable booklet section, and its problems (markup that could
run or fetch) and its links and anchors, for the link resolver (links.py). A function of the plan and the HTML."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from msht_hub.generated.plan import SitePlan
from msht_hub.pages.action_prompts import label_action_prompts, prompts_first
from msht_hub.pages.attachments import linked_paths
from msht_hub.pages.links import scan
from msht_hub.pages.search_documents import SearchDocument, page_documents, plain_label
from msht_hub.planning.booklets import printable
from msht_hub.planning.views import lesson_anchor
from msht_hub.policies.markup import unsafe_markup
from msht_hub.reading.facets import Source, values_of
from msht_hub.reading.language_card import LanguageCard
from msht_hub.reading.problems import Problem


@dataclass
class Gathered:
    """What the hub took from one rendered page."""
    search: list[SearchDocument] = field(default_factory=list)
    linked: set[str] = field(default_factory=set)  # site paths the page links to or embeds
    section_html: str | None = None  # its printable HTML, when it is a booklet section
    problems: list[Problem] = field(default_factory=list)  # unsafe markup
    links: list[str] = field(default_factory=list)  # every href and src, as the page has them (judged by links.py)
    anchors: set[str] = field(default_factory=set)  # every id and name the page's body has


def gather(html: str, src_uri: str, url: str, plan: SitePlan, outputs: bool = True) -> tuple[str, Gathered]:
    """The page's HTML as published, and what it gave; without `outputs` (`hub check`, which
    writes nothing), only what is judged: its problems, links, anchors and linked files."""
    catalogue = plan.catalogue
    gathered = Gathered()
    html = label_action_prompts(html)
    if outputs:
        gathered.search = search_documents(html, src_uri, url, plan)
    doc = catalogue.documents.get(src_uri)
    gathered.links, gathered.anchors = scan(html)
    if src_uri in plan.pages or src_uri in catalogue.published:
        gathered.linked = linked_paths(gathered.links, url)
    if outputs and src_uri in plan.section_uris:
        gathered.section_html = printable(html)
    if doc is not None and doc.is_aide_memoire:
        html = prompts_first(html)
    if doc is not None:  # the HTML exactly as it goes into the page, parsed as a browser parses it
        gathered.problems = [Problem(doc.shown_path, finding.where, finding.what)
                             for finding in unsafe_markup(html, [lesson.id for lesson in doc.lessons])]
    return html, gathered


def search_documents(html: str, src_uri: str, url: str, plan: SitePlan) -> list[SearchDocument]:
    """A page's search documents: the page, its sections and, for a debrief, its lessons."""
    generated = plan.pages.get(src_uri)
    if generated is not None:
        return [SearchDocument(url=url, title=generated.title, crumb="", kind="page", text="", summary=generated.summary,
                               label=plain_label("page", None))] \
            if generated.searchable else []
    doc = plan.catalogue.documents.get(src_uri)
    if doc is None or doc.meta.status != "published":
        return []  # drafts (previewed only) and superseded pages are not search results
    year = doc.published.year if doc.published else None
    catalogue = plan.catalogue
    found = page_documents(url, doc.title, doc.meta.summary or "", "", html,
                           {"kind": doc.kind, "facets": values_of(Source(doc, None, catalogue)), "year": year,
                            "label": plain_label(doc.kind, doc.type_id)})
    if isinstance(doc.meta, LanguageCard) and found:  # "Albanian" and "shqip" find the card, whatever its body says
        names = " ".join(f"{language.english_name} {language.name}" for language in doc.meta.languages)
        found[0] = replace(found[0], text=f"{found[0].text} {names}".strip())
    themes = catalogue.settings.taxonomy.lesson_themes
    debrief = doc.debrief
    for lesson in doc.lessons:
        found.append(SearchDocument(
            url=f"{url}#{lesson_anchor(lesson.id)}", title=lesson.title, kind="lesson", text=lesson.text,
            crumb=f"{debrief.operation if debrief else ''} · {themes[lesson.theme]}",
            facets=values_of(Source(doc, lesson, catalogue)), year=year, label=plain_label("lesson", None),
        ))
    return found
