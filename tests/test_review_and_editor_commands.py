"""Review governance with an injectable clock, and the editors' `hub new` and `hub report`."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from conftest import ROOT, copy_config, valid
from msht_hub.reading.reader import read_page
from msht_hub.reading.review import review_state


@pytest.mark.parametrize(("due", "today", "state"), [
    (date(2027, 1, 1), date(2026, 11, 1), "current"),
    (date(2026, 12, 1), date(2026, 11, 1), "due-soon"),
    (date(2026, 11, 1), date(2026, 11, 1), "due-soon"),  # due today is not yet overdue
    (date(2026, 10, 31), date(2026, 11, 1), "overdue"),
])
def test_review_state_follows_the_review_due_date(due, today, state):
    assert review_state(due, today, due_soon_days=30) == state


def test_the_build_report_lists_overdue_and_due_soon_pages_by_the_injected_clock(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_TODAY", "2026-06-15")
    project.page("guides/late.md", valid("guide", last_reviewed="2025-01-01", review_due="2026-06-01"))
    project.page("guides/soon.md", valid("guide", last_reviewed="2025-07-01", review_due="2026-07-01"))
    project.page("guides/fine.md", valid("guide", last_reviewed="2026-01-01", review_due="2027-06-01"))
    result = project.build(caplog)
    assert result.ok, result.errors
    report = json.loads((result.site / "reports/review.json").read_text())
    assert report["today"] == "2026-06-15" and report["overdue"] == 1
    assert [(p["path"].rsplit("/", 1)[-1], p["state"]) for p in report["pages"]] == [("late.md", "overdue"), ("soon.md", "due-soon")]
    assert 'data-review-state="overdue"' in result.page("guides/late")
    assert "Review overdue" in result.page("guides/late")


def test_fail_on_overdue_stops_the_build_before_the_site_is_touched(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_TODAY", "2026-06-15")
    project.page("guides/late.md", valid("guide", last_reviewed="2025-01-01", review_due="2026-06-01"))
    assert project.build(caplog).ok
    before = sorted(p.name for p in project.site.rglob("*"))
    monkeypatch.setenv("HUB_FAIL_ON_OVERDUE", "true")
    result = project.build(caplog)
    assert not result.ok
    assert any(line.endswith("late.md: review_due: review overdue (2026-06-01); owner: Test owner") for line in result.errors)
    assert sorted(p.name for p in project.site.rglob("*")) == before


def hub(*args, cwd=ROOT, env=None):
    import os

    return subprocess.run([sys.executable, "-m", "msht_hub.commands.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("kind", ["guide", "debrief", "training"])
def test_hub_new_writes_a_draft_with_todays_dates_whose_placeholders_the_check_refuses(tmp_path, kind):
    copy_config(tmp_path)
    (tmp_path / "content").mkdir()
    result = hub("new", kind, "Cuckooing & county lines", cwd=tmp_path, env={"HUB_TODAY": "2026-03-04"})
    assert result.returncode == 0, result.stderr
    [path] = (tmp_path / "content").rglob("*.md")
    assert path.name == "cuckooing-county-lines.md"
    text = path.read_text(encoding="utf-8")
    assert "not official guidance" not in text.lower() and "sample" not in text.lower()  # the force's own page
    meta, _ = read_page(path, "x")
    assert meta["title"] == "Cuckooing & county lines" and meta["status"] == "draft"
    assert meta["last_reviewed"] == "2026-03-04" and meta["review_due"] == "2027-03-04"
    # Every placeholder is one line of the check, naming the field, until the editor replaces it.
    check = hub("check", cwd=tmp_path)
    assert check.returncode == 1
    placeholders = {"guide": ["owner"], "training": ["outcomes[0]", "owner"],
                    "debrief": ["lead_force", "lessons[0].text", "lessons[0].title", "outcome", "owner"]}[kind]
    named = [line.split(": ")[1] for line in check.stderr.splitlines() if "placeholder" in line]
    assert named == placeholders, check.stderr
    for field, value in (("Owning team", "Safeguarding Unit"), ("Lead force", "Test Constabulary"),
                         ("The criminal justice outcome.", "Two convictions."), ("The lesson in a line", "Ask early"),
                         ("What was learned, and what to do differently.", "Ask about accommodation."),
                         ("What a learner can do after it.", "Recognise the indicators.")):
        text = text.replace(f": {field}", f": {value}").replace(f"- {field}", f"- {value}")
    path.write_text(text, encoding="utf-8")
    assert hub("check", cwd=tmp_path).returncode == 0, hub("check", cwd=tmp_path).stderr
    again = hub("new", kind, "Cuckooing & county lines", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_hub_report_prints_review_status(tmp_path):
    copy_config(tmp_path)
    guides = tmp_path / "content" / "guides"
    guides.mkdir(parents=True)
    from conftest import front_matter

    (guides / "late.md").write_text(front_matter(valid("guide", last_reviewed="2025-01-01", review_due="2026-06-01")))
    result = hub("report", cwd=tmp_path, env={"HUB_TODAY": "2026-06-15"})
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "content/guides/late.md: review_due: review overdue (2026-06-01); owner: Test owner",
        "1 overdue, 0 due within 30 days of 2026-06-15.",
    ]
    failing = hub("report", cwd=tmp_path, env={"HUB_TODAY": "2026-06-15", "HUB_FAIL_ON_OVERDUE": "true"})
    assert failing.returncode == 1


@pytest.mark.parametrize("command", [["check"], ["report"], ["serve", "--dev-addr", "127.0.0.1:0"]])
def test_hub_commands_report_a_broken_mkdocs_yml_in_one_line(tmp_path, capsys, command):
    from msht_hub.commands.cli import main

    broken = tmp_path / "mkdocs.yml"
    broken.write_text("site_name: x\nextra: [unclosed\n", encoding="utf-8")
    assert main(["--config", str(broken), *command]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1 and "is not valid YAML at line" in err
    broken.write_text("- just a list\n", encoding="utf-8")
    assert main(["--config", str(broken), *command]) == 2
    assert "expected a mapping of settings" in capsys.readouterr().err


def test_a_taxonomy_too_long_for_the_search_filters_is_a_configuration_error():
    import pytest

    from msht_hub.reading.settings import SettingsError, load_settings

    roles = {f"role-{n}": f"Role {n}" for n in range(40)}
    with pytest.raises(SettingsError, match=r"extra\.hub\.taxonomy\.roles: has 40 values; search filters allow at most 31"):
        load_settings({"hub": {"taxonomy": {"roles": roles, "exploitation": {"a": "A"}, "lesson_themes": {"b": "B"}}}})
