"""`hub check` is the one content check: everything the strict build refuses, one line per
problem (file, line, field, the fix), found by the build's own code, writing nothing."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import copy_config, front_matter, valid

BODY = """\
See [the draft](draft.md), [the withdrawn page](../gone/) and <a href='gone.md'>it again</a>.

Read [a guide that is not there](nowhere.md) and [the first step](fine.md#step-tow).

An [absolute link](/guides/fine/) and a picture ![map](map.png).

<iframe src="https://example.org/"></iframe>
"""


def plant(project) -> None:
    project.page("guides/open.md", valid("guide"), BODY)
    project.page("guides/fine.md", valid("guide"), "## Step two\n\nText.\n")
    project.page("guides/draft.md", valid("guide", status="draft"))
    project.page("guides/gone.md", valid("guide", status="withdrawn"))


def hub(root, *args, **env):
    return subprocess.run([sys.executable, "-m", "msht_hub.commands.cli", "--config", str(root / "mkdocs.yml"), *args],
                          cwd=root, capture_output=True, text=True, env={**os.environ, **env})


def test_hub_check_lists_what_the_strict_build_refuses_one_line_each(project, caplog):
    plant(project)
    copy_config(project.root)
    checked = hub(project.root, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    lines = checked.stderr.splitlines()
    assert lines[-1] == "7 content problems found."  # the allow-list names the iframe once
    problems = lines[:-1]
    first = front_matter(valid("guide"), "").count("\n") + 1  # the body's first line
    expected = [
        (first, "links to content/guides/draft.md, which this build leaves out (a draft)"),
        (first, "links to content/guides/gone.md, which this build leaves out (withdrawn)"),
        (first + 2, "'nowhere.md' leads to content/guides/nowhere.md, which is not a page or file of this build"),
        (first + 2, "content/guides/fine.md has no section '#step-tow'; did you mean '#step-two'?"),
        (first + 4, "'/guides/fine/' is a site-absolute link"),
        (first + 4, "'map.png' leads to content/guides/map.png, which is not a page or file of this build"),
        (first + 6, "a <iframe> element is not allowed in content"),  # the line of the construct
    ]
    for line, words in expected:
        prefix = f"content/guides/open.md:{line}: body: " if line else "content/guides/open.md: body: "
        assert any(problem.startswith(prefix) and words in problem for problem in problems), (prefix, words, problems)
    # The same problems, word for word, as the strict build's (the same code found them).
    built = project.build(caplog)
    assert not built.ok
    from_build = {line for line in built.errors + built.warnings if line.startswith("content/")}
    assert from_build == set(problems)
    assert not (project.root / "site").exists()  # the check wrote nothing; the failed build neither


def test_hub_check_passes_a_valid_library_and_says_what_is_left_out(project):
    copy_config(project.root)
    project.page("guides/fine.md", valid("guide"), "## Step two\n\nSee [home](../index.md) and [the step](#step-two).\n")
    project.page("guides/draft.md", valid("guide", status="draft"), "A draft may link to [nothing](nowhere.md).\n")
    checked = hub(project.root, "check")
    assert checked.returncode == 0, checked.stderr
    assert "All 3 pages are valid; 2 would be published at OFFICIAL." in checked.stdout


def test_a_page_named_like_a_web_file_is_one_line_not_a_traceback(project):
    copy_config(project.root)
    project.page("guides/notes.html.md", valid("guide"))
    checked = hub(project.root, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert checked.stderr.splitlines()[0] == ("content/guides/notes.html.md: file: ends in '.html.md'; a page's name may not end "
                                              "in '.html' (its address would look like a file); rename it 'notes.md'")


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "e@example.org",
                        "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "e@example.org"})


@pytest.mark.skipif(not __import__("shutil").which("git"), reason="needs git")
def test_the_overdue_rule_of_a_pull_request_applies_to_the_pages_it_adds_or_changes(project):
    copy_config(project.root)
    old = {"last_reviewed": "2024-01-01", "review_due": "2025-01-01"}
    project.page("guides/old.md", valid("guide", **old))
    project.page("guides/edited.md", valid("guide", **old))
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "library")
    git(project.root, "checkout", "-qb", "change")
    project.page("guides/edited.md", valid("guide", **old), "Edited.\n")  # changed, not yet committed
    project.page("guides/new.md", valid("guide", **old))  # added, untracked
    today = {"HUB_TODAY": "2026-06-01", "HUB_FAIL_ON_OVERDUE": "true"}
    everything = hub(project.root, "check", **today)
    assert everything.returncode == 1
    assert [line.split(":")[0] for line in everything.stderr.splitlines()[:-1]] == [
        "content/guides/edited.md", "content/guides/new.md", "content/guides/old.md"]
    changed = hub(project.root, "check", "--changed-since", "main", **today)
    assert changed.returncode == 1
    assert re.findall(r"^(content/[^:]+): review_due: review overdue", changed.stderr, re.M) == [
        "content/guides/edited.md", "content/guides/new.md"]
    assert hub(project.root, "check", "--changed-since", "main", HUB_TODAY="2026-06-01").returncode == 0  # the setting is off
    bad_ref = hub(project.root, "check", "--changed-since", "no-such-branch", **today)
    assert bad_ref.returncode == 2 and bad_ref.stderr.startswith("--changed-since: git merge-base") and "Traceback" not in bad_ref.stderr


def test_the_job_summary_lists_the_problems_per_file_as_text_and_annotations_point_at_the_line():
    from msht_hub.commands.check import CheckResult, github_annotations, summary_markdown
    from msht_hub.reading.problems import Problem

    result = CheckResult(problems=[Problem("content/guides/a.md", "body", "a <script> element is not allowed", 12),
                                   Problem("content/guides/a.md", "owner", "required field is missing"),
                                   Problem("content/guides/b, c.md", "title", "50% done: no\nnewline")])
    assert summary_markdown(result).splitlines() == [
        "### Content check: 3 problems in 2 files", "",
        "**content/guides/a.md**", "",
        "- line 12, body: a &lt;script&gt; element is not allowed",
        "- owner: required field is missing", "",
        "**content/guides/b, c.md**", "",
        "- title: 50% done: no newline"]  # one line each, whatever the message holds
    assert github_annotations(result) == [
        "::error file=content/guides/a.md,line=12,title=body::a <script> element is not allowed",
        "::error file=content/guides/a.md,title=owner::required field is missing",
        "::error file=content/guides/b%2C c.md,title=title::50%25 done: no%0Anewline"]
    assert summary_markdown(CheckResult()).startswith("### Content check: no problems")


def test_hub_check_appends_the_summary_to_the_file_it_is_given(project, tmp_path):
    copy_config(project.root)
    project.page("guides/open.md", valid("guide"), "See [nothing](nowhere.md).\n")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier steps\n", encoding="utf-8")
    checked = hub(project.root, "check", "--summary", str(summary))
    assert checked.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier steps\n### Content check: 1 problem in 1 file") and "**content/guides/open.md**" in text
