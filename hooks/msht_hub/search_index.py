"""The prebuilt, split search index.

Text goes through lunr's own pipeline (lunr.py: tokenizer, trimmer, stop-word filter,
Porter stemmer, the same as lunr.js in the browser), and each term's BM25 weight per
document is computed here, at build time. The browser never builds an index: it loads
only what a query needs:

- `manifest.js`: the list of shards, the facet labels and the glossary (small);
- `shard-<hex of prefix>.js`: the posting lists of every term starting with that prefix
  (split into longer prefixes until each shard is small);
- `facets.js`: each document's facets, compact, for counts and filters;
- `docs-<n>.js`: titles, addresses and text of a run of documents, fetched only for the
  results on screen (snippets are never in the index).

Every file is a script calling `mshtHubSearch.receive(name, data)`, so the same files load
over HTTP and from `file://`, where `fetch` cannot read them."""
from __future__ import annotations

import json
import math
import re
from array import array
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import Iterator

from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from .search_documents import SearchDocument

FORMAT = 1
K1, B = 1.2, 0.75  # BM25, as lunr uses
FIELD_BOOSTS = {"title": 6.0, "text": 1.0}
SHARD_TARGET = 24_000  # bytes of JSON a shard aims to stay under
MAX_PREFIX = 3
CHUNK = 24  # documents per docs-<n>.js file
SNIPPET_CHARS = 1600  # text kept per document for snippets


_LEADING, _TRAILING = re.compile(r"^\W+", re.ASCII), re.compile(r"\W+$", re.ASCII)


def trimmer(token: Token, *args) -> Token:
    """lunr.js's trimmer exactly (lunr.py's keeps a token of punctuation only, and `u.k.`
    whole): strip non-word characters, in JavaScript's ASCII sense, from both ends."""
    return token.update(lambda text, metadata=None: _TRAILING.sub("", _LEADING.sub("", text)))


@lru_cache(maxsize=200_000)
def _term(word: str) -> str | None:
    token = Token(word)
    for step in (trimmer, stop_word_filter, stemmer):
        token = step(token)
        if token is None or not str(token):
            return None
    return str(token)


_SEPARATOR = re.compile(r"[\s\-]+")  # lunr.tokenizer.separator


def terms(text: str) -> list[str]:
    """The index terms of a text, as lunr.js will make them from a query: lunr's tokenizer
    (lower case, split at white space and hyphens; done here with one regular expression,
    many times faster than lunr.py's character loop), then the pipeline."""
    return [term for word in _SEPARATOR.split(text.lower()) if word and (term := _term(word))]


class SearchIndexBuilder:
    """Takes documents one at a time, as pages are rendered, keeping only their term counts
    (compact arrays) and the text that snippets need, so a large hub's full text is never
    held twice. `files()` then weighs every term with BM25 and writes the split index."""

    def __init__(self) -> None:
        self.documents: list[SearchDocument] = []
        self._ids: dict[str, int] = {}
        self._fields: dict[str, tuple[list[array], list[array], list[int]]] = {
            name: ([], [], []) for name in FIELD_BOOSTS}

    def __len__(self) -> int:
        return len(self.documents)

    def add(self, doc: SearchDocument) -> None:
        for name, text in (("title", f"{doc.title} {doc.summary}"), ("text", doc.text)):
            tally: dict[int, int] = defaultdict(int)
            found = terms(text)
            for term in found:
                tally[self._ids.setdefault(term, len(self._ids))] += 1
            ids, counts, lengths = self._fields[name]
            ids.append(array("I", tally.keys()))
            counts.append(array("I", tally.values()))
            lengths.append(len(found))
        self.documents.append(replace(doc, text=doc.text[:SNIPPET_CHARS]))

    def postings(self) -> dict[str, str]:
        """term -> its posting list as compact JSON: document gaps, each followed by the
        BM25 weight (summed over the boosted fields) x10 as an integer."""
        total = len(self.documents)
        frequency = array("I", bytes(4 * len(self._ids)))
        title_ids, text_ids = self._fields["title"][0], self._fields["text"][0]
        for number in range(total):
            for term in set(title_ids[number]).union(text_ids[number]):
                frequency[term] += 1
        idf = [math.log(1 + abs((total - df + 0.5) / (df + 0.5))) for df in frequency]
        averages = {name: (sum(lengths) / total) or 1.0 for name, (_, _, lengths) in self._fields.items()}
        docs: list[array] = [array("I") for _ in self._ids]
        weights: list[array] = [array("I") for _ in self._ids]
        for number in range(total):
            combined: dict[int, float] = defaultdict(float)
            for name, (ids, counts, lengths) in self._fields.items():
                norm = K1 * (1 - B + B * lengths[number] / averages[name])
                boost = FIELD_BOOSTS[name]
                for term, count in zip(ids[number], counts[number]):
                    combined[term] += boost * idf[term] * ((K1 + 1) * count) / (norm + count)
            for term, weight in combined.items():
                docs[term].append(number)
                weights[term].append(max(1, round(weight * 10)))
        encoded = {}
        for term, term_id in self._ids.items():
            flat, previous = [], 0
            for number, weight in zip(docs[term_id], weights[term_id]):
                flat += (number - previous, weight)
                previous = number
            encoded[term] = "[" + ",".join(map(str, flat)) + "]"
        return encoded


def _shard_json(postings: dict[str, str], names: list[str]) -> str:
    return "{" + ",".join(f"{json.dumps(name, ensure_ascii=False)}:{postings[name]}" for name in names) + "}"


def _shards(postings: dict[str, str]) -> dict[str, list[str]]:
    """Group terms by prefix, lengthening a prefix while its shard is too big."""
    def size(names: list[str]) -> int:
        return sum(len(name) + 4 + len(postings[name]) for name in names)

    def split(prefix: str, names: list[str]) -> dict[str, list[str]]:
        if len(prefix) >= MAX_PREFIX or size(names) <= SHARD_TARGET:
            return {prefix: names}
        longer: dict[str, list[str]] = defaultdict(list)
        here = []
        for name in names:
            (longer[name[: len(prefix) + 1]] if len(name) > len(prefix) else here).append(name)
        result: dict[str, list[str]] = {}
        if here:
            result[prefix + "\u0000"] = here  # terms equal to the prefix
        for longer_prefix, group in sorted(longer.items()):
            result.update(split(longer_prefix, group))
        return result

    first: dict[str, list[str]] = defaultdict(list)
    for name in sorted(postings):
        first[name[:1]].append(name)
    shards: dict[str, list[str]] = {}
    for prefix, names in sorted(first.items()):
        shards.update(split(prefix, names))
    return shards


def shard_file(key: str) -> str:
    return "shard-" + key.encode("utf-8").hex() + ".js"


def _script(name: str, data=None, raw: str | None = None) -> str:
    payload = raw if raw is not None else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"mshtHubSearch.receive({json.dumps(name)},{payload});\n"


def _mask(values: tuple[str, ...], order: list[str]) -> int:
    return sum(1 << order.index(value) for value in values if value in order)


def index_files(builder: SearchIndexBuilder, facet_labels: dict[str, dict[str, str]],
                glossary: list[tuple[str, str]], edition: str) -> Iterator[tuple[str, str]]:
    """(file name under search/, script text), one file at a time, so that a large index is
    written without ever being held whole."""
    documents = builder.documents
    postings = builder.postings()
    shards = _shards(postings)
    chunks = range(0, len(documents), CHUNK)
    names = [shard_file(key) for key in shards] + ["facets.js"] + [f"docs-{start // CHUNK}.js" for start in chunks]
    for key, terms_of_shard in shards.items():
        yield shard_file(key), _script(f"shard:{key}", raw=_shard_json(postings, terms_of_shard))
    del postings
    order = {name: list(labels) for name, labels in facet_labels.items()}
    yield "facets.js", _script("facets", {
        "kind": [order["kind"].index(doc.kind) for doc in documents],
        "role": [_mask(doc.roles, order["role"]) for doc in documents],
        "exploitation": [_mask(doc.exploitation, order["exploitation"]) for doc in documents],
        "theme": [_mask(doc.themes, order["theme"]) for doc in documents],
        "year": [doc.year or 0 for doc in documents],
    })
    for start in chunks:
        yield f"docs-{start // CHUNK}.js", _script(f"docs:{start // CHUNK}", [
            [doc.url, doc.title, doc.crumb, (doc.summary + " " + doc.text).strip()[:SNIPPET_CHARS]]
            for doc in documents[start:start + CHUNK]
        ])
    yield "manifest.js", _script("manifest", {
        "format": FORMAT,
        "edition": edition,
        "count": len(documents),
        "chunk": CHUNK,
        "maxPrefix": MAX_PREFIX,
        "shards": sorted(shards),
        "facets": {name: [[value, label] for value, label in labels.items()] for name, labels in facet_labels.items()},
        "glossary": [[short, expansion] for short, expansion in glossary],
        "files": sorted(names + ["manifest.js"]),
    })
