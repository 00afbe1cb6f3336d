"""Search analysis kept between builds and between editions: a search document is tokenised
and stemmed (search_index.analyse) once for as long as the text it analyses and the code
that analyses it are the same.

The key is a digest of the code version (render_cache.code_version) and of exactly the
fields the analysis reads: the indexed title, the summary and the text. The facets (kind,
roles, layers, address) are not in it: they differ between editions and the analysis does
not read them. Entries live in the render cache's folder, in 256 files by the key's first
two hex digits, each entry with the day it was last used; an entry not used for
`KEEP_DAYS` is dropped when its file is next written. A damaged or unwritable file is
ignored (its documents are analysed as if new)."""
from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .search_documents import SearchDocument

log = logging.getLogger("mkdocs.plugins.hub")

Analysed = tuple[list[str], list[str], list[str], list[tuple[str, str]]]
KEEP_DAYS = 30


def fields(doc: SearchDocument) -> tuple[str, str, str]:
    """What the analysis reads of a document, and nothing else."""
    return doc.index_title or doc.title, doc.summary, doc.text


def _packed(analysed: Analysed) -> list[str]:
    """An analysis as four strings: terms and words never hold a space, nor sentences a
    newline (both are whitespace the analyser splits on), so the packing is exact."""
    title_terms, text_terms, sentences, words = analysed
    return [" ".join(title_terms), " ".join(text_terms), "\n".join(sentences),
            " ".join(f"{word} {its_term}" for word, its_term in words)]


def _split(text: str, by: str) -> list[str]:
    return text.split(by) if text else []


def _unpacked(packed: list[str]) -> Analysed:
    flat = _split(packed[3], " ")
    return _split(packed[0], " "), _split(packed[1], " "), _split(packed[2], "\n"), list(zip(flat[::2], flat[1::2]))


class AnalysisStore:
    """Analyses by key, read from and written to `folder` for the length of one index build."""

    def __init__(self, folder: Path, code: str, today: Callable[[], int] = lambda: date.today().toordinal()) -> None:
        self.folder = folder
        self.code = code
        self.today = today
        self.hits = self.misses = 0

    def key(self, doc: SearchDocument) -> str:
        return hashlib.sha256(json.dumps([self.code, *fields(doc)], ensure_ascii=False).encode("utf-8")).hexdigest()

    def _read(self, bucket: str) -> dict[str, Any]:
        try:
            loaded = json.loads((self.folder / f"{bucket}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def analyse_all(self, documents: Iterable[SearchDocument], analyse: Callable[[SearchDocument], Analysed]) -> Iterator[tuple[SearchDocument, Analysed]]:
        """Every document's analysis, in order, one at a time (only the packed form is held):
        kept ones read, the others made; the files are written once the last is taken."""
        buckets: dict[str, dict[str, Any]] = {}
        changed: set[str] = set()
        today = self.today()
        for doc in documents:
            key = self.key(doc)
            bucket = key[:2]
            if bucket not in buckets:
                buckets[bucket] = self._read(bucket)
            entries = buckets[bucket]
            entry = entries.get(key)
            analysed: Analysed | None = None
            if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list) and len(entry[1]) == 4:
                try:
                    analysed = _unpacked(entry[1])
                except (AttributeError, TypeError):
                    analysed = None
            if analysed is None:
                self.misses += 1
                analysed = analyse(doc)
                entries[key] = [today, _packed(analysed)]
                changed.add(bucket)
            else:
                self.hits += 1
                assert isinstance(entry, list)
                if entry[0] != today:
                    entry[0] = today
                    changed.add(bucket)
            yield doc, analysed
        for bucket in sorted(changed):
            self._write(bucket, {key: entry for key, entry in buckets[bucket].items()
                                 if isinstance(entry, list) and isinstance(entry[0], int) and today - entry[0] <= KEEP_DAYS})

    def _write(self, bucket: str, entries: dict[str, Any]) -> None:
        target = self.folder / f"{bucket}.json"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(entries, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, target)
        except OSError as error:
            log.debug(f"analysis cache: not kept ({error})")
