"""Rendering is kept between builds and between editions (render_cache.py): a page is
converted again exactly when something it depends on changed (its text, an include it reads,
a link target's address, a glossary entry that occurs in it), and otherwise its kept
conversion gives the same bytes as a conversion would. A damaged store is ignored."""
from __future__ import annotations

import json
import logging

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import PUBLIC_URL, HubProject, copy_config, site_digest, valid
from msht_hub.reading.render_cache import RenderCache, could_occur


@pytest.fixture
def hub(tmp_path, monkeypatch):
    """A project of its own (the repository's hooks and theme) with a cache folder of its own."""
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    monkeypatch.setenv("HUB_CACHE_DIR", str(tmp_path / "cache"))
    project = HubProject(tmp_path / "project")
    project.config = copy_config(project.root)
    project.page("index.md", valid("page"))
    project.page("guides/one.md", valid("guide", title="One"), 'See [two](two.md).\n\n--8<-- "note.md"\n\nThe NRM is described.\n')
    project.page("guides/two.md", valid("guide", title="Two"), "Plain text about the QXSH.\n")
    (project.root / "includes" / "note.md").write_text("A shared note.\n", encoding="utf-8")
    return project


def build_into(hub, caplog, site, strict=True):
    caplog.clear()
    with caplog.at_level(logging.INFO):
        try:
            build(load_config(str(hub.config), site_dir=str(site), strict=strict, site_url=PUBLIC_URL))
        except Abort:
            pytest.fail("\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING))
    return RenderCache.for_project(hub.root)


def html(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def converted(cache, before):
    """How many pages the last build converted (misses since `before`)."""
    return cache.misses - before


def test_a_second_build_converts_nothing_and_writes_the_same_pages(hub, caplog, tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_CACHE", "off")
    build_into(hub, caplog, tmp_path / "plain")
    monkeypatch.delenv("HUB_CACHE")
    cache = build_into(hub, caplog, tmp_path / "first")
    misses, hits = cache.misses, cache.hits
    build_into(hub, caplog, tmp_path / "second")
    assert cache.misses == misses and cache.hits > hits  # every page's conversion was kept
    pages = {name: digest for name, digest in site_digest(tmp_path / "plain").items() if name.endswith(".html")}
    assert pages and pages == {name: digest for name, digest in site_digest(tmp_path / "second").items() if name.endswith(".html")}


def test_the_store_outlives_the_process(hub, caplog, tmp_path):
    cache = build_into(hub, caplog, tmp_path / "first")
    cache.memory.clear()  # as a new process finds it: only the folder
    before = cache.misses
    build_into(hub, caplog, tmp_path / "second")
    assert converted(cache, before) == 0


def test_another_engine_in_mkdocs_place_converts_every_page_again(hub, caplog, tmp_path, monkeypatch):
    import mkdocs

    cache = build_into(hub, caplog, tmp_path / "first")
    monkeypatch.setattr(mkdocs, "__name__", "properdocs")  # what ProperDocs' command line puts in MkDocs' place
    before = cache.misses
    build_into(hub, caplog, tmp_path / "second")
    assert converted(cache, before) == 3


def test_a_changed_include_converts_the_page_again(hub, caplog, tmp_path):
    build_into(hub, caplog, tmp_path / "first")
    (hub.root / "includes" / "note.md").write_text("A changed note.\n", encoding="utf-8")
    build_into(hub, caplog, tmp_path / "second")
    assert "A changed note." in html(tmp_path / "second", "guides/one")


def test_a_glossary_entry_counts_only_where_it_could_occur(hub, caplog, tmp_path):
    cache = build_into(hub, caplog, tmp_path / "first")
    glossary = hub.root / "includes" / "abbreviations.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "*[QXSH]: A safeguarding hub\n", encoding="utf-8")
    before = cache.misses
    build_into(hub, caplog, tmp_path / "second")
    assert '<abbr title="A safeguarding hub">QXSH</abbr>' in html(tmp_path / "second", "guides/two")
    assert converted(cache, before) == 1  # only the page that writes QXSH
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("A safeguarding hub", "The hub"), encoding="utf-8")
    build_into(hub, caplog, tmp_path / "third")
    assert '<abbr title="The hub">QXSH</abbr>' in html(tmp_path / "third", "guides/two")


def test_a_link_whose_target_appears_is_converted_again(hub, caplog, tmp_path):
    (hub.content / "guides" / "two.md").unlink()
    build_into(hub, caplog, tmp_path / "first", strict=False)  # a missing page: a warning, the link left as written
    assert 'href="../two/"' not in html(tmp_path / "first", "guides/one")
    hub.page("guides/two.md", valid("guide", title="Two"), "Back again.\n")
    build_into(hub, caplog, tmp_path / "second")
    assert 'href="../two/"' in html(tmp_path / "second", "guides/one")


def test_a_damaged_store_is_ignored(hub, caplog, tmp_path):
    cache = build_into(hub, caplog, tmp_path / "first")
    assert cache.folder is not None
    for entry in cache.folder.rglob("*.json"):
        entry.write_text(json.dumps([{"reached": "nonsense", "conversion": {"html": "<p>planted</p>"}}]), encoding="utf-8")
    cache.memory.clear()
    build_into(hub, caplog, tmp_path / "second")
    assert "planted" not in html(tmp_path / "second", "guides/one") and "A shared note." in html(tmp_path / "second", "guides/one")


def test_the_store_is_kept_outside_the_repository_by_default(hub, monkeypatch):
    monkeypatch.delenv("HUB_CACHE_DIR")
    cache = RenderCache.for_project(hub.root)
    assert cache is not None and cache.folder is not None and not cache.folder.is_relative_to(hub.root)
    monkeypatch.setenv("HUB_CACHE", "off")
    assert RenderCache.for_project(hub.root) is None


@pytest.mark.parametrize(("short", "text", "occurs"), [
    ("MSA", "the MSA says", True),
    ("MSA", "the MSAS says", False),
    ("MSA", "msa", False),
    ("S.45", "under S.45 of", True),
    ("N‑R", "anything", True),  # a non-breaking hyphen: a typographic extension could make it, so assumed
])
def test_an_abbreviation_could_occur_only_where_its_source_has_it(short, text, occurs):
    assert could_occur(short, [text]) is occurs
