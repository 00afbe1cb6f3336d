"""The edition of a build: the date its content is "as of" and a short identifier that
changes whenever any published page changes. Shown on every booklet (and used by the
offline cache to tell one edition from the next)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from msht_hub.reading.catalogue import Catalogue, Document


def long_date(day: date) -> str:
    """5 March 2026, the same on every platform (strftime's %-d is not portable)."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Edition:
    as_of: date
    id: str

    @property
    def label(self) -> str:
        return long_date(self.as_of)

    @property
    def short(self) -> str:
        """A short, readable label that tells two editions of one day apart, e.g. '7F3A'."""
        return self.id.rsplit("-", 1)[-1][:4].upper()


def content_digest(doc: Document) -> str:
    """What a page says (front-matter and body), short: it changes when the page does."""
    return hashlib.sha256((json.dumps(doc.meta.model_dump(mode="json"), sort_keys=True) + doc.body_digest).encode()).hexdigest()[:12]


def edition_of(catalogue: Catalogue, today: date) -> Edition:
    digest = hashlib.sha256()
    for uri, doc in sorted(catalogue.published.items()):
        digest.update(uri.encode())
        digest.update(content_digest(doc).encode())
    digest.update(today.isoformat().encode())
    return Edition(as_of=today, id=f"{today:%Y%m%d}-{digest.hexdigest()[:8]}")
