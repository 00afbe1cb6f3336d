"""Review status of pages: current, due soon or overdue, from review_due and a clock."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from msht_hub.reading.catalogue import Catalogue
from msht_hub.reading.settings import HubSettings

WRITES = {"reports/": "the review and divergence reports"}  # the paths this output writes (outputs/paths.py)
STATES = {"current": "Current", "due-soon": "Review due soon", "overdue": "Review overdue"}


def review_state(review_due: date, today: date, due_soon_days: int) -> str:
    if review_due < today:
        return "overdue"
    if review_due <= today + timedelta(days=due_soon_days):
        return "due-soon"
    return "current"


@dataclass(frozen=True)
class ReviewEntry:
    path: str
    title: str
    owner: str
    review_due: date
    state: str

    @property
    def problem(self) -> str:
        return f"{STATES[self.state].lower()} ({self.review_due}); owner: {self.owner}"

    def line(self) -> str:
        return f"{self.path}: review_due: {self.problem}"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "title": self.title, "owner": self.owner,
                "review_due": self.review_due.isoformat(), "state": self.state}


def review_report(catalogue: Catalogue, today: date) -> list[ReviewEntry]:
    """Published pages that are overdue or due soon, the most overdue first."""
    soon = catalogue.settings.review_due_soon_days
    entries = []
    for doc in catalogue.published.values():
        due, front = doc.review_due, doc.front
        if due is None or front is None or front.status == "superseded":  # a replaced page is not reviewed
            continue
        state = review_state(due, today, soon)
        if state != "current":
            entries.append(ReviewEntry(doc.shown_path, doc.title, front.owner, due, state))
    return sorted(entries, key=lambda entry: (entry.review_due, entry.path))


def review_report_data(entries: list[ReviewEntry], today: date, settings: HubSettings) -> dict[str, Any]:
    """The review report as written to reports/review.json."""
    return {
        "today": today.isoformat(),
        "due_soon_days": settings.review_due_soon_days,
        "overdue": sum(entry.state == "overdue" for entry in entries),
        "pages": [entry.as_dict() for entry in entries],
    }
