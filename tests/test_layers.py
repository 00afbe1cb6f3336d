"""One national library, each force's own layer: `layers/<force>/` beside `content/`, built as
the force's edition with HUB_LAYER. The national edition carries no byte of any layer; a
force's edition carries its pages, its replacements with their provenance, and no trace of
the national pages it hides; a clash without declared intent stops the build naming both files."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import front_matter, output_text, site_digest, valid

LOCAL_CANARY = "CANARY-LOCAL-5e1d"
REPLACEMENT_CANARY = "CANARY-REPLACEMENT-a27c"
HIDDEN_CANARY = "CANARY-HIDDEN-0b9f"
NATIONAL_TEXT = "NATIONAL-TEXT-7c41"
FORCE_NUMBER = "01632 960 123"


def layer_file(project, force: str, path: str, text: str) -> Path:
    target = project.root / "layers" / force / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def layer_yml(project, force: str, settings: dict) -> None:
    layer_file(project, force, "layer.yml", yaml.safe_dump(settings, sort_keys=False))


OVERRIDE = {"page": "guides/referrals.md", "reason": "Westmoor refers through its safeguarding hub", "review_due": "2027-03-01"}


def national_library(project) -> None:
    project.page("guides/referrals.md", valid("guide", title="Making a referral", last_reviewed="2026-02-01"),
                 f"{NATIONAL_TEXT} Refer through the NRM.\n")
    project.page("guides/hidden.md", valid("guide", title=f"Hidden {HIDDEN_CANARY}", tags=["canary-hidden-0b9f"]),
                 f"{HIDDEN_CANARY} body\n")
    project.page("guides/open.md", valid("guide", title="Open guide"), "Read [the referral guide](referrals.md).\n")


def westmoor(project, **extra) -> None:
    layer_yml(project, "westmoor", {"name": "Westmoor Police", "notice": "Westmoor Police is a fictional force.",
                                    "contacts": [{"name": "Force safeguarding hub", "number": FORCE_NUMBER}],
                                    "glossary": {"WSH": "Westmoor Safeguarding Hub"},
                                    "hides": [{"page": "guides/hidden.md", "reason": "Westmoor has its own"}],
                                    "roles": {"frontline": {"add": ["guides/local-procedure.md"]}}, **extra})
    layer_file(project, "westmoor", "guides/local-procedure.md",
               front_matter(valid("guide", title=f"Local procedure {LOCAL_CANARY}"), f"{LOCAL_CANARY} Call the WSH.\n"))
    layer_file(project, "westmoor", "guides/referrals.md",
               front_matter(valid("guide", title="Making a referral in Westmoor", last_reviewed="2026-11-03", overrides=OVERRIDE),
                            f"{REPLACEMENT_CANARY} Refer through the WSH.\n"))


def test_the_national_edition_is_byte_for_byte_the_build_without_any_layer(project, caplog, monkeypatch):
    monkeypatch.delenv("HUB_LAYER", raising=False)
    national_library(project)
    before = project.build(caplog)
    assert before.ok, before.errors
    without = site_digest(project.site)
    westmoor(project)
    after = project.build(caplog)
    assert after.ok, after.errors
    assert site_digest(project.site) == without
    text = output_text(project.site)
    assert LOCAL_CANARY not in text and REPLACEMENT_CANARY not in text and "Westmoor" not in text
    assert HIDDEN_CANARY in text  # the national edition hides nothing


def test_a_forces_edition_carries_its_pages_and_replacements_with_provenance(project, caplog, monkeypatch):
    national_library(project)
    westmoor(project)
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert result.ok, result.errors
    local = result.page("guides/local-procedure")
    assert LOCAL_CANARY in local and "Westmoor Police local guidance" in local
    replaced = result.page("guides/referrals")
    assert REPLACEMENT_CANARY in replaced and NATIONAL_TEXT not in replaced
    assert "National guidance, replaced locally by Westmoor Police on 3 November 2026" in replaced
    assert 'href="../referrals.national/">see the national version</a>' in replaced
    national = result.page("guides/referrals.national")
    assert NATIONAL_TEXT in national and "Superseded" in national and "see the local version" in national
    assert "National guidance" in result.page("guides/open")
    assert "Westmoor Police is a fictional force." in local  # the layer's notice


def test_a_hidden_national_page_leaves_no_trace_in_any_output_of_the_forces_edition(project, caplog, monkeypatch):
    from conftest import CONFIG
    from msht_hub.outputs.zip_edition import zip_site

    national_library(project)
    westmoor(project)
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert result.ok, result.errors
    text = output_text(result.site)
    assert LOCAL_CANARY in text and REPLACEMENT_CANARY in text
    assert HIDDEN_CANARY.lower() not in text.lower()
    for output in ("sitemap.xml", "exports/catalogue.csv", "exports/catalogue.json", "search/manifest.js", "feeds/all.xml"):
        if (result.site / output).exists():
            assert "guides/hidden" not in (result.site / output).read_text(encoding="utf-8"), output
    assert not (result.site / "guides" / "hidden").exists()
    # the file-system edition, zipped
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    files = project.root / "site-files"
    build(load_config(str(CONFIG), docs_dir=str(project.content), site_dir=str(files), use_directory_urls=False, strict=True))
    with zipfile.ZipFile(zip_site(files, project.root / "dist" / "hub.zip")) as archive:
        zipped = "\n".join(archive.read(name).decode("utf-8", errors="ignore") for name in archive.namelist())
    assert LOCAL_CANARY in zipped and HIDDEN_CANARY.lower() not in zipped.lower()


def test_a_layer_page_at_a_national_address_without_overrides_stops_the_build_naming_both_files(project, caplog, monkeypatch):
    national_library(project)
    westmoor(project)
    layer_file(project, "westmoor", "guides/open.md", front_matter(valid("guide", title="Our open guide")))
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert not result.ok
    assert any("layers/westmoor/guides/open.md" in line and "content/guides/open.md" in line and "overrides" in line
               for line in result.errors), result.errors
    assert not project.site.exists()


@pytest.mark.parametrize(("change", "expected"), [
    ({"hides": [{"page": "guides/nowhere.md", "reason": "x"}]}, "layers/westmoor/layer.yml: hides[0].page: 'guides/nowhere.md' is not a national page"),
    ({"colour": "blue"}, "layers/westmoor/layer.yml: colour:"),
    ({"name": ""}, "layers/westmoor/layer.yml: name:"),
])
def test_a_wrong_layer_file_is_one_line_naming_file_and_field(project, caplog, monkeypatch, change, expected):
    national_library(project)
    westmoor(project, **change)
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert not result.ok
    assert any(line.startswith(expected) for line in result.errors), result.errors


def test_an_unknown_layer_is_refused_naming_the_known_ones(project, caplog, monkeypatch):
    national_library(project)
    westmoor(project)
    monkeypatch.setenv("HUB_LAYER", "eastmoor")
    result = project.build(caplog)
    assert not result.ok
    assert any("'eastmoor' is not a layer of this hub; expected one of: westmoor" in line for line in result.errors), result.errors


def test_a_link_to_a_hidden_page_stops_the_build_naming_both(project, caplog, monkeypatch):
    national_library(project)
    westmoor(project)
    project.page("guides/open.md", valid("guide", title="Open guide"), "Read [the hidden guide](hidden.md).\n")
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert not result.ok
    assert any("content/guides/open.md" in line and "content/guides/hidden.md" in line and "hidden in Westmoor Police's edition" in line
               for line in result.errors), result.errors


def test_a_replacement_may_not_lower_the_classification_of_the_page_it_replaces(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "OFFICIAL-SENSITIVE")
    national_library(project)
    project.page("guides/referrals.md", valid("guide", title="Making a referral", classification="OFFICIAL-SENSITIVE"))
    westmoor(project)
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert not result.ok
    assert any(line.startswith("layers/westmoor/guides/referrals.md: classification: OFFICIAL is below OFFICIAL-SENSITIVE of content/guides/referrals.md")
               for line in result.errors), result.errors


@pytest.mark.slow
@pytest.mark.parametrize(("where", "page"), [("layer", "guides/other.md"), ("layer", "guides/local-procedure.md"), ("national", "guides/open.md")])
def test_overrides_must_name_the_national_page_at_its_own_address(project, caplog, monkeypatch, where, page):
    national_library(project)
    westmoor(project)
    meta = valid("guide", overrides={**OVERRIDE, "page": page})
    if where == "layer":
        layer_file(project, "westmoor", "guides/local-procedure.md", front_matter(meta))
        shown = "layers/westmoor/guides/local-procedure.md"
    else:
        project.page("guides/open.md", meta)
        shown = "content/guides/open.md"
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert not result.ok
    assert any(line.startswith(f"{shown}: overrides") for line in result.errors), result.errors


def test_the_forces_abbreviations_contacts_and_exports_are_merged(project, caplog, monkeypatch):
    national_library(project)
    westmoor(project)
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert result.ok, result.errors
    assert '<abbr title="Westmoor Safeguarding Hub">WSH</abbr>' in result.page("guides/local-procedure")
    rows = {row["path"]: row for row in csv.DictReader(io.StringIO((result.site / "exports/catalogue.csv").read_text(encoding="utf-8")))}
    assert (rows["guides/local-procedure.md"]["origin"], rows["guides/local-procedure.md"]["layer"]) == ("local", "westmoor")
    assert (rows["guides/referrals.md"]["origin"], rows["guides/referrals.md"]["layer"]) == ("replaced", "westmoor")
    assert (rows["guides/open.md"]["origin"], rows["guides/open.md"]["layer"]) == ("national", "")
    records = {record["path"]: record for record in json.loads((result.site / "exports/catalogue.json").read_text(encoding="utf-8"))["catalogue"]}
    assert records["guides/referrals.national.md"]["origin"] == "national-copy"


def test_the_divergence_report_flags_a_replacement_older_than_the_national_pages_last_change(project, caplog, monkeypatch):
    national_library(project)
    project.page("guides/referrals.md", valid("guide", title="Making a referral", last_reviewed="2026-02-01",
                                              changes=[{"date": "2026-12-13", "note": "New referral form."}]))
    westmoor(project)  # Westmoor's version: 3 November 2026, forty days before the national change
    monkeypatch.setenv("HUB_DIVERGENCE_REPORT", "1")
    result = project.build(caplog)
    assert result.ok, result.errors
    report = json.loads((result.site / "reports/divergence.json").read_text(encoding="utf-8"))
    by_page = {entry["page"]: entry for entry in report["divergence"]}
    replaced = by_page["guides/referrals.md"]
    assert replaced["stale"] and replaced["days_national_after_local"] == 40
    assert replaced["finding"] == "national page changed 40 days after Westmoor Police's version: review"
    assert (by_page["guides/hidden.md"]["action"], by_page["guides/hidden.md"]["reason"]) == ("hides", "Westmoor has its own")
    page = result.page("reports/divergence")
    assert "national page changed 40 days after Westmoor Police&#39;s version: review" in page
    assert LOCAL_CANARY not in page and REPLACEMENT_CANARY not in page  # the report names pages, never a layer's text


def test_a_replacement_newer_than_the_national_page_is_not_flagged(project, caplog, monkeypatch):
    national_library(project)
    westmoor(project)
    monkeypatch.setenv("HUB_DIVERGENCE_REPORT", "1")
    result = project.build(caplog)
    assert result.ok, result.errors
    report = json.loads((result.site / "reports/divergence.json").read_text(encoding="utf-8"))
    replaced = next(entry for entry in report["divergence"] if entry["page"] == "guides/referrals.md")
    assert not replaced["stale"] and report["stale"] == 0
    assert replaced["finding"] == "Westmoor Police's version is 275 days newer than the national page"


def test_hub_editions_builds_every_edition_into_a_folder_of_its_own(project, caplog, monkeypatch):
    from conftest import CONFIG, PUBLIC_URL
    from msht_hub.commands.editions import build_all

    national_library(project)
    westmoor(project)
    layer_yml(project, "eastmoor", {"name": "Eastmoor Police", "notice": "Eastmoor Police edition"})
    out = project.root / "editions"
    with caplog.at_level("INFO"):
        times = build_all(CONFIG, out, project.content, site_url=PUBLIC_URL)
    assert list(times) == ["national", "eastmoor", "westmoor"]
    national, east, west = (output_text(out / name) for name in times)
    assert (out / "national/reports/divergence/index.html").is_file()
    assert LOCAL_CANARY not in national and HIDDEN_CANARY in national
    assert LOCAL_CANARY in west and HIDDEN_CANARY.lower() not in west.lower()
    assert LOCAL_CANARY not in east and HIDDEN_CANARY in east and "Eastmoor" in east
    for name in times:  # each edition's offline copy and search stand alone
        edition = json.loads((out / name / "edition.json").read_text(encoding="utf-8"))
        assert edition["edition"] and (out / name / "sw.js").is_file() and (out / name / "search/manifest.js").is_file()


@pytest.mark.slow
@pytest.mark.browser
def test_search_in_a_forces_edition_narrows_to_the_forces_own_guidance(project, caplog, monkeypatch, open_tab, serve):
    from conftest import RESULTS_SHOWN

    national_library(project)
    westmoor(project)
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    result = project.build(caplog)
    assert result.ok, result.errors
    tab = open_tab()
    base = serve(result.site)

    def titles(query: str) -> set[str]:
        tab.goto(base + "search/?" + query)
        tab.wait_for_function(RESULTS_SHOWN)
        return set(tab.eval_on_selector_all(".hub-result__title", "items => items.map(item => item.textContent.trim())"))

    assert titles("layer=westmoor") == {f"Local procedure {LOCAL_CANARY}", "Making a referral in Westmoor"}
    national = titles("layer=national")
    assert "Open guide" in national and not any("Westmoor" in title or LOCAL_CANARY in title for title in national)
    tab.goto(base + "search/")
    assert tab.locator("input[name='layer'][value='westmoor']").count() == 1


def test_the_booklets_key_contacts_show_the_forces_numbers_merged_by_name(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    national_library(project)
    project.page("guides/first.md", valid("guide", title="First steps", guide_type="aide-memoire",
                                          booklet={"booklet": "first-contact", "order": 1}), "- [ ] Make safe.\n")
    westmoor(project, contacts=[{"name": "Police non-emergency", "number": "01632 960 101"},
                                {"name": "Force safeguarding hub", "number": FORCE_NUMBER}])
    national = project.build(caplog)
    assert national.ok, national.errors
    assert FORCE_NUMBER not in national.page("booklets/first-contact")
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert result.ok, result.errors
    booklet = result.page("booklets/first-contact")
    contacts = booklet[booklet.index("Key contacts"):]
    assert FORCE_NUMBER in contacts and "01632 960 101" in contacts and ">101<" not in contacts
    assert "08000 121 700" in contacts  # the national numbers the force does not replace stay
    assert "Westmoor Police edition" in booklet


# Roles' shortcuts: the short list first on a role's landing page, on the home page for a reader
# of that role, and in the offline copy's first bundle. layer.yml's `roles:` changes them by page.

def shortcuts(html: str, marker: str = 'class="hub-essentials"') -> list[tuple[str, str]]:
    """The (address, title) of each shortcut in a page's essentials list (the home page: `marker`)."""
    section = html[html.index(marker):]
    section = section[:section.index("</section>")]
    return re.findall(r'<li><a href="(?:\.\.?/)*([^"]*)">([^<]*)</a></li>', section)


def offline_first(site: Path) -> set[str]:
    """The addresses in the offline copy's essential bundles (what sw.js saves first)."""
    worker = (site / "sw.js").read_text(encoding="utf-8")
    bundles = json.loads(re.search(r"var BUNDLES = (.*?);  /\*", worker).group(1))
    files = json.loads(re.search(r"var FILES = (.*?);  /\*", worker).group(1))
    return {entry[0] for entry in files if bundles[entry[1]][2]}


def aide_memoires(project) -> None:
    """Two national shortcuts for frontline officers: booklet sections."""
    for order, name in enumerate(("first-steps", "safe-place"), start=1):
        project.page(f"guides/{name}.md", valid("guide", title=f"National {name}", guide_type="aide-memoire",
                                                booklet={"booklet": "first-contact", "order": order}), "- [ ] Act.\n")


def test_a_forces_shortcut_to_its_own_page_shows_on_the_role_page_the_home_page_and_offline_first(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    national_library(project)
    aide_memoires(project)
    westmoor(project)  # roles: frontline: add: [guides/local-procedure.md]
    national = project.build(caplog)
    assert national.ok, national.errors
    assert [url for url, _ in shortcuts(national.page("roles/frontline"))] == [
        "guides/first-steps/", "guides/safe-place/", "booklets/first-contact/"]
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert result.ok, result.errors
    assert shortcuts(result.page("roles/frontline")) == [
        ("guides/first-steps/", "National first-steps"), ("guides/safe-place/", "National safe-place"),
        ("guides/local-procedure/", f"Local procedure {LOCAL_CANARY}"), ("booklets/first-contact/", "First Contact booklet")]
    home = shortcuts((result.site / "index.html").read_text(encoding="utf-8"), 'data-hub-essentials-for="frontline"')
    assert ("guides/local-procedure/", f"Local procedure {LOCAL_CANARY}") in home
    assert "guides/local-procedure/" in offline_first(result.site)


def test_a_force_replaces_and_removes_national_shortcuts_explicitly(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    national_library(project)
    aide_memoires(project)
    westmoor(project, roles={"frontline": {"replace": {"guides/first-steps.md": "guides/local-procedure.md"},
                                           "remove": ["guides/safe-place.md"]}})
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert result.ok, result.errors
    assert [url for url, _ in shortcuts(result.page("roles/frontline"))] == ["guides/local-procedure/", "booklets/first-contact/"]
    assert "guides/first-steps/" in result.page("roles/frontline")  # still listed among the aide-memoires, no longer a shortcut


def test_a_shortcut_to_a_page_the_layer_hides_stops_the_build_naming_both(project, caplog, monkeypatch):
    national_library(project)
    westmoor(project, roles={"frontline": {"add": ["guides/hidden.md"]}})
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert not result.ok
    assert any(line.startswith("layers/westmoor/layer.yml: roles.frontline.add[0]: 'guides/hidden.md' (content/guides/hidden.md) "
                               "is hidden from Westmoor Police's edition by hides[0]") for line in result.errors), result.errors
    assert not project.site.exists()


@pytest.mark.parametrize(("roles", "expected"), [
    ({"detective": {"add": ["guides/local-procedure.md"]}},
     "layers/westmoor/layer.yml: roles.detective: 'detective' is not a role of extra.hub.taxonomy.roles; expected one of: frontline,"),
    ({"frontline": {"add": ["guides/nowhere.md"]}},
     "layers/westmoor/layer.yml: roles.frontline.add[0]: 'guides/nowhere.md' is not a page of this edition"),
    ({"frontline": {"remove": ["guides/open.md"]}},
     "layers/westmoor/layer.yml: roles.frontline.remove[0]: 'guides/open.md' is not a shortcut of Frontline officer to remove; "
     "expected one of the role's national shortcuts: guides/first-steps.md, guides/safe-place.md"),
    ({"frontline": {"replace": {"guides/open.md": "guides/local-procedure.md"}}},
     "layers/westmoor/layer.yml: roles.frontline.replace: 'guides/open.md' is not a shortcut of Frontline officer to replace"),
    ({"frontline": {"add": "guides/local-procedure.md"}}, "layers/westmoor/layer.yml: roles.frontline.add:"),
    ({"frontline": {"pin": ["guides/local-procedure.md"]}}, "layers/westmoor/layer.yml: roles.frontline.pin:"),
    ({"frontline": {"add": ["../outside.md"]}}, "layers/westmoor/layer.yml: roles.frontline.add[0]:"),
])
def test_a_wrong_roles_section_is_one_line_naming_layer_yml_and_the_field(project, caplog, monkeypatch, roles, expected):
    national_library(project)
    aide_memoires(project)
    westmoor(project, roles=roles)
    monkeypatch.setenv("HUB_LAYER", "westmoor")
    result = project.build(caplog)
    assert not result.ok
    found = [line for line in result.errors if line.startswith(expected)]
    assert found and all("\n" not in line for line in found), result.errors


# The divergence report's dates from git: the day of the last commit that touched each file.

GIT_USER = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
            "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(folder: Path, *args: str, day: str | None = None) -> None:
    stamp = {"GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z"} if day else {}
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env={**os.environ, **GIT_USER, **stamp})


def commit(folder: Path, day: str, *paths: str) -> None:
    git(folder, "add", "--", *paths)
    git(folder, "commit", "-q", "-m", f"Changes of {day}", day=day)


def divergence_of_the_build(project, caplog, monkeypatch) -> dict:
    monkeypatch.setenv("HUB_DIVERGENCE_REPORT", "1")
    result = project.build(caplog)
    assert result.ok, result.errors
    report = json.loads((result.site / "reports/divergence.json").read_text(encoding="utf-8"))
    return {entry["page"]: entry for entry in report["divergence"]} | {"page": result.page("reports/divergence")}


def test_the_divergence_report_dates_pages_by_their_last_commit(project, caplog, monkeypatch):
    # By front-matter Westmoor's version (3 Nov 2026) is newer than the national page (1 Feb 2026);
    # by git the national page changed on 13 December, forty days after Westmoor's commit.
    national_library(project)
    westmoor(project)
    git(project.root, "init", "-q")
    commit(project.root, "2026-02-01", "content")
    commit(project.root, "2026-11-03", "layers")
    (project.content / "guides/referrals.md").write_text(
        (project.content / "guides/referrals.md").read_text(encoding="utf-8") + "A new referral form.\n", encoding="utf-8")
    commit(project.root, "2026-12-13", "content/guides/referrals.md")
    found = divergence_of_the_build(project, caplog, monkeypatch)
    replaced = found["guides/referrals.md"]
    assert (replaced["national_changed"], replaced["national_changed_from"]) == ("2026-12-13", "git")
    assert (replaced["local_changed"], replaced["local_changed_from"]) == ("2026-11-03", "git")
    assert replaced["stale"] and replaced["finding"] == "national page changed 40 days after Westmoor Police's version: review"
    assert (found["guides/hidden.md"]["national_changed"], found["guides/hidden.md"]["national_changed_from"]) == ("2026-02-01", "git")
    assert "13 December 2026<br><small>from the last commit</small>" in found["page"]


def test_a_file_never_committed_is_dated_by_its_front_matter(project, caplog, monkeypatch):
    national_library(project)
    westmoor(project)
    git(project.root, "init", "-q")
    commit(project.root, "2026-12-13", "content")  # the layer is not committed yet
    replaced = divergence_of_the_build(project, caplog, monkeypatch)["guides/referrals.md"]
    assert (replaced["national_changed"], replaced["national_changed_from"]) == ("2026-12-13", "git")
    assert (replaced["local_changed"], replaced["local_changed_from"]) == ("2026-11-03", "front-matter")
    assert replaced["finding"] == "national page changed 40 days after Westmoor Police's version: review"


def test_without_git_the_divergence_report_dates_pages_by_their_front_matter(project, caplog, monkeypatch):
    national_library(project)
    westmoor(project)
    assert not (project.root / ".git").exists()
    found = divergence_of_the_build(project, caplog, monkeypatch)
    replaced = found["guides/referrals.md"]
    assert (replaced["national_changed_from"], replaced["local_changed_from"]) == ("front-matter", "front-matter")
    assert (replaced["national_changed"], replaced["local_changed"]) == ("2026-02-01", "2026-11-03") and not replaced["stale"]
    assert "3 November 2026<br><small>from front-matter</small>" in found["page"]


def test_last_commits_takes_every_files_date_from_one_git_log(tmp_path, monkeypatch):
    from msht_hub.reading import last_commits as module

    (tmp_path / "content").mkdir()
    for name in ("old.md", "new.md"):
        (tmp_path / "content" / name).write_text("One.\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    commit(tmp_path, "2026-01-10", "content")
    (tmp_path / "content/new.md").write_text("Two.\n", encoding="utf-8")
    commit(tmp_path, "2026-03-20", "content")
    (tmp_path / "content/draft.md").write_text("Never committed.\n", encoding="utf-8")
    calls = []
    real = module._git
    monkeypatch.setattr(module, "_git", lambda *args: calls.append(args) or real(*args))
    from datetime import date
    assert module.last_commits(tmp_path, "content") == {"content/old.md": date(2026, 1, 10), "content/new.md": date(2026, 3, 20)}
    assert len(calls) == 2  # the log, and (a file last touched by the first commit) whether the clone is shallow
    assert module.last_commits(tmp_path / "content") == {"old.md": date(2026, 1, 10), "new.md": date(2026, 3, 20)}
    # a shallow clone's one commit stands for all the history before it: no date from git for what it did not change
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{tmp_path}", "shallow")
    assert module.last_commits(tmp_path / "shallow") == {}
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    assert module.last_commits(outside) is None  # not a git repository
