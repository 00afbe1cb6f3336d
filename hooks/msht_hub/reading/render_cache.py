"""Rendering kept between builds and between editions: a page's Markdown is converted once
for as long as nothing it depends on changes, in this process (`hub editions` builds every
edition in one) and in the next (a rebuild after one page's edit).

A page's conversion depends on its Markdown (after the hub's additions), its address, the
Markdown settings, the code that converts it, and what it reached while converting: the
pages and files its links resolved to and the includes it read. The first four make the
key; the rest are recorded with the result and checked before it is used again, so a link
that resolves elsewhere, a changed include or a glossary entry that would now match makes
it convert again. The glossary (appended to every page) counts only by the abbreviations
that could occur in the page: a force's extra abbreviations leave a national page's
conversion valid when the page never writes them.

A conversion that logged a warning is never kept (the warning must be said again). The
store is JSON in the user's cache folder (HUB_CACHE_DIR, or ~/.cache/msht-hub), outside
the repository, so a pull request cannot plant an entry; HUB_CACHE=off turns it off; a
damaged or unwritable store is ignored (the page is converted as if new)."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import msht_hub
from msht_hub.reading.glossary import _LINE

log = logging.getLogger("mkdocs.plugins.hub")

VARIANTS = 4  # conversions kept under one key (the same page in different editions)
_ENGINE_PACKAGES = ("markdown", "pymdown-extensions", "mkdocs", "properdocs", "mkdocs-material", "pygments")


def digest(*parts: Any) -> str:
    """A digest of JSON-able parts (anything else by its text), the same in every process."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


def code_version() -> str:
    """The hub's own code and the engine's packages: a new version converts everything again."""
    here = Path(msht_hub.__file__).resolve().parent  # the whole package
    sources = sorted(here.rglob("*.py"))
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _ENGINE_PACKAGES:
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()


def file_digest(path: str | Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def glossary_entries(text: str) -> dict[str, str] | None:
    """A glossary file's abbreviations, when it holds nothing else; None otherwise."""
    entries = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            return None
        entries[match.group(1).strip()] = match.group(2)
    return entries


def could_occur(short: str, texts: Iterable[str]) -> bool:
    """Whether an abbreviation could be marked in a page made of these texts: the marked text
    of a page is always a part of its source, so absence from the source is proof."""
    if not re.fullmatch(r"[\w .'/&-]+", short):
        return True  # punctuation a typographic extension could make: assume it occurs
    pattern = re.compile(rf"(?<!\w){re.escape(short)}(?!\w)")
    return any(pattern.search(text) for text in texts)


@dataclass
class Reached:
    """What one conversion reached: each link target's resolution (None when not found) and
    each include it asked for, with where it was found and that file's digest (or, for a
    glossary, its abbreviations)."""
    links: dict[str, str | None] = field(default_factory=dict)
    includes: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    glossaries: dict[str, dict[str, str]] = field(default_factory=dict)  # by request


_recording: Reached | None = None


def reached_link(target: str, resolution: str | None) -> None:
    """Called by the engine's side (engines/mkdocs/render.py) for every link target a conversion looks up."""
    if _recording is not None:
        _recording.links.setdefault(target, resolution)


def reached_include(request: str, found: str | None) -> None:
    """Called by the includes reader (snippets.py) for every file a conversion asks for."""
    if _recording is None or request in _recording.includes or request in _recording.glossaries:
        return
    if found is not None:
        text = _text(found)
        entries = glossary_entries(text) if text is not None else None
        if entries is not None:
            _recording.glossaries[request] = entries
            return
    _recording.includes[request] = (found, file_digest(found) if found else None)


def _text(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@contextmanager
def recording() -> Iterator[Reached]:
    global _recording
    previous, _recording = _recording, Reached()
    try:
        yield _recording
    finally:
        _recording = previous


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class Conversion:
    """A page's converted body as the engine gives it to the rest of the build."""
    html: str
    toc: list[dict[str, Any]]
    title: str | None
    anchors: list[str]


_caches: dict[Path, RenderCache] = {}
_active: RenderCache | None = None


def active() -> RenderCache | None:
    """The cache of the build under way (the last one `for_project` gave), or None when the
    cache is off: what the outputs (the search analysis, the booklet PDFs) keep theirs beside."""
    return _active


class RenderCache:
    """Conversions by key, in memory and in a folder of JSON files."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, list[dict[str, Any]]] = {}
        self.code = code_version()
        self.hits = self.misses = 0

    @classmethod
    def for_project(cls, project: Path) -> RenderCache | None:
        """This process's cache for the project (one for every build and edition it makes),
        or None when HUB_CACHE is off."""
        global _active
        if os.environ.get("HUB_CACHE", "").lower() in {"off", "0", "false", "no"}:
            _active = None
            return None
        base = Path(os.environ["HUB_CACHE_DIR"]) if os.environ.get("HUB_CACHE_DIR") else Path.home() / ".cache" / "msht-hub"
        folder = base / hashlib.sha256(str(project.resolve()).encode()).hexdigest()[:16] / "render"
        if folder not in _caches:
            _caches[folder] = cls(folder)
        _active = _caches[folder]
        return _active

    def beside(self, name: str) -> Path | None:
        """A folder of this project's cache for another kind of result ("analysis", "pdf")."""
        return None if self.folder is None else self.folder.with_name(name)

    def key(self, markdown: str, src_uri: str, url: str, settings: Any) -> str:
        return digest(self.code, settings, src_uri, url, markdown)

    def _variants(self, key: str) -> list[dict[str, Any]]:
        if key in self.memory:
            return self.memory[key]
        found: list[dict[str, Any]] = []
        if self.folder is not None:
            try:
                loaded = json.loads((self.folder / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
                found = loaded if isinstance(loaded, list) else []
            except (OSError, ValueError):
                found = []
        self.memory[key] = found
        return found

    def find(self, key: str, still: Callable[[dict[str, Any]], bool]) -> Conversion | None:
        for variant in self._variants(key):
            try:
                if still(variant["reached"]):
                    self.hits += 1
                    return Conversion(**variant["conversion"])
            except (KeyError, TypeError, ValueError):
                continue  # an entry of another shape: converted again
        self.misses += 1
        return None

    def keep(self, key: str, reached: Reached, conversion: Conversion) -> None:
        variant = {"reached": {"links": reached.links, "includes": reached.includes, "glossaries": reached.glossaries},
                   "conversion": conversion.__dict__}
        variants = [variant, *self._variants(key)][:VARIANTS]
        self.memory[key] = variants
        if self.folder is None:
            return
        target = self.folder / key[:2] / f"{key}.json"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(variants, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, target)
        except OSError as error:
            log.debug(f"render cache: not kept ({error})")

    def convert(self, key: str, convert: Callable[[], Conversion], still: Callable[[dict[str, Any]], bool]) -> Conversion:
        """The kept conversion when what it reached is unchanged; otherwise converted (and
        kept, unless it logged a warning)."""
        found = self.find(key, still)
        if found is not None:
            return found
        warnings = _Warnings()
        root = logging.getLogger()
        engine = logging.getLogger("mkdocs")
        root.addHandler(warnings)
        engine.addHandler(warnings)
        try:
            with recording() as reached:
                conversion = convert()
        finally:
            root.removeHandler(warnings)
            engine.removeHandler(warnings)
        if not warnings.count:
            self.keep(key, reached, conversion)
        return conversion


def still_valid(reached: dict[str, Any], resolve_link: Callable[[str], str | None], resolve_include: Callable[[str], str | None],
                texts: list[str]) -> bool:
    """Whether a kept conversion's links, includes and glossaries resolve as they did; `texts`
    is the page's source and its includes' (where an abbreviation could occur)."""
    for target, was in reached["links"].items():
        if resolve_link(target) != was:
            return False
    for request, (found, digest) in reached["includes"].items():
        now = resolve_include(request)
        if now != found or (now is not None and file_digest(now) != digest):
            return False
    for request, entries in reached["glossaries"].items():
        now = resolve_include(request)
        current = glossary_entries(_text(now) or "") if now else None
        if current is None:
            return False
        changed = {short for short in entries.keys() | current.keys() if entries.get(short) != current.get(short)}
        if any(could_occur(short, texts) for short in changed):
            return False
    return True


def include_texts(reached: dict[str, Any]) -> list[str]:
    return [text for found, _ in reached["includes"].values() if found and (text := _text(found)) is not None]
