"""The pull-request workflow: every change gets the content check (problems per file in the
job summary) and the strict build; a change to anything but content also gets the suite."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
STEPS = {step.get("name", step.get("uses")): step for step in WORKFLOW["jobs"]["check"]["steps"]}


def test_every_change_gets_the_content_check_into_the_job_summary_and_the_strict_build():
    check = STEPS["Content check (problems per file in the job summary)"]
    assert check["run"].startswith("python3 dev.py hub check ")
    assert '--summary "$GITHUB_STEP_SUMMARY"' in check["run"] and "--changed-since" in check["run"]
    assert check["env"]["HUB_FAIL_ON_OVERDUE"] == "true" and "if" not in check
    assert STEPS["Strict build"]["run"] == "python3 dev.py build" and "if" not in STEPS["Strict build"]
    suite = STEPS["Whole test suite (the change touches code, templates or settings)"]
    assert suite["run"] == "python3 dev.py test" and suite["if"] == "steps.changed.outputs.code == 'true'"


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.org",
                        "GIT_COMMITTER_NAME": "E", "GIT_COMMITTER_EMAIL": "e@example.org"})


@pytest.mark.skipif(not shutil.which("git") or not shutil.which("bash"), reason="needs git and bash")
@pytest.mark.parametrize("changed, code", [(["content/guides/a.md"], "false"), (["content/guides/a.md", "includes/x.md"], "false"),
                                           (["content/guides/a.md", "hooks/x.py"], "true"), (["mkdocs.yml"], "true")])
def test_the_suite_runs_when_anything_but_content_changes(tmp_path, changed, code):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README").write_text("x")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    for name in changed:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("changed")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "change")
    output = tmp_path / "out"
    step = STEPS["What the change touches"]
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, check=True, capture_output=True,
                   env={**os.environ, "BASE": base, "GITHUB_OUTPUT": str(output)})
    assert output.read_text().splitlines() == [f"base={base}", f"code={code}"]
