"""The prebuilt, split search index.

Text becomes terms through the one analyser (search_analysis.py), and each term's BM25
weight per document is computed here, at build time. The browser never builds an index
and never stems: it loads only what a query needs:

- `manifest.js`: the list of shards, the facets offered (facets.py) with their values and
  labels in display order, the stop words and the glossary with its words and terms (small);
- `shard-<hex of prefix>.js`: the posting lists of every term starting with that prefix, and
  the term of every word starting with it whose term is not the word itself (split into
  longer prefixes until each shard is small);
- `facets.js`: each document's page, plain label and the value of each single-valued facet
  (its kind), compact, for every query;
- `filters.js`: each document's values of every other facet (roles, exploitation types,
  themes, ... as bit masks) and its year, for filters and their counts, fetched once a
  filter is open or chosen;
- `docs-<n>.js`: titles, addresses and text of a run of documents, fetched only for the
  results on screen (snippets are never in the index);
- `vocab-<key>.js`: the index's words by their first two and last two letters, with the
  stem each makes and how many documents hold it: a misspelt query word fetches at most
  two of these small files to find its correction.

Posting lists also hold each adjacent pair of terms ("debt bondag"), so phrases and words
that stand together can be told from words far apart, and flag the documents whose title
holds the term, so the page a title names ranks first. Sentences repeated across many
documents (notices, the sample-content line) are boilerplate: neither indexed nor used for
snippets.

Every file is a script calling `mshtHubSearch.receive(name, data)`, so the same files load
over HTTP and from `file://`, where `fetch` cannot read them."""
from __future__ import annotations

import json
import math
import os
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from shutil import rmtree
from typing import Any

from msht_hub.outputs import search_analysis as analyser
from msht_hub.outputs.analysis_cache import Analysed, AnalysisStore
from msht_hub.outputs.search_analysis import STOP_WORDS, VOCAB_WORD, terms
from msht_hub.pages.search_documents import SearchDocument
from msht_hub.reading import render_cache
from msht_hub.reading.facets import Facet
from msht_hub.reading.kinds import KINDS

FORMAT = 3  # 3: the facets, their order and storage are the manifest's (facets.py)
OfferedFacets = list[tuple[Facet, dict[str, str]]]  # the facets a build offers, each with its values and labels (facets.offered)
WRITES = {"search/": "the search index"}  # the paths this output writes (outputs/paths.py)
K1, B = 1.2, 0.75  # BM25, as lunr uses
FIELD_BOOSTS = {"title": 6.0, "text": 1.0, "pairs": 2.0}
BOILERPLATE_MIN_DOCUMENTS = 5  # a sentence in at least this many documents ...
BOILERPLATE_SHARE = 0.02  # ... and at least this share of them is boilerplate
SHARD_TARGET = 24_000  # bytes of JSON a shard aims to stay under
MAX_PREFIX = 24  # a shard splits down to one term (or one term and its longer forms) when it is large
CHUNK = 8  # documents per docs-<n>.js file: a result pulls little text it does not show
SNIPPET_CHARS = 500  # text kept per document for snippets
CHECKLISTS = {"Checklist"}  # the labels of what answers "what do I do": a practical question ranks these first
WEIGHT_LEVELS = 63  # weights are stored on a log scale of this many steps: small numbers compress well


def quantise(weight: float) -> int:
    """A BM25 weight as one of WEIGHT_LEVELS steps, 15% apart (search-engine.js: weightOf)."""
    return max(1, min(WEIGHT_LEVELS, round(math.log(max(weight, 0.01) / 0.05) / math.log(1.15))))


def pairs(found: list[str]) -> list[str]:
    """Adjacent terms, as one term each ("debt bondag"): what phrases and proximity use."""
    return [f"{first} {second}" for first, second in zip(found, found[1:])]


_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def sentences(text: str) -> list[str]:
    return [" ".join(part.split()) for part in _SENTENCE.findall(text) if len(part.split()) >= 4]


def _key(sentence: str) -> int:
    return hash(sentence.lower())


# Analysed (analysis_cache.py): one document's title terms, text terms, sentences, and its
# distinct (word, term) pairs, for the index's table of words and the vocabulary of typo correction.


def analyse(doc: SearchDocument) -> Analysed:
    """What a document gives the index, on its own: a function of the document alone, so the
    preview keeps it for documents that did not change."""
    title_words = analyser.words(f"{doc.index_title or doc.title} {doc.summary}")
    text_words = analyser.words(doc.text)
    seen: dict[str, str] = {}
    for word in title_words + text_words:
        if word not in seen and (found := analyser.term(word)):
            seen[word] = found
    title_terms = [found for word in title_words if (found := seen.get(word))]
    text_terms = [found for word in text_words if (found := seen.get(word))]
    return title_terms, text_terms, sentences(doc.text), list(seen.items())


class SearchIndexBuilder:
    """Takes documents one at a time, as pages are rendered, keeping only their term counts
    (compact arrays) and the text that snippets need, so a large hub's full text is never
    held twice. `files()` then weighs every term with BM25 and writes the split index."""

    def __init__(self) -> None:
        self.documents: list[SearchDocument] = []
        self._ids: dict[str, int] = {}
        self._fields: dict[str, tuple[list[array[int]], list[array[int]], list[int]]] = {
            name: ([], [], []) for name in FIELD_BOOSTS}
        self._sentences: list[array[int]] = []  # each document's sentence keys, for boilerplate
        self._sentence_counts: dict[int, int] = defaultdict(int)
        self._sentence_text: dict[int, str] = {}  # sentences seen in two documents or more
        self._surfaces: dict[str, dict[str, int]] = defaultdict(dict)  # term -> the words that make it (typo correction)
        self.table: dict[str, str] = {}  # every word seen whose term is not the word itself -> its term
        self.seen: set[str] = set()  # every word seen (that is not a stop word)
        self._documents_per_term: array[int] | None = None  # counted once, after boilerplate is taken out

    def __len__(self) -> int:
        return len(self.documents)

    def add(self, doc: SearchDocument, analysed: Analysed | None = None) -> None:
        """Take one document; `analysed` is what analyse(doc) gave, when it is known already."""
        title_terms, text_terms, found_sentences, found_words = analysed or analyse(doc)
        for name, found in (("title", title_terms), ("text", text_terms), ("pairs", pairs(title_terms) + pairs(text_terms))):
            tally: dict[int, int] = defaultdict(int)
            for term in found:
                tally[self._ids.setdefault(term, len(self._ids))] += 1
            ids, counts, lengths = self._fields[name]
            ids.append(array("I", tally.keys()))
            counts.append(array("I", tally.values()))
            lengths.append(len(found))
        keys = array("q")
        for sentence in found_sentences:
            key = _key(sentence)
            keys.append(key)
            self._sentence_counts[key] += 1
            if self._sentence_counts[key] == 2:
                self._sentence_text[key] = sentence
        self._sentences.append(keys)
        for word, its_term in found_words:
            self.seen.add(word)
            if word != its_term:
                self.table[word] = its_term
            if VOCAB_WORD.fullmatch(word):
                seen = self._surfaces[its_term]
                if word in seen or len(seen) < 4:
                    seen[word] = seen.get(word, 0) + 1
        self.documents.append(replace(doc, text=doc.text[:SNIPPET_CHARS * 2]))

    def words(self, inflections: Callable[[str], Iterable[str]] = analyser.inflections) -> dict[str, str]:
        """The table the browser reads instead of stemming: every word seen whose term is not
        the word itself, and the other forms of each (search_analysis.inflections) that the
        stemmer makes the same term, so that "trafficked" finds "trafficking"."""
        table: dict[str, str] = {}
        for word in self.seen:
            its_term = self.table.get(word, word)
            for form in inflections(word):
                if form not in self.seen:
                    table[form] = its_term  # an inflection is a form whose term is the word's
        table.update(self.table)
        return table

    def boilerplate(self) -> set[int]:
        """Keys of the sentences repeated across many documents."""
        least = max(BOILERPLATE_MIN_DOCUMENTS, BOILERPLATE_SHARE * len(self.documents))
        return {key for key, count in self._sentence_counts.items() if count >= least and key in self._sentence_text}

    def _without_boilerplate(self) -> None:
        """Take boilerplate sentences' terms out of the documents that carry them, and out of
        the text kept for snippets."""
        common = self.boilerplate()
        if not common:
            return
        ids, counts, lengths = self._fields["text"]
        for number, keys in enumerate(self._sentences):
            repeated = [self._sentence_text[key] for key in keys if key in common]
            if not repeated:
                continue
            tally = dict(zip(ids[number], counts[number]))
            removed = 0
            for sentence in repeated:
                for term in terms(sentence):
                    term_id = self._ids[term]
                    if tally.get(term_id, 0) > 0:
                        tally[term_id] -= 1
                        removed += 1
            tally = {term: count for term, count in tally.items() if count > 0}
            ids[number], counts[number] = array("I", tally.keys()), array("I", tally.values())
            lengths[number] = max(0, lengths[number] - removed)
            text = self.documents[number].text
            for sentence in repeated:
                text = text.replace(sentence, "")
            self.documents[number] = replace(self.documents[number], text=" ".join(text.split()))
        self._sentences = []

    def vocabulary(self) -> dict[str, list[list[Any]]]:
        """Bucket -> [word, term, documents] for every word of at least three letters a-z
        (VOCAB_WORD), filed under its first two letters ("p:na") and its last two ("s:al")."""
        self._without_boilerplate()  # a no-op once done: counts are always taken after it
        frequency = self._frequency()
        buckets: dict[str, list[list[Any]]] = defaultdict(list)
        for term, words in self._surfaces.items():
            term_id = self._ids.get(term)
            if term_id is None or not frequency[term_id]:
                continue
            for word in sorted(words, key=lambda w: -words[w])[:2]:
                entry = [word, term, frequency[term_id]]
                buckets["p:" + word[:2]].append(entry)
                buckets["s:" + word[-2:]].append(entry)
        return {key: sorted(entries) for key, entries in sorted(buckets.items())}

    def _frequency(self) -> array[int]:
        if self._documents_per_term is not None:
            return self._documents_per_term
        frequency = array("I", bytes(4 * len(self._ids)))
        for number in range(len(self.documents)):
            present: set[int] = set()
            for name in FIELD_BOOSTS:
                present.update(self._fields[name][0][number])
            for term in present:
                frequency[term] += 1
        self._documents_per_term = frequency
        return frequency

    def postings(self) -> dict[str, str]:
        """term -> its posting list as compact JSON: document gaps, each followed by the
        BM25 weight (summed over the boosted fields) as a step of quantise(), doubled, plus
        one when the term is in the document's title."""
        self._without_boilerplate()
        total = len(self.documents)
        frequency = self._frequency()
        idf = [math.log(1 + abs((total - df + 0.5) / (df + 0.5))) for df in frequency]
        averages = {name: (sum(lengths) / total) or 1.0 for name, (_, _, lengths) in self._fields.items()}
        docs: list[array[int]] = [array("I") for _ in self._ids]
        weights: list[array[int]] = [array("I") for _ in self._ids]
        for number in range(total):
            combined: dict[int, float] = defaultdict(float)
            for name, (ids, counts, lengths) in self._fields.items():
                norm = K1 * (1 - B + B * lengths[number] / averages[name])
                boost = FIELD_BOOSTS[name]
                for term, count in zip(ids[number], counts[number]):
                    combined[term] += boost * idf[term] * ((K1 + 1) * count) / (norm + count)
            in_title = set(self._fields["title"][0][number])
            for term, weight in combined.items():
                docs[term].append(number)
                weights[term].append(quantise(weight) * 2 + (term in in_title))
        encoded: dict[str, str] = {}
        for name, term_id in self._ids.items():
            flat: list[int] = []
            previous = 0
            for number, weight in zip(docs[term_id], weights[term_id]):
                flat += (number - previous, weight)
                previous = number
            encoded[name] = "[" + ",".join(map(str, flat)) + "]"
        return encoded


def _shard_json(postings: dict[str, str], table: dict[str, str], names: list[str]) -> str:
    """A shard: "t", the posting lists of its terms; "w", the terms of its words (where the
    term is not the word itself): what the browser asks instead of stemming."""
    lists = ",".join(f"{json.dumps(name, ensure_ascii=False)}:{postings[name]}" for name in names if name in postings)
    found = {name: table[name] for name in names if name in table}
    return '{"t":{' + lists + '},"w":' + json.dumps(found, ensure_ascii=False, separators=(",", ":")) + "}"


def _shards(postings: dict[str, str], table: dict[str, str]) -> dict[str, list[str]]:
    """Group terms and words by prefix, lengthening a prefix while its shard is too big."""
    def size(names: list[str]) -> int:
        return sum(len(name) + 4 + len(postings.get(name, "")) + (len(table[name]) + len(name) + 6 if name in table else 0)
                   for name in names)

    def split(prefix: str, names: list[str]) -> dict[str, list[str]]:
        if len(prefix) >= MAX_PREFIX or size(names) <= SHARD_TARGET:
            return {prefix: names}
        longer: dict[str, list[str]] = defaultdict(list)
        here: list[str] = []
        for name in names:
            (longer[name[: len(prefix) + 1]] if len(name) > len(prefix) else here).append(name)
        result: dict[str, list[str]] = {}
        if here:
            result[prefix + "\u0000"] = here  # names equal to the prefix
        for longer_prefix, group in sorted(longer.items()):
            result.update(split(longer_prefix, group))
        return result

    first: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(postings) | set(table)):
        first[name[:1]].append(name)
    shards: dict[str, list[str]] = {}
    for prefix, names in sorted(first.items()):
        shards.update(split(prefix, names))
    return shards


def shard_file(key: str) -> str:
    return "shard-" + key.encode("utf-8").hex() + ".js"


def vocab_file(key: str) -> str:
    return "vocab-" + key.encode("utf-8").hex() + ".js"


def _script(name: str, data: Any = None, raw: str | None = None) -> str:
    payload = raw if raw is not None else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"mshtHubSearch.receive({json.dumps(name)},{payload});\n"


def _mask(values: tuple[str, ...], order: list[str]) -> int:
    return sum(1 << order.index(value) for value in values if value in order)


def _position(values: tuple[str, ...], order: list[str]) -> int:
    """A single-valued facet's value by its position, -1 for none."""
    return order.index(values[0]) if values and values[0] in order else -1


def glossary_entry(short: str, expansion: str) -> list[Any]:
    """An abbreviation and its expansion as the manifest gives them to the browser, analysed
    here: [short, expansion, short's words, expansion's words, short's terms, expansion's terms]."""
    return [short, expansion, analyser.words(short), analyser.words(expansion), terms(short), terms(expansion)]


def index_files(builder: SearchIndexBuilder, facets: OfferedFacets,
                glossary: list[tuple[str, str]], edition: str) -> Iterator[tuple[str, str]]:
    """(file name under search/, script text), one file at a time, so that a large index is
    written without ever being held whole."""
    postings = builder.postings()
    documents = builder.documents
    vocabulary = builder.vocabulary()
    store = _store()
    kept = store.inflections() if store is not None else None
    table = builder.words(kept.of if kept is not None else analyser.inflections)
    if kept is not None:
        kept.save()
    shards = _shards(postings, table)
    chunks = range(0, len(documents), CHUNK)
    names = ([shard_file(key) for key in shards] + ["facets.js", "filters.js"] + [f"docs-{start // CHUNK}.js" for start in chunks]
             + [vocab_file(key) for key in vocabulary])
    for key, names_of_shard in shards.items():
        yield shard_file(key), _script(f"shard:{key}", raw=_shard_json(postings, table, names_of_shard))
    del postings
    for key, entries in vocabulary.items():
        yield vocab_file(key), _script(f"vocab:{key}", entries)
    pages: dict[str, int] = {}
    for number, doc in enumerate(documents):
        pages.setdefault(doc.url.split("#", 1)[0], number)
    order = {facet.id: list(values) for facet, values in facets}
    single = [facet.id for facet, _ in facets if facet.single]
    plain = sorted({doc.label for doc in documents})
    yield "facets.js", _script("facets", {  # what every query needs
        "page": [pages[doc.url.split("#", 1)[0]] for doc in documents],  # the document of the page it is on
        "label": [plain.index(doc.label) for doc in documents],  # what it is, in plain words (manifest "labels")
        **{name: [_position(doc.values(name), order[name]) for doc in documents] for name in single},  # the kind, ...
    })
    yield "filters.js", _script("filters", {  # what filters and their counts need, once a filter is open or chosen
        **{name: [_mask(doc.values(name), values) for doc in documents] for name, values in order.items() if name not in single},
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
        "vocab": sorted(vocabulary),
        "facets": {facet.id: [[value, label] for value, label in values.items()] for facet, values in facets},  # in display order
        "single": single,  # the facets of one value per document, given by position in facets.js (the others are masks in filters.js)
        "badges": [KINDS[value].badge_class if value in KINDS else value for value in order.get("kind", [])],  # a result's badge, by kind
        "glossary": [glossary_entry(short, expansion) for short, expansion in glossary],
        "stop": sorted(STOP_WORDS),
        "labels": plain,
        "checklists": [number for number, label in enumerate(plain) if label in CHECKLISTS],
        "files": sorted(names + ["manifest.js"]),
    })


def write_index(folder: Path, documents: Iterable[SearchDocument], facets: OfferedFacets,
                glossary: list[tuple[str, str]], edition: str, between: Callable[[], None] = lambda: None,
                analysed: dict[SearchDocument, Analysed] | None = None) -> tuple[int, int, int]:
    """Write the split index into `folder` (which also holds the search page): every file is
    written beside it first and moved in whole, the manifest last, then the files of an older
    index are removed; a reader never sees half a file. (documents, files, bytes)
    `between` is called between steps (the preview's: it may end the job by raising);
    `analysed` keeps each document's analysis from one call to the next (the preview's)."""
    builder = SearchIndexBuilder()
    store = _store() if analysed is None else None
    if store is not None:  # a build: the analyses kept on disk, between builds and editions
        for number, (document, found) in enumerate(store.analyse_all(documents, analyse)):
            if number % 200 == 0:
                between()
            builder.add(document, found)
    else:  # the preview (its own memory) or no cache
        kept: dict[SearchDocument, Analysed] = {}
        for number, document in enumerate(documents):
            if number % 200 == 0:
                between()
            found = kept[document] = (analysed or {}).get(document) or analyse(document)
            builder.add(document, found)
        if analysed is not None:
            analysed.clear()
            analysed.update(kept)
    fresh = folder.with_name(folder.name + ".next")
    rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    size = 0
    between()
    for name, text in index_files(builder, facets, glossary, edition):
        between()
        data = text.encode("utf-8")
        (fresh / name).write_bytes(data)
        written.append(name)
        size += len(data)
    for name in sorted(written, key=lambda name: name == "manifest.js"):  # the manifest last
        os.replace(fresh / name, folder / name)
    for old in folder.iterdir():
        if _INDEX_FILE.match(old.name) and old.name not in written:
            old.unlink()
    rmtree(fresh, ignore_errors=True)
    return len(builder), len(written), size


def _store() -> AnalysisStore | None:
    cache = render_cache.active()
    folder = cache.beside("analysis") if cache is not None else None
    return AnalysisStore(folder, cache.code) if cache is not None and folder is not None else None


_INDEX_FILE = re.compile(r"^(shard-|vocab-|docs-)[0-9a-f-]*\.js$|^(manifest|facets|filters)\.js$")
