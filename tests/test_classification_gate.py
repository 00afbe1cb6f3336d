"""A build is made for a maximum classification: pages above it, drafts and withdrawn pages
leave no trace in any file of the output."""
from __future__ import annotations

import pytest

from conftest import output_text, valid

CANARIES = {"draft": "CANARY-DRAFT-7f3a", "withdrawn": "CANARY-WITHDRAWN-91bc", "sensitive": "CANARY-SENSITIVE-c04e"}


def plant(project):
    project.page("guides/open.md", valid("guide", title="Open guide"))
    project.page("guides/draft.md", valid("guide", status="draft", title=CANARIES["draft"]), f"{CANARIES['draft']} body\n")
    project.page("guides/gone.md", valid("guide", status="withdrawn", title=CANARIES["withdrawn"]), f"{CANARIES['withdrawn']} body\n")
    project.page("debriefs/secret.md", valid("debrief", classification="OFFICIAL-SENSITIVE", title=CANARIES["sensitive"],
                                             tags=["canary-sensitive-c04e"]), f"{CANARIES['sensitive']} body\n")


def test_an_official_build_contains_no_trace_of_drafts_withdrawn_or_sensitive_pages(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "OFFICIAL")
    plant(project)
    result = project.build(caplog)
    assert result.ok, result.errors
    text = output_text(result.site).upper()
    assert "OPEN GUIDE" in text
    for canary in CANARIES.values():
        assert canary.upper() not in text


def test_an_official_sensitive_build_publishes_the_sensitive_page(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "OFFICIAL-SENSITIVE")
    plant(project)
    result = project.build(caplog)
    assert result.ok, result.errors
    text = output_text(result.site)
    assert CANARIES["sensitive"] in text
    assert "OFFICIAL-SENSITIVE" in result.page("debriefs/secret")
    assert CANARIES["draft"] not in text and CANARIES["withdrawn"] not in text


def test_a_link_to_a_page_left_out_of_the_build_stops_the_build_naming_both(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "OFFICIAL")
    project.page("guides/open.md", valid("guide"), "See [the sensitive debrief](../debriefs/secret.md).\n")
    project.page("debriefs/secret.md", valid("debrief", classification="OFFICIAL-SENSITIVE"))
    result = project.build(caplog)
    assert not result.ok
    assert any("guides/open.md" in e and "debriefs/secret.md" in e for e in result.errors)


def test_an_unknown_maximum_classification_is_refused(project, caplog, monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from conftest import CONFIG

    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "SECRET")
    config = load_config(str(CONFIG), docs_dir=str(project.content), site_dir=str(project.site))
    with pytest.raises(ConfigurationError, match="max_classification: 'SECRET' is not one of"):
        config.plugins.on_config(config)
