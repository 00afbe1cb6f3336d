"""A new kind of content and a new search facet, each added by one registry entry (kinds.py,
facets.py) and nothing else: no template, listing, index builder or script is touched. A
fixture library of its own is built with both registered; the kind shows in its pages, its
index, the role landings, the navigation and the kind filter of search, and the facet in the
search index, the manifest, the search page's filters and, in Chromium, a query it narrows."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import BASE, CONFIG, PUBLIC_URL, RESULTS_SHOWN, STATUS, HubProject, open_filters, valid
from msht_hub.commands.project import load_project
from msht_hub.commands.scaffold import new_page
from msht_hub.commands.schema import json_schema
from msht_hub.reading import facets, kinds
from msht_hub.reading.catalogue import Catalogue
from msht_hub.reading.facets import Facet
from msht_hub.reading.kinds import Index, Kind, Landing
from msht_hub.reading.model import FrontMatter, Name


class Policy(FrontMatter):
    """A force policy: the new kind's own model."""

    policy_number: Name


POLICY = Kind("policy", "Policy", Policy, "policies", "hub/document.html",
              Index("policies/index.md", "Force policies", "Every published force policy.", "Policies"),
              landing=(Landing("policies", "Policies"),),
              scaffold=lambda new: {"policy_number": f"P-{new.today.year}-000"}, badge="force-policy")


def _tags(catalogue: Catalogue) -> dict[str, str]:
    used = sorted({tag for doc in catalogue.published.values() for tag in doc.tags})
    return {tag: tag.replace("-", " ").capitalize() for tag in used}


TAG = Facet("tag", "Tag", _tags, lambda source: tuple(source.document.tags))


@pytest.fixture(scope="module")
def registered() -> Iterator[None]:
    """The new kind and the new facet, through the registries' own API, for this module only."""
    kinds.register(POLICY)
    facets.register(TAG)
    try:
        yield
    finally:
        facets.unregister("tag")
        kinds.unregister("policy")


@pytest.fixture(scope="module")
def site(registered: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of its own: a policy (the new kind) and a guide, both about the harbour."""
    hub = HubProject(tmp_path_factory.mktemp("new-kind"))
    hub.page("index.md", valid("page"))
    hub.page("policies/harbour-searches.md", {
        **BASE, "title": "Harbour searches policy", "policy_number": "P-2026-014", "tags": ["port-checks"],
        "summary": "When officers search vessels in the harbour.", "published": "2026-03-01"},
        "## Before boarding\n\nSearch the harbour vessel only with the harbour master told.\n")
    hub.page("guides/harbour-bulletin.md", valid("guide", title="Harbour bulletin", tags=["maritime"],
                                                 summary="What changed at the harbour this year."),
             "The harbour checks found two vessels with workers held on board.\n")
    build(load_config(str(CONFIG), docs_dir=str(hub.content), site_dir=str(hub.site), strict=True, site_url=PUBLIC_URL))
    return hub.site


def receive_all(folder: Path) -> dict[str, Any]:
    """name -> data of every index file (each is `mshtHubSearch.receive(name, data);`)."""
    found = {}
    for path in folder.glob("*.js"):
        match = re.fullmatch(r'mshtHubSearch\.receive\(("[^"]*"),(.*)\);\n', path.read_text(encoding="utf-8"), re.S)
        assert match, path.name
        found[json.loads(match.group(1))] = json.loads(match.group(2))
    return found


def test_the_new_kinds_page_carries_its_label_badge_and_its_index_lists_it(site: Path) -> None:
    page = (site / "policies" / "harbour-searches" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="hub-badge hub-badge--force-policy">Policy</span>', page)
    assert "Harbour searches policy" in page
    index = (site / "policies" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in index and "Force policies" in index
    assert re.search(r'href="[^"]*policies/harbour-searches/">Harbour searches policy</a>', index)
    assert 'hub-badge--force-policy">Policy<' in index
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*policies/"[^>]*>\s*(<span[^>]*>\s*)?Policies\s*<', home), "in the navigation by its nav title"


def test_the_role_landing_has_the_new_kinds_group(site: Path) -> None:
    landing = (site / "roles" / "frontline" / "index.html").read_text(encoding="utf-8")
    group = landing.split('id="policies"', 1)
    assert len(group) == 2 and "Policies" in group[1][:40]
    assert "Harbour searches policy" in group[1].split("</section>", 1)[0]


def test_search_indexes_the_new_kind_and_facet(site: Path) -> None:
    files = receive_all(site / "search")
    manifest, by_kind, masks = files["manifest"], files["facets"], files["filters"]
    assert list(manifest["facets"]) == ["kind", "role", "exploitation", "theme", "tag"]  # the registry's order
    kinds_offered = [value for value, _ in manifest["facets"]["kind"]]
    assert kinds_offered == ["guide", "debrief", "lesson", "training", "policy", "page"]
    assert manifest["facets"]["kind"][kinds_offered.index("policy")] == ["policy", "Policy"]
    assert manifest["badges"][kinds_offered.index("policy")] == "force-policy"
    assert manifest["facets"]["tag"] == [["maritime", "Maritime"], ["port-checks", "Port checks"]]
    urls = [row[0] for number in range(0, manifest["count"], manifest["chunk"]) for row in files[f"docs:{number // manifest['chunk']}"]]
    policy = urls.index("policies/harbour-searches/")
    guide = urls.index("guides/harbour-bulletin/")
    assert kinds_offered[by_kind["kind"][policy]] == "policy" and kinds_offered[by_kind["kind"][guide]] == "guide"
    assert masks["tag"][policy] == 0b10 and masks["tag"][guide] == 0b01  # port-checks, maritime
    section = urls.index("policies/harbour-searches/#before-boarding")
    assert masks["tag"][section] == 0b10, "a section carries its page's facets"


def test_the_search_pages_filters_offer_the_new_kind_and_facet(site: Path) -> None:
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    tag = re.search(r'<fieldset class="hub-facet" data-hub-facet="tag">\s*<legend>Tag</legend>(.*?)</fieldset>', page, re.S)
    assert tag, "a fieldset for the new facet, with its label"
    assert 'name="tag" value="port-checks"> Port checks' in tag.group(1)
    assert 'name="kind" value="policy"> Policy' in page
    legends = re.findall(r'data-hub-facet="([^"]+)">\s*<legend>', page)
    assert legends == ["kind", "role", "exploitation", "theme", "tag"]


def test_hub_new_and_the_schema_know_the_new_kind(registered: None) -> None:
    settings = load_project(CONFIG).settings
    path, text = new_page("policy", "Port entry", date(2026, 5, 1), settings.taxonomy, "Ports team")
    assert path == "policies/port-entry.md" and "policy_number: P-2026-000" in text
    schema = json_schema("policy", settings.taxonomy)
    assert "policy_number" in schema["properties"] and "policy_number" in schema["required"]


def test_the_registries_refuse_an_entry_that_would_clash() -> None:
    """A second kind on one folder, an order listings do not know, or a facet named like the
    address's other parameters."""
    with pytest.raises(ValueError, match="folder 'guides/'"):
        kinds.register(Kind("handbook", "Handbook", Policy, "guides"))
    with pytest.raises(ValueError, match="order 'oldest' is not one of: title, newest"):
        kinds.register(Kind("handbook", "Handbook", Policy, "handbooks", landing=(Landing("handbooks", "Handbooks", "oldest"),)))
    with pytest.raises(ValueError, match="'since'"):
        facets.register(Facet("since", "Since", _tags, TAG.read))
    assert "handbook" not in kinds.KINDS and "since" not in facets.FACETS


def test_a_kind_added_without_an_index_or_landing_still_builds_search(project: HubProject, caplog: pytest.LogCaptureFixture) -> None:
    """The README's steps with only the first two (an entry and a model): the search index is
    built, the kind in its kind filter (the kind labels were a hand-written list, and the
    index stopped on the kind it did not know)."""
    kinds.register(Kind("memo", "Memo", Policy, "memos", "hub/document.html"))
    try:
        project.page("memos/m.md", {**BASE, "title": "A memo", "policy_number": "M-1"})
        result = project.build(caplog)
    finally:
        kinds.unregister("memo")
    assert result.ok, result.errors
    manifest = receive_all(result.site / "search")["manifest"]
    assert ["memo", "Memo"] in manifest["facets"]["kind"]


@pytest.mark.slow
def test_in_chromium_the_new_facet_narrows_a_query_to_the_new_kinds_page(site: Path, open_tab: Any, serve: Any) -> None:
    tab = open_tab()
    base = serve(site)

    def results(url: str) -> list[dict[str, str]]:
        tab.goto(url)
        tab.wait_for_function(RESULTS_SHOWN)
        return list(tab.eval_on_selector_all(".hub-result", """items => items.map(li => ({
            title: li.querySelector('.hub-result__title').textContent,
            badge: li.querySelector('.hub-badge').className + ' ' + li.querySelector('.hub-badge').textContent}))"""))

    everything = {result["title"] for result in results(base + "search/?q=harbour")}
    assert {"Harbour searches policy", "Harbour bulletin"} <= everything
    narrowed = results(base + "search/?q=harbour&tag=port-checks")
    assert [result["title"] for result in narrowed] == ["Harbour searches policy"]
    assert narrowed[0]["badge"] == "hub-badge hub-badge--force-policy Policy"
    open_filters(tab)
    tab.wait_for_function("/\\(\\d+\\)/.test(document.querySelector(\"[data-hub-count='tag:maritime']\").textContent)")
    assert tab.locator("[data-hub-count='tag:port-checks']").inner_text() == "(1)"
    assert tab.locator("[data-hub-count='tag:maritime']").inner_text() == "(1)"  # what choosing it instead would give
    tab.get_by_label(re.compile("^ Maritime")).check()  # a second tag: any ticked value matches
    tab.wait_for_function(f"({STATUS}) === '2 results'")
    tab.get_by_label(re.compile("^ Port checks")).uncheck()
    tab.get_by_label(re.compile("^ Policy")).check()  # the new kind in the kind filter, with the maritime tag: nothing
    tab.wait_for_function(f"/^No results/.test({STATUS})")
    assert "tag=maritime" in tab.url and "kind=policy" in tab.url
