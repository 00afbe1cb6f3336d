"""`hub new`: a new page of a kind with valid front-matter, today's dates and sensible defaults.
New pages start as drafts, so nothing is published before an editor means it to be."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import yaml

from .kinds import FOLDERS
from .settings import Taxonomy

NOTICE = "*Illustrative sample content: not official guidance.*\n\nWrite the page here.\n"


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
    if kind == "guide":
        meta["guide_type"] = options.get("guide_type") or "bulletin"
        if meta["guide_type"] == "language-card":
            meta.update(statements=["You are safe. I am a police officer.", "Are you hurt?"],
                        answers={"say_yes": "Yes", "say_no": "No", "say_dont_know": "I don't know"},
                        languages=[{"tag": "sq", "name": "Shqip", "english_name": "Albanian", "direction": "ltr",
                                    "translator": "Who translated it", "reviewer": None, "reviewed": None,
                                    "statements": ["(the first statement in Albanian)", "(the second)"],
                                    "answers": {"say_yes": "Po", "say_no": "Jo", "say_dont_know": "Nuk e di"}}])
    elif kind == "training":
        meta.update(format=options.get("format") or "course", duration="2 hours",
                    outcomes=["What a learner can do after it."], prerequisites=[])
    elif kind == "debrief":
        meta.update(
            exploitation=[next(iter(taxonomy.exploitation))],
            operation=title, lead_force="Lead force", partners=[],
            period={"start": today.year}, published=today.isoformat(),
            outcome="The criminal justice outcome.",
            lessons=[{"id": f"{slugify(title)}-01", "theme": next(iter(taxonomy.lesson_themes)),
                      "kind": "lesson", "title": "The lesson in a line", "text": "What was learned, and what to do differently."}],
        )
    text = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n" + NOTICE
    return f"{FOLDERS[kind]}/{slugify(title)}.md", text
