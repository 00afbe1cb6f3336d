"""Each output declares the paths it writes (its module's WRITES, collected by
outputs/paths.py), and nothing from content/ may land on one of them: a page, a file or an
old address there is refused before the build, in one line naming the file and what the hub
writes there. The declarations are checked against what a real build writes."""
from __future__ import annotations

import posixpath

import pytest

from conftest import copy_config, valid
from msht_hub.commands.project import load_project
from msht_hub.content import read_content
from msht_hub.generated import exports
from msht_hub.outputs.paths import reserved_paths
from msht_hub.planning.addresses import page_output
from msht_hub.reading.problems import ContentError


def refusals(project) -> list[str]:
    """The one-line problems of reading the project's content ([] when it is accepted)."""
    settings = load_project(copy_config(project.root)).settings
    try:
        read_content(project.content, settings, project.root)
    except ContentError as error:
        return [str(problem) for problem in error.problems]
    return []


def put_at(project, path: str) -> str:
    """A content page inside a declared folder, or a file exactly at a declared file's path;
    returns the content path written."""
    if path.endswith("/"):
        written = f"{path}editors-page.md"
        project.page(written, valid("page", title="A page in the wrong place"))
    else:
        written = path
        project.write(written, "text\n")
    return f"content/{written}"


@pytest.mark.parametrize("path", sorted(reserved_paths()))
def test_content_at_every_declared_output_path_is_refused_in_one_line(project, path):
    assert refusals(project) == []  # the project alone is accepted
    written = put_at(project, path)
    problems = refusals(project)
    assert len(problems) == 1 and "\n" not in problems[0], problems
    assert problems[0].startswith(f"{written}: file: "), problems
    if path.endswith("/") or "content may not carry code" not in problems[0]:  # a script, HTML or XML file is refused first
        assert f"would be published at {posixpath.splitext(written[8:])[0] + '/index.html' if path.endswith('/') else path}, " \
               f"which is {'in ' + path + ', ' if path.endswith('/') else ''}where the hub writes {reserved_paths()[path]}; " \
               "rename or move it" in problems[0], problems


def test_an_old_address_on_a_declared_folder_is_refused(project):
    project.page("guides/x.md", valid("guide", redirect_from=["offline-bundles/old.md"]))
    assert refusals(project) == ["content/guides/x.md: redirect_from[0]: would be published at offline-bundles/old/index.html, "
                                 "which is in offline-bundles/, where the hub writes the offline copy's bundles; rename or move it"]


def test_a_path_added_to_an_outputs_declaration_is_reserved_with_no_other_change(project, monkeypatch):
    project.page("archive/2026.md", valid("page", title="Archive"))
    assert refusals(project) == []
    monkeypatch.setitem(exports.WRITES, "archive/", "the exports' archive")
    assert refusals(project) == ["content/archive/2026.md: file: would be published at archive/2026/index.html, "
                                 "which is in archive/, where the hub writes the exports' archive; rename or move it"]


def test_every_file_a_build_writes_is_a_content_pages_or_files_or_declared(project, caplog):
    """By construction: what the build wrote that content/ did not ask for is under a declared
    path, so no output can be left out of the reserved paths (offline-bundles/ once was)."""
    project.page("guides/a.md", valid("guide", redirect_from=["guides/old-a.md"]))
    project.page("debriefs/op.md", valid("debrief"))
    project.page("training/course.md", valid("training"))
    project.write("guides/diagram.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n')
    spied = project.build_spied(caplog)
    assert spied.result.ok, spied.result.errors
    plan = spied.plan
    asked = ({page_output(uri) for uri in [*plan.catalogue.published, *plan.pages]}
             | {page.output for page in plan.static_pages} | set(plan.catalogue.attachments))
    reserved = reserved_paths()
    folders = tuple(path for path in reserved if path.endswith("/"))
    written = {path.relative_to(project.site).as_posix() for path in project.site.rglob("*") if path.is_file()}
    unaccounted = sorted(path for path in written - asked if path not in reserved and not path.startswith(folders))
    assert unaccounted == []
    assert {posixpath.dirname(path) + "/" for path in written if path.startswith("offline-bundles/")} == {"offline-bundles/"}
