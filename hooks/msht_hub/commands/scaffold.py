"""`hub new`: a new page of a kind with valid front-matter, today's dates and sensible defaults.
New pages start as drafts, so nothing is published before an editor means it to be."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import yaml

from msht_hub.reading.kinds import FOLDERS, NewPage, new_page_fields
from msht_hub.reading.settings import Taxonomy

BODY = "Write the page here.\n"  # no sample notice: a new page is the force's own


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug or "untitled"


def new_page(kind: str, title: str, today: date, taxonomy: Taxonomy, owner: str, **options: Any) -> tuple[str, str]:
    """Return (path under the content folder, file text) of a new page."""
    meta: dict[str, Any] = {
        "title": title,
        "summary": f"One or two sentences on what {title} is for.",
        "roles": [next(iter(taxonomy.roles))],
        "tags": [],
        "exploitation": [],
        "owner": owner,
        "last_reviewed": today.isoformat(),
        "review_due": (today + timedelta(days=365)).isoformat(),
        "status": "draft",
    }
    meta.update(new_page_fields(kind, NewPage(title, slugify(title), today, taxonomy, options)))  # its kind's own (kinds.py)
    text = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n" + BODY
    return f"{FOLDERS[kind]}/{slugify(title)}.md", text
