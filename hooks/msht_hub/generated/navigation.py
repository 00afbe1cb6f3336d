"""The hub's navigation: sections, never every page.

Stock Material renders the whole navigation tree into every page, so a page's HTML (and the
build time) grows with the size of the hub. The hub's sidebar holds the home page, a
landing page per role, the kind indexes, the register and the hand-made plain pages; the
thousands of guides, debriefs and lessons are reached through those listings and search."""
from __future__ import annotations

from typing import Any

from msht_hub.generated.listings import GeneratedPage, RoleLanding
from msht_hub.reading.catalogue import Document


def hub_nav(listings: list[GeneratedPage], plain_pages: list[Document]) -> list[Any]:
    """A value for MkDocs' `nav` setting."""
    nav: list[Any] = []
    home = [doc for doc in plain_pages if doc.src_uri == "index.md"]
    if home:
        nav.append({"Home": "index.md"})
    roles = [listing for listing in listings if isinstance(listing, RoleLanding)]
    if roles:
        nav.append({"By role": [{listing.nav_title: listing.src_uri} for listing in roles]})
    nav.extend({listing.nav_title: listing.src_uri} for listing in listings if not isinstance(listing, RoleLanding) and listing.in_nav)
    nav.extend({doc.title: doc.src_uri} for doc in sorted(plain_pages, key=lambda d: d.src_uri) if doc.src_uri != "index.md")
    return nav
