"""Old addresses that must keep working: a moved page's old paths (`redirect_from`) lead to
it, and a withdrawn page's address leads to its replacement or to a short notice.

Written as small static HTML files, so they stay out of the navigation, search and sitemap.
A withdrawn notice never names the page: nothing of withdrawn content is published."""
from __future__ import annotations

from dataclasses import dataclass

from msht_hub.reading.catalogue import RANK, Catalogue


@dataclass(frozen=True)
class Redirect:
    old: str  # the content path whose address is kept, e.g. "guides/old-name.md"
    target: str | None  # the content path it leads to; None shows the withdrawn notice
    why: str  # "moved" or "withdrawn"


def withdrawn_notices(catalogue: Catalogue) -> list[str]:
    """Withdrawn pages whose addresses keep a notice. A page above the build's classification
    leaves no trace, not even a notice."""
    ceiling = RANK[catalogue.settings.max_classification]
    return [uri for uri in sorted(catalogue.excluded)
            if str(catalogue.documents[uri].meta.status) == "withdrawn" and RANK[catalogue.documents[uri].meta.classification] <= ceiling]


def plan_redirects(catalogue: Catalogue) -> list[Redirect]:
    published = catalogue.published
    redirects = [Redirect(old, uri, "moved") for uri, doc in sorted(published.items()) for old in doc.meta.redirect_from]
    for uri in withdrawn_notices(catalogue):
        doc = catalogue.documents[uri]
        replacement = doc.superseded_by
        target = replacement if replacement in published else None
        redirects.extend(Redirect(old, target, "withdrawn") for old in [uri, *doc.meta.redirect_from])
    return redirects
