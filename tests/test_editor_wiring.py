"""Checking as an editor types: the committed VS Code settings and .remarkrc.mjs wire the hub's
JSON Schemas to each page's front-matter, by kind (the remark extension; the YAML extension
does not read front-matter in Markdown). Run with the remark the project pins."""
from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from conftest import ROOT, front_matter, valid

REMARK = ROOT / "node_modules" / ".bin" / ("remark.cmd" if os.name == "nt" else "remark")


def jsonc(path):
    return json.loads(re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.M))


def test_vs_code_is_told_to_use_the_remark_wiring_and_spaces_for_lists():
    settings = jsonc(ROOT / ".vscode" / "settings.json")
    assert settings["remark.requireConfig"] is True
    assert settings["[markdown]"]["editor.insertSpaces"] is True and settings["[markdown]"]["editor.tabSize"] == 4
    assert "unifiedjs.vscode-remark" in jsonc(ROOT / ".vscode" / "extensions.json")["recommendations"]
    wiring = (ROOT / ".remarkrc.mjs").read_text(encoding="utf-8")
    for kind, folder in (("guide", "guides"), ("debrief", "debriefs"), ("training", "training")):
        assert f'"./schemas/{kind}.schema.json": ["content/{folder}/**/*.md"]' in wiring


def remark():
    if not REMARK.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs node_modules (npm ci, run by python3 dev.py test)")
        pytest.skip("remark is not installed: python3 dev.py test runs npm ci")
    return str(REMARK)


def test_a_wrong_value_is_flagged_on_its_line_and_a_valid_page_is_not(tmp_path):
    command = remark()
    for name in (".remarkrc.mjs", "schemas", "node_modules"):
        (tmp_path / name).symlink_to(ROOT / name)
    guides = tmp_path / "content" / "guides"
    guides.mkdir(parents=True)
    (guides / "good.md").write_text(front_matter(valid("guide")), encoding="utf-8")
    (guides / "bad.md").write_text(front_matter(valid("guide", roles=["frontlin"], guide_type="aide-memoir")), encoding="utf-8")
    (tmp_path / "content" / "debriefs").mkdir()
    (tmp_path / "content" / "debriefs" / "d.md").write_text(front_matter(valid("guide")), encoding="utf-8")  # a guide's fields
    done = subprocess.run([command, "content", "--quiet", "--no-stdout", "--no-color"], cwd=tmp_path, capture_output=True, text=True)
    report = done.stderr
    assert "content/guides/good.md" not in report
    bad = report.split("content/guides/bad.md", 1)[1].split("content/", 1)[0]
    assert re.search(r"^\s*\d+:\d+-\d+:\d+\s+warning .*allowed values: `frontline`", bad, re.M)
    assert "aide-memoire" in bad
    assert "Must have required property 'operation'" in report.split("content/debriefs/d.md", 1)[1]
