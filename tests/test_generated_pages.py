"""Generated pages: a landing page per role, an index per kind, the lessons register, the
exports and related content, all from the catalogue; and a navigation that does not grow
with the number of pages."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CONFIG, valid

ROLES = ["frontline", "call-handler", "investigator", "analyst", "vlo", "strategic-lead", "trainer", "partner"]


def soup(site: Path, url_path: str) -> BeautifulSoup:
    return BeautifulSoup((site / url_path / "index.html").read_text(encoding="utf-8"), "html.parser")


def shipped_catalogue():
    from msht_hub.commands.project import load_project
    from msht_hub.reading.catalogue import read_catalogue

    project = load_project(CONFIG)
    return read_catalogue(project.docs_dir, project.settings)


def test_every_role_has_a_generated_landing_page_with_no_markdown_written(shipped_site):
    assert not (CONFIG.parent / "content" / "roles").exists()
    for role in ROLES:
        page = soup(shipped_site, f"roles/{role}")
        assert page.select(".hub-card"), role


FIRST_CONTACT = ["First Contact 1: recognising the signs", "First Contact 2: at the scene",
                 "First Contact 3: safeguarding the person in front of you",
                 "First Contact 4: recording, referral and the duty to notify", "First Contact 5: preserving evidence"]


def test_the_frontline_landing_page_puts_its_essentials_first_then_cards(shipped_site):
    page = soup(shipped_site, "roles/frontline")
    essentials = [a.get_text() for a in page.select(".hub-essentials .hub-quicklist a")]
    assert essentials == ["Initial actions aide-memoire", *FIRST_CONTACT, "First Contact booklet"]  # every section, once
    groups = [section.h2["id"] for section in page.select("section.hub-group")]
    assert groups[0] == "aide-memoires"
    assert groups.index("guides") < groups.index("debriefs") < groups.index("training")
    first = page.select("section.hub-group")[0].select(".hub-card")
    titles = [card.select_one(".hub-card__title").get_text() for card in first]
    assert not {"Initial actions aide-memoire", *FIRST_CONTACT} & set(titles)  # listed once, in the essentials
    for card in page.select("section.hub-group .hub-card"):
        assert card.select_one(".hub-card__summary").get_text(strip=True)
        assert card.select_one(".hub-badge").get_text() in {"Guide", "Debrief", "Training"}
        assert card.select_one("[data-review-state]") is not None
        assert "frontline" in card["data-roles"].split()


def test_a_landing_page_lists_only_what_is_meant_for_its_role(shipped_site):
    catalogue = shipped_catalogue()
    for role in ROLES:
        expected = {doc.title for doc in catalogue.published.values()
                    if doc.kind != "page" and role in doc.meta.roles and doc.meta.status == "published"}
        page = soup(shipped_site, f"roles/{role}")
        listed = {a.get_text() for a in page.select("section.hub-group .hub-card__title")}
        listed |= {a.get_text() for a in page.select(".hub-essentials .hub-quicklist a") if not a.get_text().endswith("booklet")}
        if role == "trainer":  # a trainer sees every course, whoever its audience
            expected |= {doc.title for doc in catalogue.published.values() if doc.kind == "training" and doc.meta.status == "published"}
        assert listed == expected, role


def test_the_guides_index_groups_guides_by_type(shipped_site):
    page = soup(shipped_site, "guides")
    headings = [h2.get_text() for h2 in page.select("section.hub-group h2")]
    assert headings[:2] == ["Aide-memoires", "Investigation guides"]
    assert "Superseded, kept for reference" in headings
    investigation = page.select_one("section.hub-group:has(#investigation-guide)")
    assert {a.get_text() for a in investigation.select(".hub-card__title")} == {
        "Investigating labour exploitation", "Investigating sexual exploitation", "Investigating criminal exploitation"}


def test_the_debriefs_index_is_a_table_of_operation_force_exploitation_year_and_lessons(shipped_site):
    table = soup(shipped_site, "debriefs").select_one("table.hub-table")
    assert [th.get_text() for th in table.select("thead th")] == ["Operation", "Lead force", "Exploitation", "Year", "Lessons"]
    rows = {tr.th.a["href"]: [td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")}
    fort = shipped_catalogue().documents["debriefs/op-fort.md"].meta
    assert rows["../debriefs/op-fort/"] == [fort.lead_force, "Labour exploitation", str(fort.published.year), str(len(fort.lessons))]
    assert not any("LANTERN" in name.upper() for name in rows)  # OFFICIAL-SENSITIVE, above this build


def test_the_training_index_shows_format_duration_and_audience(shipped_site):
    table = soup(shipped_site, "training").select_one("table.hub-table")
    assert [th.get_text() for th in table.select("thead th")] == ["Training", "Format", "Duration", "Audience"]
    published = [doc for doc in shipped_catalogue().published.values() if doc.kind == "training" and doc.meta.status == "published"]
    assert len(table.select("tbody tr")) == len(published) >= 6
    vlo = next(tr for tr in table.select("tbody tr") if "victim liaison" in tr.th.get_text().lower())
    assert "Victim liaison officer" in vlo.select("td")[2].get_text()


def test_the_register_lists_every_published_lesson_linking_to_its_anchor(shipped_site):
    catalogue = shipped_catalogue()
    expected = [(doc, lesson) for doc, lesson in catalogue.lessons() if doc.meta.status == "published"]
    rows = soup(shipped_site, "lessons").select("[data-hub-register] > li")
    assert len(rows) == len(expected) > 10
    for row in rows:
        href = row.select_one("h2 a")["href"]
        path, anchor = href.removeprefix("../").split("#")
        assert soup(shipped_site, path.rstrip("/")).find(id=anchor) is not None, href
    by_id = {row.select_one("h2 a")["href"].split("#lesson-")[1]: row for row in rows}
    doc, lesson = expected[0]
    row = by_id[lesson.id]
    assert row["data-theme"] == lesson.theme and row["data-kind"] == lesson.kind
    assert row["data-year"] == str(doc.meta.published.year)
    assert row["data-exploitation"].split() == list(doc.meta.exploitation)
    assert lesson.text in row.get_text()


def test_the_register_links_the_exports(shipped_site):
    links = {a["href"] for a in soup(shipped_site, "lessons").select(".hub-exports a")}
    assert links == {"../exports/lessons.csv", "../exports/lessons.json", "../exports/catalogue.csv", "../exports/catalogue.json"}


def test_the_lessons_csv_has_one_row_per_published_lesson_in_the_documented_layout(shipped_site):
    from msht_hub.generated.exports import LESSON_FIELDS

    rows = list(csv.DictReader(io.StringIO((shipped_site / "exports/lessons.csv").read_text(encoding="utf-8"))))
    catalogue = shipped_catalogue()
    expected = {lesson.id for doc, lesson in catalogue.lessons() if doc.meta.status == "published"}
    assert tuple(rows[0]) == LESSON_FIELDS
    assert len(rows) == len(expected) and {row["id"] for row in rows} == expected
    fort = next(row for row in rows if row["operation"] == "Op FORT")
    assert fort["url"].startswith("debriefs/op-fort/#lesson-") and fort["exploitation"] == "labour"
    data = json.loads((shipped_site / "exports/lessons.json").read_text(encoding="utf-8"))
    assert data["format"] == 1 and len(data["lessons"]) == len(rows)
    assert [lesson["id"] for lesson in data["lessons"]] == [row["id"] for row in rows]


def test_the_catalogue_exports_list_every_published_guide_debrief_and_training_item(shipped_site):
    from msht_hub.generated.exports import CATALOGUE_FIELDS

    catalogue = shipped_catalogue()
    expected = {uri for uri, doc in catalogue.published.items() if doc.kind != "page"}
    rows = list(csv.DictReader(io.StringIO((shipped_site / "exports/catalogue.csv").read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CATALOGUE_FIELDS
    assert {row["path"] for row in rows} == expected
    assert "guides/adult-services-websites.md" not in {row["path"] for row in rows}  # a draft
    data = json.loads((shipped_site / "exports/catalogue.json").read_text(encoding="utf-8"))
    fort = next(item for item in data["catalogue"] if item["path"] == "debriefs/op-fort.md")
    assert fort["lessons"] == len(catalogue.documents["debriefs/op-fort.md"].lessons)
    assert fort["roles"] == list(catalogue.documents["debriefs/op-fort.md"].meta.roles)


def test_a_guide_shows_lessons_from_cases_and_a_debrief_shows_relevant_guidance(shipped_site):
    guide = soup(shipped_site, "guides/investigating-labour-exploitation")
    box = guide.select_one(".hub-related")
    assert box.h2.get_text() == "Lessons from cases"
    assert "Op FORT debrief" in [a.get_text() for a in box.select(".hub-card__title")]
    debrief = soup(shipped_site, "debriefs/op-fort").select_one(".hub-related")
    assert debrief.h2.get_text() == "Relevant guidance"
    assert "Investigating labour exploitation" in [a.get_text() for a in debrief.select(".hub-card__title")]


def test_the_sidebar_holds_sections_not_every_page(shipped_site):
    nav = soup(shipped_site, "guides/initial-actions").select_one(".md-nav--primary")
    labels = [a.get_text(strip=True) for a in nav.select("a.md-nav__link")]
    for section in ["Home", "Guides", "Debriefs", "Lessons register", "Training", "Frontline officer"]:
        assert section in labels
    assert "Op FORT debrief" not in labels and "Initial actions aide-memoire" not in labels


def test_the_navigation_is_the_plans_sections_in_order(project, caplog):
    project.page("guides/stop.md", valid("guide", title="Stop and think", guide_type="aide-memoire"))
    project.page("debriefs/op.md", valid("debrief", title="Op debrief"))
    project.page("about.md", valid("page", title="About"))
    spied = project.build_spied(caplog)
    assert spied.result.ok, spied.result.errors
    top = [item.title for item in spied.nav.items]
    assert top == ["Home", "By role", "Guides", "Debriefs", "Lessons register", "Training", "What's new",
                   "Glossary", "Search", "Languages", "About"]
    roles = next(item for item in spied.nav.items if item.title == "By role")
    assert [child.title for child in roles.children] == list(spied.plan.catalogue.settings.taxonomy.roles.values())
    pages = {page.file.src_uri for page in spied.nav.pages}
    assert "guides/stop.md" not in pages and "debriefs/op.md" not in pages  # reached through the listings
    assert "offline/index.md" not in pages and set(spied.plan.pages) - {"offline/index.md"} <= pages


def test_every_pages_header_carries_the_roles_but_not_their_essentials(shipped_site):
    import json

    bar = soup(shipped_site, "guides/initial-actions").select_one("[data-hub-rolebar]")
    roles = json.loads(bar["data-roles"])
    assert [role["id"] for role in roles][:2] == ["frontline", "call-handler"]
    assert all(set(role) == {"id", "label", "url"} for role in roles)  # essentials are the home page's alone


@pytest.mark.slow
def test_a_page_does_not_grow_with_the_number_of_pages_in_the_hub(project, caplog):
    def build_with(count: int) -> int:
        for n in range(count):
            project.page(f"guides/bulk-{n:03}.md", valid("guide", title=f"Bulk guide number {n}", tags=["bulk"]))
            project.page(f"debriefs/bulk-{n:03}.md", valid("debrief", title=f"Bulk debrief {n}", tags=["bulk"]))
        result = project.build(caplog)
        assert result.ok, result.errors
        return len(result.page("guides/bulk-000").encode())

    small = build_with(3)
    large = build_with(60)
    assert large <= small * 1.05, (small, large)


def test_a_content_page_at_a_generated_address_is_refused_by_name(project, caplog):
    project.page("guides/index.md", valid("guide"))
    result = project.build(caplog)
    assert not result.ok
    assert any("guides/index.md" in error and "generates" in error for error in result.errors)


def test_without_javascript_the_role_chooser_is_a_list_of_links_to_the_landing_pages(shipped_site):
    chooser = soup(shipped_site, "").select_one("nav#roles")
    links = {a["data-hub-choose-role"]: a["href"] for a in chooser.select("a")}
    assert list(links) == ROLES
    assert all(href == f"./roles/{role}/" for role, href in links.items())
