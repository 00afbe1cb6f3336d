"""Every path the build writes besides the content's own pages and files, in one place:
each output module declares what it writes (its `WRITES`: a path, or a folder ending in
"/", and what it is), and the engine's and theme's files are named here. A content page,
attachment or old address that would land on one of them is refused before the build
writes anything (addresses.py), so a new output reserves its paths by declaring them."""
from __future__ import annotations

from collections.abc import Mapping

from msht_hub.generated import exports, feeds, plan
from msht_hub.outputs import card_fonts, csp, offline, search_index
from msht_hub.planning import booklets
from msht_hub.reading import review

ENGINE_WRITES = {  # what MkDocs and the theme (Material, with the hub's overrides/) write at the site's root
    "assets/javascripts/": "the theme's scripts", "assets/stylesheets/": "the theme's stylesheets",
    "assets/images/": "the theme's images", "assets/hub/": "the hub's theme files (overrides/assets/hub/)",
    "sitemap.xml": "the sitemap", "sitemap.xml.gz": "the compressed sitemap", "404.html": "the page for a missing address",
}
DECLARING = (search_index, exports, feeds, offline, csp, review, booklets, card_fonts, plan)


def reserved_paths() -> dict[str, str]:
    """Output path (a folder ends in "/") -> what writes it, read from the declarations each time."""
    paths = dict(ENGINE_WRITES)
    for module in DECLARING:
        declared: Mapping[str, str] = module.WRITES
        paths.update(declared)
    return paths
