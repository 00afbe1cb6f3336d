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
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

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


@dataclass
class _Field:
    counts: list[dict[str, int]]  # per document: term -> occurrences
    lengths: list[int]


def _field(texts: list[str]) -> _Field:
    counts, lengths = [], []
    for text in texts:
        found = terms(text)
        tally: dict[str, int] = defaultdict(int)
        for term in found:
            tally[term] += 1
        counts.append(tally)
        lengths.append(len(found))
    return _Field(counts, lengths)


def weights(documents: list[SearchDocument]) -> dict[str, dict[int, float]]:
    """term -> {document number: BM25 weight summed over the boosted fields}."""
    fields = {
        "title": _field([f"{doc.title} {doc.summary}" for doc in documents]),
        "text": _field([doc.text for doc in documents]),
    }
    total = len(documents)
    frequency: dict[str, int] = defaultdict(int)
    for number in range(total):
        for term in set(fields["title"].counts[number]) | set(fields["text"].counts[number]):
            frequency[term] += 1
    postings: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for name, data in fields.items():
        average = (sum(data.lengths) / total) or 1.0
        boost = FIELD_BOOSTS[name]
        for number, tally in enumerate(data.counts):
            norm = K1 * (1 - B + B * data.lengths[number] / average)
            for term, count in tally.items():
                df = frequency[term]
                idf = math.log(1 + abs((total - df + 0.5) / (df + 0.5)))
                postings[term][number] += boost * idf * ((K1 + 1) * count) / (norm + count)
    return postings


def _encode(posting: dict[int, float]) -> list[int]:
    """Document numbers as gaps, each followed by its weight x10 as an integer."""
    flat, previous = [], 0
    for number in sorted(posting):
        flat += [number - previous, max(1, round(posting[number] * 10))]
        previous = number
    return flat


def _shards(postings: dict[str, list[int]]) -> dict[str, dict[str, list[int]]]:
    """Group terms by prefix, lengthening a prefix while its shard is too big."""
    def split(prefix: str, names: list[str]) -> dict[str, dict[str, list[int]]]:
        shard = {name: postings[name] for name in names}
        if len(prefix) >= MAX_PREFIX or len(json.dumps(shard, separators=(",", ":"))) <= SHARD_TARGET:
            return {prefix: shard}
        longer: dict[str, list[str]] = defaultdict(list)
        here = []
        for name in names:
            (longer[name[: len(prefix) + 1]] if len(name) > len(prefix) else here).append(name)
        result: dict[str, dict[str, list[int]]] = {}
        if here:
            result[prefix + "\u0000"] = {name: postings[name] for name in here}  # terms equal to the prefix
        for longer_prefix, group in sorted(longer.items()):
            result.update(split(longer_prefix, group))
        return result

    first: dict[str, list[str]] = defaultdict(list)
    for name in sorted(postings):
        first[name[:1]].append(name)
    shards: dict[str, dict[str, list[int]]] = {}
    for prefix, names in sorted(first.items()):
        shards.update(split(prefix, names))
    return shards


def shard_file(key: str) -> str:
    return "shard-" + key.encode("utf-8").hex() + ".js"


def _script(name: str, data) -> str:
    return f"mshtHubSearch.receive({json.dumps(name)},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n"


def _mask(values: tuple[str, ...], order: list[str]) -> int:
    return sum(1 << order.index(value) for value in values if value in order)


def index_files(documents: list[SearchDocument], facet_labels: dict[str, dict[str, str]],
                glossary: list[tuple[str, str]], edition: str) -> dict[str, str]:
    """File name (under search/) -> script text."""
    postings = {term: _encode(posting) for term, posting in weights(documents).items()}
    shards = _shards(postings)
    files = {shard_file(key): _script(f"shard:{key}", shard) for key, shard in shards.items()}
    order = {name: list(labels) for name, labels in facet_labels.items()}
    files["facets.js"] = _script("facets", {
        "kind": [order["kind"].index(doc.kind) for doc in documents],
        "role": [_mask(doc.roles, order["role"]) for doc in documents],
        "exploitation": [_mask(doc.exploitation, order["exploitation"]) for doc in documents],
        "theme": [_mask(doc.themes, order["theme"]) for doc in documents],
        "year": [doc.year or 0 for doc in documents],
    })
    for start in range(0, len(documents), CHUNK):
        files[f"docs-{start // CHUNK}.js"] = _script(f"docs:{start // CHUNK}", [
            [doc.url, doc.title, doc.crumb, (doc.summary + " " + doc.text).strip()[:SNIPPET_CHARS]]
            for doc in documents[start:start + CHUNK]
        ])
    files["manifest.js"] = _script("manifest", {
        "format": FORMAT,
        "edition": edition,
        "count": len(documents),
        "chunk": CHUNK,
        "maxPrefix": MAX_PREFIX,
        "shards": sorted(shards),
        "facets": {name: [[value, label] for value, label in labels.items()] for name, labels in facet_labels.items()},
        "glossary": [[short, expansion] for short, expansion in glossary],
        "files": sorted(files),
    })
    return files
