"""Text stays text wherever it is shown: a glossary expansion, a title or a change note that
holds markup is shown as the characters it is, on hover, focus and tap as well as on load,
in Material's scripts (its tooltips are off: they turn a title back into HTML) and in the
hub's own (the register, the role pages, the offline panel's list of changes)."""
from __future__ import annotations

import pytest

from conftest import CONFIG, HubProject, copy_config, valid

HOSTILE = '<img src=x onerror="window.__hit=1;alert(1)">'
# The page's own policy would stop the handler from running; what is judged here is that the
# text never became an element at all.
NO_ELEMENT_FROM_TEXT = "document.querySelectorAll('[onerror], img[src=x]').length"


@pytest.fixture
def hub(tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    project = HubProject(tmp_path)
    project.config = copy_config(tmp_path)
    (tmp_path / "includes" / "abbreviations.md").write_text(f"*[NRM]: National Referral Mechanism {HOSTILE}\n", encoding="utf-8")
    project.page("index.md", valid("page"))
    project.page("guides/one.md", valid("guide", title=f"Guide {HOSTILE}", roles=["frontline"],
                                        changes=[{"date": "2026-02-01", "note": f"Changed {HOSTILE}"}]),
                 "Refer to the NRM at once.\n")
    project.page("debriefs/op.md", valid("debrief", title=f"Op {HOSTILE}", lessons=[
        {"id": "x-01", "theme": "safeguarding", "kind": "lesson", "title": f"Lesson {HOSTILE}", "text": f"Text {HOSTILE}"}]))
    return project


def test_the_material_feature_that_reparses_titles_is_refused(project, caplog):
    from mkdocs.exceptions import ConfigurationError

    with pytest.raises(ConfigurationError, match=r"theme.features: content.tooltips turns every title .* back into HTML"):
        project.build(caplog, theme={"name": "material", "custom_dir": str(CONFIG.parent / "overrides"),
                                     "features": ["content.tooltips"]})


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_text_is_shown_as_text_on_hover_focus_and_tap(hub, browser, serve):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(hub.config), site_dir=str(hub.root / "site"), strict=False, site_url="http://127.0.0.1/"))
    base = serve(hub.root / "site")
    context = browser.new_context(has_touch=True, service_workers="block")
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(base + "guides/one/")
    abbr = tab.locator("abbr").first
    assert abbr.get_attribute("title") == f"National Referral Mechanism {HOSTILE}"
    abbr.hover()
    abbr.focus()
    abbr.tap()
    tab.wait_for_timeout(300)
    assert tab.evaluate(NO_ELEMENT_FROM_TEXT) == 0
    for path in ("lessons/", "roles/frontline/", "whats-new/", "offline/", "guides/", "debriefs/op/"):
        tab.goto(base + path)
        tab.wait_for_load_state("load")
        for element in tab.locator("main a, main button, main summary, main [title]").all()[:40]:
            if element.is_visible():
                element.hover()
                element.focus()
        tab.wait_for_timeout(100)
        assert tab.evaluate(NO_ELEMENT_FROM_TEXT) == 0, path
    assert dialogs == [] and tab.evaluate("window.__hit") is None
    context.close()
