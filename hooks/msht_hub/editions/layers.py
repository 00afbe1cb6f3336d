"""A force's layer: its own pages, contacts and abbreviations over the national library.

A layer lives in `layers/<id>/` beside `content/`, mirrors its folders (guides/, debriefs/,
training/) and holds a `layer.yml`. A force's edition (`HUB_LAYER=<id>`, `hub build --layer`)
is built from a composed content folder: the national pages, the layer's pages over them,
and each national page a layer page replaces kept at `<name>.national.md` beside it (marked
superseded by the force's page, so it is reachable and out of booklets). National pages the
layer hides stay in the composed folder and are left out by the catalogue exactly as pages
above the build's classification are, so they reach no output and a link to them stops the
build. Without a layer nothing here runs: the national edition has no trace of any layer.

Intent is explicit: a layer page at a national page's address is an error naming both files
unless its front-matter declares `overrides:` (that page, a reason, a review date).

Merged data, the layer's value winning: its contacts into the hub's numbers (by name), its
abbreviations into the glossary (by abbreviation), and its roles' shortcuts into the national
ones (by page, shortcuts.py)."""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from msht_hub.generated.listings import ListingPlanner
from msht_hub.planning.divergence import last_change
from msht_hub.reading.catalogue import RANK, Catalogue
from msht_hub.reading.content_tree import ContentTree, walk_content
from msht_hub.reading.glossary import Abbreviation
from msht_hub.reading.model import ContentPath, Name
from msht_hub.reading.problems import ContentError, Problem, validation_failures
from msht_hub.reading.provenance import LayerMark
from msht_hub.reading.reader import Unreadable, read_page, read_yaml
from msht_hub.reading.settings import SLUG, HubSettings
from msht_hub.reading.shortcuts import RoleShortcuts, shortcut_problems

FOLDER = "layers"  # beside content/, under the project root
LAYER_FILE = "layer.yml"
COMPOSED = ".hub-editions"  # under the project root: each force's composed content folder (not committed)
COPY_SUFFIX = ".national.md"


class LayerContact(BaseModel):
    """A number of the force, merged by name into the hub's contacts (the layer's wins)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Name
    number: Name
    short: Optional[Name] = Field(default=None, max_length=12)


class Hidden(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    page: ContentPath
    reason: str = Field(min_length=1)


class LayerSettings(BaseModel):
    """`layers/<id>/layer.yml`."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Name = Field(max_length=80)  # the force's display name, e.g. "Westmoor Police"
    notice: Optional[str] = None  # shown after extra.hub.notice in this edition, e.g. "Westmoor Police is a fictional force"
    contacts: list[LayerContact] = []
    glossary: dict[Name, str] = {}  # abbreviation -> what it stands for; the layer's wins
    hides: list[Hidden] = []
    roles: dict[str, RoleShortcuts] = {}  # role id -> the force's changes to its shortcuts

    @field_validator("glossary")
    @classmethod
    def _abbreviations(cls, value: dict[str, str]) -> dict[str, str]:
        for short, expansion in value.items():
            if not str(short).strip() or "]" in str(short) or not str(expansion).strip() or "\n" in str(expansion):
                raise ValueError(f"'{short}': expected an abbreviation (no ']') and a one-line expansion")
        return value


@dataclass(frozen=True)
class Layer:
    id: str
    folder: Path
    settings: LayerSettings


@dataclass(frozen=True)
class Composition:
    """A force's edition's content: the composed folder, and how its pages map to the files
    editors know."""
    layer: Layer
    docs_dir: Path
    shown: dict[str, str]  # src_uri in the composed folder -> the file an editor knows
    replaced: dict[str, str]  # replacement src_uri -> its national copy's src_uri
    hidden: dict[str, str]  # national src_uri -> why this edition leaves it out
    local: frozenset[str] = field(default_factory=frozenset)


def layer_ids(root: Path) -> list[str]:
    """The layers beside the content folder: each folder of layers/ with a layer.yml ('national'
    is the national edition's name, never a layer's)."""
    folder = root / FOLDER
    return sorted(entry.name for entry in folder.iterdir()
                  if (entry / LAYER_FILE).is_file() and entry.name != "national") if folder.is_dir() else []


def chosen_layer() -> str | None:
    """The layer named by HUB_LAYER, or None for the national edition."""
    return os.environ.get("HUB_LAYER", "").strip() or None


def load_layer(root: Path, layer_id: str) -> Layer:
    """The layer's settings, or ContentError naming layer.yml's field."""
    known = layer_ids(root)
    shown = f"{FOLDER}/{layer_id}/{LAYER_FILE}"
    if not re.match(SLUG, layer_id) or layer_id not in known or layer_id == "national":
        raise ContentError([Problem("HUB_LAYER", "layer", f"'{layer_id}' is not a layer of this hub; expected one of: "
                                    f"{', '.join(known) or f'(none: add {FOLDER}/<name>/{LAYER_FILE})'}")])
    folder = root / FOLDER / layer_id
    try:
        raw = read_yaml(folder / LAYER_FILE, shown)
    except Unreadable as error:
        raise ContentError([error.problem]) from None
    try:
        return Layer(layer_id, folder, LayerSettings.model_validate(raw if raw is not None else {}))
    except ValidationError as error:
        raise ContentError([Problem(shown, where, what) for where, what in validation_failures(error)]) from None


def copy_of(src_uri: str) -> str:
    """Where a replaced national page is kept in a force's edition: beside the replacement."""
    return src_uri.removesuffix(".md") + COPY_SUFFIX


def compose(root: Path, docs_dir: Path, layer: Layer) -> Composition:
    """The force's content folder (written under <root>/.hub-editions/<id>/content, root being
    the folder that holds content/ and layers/), or ContentError
    with every problem: clashes without `overrides:`, `overrides:` or `hides:` naming no
    national page, and what the content tree refuses in the layer's folder."""
    national = walk_content(docs_dir, root)
    own = walk_content(layer.folder, root)
    problems = [*national.problems, *own.problems]
    own_pages = {uri: path for uri, path in own.pages.items()}
    own_files = {uri: path for uri, path in own.attachments.items() if uri != LAYER_FILE}
    layer_shown = f"{FOLDER}/{layer.id}/{LAYER_FILE}"

    def shown(tree_root: Path, uri: str) -> str:
        return (tree_root / uri).resolve().relative_to(root.resolve()).as_posix()

    hidden: dict[str, str] = {}
    for index, hide in enumerate(layer.settings.hides):
        where = f"hides[{index}].page"
        if hide.page not in national.pages:
            problems.append(Problem(layer_shown, where, f"'{hide.page}' is not a national page; expected a path under content/, e.g. 'guides/nrm-referrals.md'"))
        elif hide.page in own_pages:
            problems.append(Problem(layer_shown, where, f"'{hide.page}' is also replaced by {shown(layer.folder, hide.page)}; hide it or replace it, not both"))
        else:
            hidden[hide.page] = f"hidden in {layer.settings.name}'s edition by {layer_shown}: {hide.reason}"
    replaced: dict[str, str] = {}
    for uri, path in own_pages.items():
        declared = _declared_override(path, shown(layer.folder, uri))
        clash = uri in national.pages
        if clash and declared is None:
            problems.append(Problem(shown(layer.folder, uri), "overrides", f"is at the address of the national page {shown(docs_dir, uri)}; "
                                    "declare `overrides:` (page, reason, review_due) to replace it, or rename it"))
        elif declared is not None and declared != uri:
            problems.append(Problem(shown(layer.folder, uri), "overrides.page", f"'{declared}' is not the page at this address; "
                                    f"a force's page replaces the national page at its own address ('{uri}')"))
        elif declared is not None and not clash:
            problems.append(Problem(shown(layer.folder, uri), "overrides.page", f"'{declared}' is not a national page; remove `overrides:` "
                                    "(an additional page needs nothing) or move the page to the address it replaces"))
        elif clash:
            copy = copy_of(uri)
            if copy in national.pages or copy in own_pages:
                problems.append(Problem(shown(layer.folder, uri), "overrides", f"the national version's address '{copy}' is taken by another page; rename that page"))
            replaced[uri] = copy
    for uri in own_files:
        if uri in national.attachments:
            problems.append(Problem(shown(layer.folder, uri), "file", f"is at the address of the national file {shown(docs_dir, uri)}; rename it"))
    if problems:
        raise ContentError(problems)
    target = root / COMPOSED / layer.id / "content"
    _write(target, national, own_pages, own_files, replaced)
    shown_map = {uri: shown(layer.folder, uri) for uri in own_pages} | {uri: shown(layer.folder, uri) for uri in own_files}
    shown_map |= {copy: shown(docs_dir, uri) for uri, copy in replaced.items()}
    shown_map |= {uri: shown(docs_dir, uri) for uri in national.pages if uri not in own_pages}
    return Composition(layer, target, shown_map, replaced, hidden, frozenset(own_pages))


def _declared_override(path: Path, shown: str) -> str | None:
    """The page a layer page's front-matter says it replaces; None when it says none (an
    unreadable page is left to the catalogue, which names what is wrong)."""
    try:
        metadata, _ = read_page(path, shown)
    except Unreadable:
        return None
    value = metadata.get("overrides")
    if isinstance(value, dict):
        return str(value.get("page", ""))
    return None if value is None else str(value)


def _place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # the same bytes, no copy (the composed folder is never written to)
    except OSError:
        shutil.copy2(source, target)


def _write(target: Path, national: ContentTree, own_pages: dict[str, Path], own_files: dict[str, Path],
           replaced: dict[str, str]) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for uri, path in {**national.pages, **national.attachments, **own_pages, **own_files}.items():
        if uri in own_pages or uri in own_files:
            _place(own_pages.get(uri) or own_files[uri], target / uri)
        else:
            _place(path, target / uri)
    for uri, copy in replaced.items():
        (target / copy).write_text(_national_copy(national.pages[uri], uri), encoding="utf-8")


def _national_copy(path: Path, replacement: str) -> str:
    """The national page as kept in a force's edition: superseded by the force's page, out of
    booklets, without the old addresses (they lead to the force's page)."""
    try:
        metadata, body = read_page(path, path.name)
    except Unreadable:
        return path.read_text(encoding="utf-8", errors="replace")  # the catalogue names what is wrong
    if "roles" not in metadata:  # a plain page has no status to supersede it by
        return path.read_text(encoding="utf-8")
    if metadata.get("status", "published") in ("published", "superseded"):
        metadata["status"], metadata["superseded_by"] = "superseded", replacement
    for key in ("booklet", "redirect_from"):
        metadata.pop(key, None)
    front: str = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True)
    return "---\n" + front + "---\n\n" + body + "\n"


def layer_problems(catalogue: Catalogue, composition: Composition | None) -> list[Problem]:
    """What the catalogue shows wrong with layers: `overrides:` on a national page, and a
    replacement at a lower classification than the national page it replaces."""
    problems = []
    local = composition.local if composition else frozenset()
    for uri, doc in catalogue.documents.items():
        if doc.front and doc.front.overrides and uri not in local:
            problems.append(Problem(doc.shown_path, "overrides", "only a force's page (under layers/<force>/) may replace a national page; remove it"))
    for uri, copy in (composition.replaced if composition else {}).items():
        replacement, national = catalogue.documents.get(uri), catalogue.documents.get(copy)
        if replacement is None or national is None:  # unreadable: the catalogue has said why
            continue
        doc = replacement
        if RANK[doc.meta.classification] < RANK[national.meta.classification]:
            problems.append(Problem(doc.shown_path, "classification", f"{doc.meta.classification} is below {national.meta.classification} "
                                    f"of {national.shown_path}, the page it replaces; expected at least {national.meta.classification}"))
    return problems + (_shortcut_problems(catalogue, composition) if composition else [])


def _shortcut_problems(catalogue: Catalogue, composition: Composition) -> list[Problem]:
    """`roles:` of layer.yml against this edition: a role of the taxonomy, shortcuts to pages
    this edition publishes (a hidden page named with its file and the hide), and replaced or
    removed pages that are national shortcuts of the role."""
    layer = composition.layer
    if not layer.settings.roles:
        return []
    shown = f"{FOLDER}/{layer.id}/{LAYER_FILE}"
    roles = catalogue.settings.taxonomy.roles
    hides = {hide.page: index for index, hide in enumerate(layer.settings.hides)}

    def unusable(uri: str) -> str | None:
        doc = catalogue.documents.get(uri)
        if uri in composition.hidden and doc is not None:
            return (f"'{uri}' ({doc.shown_path}) is hidden from {layer.settings.name}'s edition by hides[{hides[uri]}]; "
                    "expected a page of this edition (remove the shortcut or the hide)")
        if doc is None:
            return f"'{uri}' is not a page of this edition; expected a path under content/ or {FOLDER}/{layer.id}/, e.g. 'guides/our-procedure.md'"
        if uri not in catalogue.published:
            return f"'{uri}' ({doc.shown_path}) is not published in this edition ({catalogue.excluded.get(uri, doc.meta.status)}); expected a published page"
        if doc.kind == "page":
            return f"'{uri}' ({doc.shown_path}) is a plain page; expected a guide, debrief or training page"
        return None

    problems = []
    planner = ListingPlanner(catalogue, str, catalogue.settings.clock())  # the national shortcuts, as the landing pages make them
    for role, change in layer.settings.roles.items():
        if role not in roles:
            problems.append(Problem(shown, f"roles.{role}", f"'{role}' is not a role of extra.hub.taxonomy.roles; expected one of: {', '.join(roles)}"))
            continue
        national = [card.document.src_uri for card in planner.national_shortcuts(role)]
        problems += shortcut_problems(shown, role, roles[role], change, national, unusable)
    return problems


def mark(catalogue: Catalogue, composition: Composition) -> LayerMark:
    return LayerMark(composition.layer.id, composition.layer.settings.name, composition.local, dict(composition.replaced),
                     dict(composition.hidden), {uri: day for uri in composition.replaced if (day := last_change(catalogue, uri))},
                     dict(composition.layer.settings.roles))


def merged_glossary(national: list[Abbreviation], layer: Layer) -> list[Abbreviation]:
    """The national abbreviations with the layer's added, the layer's expansion winning."""
    merged = {entry.short: entry for entry in national} | {short: Abbreviation(short, text) for short, text in layer.settings.glossary.items()}
    return sorted(merged.values(), key=lambda entry: entry.short.lower())


def glossary_text(entries: list[Abbreviation]) -> str:
    return "".join(f"*[{entry.short}]: {entry.expansion}\n" for entry in entries)


def merged_settings(settings: HubSettings, layer: Layer) -> HubSettings:
    """The hub's settings for a force's edition: the force's notice, and its contacts merged
    by name into the hub's numbers (`extra.hub.contacts`: every page's action bar and every
    booklet's key contacts), the force's number winning."""
    raw = settings.model_dump(by_alias=True)
    if layer.settings.notice:
        raw["notice"] = " · ".join(part for part in (settings.notice, layer.settings.notice) if part)
    # The booklets print the hub's numbers first, then their own lines: a force's number goes into
    # the hub's numbers, and a booklet's own line of the same name gives way to it (never twice).
    raw["contacts"] = _by_name(raw.get("contacts") or [], [c.model_dump(exclude_none=True) for c in layer.settings.contacts])
    names = {c.name.casefold() for c in layer.settings.contacts}
    for booklet in raw["booklets"]:
        booklet["contacts"] = [line for line in booklet["contacts"] if str(line["name"]).casefold() not in names]
    try:
        return HubSettings.model_validate(raw)
    except ValidationError as error:
        raise ContentError([Problem(f"{FOLDER}/{layer.id}/{LAYER_FILE}", f"contacts (merged into extra.hub.{where})", what)
                            for where, what in validation_failures(error)]) from None


def _by_name(national: list[dict[str, Any]], local: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merged by name (letter case aside): the force's entry replaces the national one in its place."""
    merged = {str(entry["name"]).casefold(): entry for entry in national}
    for entry in local:
        key = str(entry["name"]).casefold()
        merged[key] = {**merged.get(key, {}), **entry}
    return list(merged.values())


@dataclass(frozen=True)
class EditionContent:
    """What a force's edition builds from: its composition and its merged settings."""
    composition: Composition
    settings: HubSettings

    def write_glossary(self, entries: list[Abbreviation], name: str) -> Path:
        """The merged abbreviations as the engine's glossary file; returns its folder."""
        folder = self.composition.docs_dir.parent / "glossary"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(glossary_text(entries), encoding="utf-8")
        return folder


def edition_content(docs_dir: Path, settings: HubSettings, layer_id: str | None = None) -> EditionContent | None:
    """The edition HUB_LAYER (or `layer_id`) chooses; None for the national edition. Layers
    are looked for beside the content folder."""
    layer_id = layer_id or chosen_layer()
    if layer_id is None:
        return None
    root = Path(docs_dir).parent
    layer = load_layer(root, layer_id)
    return EditionContent(compose(root, Path(docs_dir), layer), merged_settings(settings, layer))
