"""The shipped sample library: broad enough to show every feature at the scale of the real
one, marked as sample content, and explained by its glossary."""
from __future__ import annotations

import re

from conftest import CONFIG, ROOT, sample_only
from msht_hub.commands.project import load_project
from msht_hub.reading.catalogue import read_catalogue
from msht_hub.reading.glossary import read_glossary
from msht_hub.reading.reader import read_page

# Capitals that are not police abbreviations: country, formats and the accessibility level.
pytestmark = sample_only

NOT_ABBREVIATIONS = {"UK", "HM", "A4", "A5", "A6", "AA", "CSV", "JSON", "PDF", "QR"}


def catalogue():
    project = load_project(CONFIG)
    return project, read_catalogue(project.docs_dir, project.settings, shown_root=project.root)


def test_the_library_has_the_breadth_of_the_real_one():
    _, cat = catalogue()
    published = [doc for doc in cat.published.values() if doc.meta.status == "published"]
    kinds = {kind: [doc for doc in published if doc.kind == kind] for kind in ("guide", "debrief", "training")}
    assert len(kinds["guide"]) >= 30 and len(kinds["debrief"]) >= 8 and len(kinds["training"]) >= 6
    assert sum("fictional" in doc.title.lower() for doc in kinds["debrief"]) >= 2
    statuses = {doc.meta.status for doc in cat.documents.values()}
    assert statuses >= {"draft", "published", "superseded", "withdrawn"}
    assert any(doc.meta.classification == "OFFICIAL-SENSITIVE" and doc.kind == "debrief" for doc in cat.documents.values())


def test_every_role_has_content_worth_landing_on():
    project, cat = catalogue()
    for role in project.settings.taxonomy.roles:
        mine = [doc for doc in cat.published.values() if doc.kind != "page" and role in doc.meta.roles]
        assert len(mine) >= 5, role


def test_every_debrief_has_lessons_across_the_five_themes_and_good_practice():
    project, cat = catalogue()
    themes = set()
    for doc in cat.of_kind("debrief"):
        assert len(doc.lessons) >= 5, doc.src_uri
        themes |= {lesson.theme for lesson in doc.lessons}
        assert {lesson.kind for lesson in doc.lessons} == {"lesson", "good-practice"}, doc.src_uri
    assert themes == set(project.settings.taxonomy.lesson_themes)


def test_every_page_says_it_is_sample_content():
    project, cat = catalogue()
    for uri, doc in cat.published.items():
        if doc.kind == "page":
            continue
        _, body = read_page(project.docs_dir / uri, uri)
        assert "Illustrative sample content" in body, uri


def test_the_glossary_explains_every_abbreviation_the_content_uses():
    project, cat = catalogue()
    glossary = {entry.short for entry in read_glossary(ROOT / "includes" / "abbreviations.md", "includes/abbreviations.md")}
    operations = {word for doc in cat.of_kind("debrief") for word in doc.meta.operation.split()}
    missing = {}
    for uri, doc in cat.published.items():
        _, body = read_page(project.docs_dir / uri, uri)
        for token in re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", f"{doc.title} {body}"):
            if token not in glossary and token not in NOT_ABBREVIATIONS and token not in operations:
                missing.setdefault(token, uri)
    assert missing == {}


def test_whats_new_has_a_believable_history():
    _, cat = catalogue()
    dates = {change.date for doc in cat.published.values() if doc.kind != "page" for change in doc.meta.changes}
    dates |= {doc.meta.published for doc in cat.published.values() if doc.kind != "page" and doc.meta.published}
    assert len(dates) >= 20 and len({day.year for day in dates}) >= 2


def test_pages_have_the_shape_and_length_of_real_products():
    """Bulletins 300 to 800 words, investigation guides 800 to 1,500, debriefs 6 to 12 lessons."""
    project, cat = catalogue()
    wrong = {}
    for uri, doc in cat.published.items():
        _, body = read_page(project.docs_dir / uri, uri)
        words = len(body.split())
        kind = getattr(doc.meta, "guide_type", None)
        if kind == "bulletin" and not 300 <= words <= 800:
            wrong[uri] = words
        if kind == "investigation-guide" and not 800 <= words <= 1500:
            wrong[uri] = words
        if doc.kind == "debrief" and not 6 <= len(doc.lessons) <= 12:
            wrong[uri] = f"{len(doc.lessons)} lessons"
    assert wrong == {}
