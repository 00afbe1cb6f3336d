"""The catalogue: every page's front-matter read and validated once, with the gates applied.

Everything downstream (navigation, listings, search, booklets, exports) reads the
catalogue, never the raw files again."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from msht_hub.reading.content_tree import shown_path, walk_content
from msht_hub.reading.kinds import FOLDERS, KINDS, kind_by_fields, kind_of
from msht_hub.reading.language_card import LanguageCard
from msht_hub.reading.model import BookletPlacement, Debrief, FrontMatter, Guide, Lesson, Meta, Page, Training
from msht_hub.reading.problems import ContentError, Problem, validation_failures
from msht_hub.reading.project_files import links_leading_out, page_identities
from msht_hub.reading.provenance import LayerMark, Provenance, provenance_of
from msht_hub.reading.reader import NESTED_INDENT, Unreadable, flattened_list_items, read_page
from msht_hub.reading.settings import CLASSIFICATIONS, BookletSettings, HubSettings
from msht_hub.reading.snippets import snippet_problem

RANK = {level: index for index, level in enumerate(CLASSIFICATIONS)}


@dataclass(frozen=True)
class Document:
    src_uri: str  # path under the content folder, e.g. "debriefs/op-fort.md"
    shown_path: str  # path as an editor sees it, e.g. "content/debriefs/op-fort.md"
    kind: str  # an id of the registry of kinds (kinds.py): guide | debrief | training | page
    meta: Meta  # the validated model of its kind
    body_digest: str  # sha256 of the Markdown body: the body itself is MkDocs' to keep, not held twice
    warnings: tuple[Problem, ...] = ()  # what the strict build refuses of its body (a list flattened by its indent)

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def front(self) -> FrontMatter | None:
        """The front-matter every guide, debrief and training item shares; None for a plain page."""
        return self.meta if isinstance(self.meta, FrontMatter) else None

    @property
    def guide(self) -> Guide | None:
        return self.meta if isinstance(self.meta, Guide) else None

    @property
    def debrief(self) -> Debrief | None:
        return self.meta if isinstance(self.meta, Debrief) else None

    @property
    def training(self) -> Training | None:
        return self.meta if isinstance(self.meta, Training) else None

    @property
    def lessons(self) -> list[Lesson]:
        return list(self.debrief.lessons) if self.debrief else []

    @property
    def roles(self) -> list[str]:
        return list(self.front.roles) if self.front else []

    @property
    def exploitation(self) -> list[str]:
        return list(self.front.exploitation) if self.front else []

    @property
    def tags(self) -> list[str]:
        return list(self.front.tags) if self.front else []

    @property
    def review_due(self) -> date | None:
        return self.front.review_due if self.front else None

    @property
    def published(self) -> date | None:
        return self.front.published if self.front else None

    @property
    def superseded_by(self) -> str | None:
        return self.front.superseded_by if self.front else None

    @property
    def placement(self) -> BookletPlacement | None:
        """Its place in a booklet, for a guide that is a booklet section."""
        return self.guide.booklet if self.guide else None

    @property
    def type_id(self) -> str | None:
        """Its type within its kind: a guide's type or a training item's format."""
        return self.guide.guide_type if self.guide else self.training.format if self.training else None

    @property
    def is_aide_memoire(self) -> bool:
        return self.type_id == "aide-memoire" and self.kind == "guide"

    @property
    def is_draft(self) -> bool:
        return self.meta.status == "draft"


@dataclass(frozen=True)
class Catalogue:
    settings: HubSettings
    documents: dict[str, Document]  # every page read, valid, by src_uri
    excluded: dict[str, str] = field(default_factory=dict)  # src_uri -> why this build leaves it out
    attachments: tuple[str, ...] = ()  # every other file under the content folder (images, PDFs), by src_uri
    withheld: dict[str, list[str]] = field(default_factory=dict)  # src_uri -> parts left out of every output (unreviewed translations)
    layer: LayerMark | None = None  # a force's edition: its layer (layers.py); None: the national edition

    def provenance(self, src_uri: str) -> Provenance:
        """Where a page comes from: national guidance, a force's own, or national replaced locally."""
        return provenance_of(self.layer, src_uri)

    @cached_property
    def published(self) -> dict[str, Document]:
        """What this build publishes: not excluded, not a draft (worked out once: a catalogue's
        documents and exclusions are fixed when it is made; `replace` makes a new one)."""
        return {uri: doc for uri, doc in self.documents.items() if uri not in self.excluded and not doc.is_draft}

    def of_kind(self, kind: str) -> list[Document]:
        return [doc for doc in self.published.values() if doc.kind == kind]

    def lessons(self) -> Iterator[tuple[Document, Lesson]]:
        for doc in self.of_kind("debrief"):
            for lesson in doc.lessons:
                yield doc, lesson


def read_catalogue(docs_dir: Path, settings: HubSettings, shown_root: Path | None = None,
                   memo: dict[Any, Any] | None = None, *, shown: dict[str, str] | None = None,
                   hidden: dict[str, str] | None = None) -> Catalogue:
    """Read and validate every page under docs_dir; raise ContentError listing every problem.
    With `memo` (the preview's), a page whose file, settings and includes have not changed
    since the last call is not read again. A force's edition (layers.py) reads its composed
    folder with `shown` (the path an editor knows each page by) and `hidden` (the national
    pages it hides, left out like pages above the build's classification)."""
    docs_dir = Path(docs_dir)
    shown_root = shown_root or docs_dir.parent
    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    includes = [shown_root / PurePosixPath(settings.glossary).parent] if settings.glossary else []
    tree = walk_content(docs_dir, shown_root)
    problems.extend(tree.problems)
    problems.extend(Problem(link, "file", f"is a symbolic link to {target}, outside {link.split('/')[0]}/; an include must be "
                                          "a real file inside it (copy the text in)")
                    for folder in includes for link, target in links_leading_out(folder, shown_root))
    pages = page_identities(list(tree.pages.values()))
    on_disk: set[str] = set(tree.pages)
    context = (settings.model_dump_json(), tuple(sorted(str(p) for folder in includes if folder.is_dir() for p in folder.rglob("*"))))
    for src_uri, path in tree.pages.items():
        shown_as = (shown or {}).get(src_uri) or shown_path(docs_dir, shown_root, src_uri)
        stat = path.stat() if memo is not None else None
        key = (src_uri, stat.st_mtime_ns, stat.st_size, context) if stat else None
        if memo is not None and memo.get(str(path), (None,))[0] == key:
            document, found = memo[str(path)][1]
        else:
            document, found = _read_document(path, src_uri, shown_as, settings, includes, pages)
            if memo is not None:
                memo[str(path)] = (key, (document, found))
        problems.extend(found)
        if document is not None:
            documents[src_uri] = document
    problems.extend(_cross_page_problems(documents, on_disk))
    problems.extend(_booklet_problems(documents, settings.booklets))

    if problems:
        raise ContentError(problems)
    excluded = {uri: why for uri, doc in documents.items() if (why := exclusion_reason(doc.meta, settings) or (hidden or {}).get(uri))}
    replaced_by_left_out = [Problem(doc.shown_path, "superseded_by", f"'{doc.superseded_by}' is left out of this build "
                                                                    f"({excluded[doc.superseded_by]}); expected a published replacement")
                            for uri, doc in documents.items()
                            if doc.superseded_by in excluded and uri not in excluded and not doc.is_draft]
    if replaced_by_left_out:
        raise ContentError(replaced_by_left_out)
    withheld = {uri: [f"{doc.shown_path}: languages[{index}]: {language.english_name} ({language.tag}) has no reviewer; left out of this build"
                      for index, language in doc.meta.unreviewed()]
                for uri, doc in documents.items() if isinstance(doc.meta, LanguageCard) and doc.meta.unreviewed()}
    documents = {uri: _publishable(doc) for uri, doc in documents.items()}
    return Catalogue(settings=settings, documents=documents, excluded=excluded, attachments=tuple(tree.attachments), withheld=withheld)


def _publishable(doc: Document) -> Document:
    """A document as every output sees it: a language card keeps only its reviewed translations."""
    if isinstance(doc.meta, LanguageCard):
        return replace(doc, meta=doc.meta.reviewed_only())
    return doc


def _read_document(path: Path, src_uri: str, shown: str, settings: HubSettings,
                   includes: list[Path], pages: frozenset[tuple[int, int]]) -> tuple[Document | None, list[Problem]]:
    try:
        metadata, body = read_page(path, shown)
    except Unreadable as error:
        return None, [error.problem]
    snippet = snippet_problem(body, includes, pages)
    if snippet:
        return None, [Problem(shown, "body", snippet)]
    kind = kind_of(src_uri)
    try:
        meta = KINDS[kind].model_for(metadata).model_validate(metadata, context={"taxonomy": settings.taxonomy})
    except ValidationError as error:
        misplaced = kind_by_fields({str(key) for key in metadata}) if kind == "page" else None
        if misplaced is not None:  # a guide outside guides/: say where it goes, not "unknown field" for each of its fields
            folders = ", ".join(f"{FOLDERS[other]}/" for other in FOLDERS)
            return None, [Problem(shown, "file", f"has the front-matter of a {misplaced.label.lower()}, but only pages under {folders} "
                                                 f"are guides, debriefs or training (a page elsewhere has a title and little else); "
                                                 f"move it under {Path(shown).parts[0]}/{misplaced.folder}/")]
        return None, [Problem(shown, where, what) for where, what in validation_failures(error)]
    problems = [Problem(shown, where, what) for where, what in meta.consistency()]
    return Document(src_uri, shown, kind, meta, hashlib.sha256(body.encode("utf-8")).hexdigest(),
                    _body_warnings(path, shown, body)), problems


def _body_warnings(path: Path, shown: str, body: str) -> tuple[Problem, ...]:
    flattened = flattened_list_items(body)
    if not flattened:
        return ()
    text = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    offset = text.count("\n", 0, max(text.find(body), 0))
    return tuple(Problem(shown, "body", f"this list item is indented {indent} spaces, so it is shown as an item of the list above, "
                                        f"not nested under it; indent it {nested} spaces "
                                        f"(a nested list needs {NESTED_INDENT} more than its parent)", offset + line)
                 for line, indent, nested in flattened)


def _cross_page_problems(documents: dict[str, Document], on_disk: set[str]) -> list[Problem]:
    problems = _redirect_problems(documents, on_disk)
    for uri, doc in documents.items():
        target = doc.superseded_by
        if not target:
            continue
        if target == uri:
            problems.append(Problem(doc.shown_path, "superseded_by", f"'{target}' is this page itself; expected its replacement"))
        elif target not in on_disk:
            problems.append(Problem(doc.shown_path, "superseded_by", f"'{target}' does not exist; expected the path of a page under the content folder, e.g. 'guides/nrm-referrals.md'"))
        elif target in documents and documents[target].meta.status in ("draft", "withdrawn"):
            problems.append(Problem(doc.shown_path, "superseded_by", f"'{target}' is {documents[target].meta.status}; expected a published replacement"))
    return problems


def _redirect_problems(documents: dict[str, Document], on_disk: set[str]) -> list[Problem]:
    problems = []
    claimed: dict[str, str] = {}
    for uri, doc in sorted(documents.items()):
        for index, old in enumerate(doc.meta.redirect_from):
            where = f"redirect_from[{index}]"
            if old in on_disk:
                problems.append(Problem(doc.shown_path, where, f"'{old}' is a page that exists; expected the old path of a page that has moved"))
            elif old in claimed and claimed[old] != uri:
                problems.append(Problem(doc.shown_path, where, f"'{old}' already redirects to {documents[claimed[old]].shown_path}; expected each old path once"))
            claimed.setdefault(old, uri)
    return problems


def _booklet_problems(documents: dict[str, Document], configured: list[BookletSettings]) -> list[Problem]:
    """A section naming a booklet that is not configured, or taking another's place."""
    known = [booklet.id for booklet in configured]
    problems: list[Problem] = []
    taken: dict[tuple[str, int], str] = {}
    for _, doc in sorted(documents.items()):
        placement = doc.placement
        if placement is None or doc.meta.status in ("draft", "withdrawn"):
            continue
        if placement.booklet not in known:
            problems.append(Problem(doc.shown_path, "booklet.booklet",
                                    f"'{placement.booklet}' is not a booklet of mkdocs.yml; expected one of: {', '.join(known) or '(none configured)'}"))
            continue
        key = (placement.booklet, placement.order)
        if key in taken and doc.meta.status == "published":
            problems.append(Problem(doc.shown_path, "booklet.order",
                                    f"{placement.order} is already the place of {taken[key]} in the '{placement.booklet}' booklet; expected a free place"))
        elif doc.meta.status == "published":
            taken[key] = doc.shown_path
    return problems


def exclusion_reason(meta: FrontMatter | Page, settings: HubSettings) -> str | None:
    """Why a page is left out of every output of this build, or None. Drafts are not
    excluded here: MkDocs previews them under `mkdocs serve` and leaves them out of builds."""
    if RANK[meta.classification] > RANK[settings.max_classification]:
        return f"classified {meta.classification}, above this build's maximum {settings.max_classification}"
    if str(meta.status) == "withdrawn":
        return "withdrawn"
    return None
