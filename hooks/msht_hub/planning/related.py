"""Related content: the debriefs a guide should point to ("Lessons from cases") and the
guides a debrief should point to, by shared tags and exploitation types.

Scored through an inverted index so the cost grows with the pages that actually share
something, and capped per page so a page's HTML does not grow with the hub."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from msht_hub.reading.catalogue import Document

LIMIT = 5
TAG_WEIGHT = 2  # a shared tag says more than a shared exploitation type


def _keys(doc: Document) -> Iterable[tuple[str, int]]:
    for tag in doc.tags:
        yield f"tag:{tag}", TAG_WEIGHT
    for kind in doc.exploitation:
        yield f"exploitation:{kind}", 1


def _index(documents: Iterable[Document]) -> dict[str, list[Document]]:
    index: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        for key, _ in _keys(doc):
            index[key].append(doc)
    return index


def _weight(doc: Document) -> int:
    return TAG_WEIGHT * len(doc.tags) + len(doc.exploitation)


def _ranked(doc: Document, index: dict[str, list[Document]], recency: Callable[[Document], int]) -> list[Document]:
    """Weighted Jaccard similarity: what two pages share over what either covers, so a page
    about one exploitation type beats a general page that mentions them all."""
    shared: dict[str, int] = defaultdict(int)
    by_uri: dict[str, Document] = {}
    for key, weight in _keys(doc):
        for other in index.get(key, ()):
            shared[other.src_uri] += weight
            by_uri[other.src_uri] = other
    mine = _weight(doc)
    score = {uri: common / (mine + _weight(by_uri[uri]) - common) for uri, common in shared.items()}
    ranked = sorted(score, key=lambda uri: (-score[uri], recency(by_uri[uri]), by_uri[uri].title.lower()))
    return [by_uri[uri] for uri in ranked[:LIMIT]]


def related_content(published: dict[str, Document]) -> dict[str, list[Document]]:
    """src_uri -> related documents, for every current guide and debrief."""
    current = [doc for doc in published.values() if doc.meta.status == "published"]
    guides = [doc for doc in current if doc.kind == "guide"]
    debriefs = [doc for doc in current if doc.kind == "debrief"]
    debrief_index, guide_index = _index(debriefs), _index(guides)
    newest_first = lambda doc: -(doc.published.toordinal() if doc.published else 0)  # noqa: E731
    by_title = lambda doc: 0  # noqa: E731
    related = {doc.src_uri: _ranked(doc, debrief_index, newest_first) for doc in guides}
    related.update({doc.src_uri: _ranked(doc, guide_index, by_title) for doc in debriefs})
    return {uri: docs for uri, docs in related.items() if docs}
