"""Every content problem stops the build with a line naming the file and field, and plain
`mkdocs build` (strict or not) leaves the previous site byte-identical, however late in the
build the problem is found."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, front_matter, site_digest, valid

BROKEN = {
    "a page on a generated page's address": (
        lambda p: p.page("roles/frontline.md", valid("page", title="Mine")),
        "content/roles/frontline.md: file: would be published at roles/frontline/index.html, which is the Frontline officer landing page"),
    "an old address on a generated page": (
        lambda p: p.page("guides/one.md", valid("guide", redirect_from=["lessons/index.md"])),
        "content/guides/one.md: redirect_from[0]: would be published at lessons/index.html, which is the lessons register"),
    "two pages keeping one old address": (
        lambda p: (p.page("guides/one.md", valid("guide", redirect_from=["guides/old.md"])),
                   p.page("guides/two.md", valid("guide", redirect_from=["guides/old.md"]))),
        "content/guides/two.md: redirect_from[0]: 'guides/old.md' already redirects to content/guides/one.md"),
    "a link to a page left out": (
        lambda p: (p.page("guides/one.md", valid("guide"), "See [the draft](draft.md).\n"),
                   p.page("guides/draft.md", valid("guide", status="draft"))),
        "content/guides/one.md:13: body: links to content/guides/draft.md, which this build leaves out (a draft)"),
    "a missing snippet": (
        lambda p: p.page("guides/one.md", valid("guide"), '--8<-- "no-such-file.md"\n'),
        "content/guides/one.md: body: Snippet at path 'no-such-file.md' could not be found"),
    "a script in a body": (
        lambda p: p.page("guides/one.md", valid("guide"), "Text.\n\n<script>alert(1)</script>\n"),
        "content/guides/one.md:15: body: a <script> element is not allowed in content"),
    "a broken link (a strict warning)": (
        lambda p: p.page("guides/one.md", valid("guide"), "See [nothing](nothing.md).\n"),
        "nothing.md"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_late_problem_leaves_the_previous_site_byte_identical(project, caplog, case):
    project.page("guides/one.md", valid("guide"))
    first = project.build(caplog)
    assert first.ok, first.errors
    before = site_digest(project.site)
    assert before
    breaking, message = BROKEN[case]
    breaking(project)
    result = project.build(caplog)
    assert not result.ok
    assert any(message in line for line in result.errors + result.warnings), (result.errors, result.warnings)
    assert site_digest(project.site) == before


def test_an_offline_budget_exceeded_after_writing_leaves_the_site_as_it_was(project, caplog, monkeypatch):
    project.page("guides/one.md", valid("guide"))
    assert project.build(caplog).ok
    before = site_digest(project.site)
    monkeypatch.setenv("HUB_OFFLINE_BUDGET_MB", "0.01")
    result = project.build(caplog)
    assert not result.ok
    assert site_digest(project.site) == before


def _mkdocs(root, *args):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HUB_BOOKLET_PDFS": "false"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, capture_output=True, text=True, env=env)


@pytest.mark.parametrize("body, expected", [
    ('--8<-- "no-such-file.md"\n', "content/guides/one.md: body: Snippet at path 'no-such-file.md' could not be found"),
    ("[x](javascript:alert(1))\n", "content/guides/one.md:13: body: <a href=\"javascript:alert(1)\"> uses a javascript: address"),
    ("Text\n", "content/roles/frontline.md: file: would be published at roles/frontline/index.html"),
])
@pytest.mark.slow
def test_plain_mkdocs_build_names_the_file_without_a_traceback_and_keeps_the_site(tmp_path, body, expected):
    for name in ("mkdocs.yml", "hooks", "overrides", "includes"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "content/guides").mkdir(parents=True)
    (tmp_path / "content/index.md").write_text("---\ntitle: Home\n---\n")
    (tmp_path / "content/guides/one.md").write_text(front_matter(valid("guide")))
    assert _mkdocs(tmp_path, "build", "--strict").returncode == 0
    before = site_digest(tmp_path / "site")
    (tmp_path / "content/guides/one.md").write_text(front_matter(valid("guide"), body))
    if "roles/frontline" in expected:
        (tmp_path / "content/roles").mkdir()
        (tmp_path / "content/roles/frontline.md").write_text("---\ntitle: Mine\n---\n")
    for args in (("build",), ("build", "--strict")):
        result = _mkdocs(tmp_path, *args)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert expected in result.stderr, result.stderr
        assert site_digest(tmp_path / "site") == before


def test_a_strict_failure_says_each_warning_again_at_the_end_and_names_only_the_site_directory(project, caplog):
    project.page("guides/one.md", valid("guide"), "See [a page](nowhere.md) and [another](elsewhere.md).\n")
    result = project.build(caplog)
    assert not result.ok
    messages = [record.getMessage() for record in caplog.records]
    found = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert len(found) == 2
    [last] = [line for line in messages if line.startswith("The strict build refuses")]
    assert last.splitlines()[1:] == [f"  {line}" for line in found]  # said again where the editor looks: at the end
    assert str(project.site) in last
    assert not any("staging" in line for line in messages)
    assert sum("left exactly as it was" in line for line in messages) == 1
