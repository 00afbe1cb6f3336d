"""Real builds: the shipped content builds strictly and every page shows its metadata; a
content error stops the build and leaves the previous site exactly as it was."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, site_digest, valid


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_guide_debrief_and_training_page_renders_with_its_metadata(shipped_site):
    from msht_hub.commands.project import load_project
    from msht_hub.reading.catalogue import read_catalogue

    project = load_project(ROOT / "mkdocs.yml")
    catalogue = read_catalogue(project.docs_dir, project.settings, shown_root=project.root)
    kinds = {"guide": 0, "debrief": 0, "training": 0}
    for uri, doc in catalogue.published.items():
        if doc.kind == "page":
            continue
        kinds[doc.kind] += 1
        page = soup(shipped_site / uri.removesuffix(".md") / "index.html")
        assert page.find("h1").get_text(strip=True) == doc.title, uri
        assert page.select_one(".hub-summary").get_text(strip=True) == doc.meta.summary, uri
        governance = page.select_one(".hub-governance")
        assert governance["data-review-due"] == doc.meta.review_due.isoformat(), uri
        assert doc.meta.owner in governance.get_text(), uri
        assert [m.select_one(".hub-marking__level").get_text(strip=True) for m in page.select(".hub-marking")] == [doc.meta.classification] * 2, uri
    assert kinds["guide"] >= 10 and kinds["debrief"] >= 4 and kinds["training"] >= 4


def test_a_debrief_shows_its_fact_panel_and_anchored_lessons(shipped_site):
    page = soup(shipped_site / "debriefs/op-fort/index.html")
    facts = page.select_one(".hub-facts").get_text(" ", strip=True)
    for fact in ("West Midlands Police", "2015–2019", "400 potential victims", "8 convictions", "55 years"):
        assert fact in facts
    lessons = page.select("article.hub-lesson")
    assert len(lessons) == 6
    first = lessons[0]
    assert first.find("h3")["id"] == "lesson-fort-01"
    assert first["data-theme"] == "leadership"
    assert "Good practice" in first.get_text()


def test_training_shows_format_duration_audience_outcomes_and_prerequisites(shipped_site):
    facts = soup(shipped_site / "training/specialist-investigator-course/index.html").select_one(".hub-facts")
    text = facts.get_text(" ", strip=True)
    assert "Course" in text and "4 days" in text and "Audience" in text
    assert "Investigator / SIO" in text
    assert len(facts.select(".hub-outcomes li")) == 4
    assert "The general awareness package" in text


def test_drafts_and_pages_above_the_build_classification_are_not_published(shipped_site):
    assert not (shipped_site / "guides/adult-services-websites").exists()
    assert not (shipped_site / "debriefs/op-lantern").exists()
    built = " ".join(p.read_text(encoding="utf-8", errors="ignore") for p in shipped_site.rglob("*") if p.is_file() and p.suffix in {".html", ".json", ".xml"})
    assert "LANTERN" not in built
    assert "This bulletin is a draft" not in built


def test_a_superseded_page_points_to_its_replacement(shipped_site):
    banner = soup(shipped_site / "guides/nrm-referrals-2019/index.html").select_one(".hub-status--superseded")
    link = banner.find("a")
    assert link.get_text() == "The National Referral Mechanism and first responders"
    assert link["href"] == "../nrm-first-responders/"


def test_no_page_asks_for_google_fonts(shipped_site):
    pages = sorted(shipped_site.rglob("*.html"))
    assert len(pages) > 40
    for html in pages:
        assert "fonts.googleapis.com" not in html.read_text(encoding="utf-8"), html


def test_a_small_project_builds_in_a_temporary_folder(project, caplog):
    project.page("guides/one.md", valid("guide"), "See [the debrief](../debriefs/two.md#lesson-t-02).\n")
    project.page("debriefs/two.md", valid("debrief"))
    result = project.build(caplog)
    assert result.ok, result.errors
    assert 'id="lesson-t-02"' in result.page("debriefs/two")


def test_a_link_to_a_missing_lesson_anchor_fails_the_strict_build(project, caplog):
    project.page("guides/one.md", valid("guide"), "See [the lesson](../debriefs/two.md#lesson-t-99).\n")
    project.page("debriefs/two.md", valid("debrief"))
    result = project.build(caplog)
    assert not result.ok
    assert any("lesson-t-99" in warning for warning in result.warnings)


def test_a_content_error_stops_the_build_and_leaves_the_previous_site_untouched(project, caplog):
    project.page("guides/one.md", valid("guide"))
    assert project.build(caplog).ok
    before = site_digest(project.site)
    project.page("guides/one.md", valid("guide", roles=["detective"]))
    result = project.build(caplog)
    assert not result.ok
    assert result.errors[0].endswith(
        "guides/one.md: roles[0]: 'detective' is not one of: "
        "frontline, call-handler, investigator, analyst, vlo, strategic-lead, trainer, partner"
    )
    assert site_digest(project.site) == before


def run_mkdocs(project_root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project_root, capture_output=True, text=True, env=env)


def test_mkdocs_build_reports_a_content_error_in_one_line_without_a_traceback(tmp_path):
    for name in ("mkdocs.yml", "hooks", "overrides"):
        (tmp_path / name).symlink_to(ROOT / name)
    content = tmp_path / "content" / "guides"
    content.mkdir(parents=True)
    (tmp_path / "content" / "index.md").write_text("---\ntitle: Home\n---\n")
    (content / "bad.md").write_text("---\ntitle: Bad\nsummary: x\nroles: [frontline]\nowner: me\nlast_reviewed: 2026-01-01\nreview_due: 2025-01-01\nguide_type: bulletin\n---\n")
    result = run_mkdocs(tmp_path, "build", "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/guides/bad.md: review_due: 2025-01-01 is not after last_reviewed (2026-01-01); expected a later date" in result.stderr
    assert not (tmp_path / "site").exists()


def test_an_aide_memoire_shows_its_action_prompts_before_its_facts(shipped_site):
    html = (shipped_site / "guides/initial-actions/index.html").read_text(encoding="utf-8")
    assert html.index('id="make-safe"') < html.index('class="hub-facts"')


def test_a_mistake_in_the_hub_settings_names_the_setting(project, caplog):
    import pytest
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    with pytest.raises(ConfigurationError, match=r"extra\.hub\.max_classification: 'SECRET' is not one of: 'OFFICIAL', 'OFFICIAL-SENSITIVE'"):
        config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(project.content), site_dir=str(project.site))
        config.extra["hub"]["max_classification"] = "SECRET"
        config.plugins.on_config(config)


@pytest.mark.slow
def test_the_preview_makes_no_pdfs_and_keeps_nothing_offline(project, caplog, monkeypatch):
    from mkdocs.config import load_config

    from msht_hub import build

    project.page("guides/fc.md", valid("guide", guide_type="aide-memoire", booklet={"booklet": "first-contact", "order": 1}), "- [ ] Act\n")
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(project.content), site_dir=str(project.site))
    monkeypatch.setattr(build, "_requested", build.Mode.FULL)
    config.plugins.on_startup(command="serve", dirty=False)  # what `mkdocs serve` says once, at start
    assert build._requested is build.Mode.PREVIEW
    result = project.build(caplog, strict=False)
    assert result.ok, result.errors
    assert not list((project.site / "booklets").glob("*.pdf"))
    assert (project.site / "booklets" / "first-contact" / "index.html").exists()
    worker = (project.site / "sw.js").read_text(encoding="utf-8")
    assert "unregister" in worker and "offline-bundles" not in worker
    assert not (project.site / "offline-bundles").exists()
    monkeypatch.setattr(build, "_requested", build.Mode.FULL)
    assert project.build(caplog).ok
    assert list((project.site / "booklets").glob("*.pdf")) and (project.site / "offline-bundles").exists()
