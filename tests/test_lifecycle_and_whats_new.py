"""Lifecycle rules: withdrawn and moved pages keep their addresses working; a link to a page
the build leaves out stops any build; What's new and its Atom feeds list recent changes."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

from conftest import front_matter, valid

ATOM = "{http://www.w3.org/2005/Atom}"


def refresh_target(html: str) -> str | None:
    meta = BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": "refresh"})
    return meta["content"].split("url=", 1)[1] if meta else None


def test_a_withdrawn_page_address_shows_a_notice_that_does_not_repeat_the_page(project, caplog):
    project.page("guides/gone.md", valid("guide", status="withdrawn", title="Gone guide title"), "Withdrawn body words\n")
    result = project.build(caplog)
    assert result.ok, result.errors
    notice = result.page("guides/gone")
    assert "This page has been withdrawn" in notice and refresh_target(notice) is None
    assert "Gone guide title" not in notice and "Withdrawn body words" not in notice
    assert 'href="../../whats-new/"' in notice


def test_a_withdrawn_page_with_a_replacement_leads_to_it(project, caplog):
    project.page("guides/new.md", valid("guide", title="The replacement"))
    project.page("guides/old.md", valid("guide", status="withdrawn", superseded_by="guides/new.md"))
    result = project.build(caplog)
    assert result.ok, result.errors
    notice = result.page("guides/old")
    assert refresh_target(notice) == "../new/"
    assert "The replacement" in notice


def test_a_withdrawn_page_above_the_build_classification_leaves_no_notice(project, caplog):
    project.page("guides/secret.md", valid("guide", status="withdrawn", classification="OFFICIAL-SENSITIVE"))
    result = project.build(caplog)
    assert result.ok, result.errors
    assert not (result.site / "guides" / "secret").exists()


def test_a_moved_page_keeps_its_old_addresses(project, caplog):
    project.page("guides/first-steps.md", valid("guide", title="First steps", redirect_from=["guides/start.md", "old/begin.md"]))
    result = project.build(caplog)
    assert result.ok, result.errors
    assert refresh_target(result.page("guides/start")) == "../first-steps/"
    assert refresh_target(result.page("old/begin")) == "../../guides/first-steps/"
    sitemap = (result.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "guides/start/" not in sitemap and "guides/first-steps/" in sitemap
    search = "".join(path.read_text(encoding="utf-8") for path in (result.site / "search").glob("*.js"))
    assert "guides/first-steps/" in search and "guides/start/" not in search


def test_redirect_from_an_existing_page_or_twice_is_refused_by_field(project, caplog):
    project.page("guides/a.md", valid("guide", redirect_from=["guides/b.md"]))
    project.page("guides/b.md", valid("guide", redirect_from=["guides/old.md"]))
    project.page("guides/c.md", valid("guide", redirect_from=["guides/old.md"]))
    result = project.build(caplog)
    assert not result.ok
    assert any(e.endswith("guides/a.md: redirect_from[0]: 'guides/b.md' is a page that exists; expected the old path of a page that has moved")
               for e in result.errors), result.errors
    assert any("guides/c.md: redirect_from[0]: 'guides/old.md' already redirects to" in e for e in result.errors), result.errors


def test_a_link_to_a_left_out_page_stops_even_a_non_strict_build_naming_both_pages(project, caplog):
    project.page("guides/open.md", valid("guide"), "See [the sensitive debrief](../debriefs/secret.md#lessons) and [the draft](draft.md).\n")
    project.page("debriefs/secret.md", valid("debrief", classification="OFFICIAL-SENSITIVE"))
    project.page("guides/draft.md", valid("guide", status="draft"))
    result = project.build(caplog, strict=False)
    assert not result.ok
    line = front_matter(valid("guide"), "").count("\n") + 1  # the body's first line, where both links are
    assert any(f"guides/open.md:{line}: body: links to" in e and "debriefs/secret.md" in e and "OFFICIAL-SENSITIVE" in e
               for e in result.errors), result.errors
    assert any(f"guides/open.md:{line}: body: links to" in e and "guides/draft.md" in e and "a draft" in e for e in result.errors)
    assert not (result.site / "guides" / "open" / "index.html").exists()


def test_whats_new_lists_new_pages_and_noted_changes_newest_first(project, caplog):
    project.page("guides/a.md", valid("guide", title="Guide A", roles=["frontline"], published="2026-03-01",
                                      changes=[{"date": "2026-09-01", "note": "Added the duty to notify."}]))
    project.page("training/b.md", valid("training", title="Course B", roles=["trainer"], published="2026-05-01"))
    project.page("guides/hidden.md", valid("guide", title="Hidden draft", status="draft", published="2026-10-01"))
    result = project.build(caplog)
    assert result.ok, result.errors
    items = BeautifulSoup(result.page("whats-new"), "html.parser").select(".hub-changes > li")
    assert [(li.time["datetime"], li.a.get_text(), li.select_one(".hub-change__note").get_text()) for li in items] == [
        ("2026-09-01", "Guide A", "Added the duty to notify."),
        ("2026-05-01", "Course B", "New training published"),
        ("2026-03-01", "Guide A", "New guide published"),
    ]
    assert items[0]["data-roles"] == "frontline"  # so the role switch narrows it


def test_the_atom_feeds_carry_every_change_and_one_feed_per_role(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_SITE_URL", "https://hub.example.police.uk/msht/")
    project.page("guides/a.md", valid("guide", title="Guide A", roles=["frontline"], published="2026-03-01"))
    project.page("training/b.md", valid("training", title="Course B", roles=["trainer"], published="2026-05-01"))
    result = project.build(caplog)
    assert result.ok, result.errors
    feed = ET.fromstring((result.site / "feeds" / "whats-new.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Course B: New training published", "Guide A: New guide published"]
    assert entries[1].find(f"{ATOM}link").get("href") == "https://hub.example.police.uk/msht/guides/a/"
    assert feed.find(f"{ATOM}updated").text == "2026-05-01T00:00:00Z"
    frontline = ET.fromstring((result.site / "feeds" / "frontline.xml").read_bytes())
    assert [e.find(f"{ATOM}title").text for e in frontline.findall(f"{ATOM}entry")] == ["Guide A: New guide published"]
    assert 'href="../feeds/frontline.xml"' in result.page("whats-new")
