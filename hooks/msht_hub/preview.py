"""What the editors' preview remembers from one rebuild to the next. Kept here, in a module
imported once, because the hooks module is loaded afresh for every rebuild.

The preview answers quickly and never shows a stale page:
- it makes no booklet PDFs (the online booklet page is built as usual; `python3 dev.py
  build` makes the PDFs), and it keeps nothing offline: its service worker removes any saved
  copy, so every edit shows at once;
- under `hub serve` (`python3 dev.py serve`) it rebuilds only what changed. The engine
  re-renders the pages whose source changed and every generated page (listings, register,
  booklet pages); what the hub gathers from every other page (its search documents, the
  files it links to, its booklet section, its problems) is remembered here from the build
  that last rendered it. When anything that shows on other pages changes (a title, a
  summary, a status, the glossary, the settings, a template), every page is rendered again.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache

from .gather import Gathered

serving = False
"""This process is the preview (`mkdocs serve` or `hub serve`)."""

incremental = False
"""The preview keeps its site directory between rebuilds and renders only what changed."""

# Fields shown only on the page itself (or on generated pages, which are always rebuilt):
# changing them re-renders that page alone.
PAGE_LOCAL_FIELDS = frozenset({"lessons", "changes", "scale", "period", "partners", "owner", "lead_force"})


@dataclass
class Memory:
    signature: str = ""
    pages: dict[str, Gathered] = field(default_factory=dict)  # by src_uri
    read: dict[Any, Any] = field(default_factory=dict)  # the catalogue's cache of read pages (catalogue.py)
    related: tuple[str, Any] = ("", None)  # related content, for the signature it was made under
    templates: TemplateCache = field(default_factory=lambda: TemplateCache())  # compiled templates


class TemplateCache(BytecodeCache):
    """Compiled Jinja templates, kept between rebuilds (the engine makes a new theme each time);
    a template whose source changed is compiled again (its checksum is part of the key)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


memory = Memory()


def shared_signature(documents: dict[str, Any], excluded: dict[str, str], settings: Any,
                     watched: list[Path]) -> str:
    """A digest of everything that shows on more than one page: every page's front-matter
    but its page-local fields, what is left out, the settings, and the files of `watched`
    (glossary, includes, templates)."""
    digest = hashlib.sha256()
    for uri in sorted(documents):
        meta = documents[uri].meta.model_dump(mode="json", exclude=set(PAGE_LOCAL_FIELDS))
        digest.update(json.dumps([uri, meta, excluded.get(uri)], sort_keys=True).encode("utf-8"))
    digest.update(settings.model_dump_json().encode("utf-8"))
    for folder in watched:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


_pending: threading.Thread | None = None


def later(job: Callable[[], None]) -> None:
    """Run a slow output (the search index) after the rebuild has made the edit visible.
    The next rebuild waits for it first (settle), so two never write at once."""
    global _pending
    settle()

    def run() -> None:
        try:
            job()
        except Exception as error:  # noqa: BLE001 - reported, and the next rebuild tries again
            logging.getLogger("mkdocs.plugins.hub").error(f"preview: {error}")

    _pending = threading.Thread(target=run, name="hub-preview-later", daemon=True)
    _pending.start()


def settle() -> None:
    """Wait for the output the last rebuild left running."""
    global _pending
    if _pending is not None:
        _pending.join()
        _pending = None


def render_again(outputs: list[str]) -> None:
    """Mark these written pages older than any source, so the engine's incremental build
    renders them again, while they stay served until it does."""
    for output in outputs:
        if os.path.exists(output):
            os.utime(output, (0, 0))
