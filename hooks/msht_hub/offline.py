"""The offline edition: what the service worker caches, with content hashes, and how many
bytes that is against the configured budget. Built from the files actually written to the
site folder, so nothing the build left out can be in it."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

NOT_CACHED = {"sw.js", "sitemap.xml.gz"}  # the worker itself; a compressed copy of the sitemap


@dataclass(frozen=True)
class CachedFile:
    url: str  # relative to the site root, as a reader asks for it ("guides/x/", not ".../index.html")
    digest: str
    size: int


def cached_files(site_dir: Path, use_directory_urls: bool) -> list[CachedFile]:
    files = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        if relative in NOT_CACHED:
            continue
        data = path.read_bytes()
        url = relative
        if use_directory_urls and (relative == "index.html" or relative.endswith("/index.html")):
            url = relative[: -len("index.html")]
        files.append(CachedFile(url=url, digest=hashlib.sha256(data).hexdigest()[:12], size=len(data)))
    return files


def cache_version(edition_id: str, files: list[CachedFile]) -> str:
    digest = hashlib.sha256("".join(f"{f.url}\0{f.digest}\n" for f in files).encode()).hexdigest()[:10]
    return f"{edition_id}-{digest}"
