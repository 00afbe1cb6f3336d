"""Includes are content: every file the build reads through `--8<--` (and the glossary) is
judged by its real path. A symbolic link in includes/ that leads anywhere else, an include
that is a page's own file, and a path out of includes/ each stop the build with one line
naming the page or the link; nothing outside the project is ever read."""
from __future__ import annotations

import logging
import os

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import PUBLIC_URL, HubProject, copy_config, output_text, valid

CANARY = "CANARY-LANTERN-SENSITIVE-5f1e"


@pytest.fixture
def hub(tmp_path, monkeypatch):
    """A project with its own includes/ folder (the repository's mkdocs.yml, hooks and theme)."""
    monkeypatch.setenv("HUB_MAX_CLASSIFICATION", "OFFICIAL")
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    project = HubProject(tmp_path)
    config = copy_config(tmp_path)  # links the hub's hooks and theme beside it
    project.page("index.md", valid("page"))
    project.page("debriefs/op-lantern.md", valid("debrief", classification="OFFICIAL-SENSITIVE", title="Op LANTERN"),
                 f"{CANARY} the sensitive debrief's text.\n")
    project.config = config
    return project


def build_hub(hub, caplog):
    (hub.root / "site").mkdir(exist_ok=True)
    (hub.root / "site" / "kept.txt").write_text("the previous site", encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.INFO):
        try:
            build(load_config(str(hub.config), site_dir=str(hub.root / "site"), strict=True, site_url=PUBLIC_URL))
            ok = True
        except Abort:
            ok = False
    return ok, [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


def test_an_ordinary_include_is_published(hub, caplog):
    (hub.root / "includes" / "note.md").write_text("A shared note for every guide.\n", encoding="utf-8")
    hub.page("guides/one.md", valid("guide"), 'Text.\n\n--8<-- "note.md"\n')
    ok, errors = build_hub(hub, caplog)
    assert ok, errors
    assert "A shared note for every guide." in (hub.root / "site/guides/one/index.html").read_text(encoding="utf-8")


def test_a_symbolic_link_to_a_sensitive_page_stops_the_build_and_publishes_nothing(hub, caplog):
    (hub.root / "includes" / "lantern.md").symlink_to(hub.content / "debriefs" / "op-lantern.md")
    hub.page("guides/one.md", valid("guide"), 'Text.\n\n--8<-- "lantern.md"\n')
    ok, errors = build_hub(hub, caplog)
    assert not ok
    assert "includes/lantern.md: file: is a symbolic link to content/debriefs/op-lantern.md, outside includes/; " \
           "an include must be a real file inside it (copy the text in)" in errors
    assert any(error.startswith("content/guides/one.md: body: includes 'lantern.md', which leads to content/debriefs/op-lantern.md")
               for error in errors), errors
    assert sorted(path.name for path in (hub.root / "site").iterdir()) == ["kept.txt"]  # the previous site, untouched
    assert CANARY not in "\n".join(errors)


def test_a_hard_link_to_a_page_is_refused_as_that_page(hub, caplog):
    os.link(hub.content / "debriefs" / "op-lantern.md", hub.root / "includes" / "copy.md")
    hub.page("guides/one.md", valid("guide"), 'Text.\n\n--8<-- "copy.md"\n')
    ok, errors = build_hub(hub, caplog)
    assert not ok
    assert any(error.startswith("content/guides/one.md: body: includes 'copy.md', which is the file of a page under content/")
               for error in errors), errors


@pytest.mark.parametrize("target", ["/etc/passwd", "/etc"])
def test_a_link_out_of_the_project_is_never_read(hub, caplog, target):
    (hub.root / "includes" / "system").symlink_to(target)
    hub.page("guides/one.md", valid("guide"), '--8<-- "system"\n' if target == "/etc/passwd" else '--8<-- "system/passwd"\n')
    ok, errors = build_hub(hub, caplog)
    assert not ok
    assert "includes/system: file: is a symbolic link to a file outside the project, outside includes/; " \
           "an include must be a real file inside it (copy the text in)" in errors
    assert "root:" not in "\n".join(errors) and "root:" not in output_text(hub.root / "site")


def test_a_path_out_of_the_includes_folder_is_refused(hub, caplog):
    hub.page("guides/one.md", valid("guide"), '--8<-- "../content/debriefs/op-lantern.md"\n')
    ok, errors = build_hub(hub, caplog)
    assert not ok
    assert any(error.startswith("content/guides/one.md: body: Snippet at path '../content/debriefs/op-lantern.md' could not be found")
               for error in errors), errors


def test_the_glossary_itself_is_gated(hub, caplog):
    glossary = hub.root / "includes" / "abbreviations.md"
    glossary.unlink()
    glossary.symlink_to(hub.content / "debriefs" / "op-lantern.md")
    ok, errors = build_hub(hub, caplog)
    assert not ok
    assert any("includes/abbreviations.md" in error and "outside includes/" in error for error in errors), errors
