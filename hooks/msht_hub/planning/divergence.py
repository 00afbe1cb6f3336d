"""The divergence report for the national editor: for each force's layer (layers.py), the
national pages it replaces or hides, and how each replacement's date stands against the
national page's last change. A page's last change is the day of the last commit that touched
its file (last_commits.py, one git call for every file); when the folder is not a git
repository or the file was never committed, the latest of its `last_reviewed`, `published` and
`changes:` dates. Each date says which it came from. A pure function of each edition's
catalogue and those commit dates."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from msht_hub.planning.edition import long_date
from msht_hub.reading.catalogue import Catalogue, exclusion_reason

FORMAT = 1
GIT, FRONT_MATTER = "git", "front-matter"  # where a date of the report came from
SOURCES = {GIT: "from the last commit", FRONT_MATTER: "from front-matter"}


def last_change(catalogue: Catalogue, uri: str) -> date | None:
    """The page's last change by its front-matter: the latest of its dates."""
    doc = catalogue.documents.get(uri)
    front = doc.front if doc else None
    if front is None:
        return None
    return max([front.last_reviewed, *([front.published] if front.published else []), *(change.date for change in front.changes)])


def changed(catalogue: Catalogue, uri: str, commits: dict[str, date] | None) -> tuple[date | None, str | None]:
    """The page's last change and where it came from: its file's last commit (`commits`, by
    the file's path as an editor sees it), else its front-matter."""
    doc = catalogue.documents.get(uri)
    if doc is None:
        return None, None
    if commits is not None and doc.shown_path in commits:
        return commits[doc.shown_path], GIT
    day = last_change(catalogue, uri)
    return day, FRONT_MATTER if day else None


@dataclass(frozen=True)
class Divergence:
    layer: str
    force: str
    action: str  # replaces | hides
    page: str  # the national page, by its path under content/
    title: str  # the national page's title
    reason: str
    local_path: str | None  # the force's page that replaces it
    national_changed: date | None
    local_changed: date | None
    review_due: date | None  # when the force said it would review its replacement
    national_source: str | None = None  # where national_changed came from: git | front-matter
    local_source: str | None = None  # where local_changed came from

    @property
    def days(self) -> int | None:
        """How many days the national page changed after the force's version (negative: before)."""
        if self.national_changed is None or self.local_changed is None:
            return None
        return (self.national_changed - self.local_changed).days

    @property
    def national_from(self) -> str:
        return SOURCES.get(self.national_source or "", "")

    @property
    def local_from(self) -> str:
        return SOURCES.get(self.local_source or "", "")

    @property
    def stale(self) -> bool:
        return self.action == "replaces" and (self.days or 0) > 0

    def finding(self, today: date | None = None) -> str:
        if self.action == "hides":
            return f"hidden from {self.force}'s edition: {self.reason}"
        days = self.days
        if self.stale:
            line = f"national page changed {days} days after {self.force}'s version: review"
        elif days is None:
            line = f"replaced by {self.force}"
        elif days == 0:
            line = f"national page and {self.force}'s version changed on the same day"
        else:
            line = f"{self.force}'s version is {-days} days newer than the national page"
        if today is not None and self.review_due is not None and self.review_due < today:
            line += f"; {self.force}'s review was due on {long_date(self.review_due)}"
        return line

    def record(self, today: date | None = None) -> dict[str, Any]:
        return {"layer": self.layer, "force": self.force, "action": self.action, "page": self.page, "title": self.title,
                "reason": self.reason, "local_path": self.local_path,
                "national_changed": self.national_changed.isoformat() if self.national_changed else None,
                "local_changed": self.local_changed.isoformat() if self.local_changed else None,
                "national_changed_from": self.national_source, "local_changed_from": self.local_source,
                "review_due": self.review_due.isoformat() if self.review_due else None,
                "days_national_after_local": self.days, "stale": self.stale, "finding": self.finding(today)}


def _left_out_anyway(edition: Catalogue, uri: str) -> bool:
    """A page this build would leave out whatever the layer says (a draft, withdrawn, above the
    classification): the report, published in the national edition, must not name it."""
    doc = edition.documents.get(uri)
    return doc is None or doc.is_draft or exclusion_reason(doc.meta, edition.settings) is not None


def divergence_of(edition: Catalogue, hides: dict[str, str], commits: dict[str, date] | None = None) -> list[Divergence]:
    """What a force's edition (its catalogue, with its layer) replaces and hides; `hides` is
    each hidden page's reason as layer.yml gives it, `commits` each committed file's last
    commit (last_commits.py; None: not a git repository). Only pages the build publishes are
    named: a replaced or hidden page above the classification, a draft or a withdrawn page
    (or a force's page left out for one of these reasons) leaves no line, as in every output."""
    layer = edition.layer
    if layer is None:
        return []
    found = []
    for uri, copy in sorted(layer.copies.items()):
        if _left_out_anyway(edition, uri) or _left_out_anyway(edition, copy):
            continue
        doc, national = edition.documents[uri], edition.documents.get(copy)
        override = doc.front.overrides if doc.front else None
        national_changed, national_source = changed(edition, copy, commits)
        local_changed, local_source = changed(edition, uri, commits)
        found.append(Divergence(layer.id, layer.name, "replaces", uri, national.title if national else uri,
                                override.reason if override else "", doc.shown_path, national_changed,
                                local_changed, override.review_due if override else None, national_source, local_source))
    for uri in sorted(layer.hidden):
        if _left_out_anyway(edition, uri):
            continue
        hidden = edition.documents.get(uri)
        national_changed, national_source = changed(edition, uri, commits)
        found.append(Divergence(layer.id, layer.name, "hides", uri, hidden.title if hidden else uri, hides.get(uri, ""), None,
                                national_changed, None, None, national_source))
    return found


def report_json(findings: list[Divergence], today: date) -> str:
    return json.dumps({"format": FORMAT, "as_of": today.isoformat(),
                       "stale": sum(finding.stale for finding in findings),
                       "divergence": [finding.record(today) for finding in findings]}, indent=1, ensure_ascii=False) + "\n"
