"""Nothing outside content/ (and the configured includes) is read into the site, and nothing
is written outside the site directory, whatever the content says."""
from __future__ import annotations

import pytest

from conftest import output_text, site_digest, valid


def test_a_symbolic_link_to_a_file_outside_the_content_folder_is_refused(project, caplog, tmp_path):
    secret = tmp_path / "outside" / "host-secret.txt"
    secret.parent.mkdir()
    secret.write_text("CANARY-HOST-FILE-2f81")
    project.page("guides/open.md", valid("guide"), "[notes](notes.txt)\n")
    (project.content / "guides/notes.txt").symlink_to(secret)
    result = project.build(caplog)
    assert not result.ok
    assert any(error.endswith("content/guides/notes.txt: file: is a symbolic link to a place outside the content folder; "
                              "expected a real file or folder inside it (copy what is needed in)") for error in result.errors)
    assert not result.site.exists() or "CANARY-HOST-FILE-2f81" not in output_text(result.site)


def test_a_symbolic_link_to_a_folder_outside_the_content_folder_is_refused(project, caplog, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "leak.md").write_text("---\ntitle: CANARY-HOST-FOLDER-77aa\n---\nbody\n")
    (project.content / "linked").symlink_to(outside, target_is_directory=True)
    result = project.build(caplog)
    assert not result.ok
    assert any("content/linked: file: is a symbolic link to a place outside the content folder" in error for error in result.errors)


def test_a_symbolic_link_that_stays_inside_the_content_folder_is_allowed(project, caplog):
    project.page("guides/open.md", valid("guide"), "[the form](form.pdf)\n")
    project.write("shared/form.pdf", "%PDF-1.4 form")
    (project.content / "guides/form.pdf").symlink_to(project.content / "shared/form.pdf")
    result = project.build(caplog)
    assert result.ok, result.errors
    assert (result.site / "guides/form.pdf").read_text() == "%PDF-1.4 form"


@pytest.mark.parametrize("old, expected", [
    ("/tmp/hub-escape-test.md", "'/tmp/hub-escape-test.md' is an absolute path; expected a path relative to content/"),
    ("../../escape.md", "'../../escape.md' leaves or repeats a folder"),
    ("guides/../../escape.md", "'guides/../../escape.md' leaves or repeats a folder"),
])
def test_a_path_in_front_matter_that_leaves_the_content_folder_is_an_error(project, caplog, tmp_path, old, expected):
    project.page("guides/open.md", valid("guide", redirect_from=[old]))
    before = sorted(path.name for path in tmp_path.parent.iterdir())
    result = project.build(caplog)
    assert not result.ok
    assert any(f"content/guides/open.md: redirect_from[0]: {expected}" in error for error in result.errors), result.errors
    assert sorted(path.name for path in tmp_path.parent.iterdir()) == before
    assert not (tmp_path.parent / "escape").exists()


def test_superseded_by_must_also_stay_inside(project, caplog):
    project.page("guides/old.md", valid("guide", status="superseded", superseded_by="/etc/passwd.md"))
    result = project.build(caplog)
    assert not result.ok
    assert any("content/guides/old.md: superseded_by: '/etc/passwd.md' is an absolute path" in error for error in result.errors)


def test_two_names_that_differ_only_in_case_are_refused(project, caplog):
    project.page("guides/nrm.md", valid("guide"))
    project.page("guides/NRM.md", valid("guide"))
    result = project.build(caplog)
    assert not result.ok
    assert any("differs from content/guides/" in error and "only in letter case" in error for error in result.errors)


def test_a_kept_old_address_that_differs_only_in_case_from_a_page_is_refused(project, caplog):
    project.page("guides/nrm.md", valid("guide"))
    project.page("guides/other.md", valid("guide", redirect_from=["guides/NRM.md"]))
    result = project.build(caplog)
    assert not result.ok
    assert any(error.startswith("content/guides/other.md: redirect_from[0]: would be published at guides/NRM/index.html")
               for error in result.errors), result.errors


def test_published_output_paths_are_unique_ignoring_case(shipped_site):
    paths = [path.relative_to(shipped_site).as_posix() for path in shipped_site.rglob("*")]
    folded = [path.casefold() for path in paths]
    assert len(folded) == len(set(folded))


def test_a_failed_build_leaves_nothing_beside_the_site_directory(project, caplog, tmp_path):
    project.page("guides/open.md", valid("guide"))
    assert project.build(caplog).ok
    before = sorted(path.name for path in tmp_path.iterdir())
    project.page("guides/open.md", valid("guide", roles=["nobody"]))
    assert not project.build(caplog).ok
    assert sorted(path.name for path in tmp_path.iterdir()) == before
    assert site_digest(project.site)
