"""The downloadable exports: every published lesson and the whole published catalogue, as
CSV and JSON, in a stable layout documented in docs/exports.md. Columns are only ever added
at the end; the JSON carries a format version."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from msht_hub.generated.listings import Card, LessonRow
from msht_hub.reading.provenance import NATIONAL_GUIDANCE, Provenance

FORMAT = 1
WRITES = {"exports/": "the lessons and catalogue exports"}  # the paths this output writes (outputs/paths.py)
LIST_SEPARATOR = "; "  # how a list is written into one CSV cell

LESSON_FIELDS = (
    "id", "title", "text", "kind", "theme", "theme_label", "year", "url",
    "operation", "debrief_title", "debrief_url", "lead_force", "exploitation", "classification",
    "layer",
)
CATALOGUE_FIELDS = (
    "path", "url", "kind", "type", "title", "summary", "roles", "exploitation", "tags", "owner",
    "last_reviewed", "review_due", "review_state", "status", "classification",
    "operation", "lead_force", "published", "lessons", "format", "duration",
    "origin", "layer",
)


def _national(src_uri: str) -> Provenance:
    return NATIONAL_GUIDANCE


def lesson_record(row: LessonRow, provenance: Callable[[str], Provenance] = _national) -> dict[str, Any]:
    debrief, lesson = row.debrief, row.lesson
    facts = debrief.document.debrief
    assert facts is not None  # the register lists debriefs' lessons
    return {
        "id": lesson.id, "title": lesson.title, "text": lesson.text, "kind": lesson.kind,
        "theme": lesson.theme, "theme_label": lesson.theme_label, "year": row.year, "url": row.url,
        "operation": facts.operation, "debrief_title": debrief.meta.title, "debrief_url": debrief.url,
        "lead_force": facts.lead_force, "exploitation": [kind for kind, _ in debrief.exploitation],
        "classification": debrief.meta.classification,
        "layer": provenance(debrief.document.src_uri).layer,
    }


def catalogue_record(card: Card, provenance: Callable[[str], Provenance] = _national) -> dict[str, Any]:
    doc = card.document
    meta = doc.front
    assert meta is not None  # cards are made for guides, debriefs and training only
    published, debrief, training = doc.published, doc.debrief, doc.training
    return {
        "path": card.document.src_uri, "url": card.url, "kind": card.kind,
        "type": doc.type_id,
        "title": meta.title, "summary": meta.summary, "roles": list(meta.roles),
        "exploitation": [kind for kind, _ in card.exploitation], "tags": list(meta.tags), "owner": meta.owner,
        "last_reviewed": meta.last_reviewed.isoformat(), "review_due": meta.review_due.isoformat(),
        "review_state": card.review_state, "status": meta.status, "classification": meta.classification,
        "operation": debrief.operation if debrief else None, "lead_force": debrief.lead_force if debrief else None,
        "published": published.isoformat() if published else None,
        "lessons": len(card.document.lessons) if card.kind == "debrief" else None,
        "format": training.format if training else None, "duration": training.duration if training else None,
        # where it comes from (national | local | replaced | national-copy) and the force's layer, if any
        "origin": provenance(doc.src_uri).origin, "layer": provenance(doc.src_uri).layer,
    }


def to_csv(records: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(record[key]) for key in fields})
    return out.getvalue()


# A cell a spreadsheet would read as a formula starts with one of these (OWASP, CSV injection).
FORMULA_LEADERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe, so it is shown
    as the text it is (OWASP's CSV-injection guidance). Only the CSV does this; the JSON keeps
    every value exactly as written."""
    return "'" + text if text.lstrip(" \u00a0").startswith(FORMULA_LEADERS) else text


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else value


def to_json(name: str, records: list[dict[str, Any]], edition: dict[str, str]) -> str:
    return json.dumps({"format": FORMAT, "name": name, **edition, name: records}, indent=1, ensure_ascii=False) + "\n"


def export_files(lessons: list[LessonRow], cards: list[Card], edition: dict[str, str],
                 provenance: Callable[[str], Provenance] = _national) -> dict[str, str]:
    """Site path -> text, for every export file."""
    lesson_records = [lesson_record(row, provenance) for row in lessons]
    catalogue_records = [catalogue_record(card, provenance) for card in cards]
    return {
        "exports/lessons.csv": to_csv(lesson_records, LESSON_FIELDS),
        "exports/lessons.json": to_json("lessons", lesson_records, edition),
        "exports/catalogue.csv": to_csv(catalogue_records, CATALOGUE_FIELDS),
        "exports/catalogue.json": to_json("catalogue", catalogue_records, edition),
    }
