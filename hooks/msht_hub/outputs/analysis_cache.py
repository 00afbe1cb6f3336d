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

from msht_hub.pages.search_documents import SearchDocument

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

    def inflections(self) -> Inflections:
        from msht_hub.outputs.search_analysis import inflections

        return Inflections(self.folder / "inflections.json", self.code, inflections)

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


class Inflections:
    """search_analysis.inflections of each word, kept in one file beside the analyses (the
    stemming of every other form of every word is most of the cost of the index's table of
    words). The words of the last build are kept, and earlier ones up to as many again."""

    def __init__(self, path: Path, code: str, inflections: Callable[[str], set[str]]) -> None:
        self.path, self.code, self._inflections = path, code, inflections
        self.kept: dict[str, list[str]] = {}
        self.used: dict[str, list[str]] = {}
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict) and loaded.get("code") == code and isinstance(loaded.get("words"), dict):
                self.kept = loaded["words"]
        except (OSError, ValueError):
            pass

    def of(self, word: str) -> list[str]:
        found = self.used[word] if word in self.used else self.kept.get(word)
        if not isinstance(found, list):
            found = sorted(self._inflections(word))
        self.used[word] = found
        return found

    def save(self) -> None:
        if not set(self.used) - set(self.kept):
            return
        words = dict(self.used)
        for word, forms in self.kept.items():
            if len(words) >= 2 * len(self.used):
                break
            words.setdefault(word, forms)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"code": self.code, "words": words}, ensure_ascii=False, separators=(",", ":")),
                                 encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as error:
            log.debug(f"analysis cache: inflections not kept ({error})")
