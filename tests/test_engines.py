"""The engines as renderers: the shipped content built by MkDocs 1.6 and by ProperDocs (the
maintained fork of MkDocs 1.x), each in a process of its own from a copy of the project, gives
the same site file for file, the engine's generator tag aside; and the output tests of the
shipped site (the classification gate, search, the offline copy, the booklets) pass on the
ProperDocs build as they do on MkDocs'. Run in CI with the whole suite (`-m engines` alone)."""
from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import test_booklets
import test_browser_offline
import test_build
import test_content_is_data
import test_gate_attachments
import test_generated_pages
import test_policy_in_every_page
import test_search_index

from conftest import IS_SAMPLE, NOT_THE_SAMPLE, ROOT, output_text
from engine_build import (
    GENERATOR,
    WORKER,
    EngineBuild,
    build_with,
    differences,
    normalised,
    offline_files,
    shipped_project,
    site_files,
)

pytestmark = [pytest.mark.engines, pytest.mark.slow, pytest.mark.skipif(not IS_SAMPLE, reason=NOT_THE_SAMPLE)]

NODE = shutil.which("node")
NOT_OFFLINE = (WORKER, "sitemap.xml.gz", "reports/review.json")  # the worker, a compressed copy, the editors' report written after it


@pytest.fixture(scope="module")
def engine_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, EngineBuild]:
    """The shipped content built once by each engine, from one copy of the project."""
    folder = tmp_path_factory.mktemp("engines")
    project = shipped_project(folder / "project")
    built = {engine: build_with(engine, project, folder / f"site-{engine}") for engine in ("mkdocs", "properdocs")}
    for result in built.values():
        assert result.ok, f"{result.engine}: {result.stderr[-3000:]}"
    return built


@pytest.fixture(scope="module")
def properdocs_site(engine_sites: dict[str, EngineBuild]) -> Path:
    return engine_sites["properdocs"].site


def test_each_engine_names_itself_in_the_generator_tag_and_nowhere_else(engine_sites):
    tags = {engine: set(GENERATOR.findall((result.site / "index.html").read_bytes())) for engine, result in engine_sites.items()}
    assert tags["mkdocs"] == {b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">'}
    assert tags["properdocs"] == {b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">'}
    assert "ProperDocs" not in output_text(engine_sites["mkdocs"].site)
    text = normalised(output_text(engine_sites["properdocs"].site).encode("utf-8"))
    assert b"ProperDocs" not in text and b"properdocs" not in text


def test_mkdocs_and_properdocs_build_the_same_site_file_for_file(engine_sites):
    mkdocs, properdocs = engine_sites["mkdocs"].site, engine_sites["properdocs"].site
    files = site_files(mkdocs)
    kinds = {path.rsplit(".", 1)[-1] for path in files}
    assert {"html", "js", "json", "csv", "xml", "gz", "bin", "woff2", "pdf"} <= kinds  # every kind of output is compared
    assert len([path for path in files if path.endswith(".html")]) >= 70
    assert differences(mkdocs, properdocs) == []


def test_the_offline_copy_holds_every_file_of_the_properdocs_site_byte_for_byte(properdocs_site):
    held, written = offline_files(properdocs_site), site_files(properdocs_site)
    published = {path: data for path, data in written.items()
                 if path not in NOT_OFFLINE and not path.startswith("offline-bundles/")}
    assert held.keys() == published.keys()
    assert [path for path in published if held[path] != published[path]] == []
    assert {"index.html", "guides/initial-actions/index.html", "search/manifest.js", "booklets/first-contact-a6.pdf"} <= held.keys()


def test_properdocs_leaves_the_official_sensitive_debrief_out_of_every_output(engine_sites, properdocs_site):
    assert "debriefs/op-lantern.md: left out of this build (classified OFFICIAL-SENSITIVE" in engine_sites["properdocs"].stderr
    assert not (properdocs_site / "debriefs" / "op-lantern").exists()
    text = output_text(properdocs_site)
    assert "op-lantern" not in text and "LANTERN" not in text and "Lantern" not in text


@pytest.mark.skipif(NODE is None, reason="node is needed to run the browser's search engine")
def test_the_properdocs_sites_search_finds_a_word_and_not_the_sensitive_debrief(properdocs_site):
    queries = ["county lines", "debt bondage", "lantern"]
    done = subprocess.run([str(NODE), str(ROOT / "bench" / "search_node.js"), str(properdocs_site / "search")],
                          input=json.dumps(queries), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    answers = {answer["query"]: answer["results"] for answer in json.loads(done.stdout)}
    assert answers["county lines"][0] == "guides/investigating-criminal-exploitation/"
    assert answers["debt bondage"][0].startswith("guides/investigating-criminal-exploitation/#")
    assert answers["lantern"] == []


def test_the_properdocs_site_has_both_booklet_pdfs(properdocs_site):
    for size in ("a6", "a5"):
        data = (properdocs_site / "booklets" / f"first-contact-{size}.pdf").read_bytes()
        assert data.startswith(b"%PDF-") and len(data) > 20_000, size


SHIPPED_SITE_TESTS: list[Callable[[Path], None]] = [
    test_build.test_drafts_and_pages_above_the_build_classification_are_not_published,
    test_build.test_every_guide_debrief_and_training_page_renders_with_its_metadata,
    test_build.test_a_debrief_shows_its_fact_panel_and_anchored_lessons,
    test_gate_attachments.test_no_template_or_source_is_published,
    test_search_index.test_a_shard_holds_only_terms_of_its_prefix_and_every_term_is_in_one_shard,
    test_search_index.test_every_debrief_lesson_is_a_document_linking_to_its_anchor,
    test_browser_offline.test_every_page_says_which_edition_it_is,
    test_browser_offline.test_the_cache_list_holds_the_whole_site_and_nothing_left_out,
    test_booklets.test_the_sections_are_all_there_in_order_after_the_cover,
    test_booklets.test_the_pdfs_carry_title_language_and_tags,
    test_policy_in_every_page.test_every_page_opens_its_head_with_the_policy,
    test_content_is_data.test_no_built_page_carries_an_inline_script,
    test_generated_pages.test_the_register_lists_every_published_lesson_linking_to_its_anchor,
]


@pytest.mark.parametrize("check", SHIPPED_SITE_TESTS, ids=lambda check: f"{check.__module__}::{check.__name__}")
def test_the_shipped_site_tests_pass_on_the_properdocs_build(check, properdocs_site):
    check(properdocs_site)


def test_properdocs_reports_a_content_error_in_one_line_without_a_traceback(tmp_path):
    for name in ("mkdocs.yml", "hooks", "overrides"):
        (tmp_path / name).symlink_to(ROOT / name)
    content = tmp_path / "content" / "guides"
    content.mkdir(parents=True)
    (tmp_path / "content" / "index.md").write_text("---\ntitle: Home\n---\n")
    (content / "bad.md").write_text("---\ntitle: Bad\nsummary: x\nroles: [frontline]\nowner: me\nlast_reviewed: 2026-01-01\n"
                                    "review_due: 2025-01-01\nguide_type: bulletin\n---\n")
    result = build_with("properdocs", tmp_path, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/guides/bad.md: review_due: 2025-01-01 is not after last_reviewed (2026-01-01); expected a later date" in result.stderr
    assert not (tmp_path / "site").exists()
