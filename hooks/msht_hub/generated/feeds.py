"""Atom feeds of What's new: one for everything and one per role, rendered from
overrides/fragments/hub/feed.xml. Atom needs absolute addresses, taken from site_url."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from msht_hub.generated.fragments import Fragments
from msht_hub.generated.listings import ChangeEntry, ListingPlanner


@dataclass(frozen=True)
class Feed:
    path: str  # under the site root, e.g. feeds/frontline.xml
    title: str
    entries: list[ChangeEntry]

WRITES = {"feeds/": "the Atom feeds"}  # the paths this output writes (outputs/paths.py)


def feed_path(role: str | None = None) -> str:
    return f"feeds/{role or 'whats-new'}.xml"


def plan_feeds(planner: ListingPlanner, site_name: str) -> list[Feed]:
    feeds = [Feed(feed_path(), f"{site_name}: what's new", planner.recent_changes())]
    feeds.extend(
        Feed(feed_path(role), f"{site_name}: what's new for {label}", planner.recent_changes(role))
        for role, label in planner.settings.taxonomy.roles.items()
    )
    return feeds


def render_feeds(feeds: list[Feed], fragments: Fragments, site_url: str, page_url: str, today: date) -> dict[str, str]:
    """Site path -> Atom XML. page_url is the What's new page, relative to the site root."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return {
        feed.path: fragments.render(
            "feed.xml", feed=feed, base=base, absolute=lambda url: urljoin(base, url),
            page=urljoin(base, page_url), updated=max((entry.date for entry in feed.entries), default=today),
        )
        for feed in feeds
    }
