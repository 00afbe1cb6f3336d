"""The editor in the browser (`hub cms`): Decap CMS served by the hub on 127.0.0.1 over the
project's own Git repository. In real Chromium, an editor fills in a new guide and saves;
the save is a branch whose page `hub check` accepts; a required field left empty is refused
in the form; nothing is fetched from another origin. Its form comes from the typed model."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import copy_config
from msht_hub.commands.cms import CMS_FOLDER, cms_config
from msht_hub.commands.project import load_project
from waiting import until_in_page


def test_the_form_is_generated_from_the_model(tmp_path):
    copy_config(tmp_path)
    project = load_project(tmp_path / "mkdocs.yml")
    config = cms_config(project.settings, "content", "http://127.0.0.1:9/api/v1", "main")
    assert config["publish_mode"] == "editorial_workflow" and config["local_backend"]["url"].startswith("http://127.0.0.1:")
    collections = {collection["name"]: collection for collection in config["collections"]}
    assert set(collections) == {"guides", "debriefs", "training"} and collections["guides"]["folder"] == "content/guides"
    guide = {field["name"]: field for field in collections["guides"]["fields"]}
    roles = guide["roles"]
    assert roles["widget"] == "select" and roles["multiple"] and roles["required"] and roles["min"] == 1
    assert {"label": "Frontline officer", "value": "frontline"} in roles["options"]  # the taxonomy, with its labels
    assert [option["value"] for option in guide["exploitation"]["options"]] == list(project.settings.taxonomy.exploitation)
    assert guide["last_reviewed"]["widget"] == "datetime" and guide["last_reviewed"]["time_format"] is False
    assert guide["guide_type"]["widget"] == "select" and {"label": "Aide-memoire", "value": "aide-memoire"} in guide["guide_type"]["options"]
    assert guide["status"]["default"] == "draft" and guide["owner"]["required"] and not guide["booklet"]["required"]
    assert guide["body"]["widget"] == "markdown" and "source" not in guide
    lessons = {field["name"]: field for field in {f["name"]: f for f in collections["debriefs"]["fields"]}["lessons"]["fields"]}
    assert lessons["theme"]["widget"] == "select" and {"label": "Victim safeguarding", "value": "safeguarding"} in lessons["theme"]["options"]
    assert lessons["kind"]["options"] == [{"label": "Lesson", "value": "lesson"}, {"label": "Good practice", "value": "good-practice"}]


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.org",
                               "GIT_COMMITTER_NAME": "E", "GIT_COMMITTER_EMAIL": "e@example.org"}).stdout


def fill_select(tab, name, label):
    tab.locator(f"[id^='{name}-field-']").first.click()
    tab.keyboard.type(label)
    tab.keyboard.press("Enter")


def needs_the_editors_tools() -> None:
    """Node.js 20 or later (decap-server), npm (the first `npm ci` in cms/) and git."""
    node = shutil.which("node")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout if node else ""
    major = int(version.lstrip("v").split(".")[0]) if version.startswith("v") else 0
    installed = (CMS_FOLDER / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").exists()
    missing = [name for name, ok in (("Node.js 20 or later", major >= 20), ("npm", installed or shutil.which("npm")),
                                     ("git", shutil.which("git"))) if not ok]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs {', '.join(missing)} for the editor's test")
        pytest.skip(f"the editor needs {', '.join(missing)}")


@pytest.mark.slow
@pytest.mark.browser
def test_an_editor_adds_a_guide_in_the_browser_and_the_save_is_a_branch_the_check_accepts(tmp_path, browser):
    needs_the_editors_tools()
    from playwright.sync_api import expect

    from msht_hub.commands.cms import running_editor

    root = tmp_path / "hub"
    copy_config(root)
    (root / "content").mkdir()
    (root / "content" / "index.md").write_text("---\ntitle: Home\n---\n\nHello.\n", encoding="utf-8")
    (root / ".gitignore").write_text("hooks\noverrides\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "library")
    project = load_project(root / "mkdocs.yml")
    with running_editor(root, project.docs_dir, project.settings, tmp_path / "served") as served:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        elsewhere = []
        tab.on("request", lambda request: elsewhere.append(request.url) if not request.url.startswith("http://127.0.0.1:") else None)
        tab.goto(served.url)
        tab.get_by_role("button", name="Login").click()
        tab.goto(served.url + "#/collections/guides/new")
        tab.locator("[id^='title-field-']").first.fill("Cuckooing: first response")
        tab.locator("[id^='summary-field-']").first.fill("What to do first when a home is taken over.")
        fill_select(tab, "roles", "Frontline officer")
        fill_select(tab, "guide_type", "Bulletin")
        tab.locator("[id^='last_reviewed-field-']").first.fill("2026-03-04")
        tab.locator("[id^='review_due-field-']").first.fill("2027-03-04")
        tab.locator("[contenteditable=true]").first.click()
        tab.keyboard.type("Ask who lives there, and who else comes and goes.")
        # The owner is required: the form refuses to save without it, and nothing is committed.
        tab.get_by_role("button", name="Save").first.click()
        expect(tab.get_by_text("is required").first).to_be_visible()
        assert "cms/" not in git(root, "branch", "--list")
        tab.locator("[id^='owner-field-']").first.fill("Exploitation Unit")
        tab.get_by_role("button", name="Save").first.click()
        branch = "cms/guides/cuckooing-first-response"
        saved = f"{branch}:content/guides/cuckooing-first-response.md"

        def committed() -> bool:  # the branch is made first, the page committed to it next
            return subprocess.run(["git", "cat-file", "-e", saved], cwd=root, capture_output=True).returncode == 0

        try:  # the editorial workflow's pull request, as a branch
            until_in_page(tab, committed, "the saved guide committed to its branch", timeout=20)
        except AssertionError as never:
            tab.screenshot(path=str(tmp_path / "after-save.png"))
            shown = tab.locator("[class*='ControlErrorsList'] li, [class*='error']").all_inner_texts()
            raise AssertionError(f"{never}; the editor showed {shown}") from None
        finally:
            context.close()
    assert elsewhere == []
    page = git(root, "show", saved)
    assert "owner: Exploitation Unit" in page and "status: draft" in page and "Ask who lives there" in page
    git(root, "checkout", "-q", branch)
    checked = subprocess.run([sys.executable, "-m", "msht_hub.commands.cli", "check"], cwd=root, capture_output=True, text=True)
    assert checked.returncode == 0, (checked.stderr, page)
