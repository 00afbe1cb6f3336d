"""The offline edition: every file of the published site, compressed and packed into a few
bundles for the service worker to download, essentials first.

Each file is stored as its own gzip member inside a bundle (`offline/bundle-<n>-<hash>.bin`),
so the worker can keep every file compressed in the device's cache and decompress only the
one a reader opens (DecompressionStream), byte for byte the file the server sends. The
first bundle holds the essentials (the home page, the role pages, the aide-memoires, the
booklets, the search page and what a first query needs, the offline page and the assets that
draw them): offline within seconds of a first visit; the rest follows in a few dozen requests.
Built from the files actually written to the site folder, so nothing the build left out can
be in it."""
from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from msht_hub.reading import render_cache

NOT_CACHED = {"sw.js", "sitemap.xml.gz"}  # the worker itself; a compressed copy of the sitemap
BUNDLE_FOLDER = "offline-bundles"
WRITES = {f"{BUNDLE_FOLDER}/": "the offline copy's bundles", "sw.js": "the offline copy's worker",
          "edition.json": "the edition's record of its pages"}  # the paths this output writes (outputs/paths.py)
BUNDLE_TARGET = 1_500_000  # compressed bytes a bundle aims to stay under (a few dozen requests at 1,000 pages)
SMALL_INDEX = 4_000_000  # a search index under this many bytes (about 1 MB compressed) goes with the essentials whole


@dataclass(frozen=True)
class CachedFile:
    url: str  # relative to the site root, as a reader asks for it ("guides/x/", not ".../index.html")
    path: str  # relative to the site root, as written
    digest: str
    size: int


@dataclass(frozen=True)
class PackedFile:
    file: CachedFile
    bundle: int
    offset: int
    length: int  # compressed
    type: str


@dataclass(frozen=True)
class Bundle:
    name: str  # under the site root
    size: int  # compressed bytes
    essential: bool


def cached_files(site_dir: Path, use_directory_urls: bool) -> list[CachedFile]:
    files = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        if relative in NOT_CACHED or relative.startswith(BUNDLE_FOLDER + "/"):
            continue
        data = path.read_bytes()
        url = relative
        if use_directory_urls and (relative == "index.html" or relative.endswith("/index.html")):
            url = relative[: -len("index.html")]
        files.append(CachedFile(url=url, path=relative, digest=hashlib.sha256(data).hexdigest()[:12], size=len(data)))
    return files


def essential_predicate(page_urls: set[str], search_is_small: bool) -> Callable[[CachedFile], bool]:
    """What a frontline officer needs offline first: the given pages, the assets, the
    booklets and what the search page needs for a first query."""
    first_query = ("search/manifest.js", "search/facets.js", "search/filters.js")

    def essential(file: CachedFile) -> bool:
        return (file.url in page_urls or file.path.startswith(("assets/", "booklets/"))
                or file.path in first_query or file.path.startswith("search/vocab-")
                or (search_is_small and file.path.startswith("search/"))
                or file.path in ("manifest.webmanifest", "edition.json", "404.html"))
    return essential


def pack(site_dir: Path, files: list[CachedFile], essential: Callable[[CachedFile], bool],
         cache_folder: Path | None = None) -> tuple[list[Bundle], list[PackedFile]]:
    """Write the bundles under site_dir/offline-bundles/ and say where each file is in them;
    each file's compressed member is kept in `cache_folder` (by default the render cache's)
    for the next build."""
    folder = site_dir / BUNDLE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    groups = [[f for f in files if essential(f)], [f for f in files if not essential(f)]]
    members = Members(cache_folder)
    bundles: list[Bundle] = []
    packed: list[PackedFile] = []
    for is_essential, group in zip((True, False), groups):
        current: list[tuple[CachedFile, bytes]] = []
        size = 0

        def flush() -> None:
            nonlocal current, size
            if not current:
                return
            data = b"".join(member for _, member in current)
            number = len(bundles)
            name = f"{BUNDLE_FOLDER}/bundle-{number}-{hashlib.sha256(data).hexdigest()[:10]}.bin"
            (site_dir / name).write_bytes(data)
            offset = 0
            for file, member in current:
                packed.append(PackedFile(file, number, offset, len(member), _type(file.path)))
                offset += len(member)
            bundles.append(Bundle(name, len(data), is_essential))  # noqa: B023 - flushed within its own group
            current, size = [], 0

        for file in group:
            member = members.member((site_dir / file.path).read_bytes())
            if size + len(member) > BUNDLE_TARGET and not is_essential:
                flush()
            current.append((file, member))
            size += len(member)
        flush()
    members.save()
    return bundles, packed


class Members:
    """Each file's gzip member by the digest of its bytes, kept between builds and editions in
    one file of members and an index naming it (render_cache.py's folder, "offline"): a file
    compressed once is copied after that. The last build's members are kept, and earlier
    ones (another edition's pages) up to three times as many bytes again."""

    def __init__(self, folder: Path | None) -> None:
        if folder is None:
            cache = render_cache.active()
            folder = cache.beside("offline") if cache is not None else None
        self.folder = folder
        self.salt = f"gzip9|{zlib.ZLIB_RUNTIME_VERSION}"
        self.kept: dict[str, list[int]] = {}
        self.data = b""
        self.used: dict[str, bytes] = {}
        if folder is None:
            return
        try:
            index = json.loads((folder / "members.json").read_text(encoding="utf-8"))
            if isinstance(index, dict) and index.get("salt") == self.salt and isinstance(index.get("members"), dict):
                data = (folder / str(index["file"])).read_bytes()  # named by its digest: always the index's own
                if hashlib.sha256(data).hexdigest()[:16] in str(index["file"]):
                    self.kept, self.data = index["members"], data
        except (OSError, ValueError, KeyError):
            return

    def member(self, data: bytes) -> bytes:
        key = hashlib.sha256(data).hexdigest()
        if key in self.used:
            return self.used[key]
        where = self.kept.get(key)
        member = self.data[where[0]:where[0] + where[1]] if where and where[0] + where[1] <= len(self.data) else b""
        if not member:
            member = gzip.compress(data, compresslevel=9, mtime=0)
        self.used[key] = member
        return member

    def save(self) -> None:
        if self.folder is None or not (set(self.used) - set(self.kept)):
            return
        members = dict(self.used)
        room = 3 * sum(map(len, members.values()))
        for key, (offset, length) in self.kept.items():
            if key not in members and length <= room:
                members[key] = self.data[offset:offset + length]
                room -= length
        index, offset = {}, 0
        for key, member in members.items():
            index[key] = (offset, len(member))
            offset += len(member)
        blob = b"".join(members.values())
        name = f"members-{hashlib.sha256(blob).hexdigest()[:16]}.bin"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{name}.part").write_bytes(blob)
            os.replace(self.folder / f"{name}.part", self.folder / name)
            (self.folder / "members.json.part").write_text(json.dumps({"salt": self.salt, "file": name, "members": index}), encoding="utf-8")
            os.replace(self.folder / "members.json.part", self.folder / "members.json")
            for old in self.folder.glob("members-*.bin"):
                if old.name != name:
                    old.unlink()
        except OSError:
            pass  # not kept: compressed again next time


def _type(path: str) -> str:
    guessed = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if path.endswith(".webmanifest"):
        guessed = "application/manifest+json"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") or guessed in ("application/javascript", "application/json") else "")


def cache_version(edition_id: str, files: list[CachedFile]) -> str:
    digest = hashlib.sha256("".join(f"{f.url}\0{f.digest}\n" for f in files).encode()).hexdigest()[:10]
    return f"{edition_id}-{digest}"
