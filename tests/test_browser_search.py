"""In real Chromium: search loads its prebuilt index (never builds one), finds lessons at
their anchors, narrows by facets with counts, expands abbreviations both ways, and works
from the file system."""
from __future__ import annotations

import json
import re

import pytest

from conftest import RESULTS_SHOWN, STATUS, open_filters

pytestmark = pytest.mark.browser


@pytest.fixture
def tab(open_tab):
    return open_tab()  # a phone


def search(page, url: str) -> list[dict]:
    page.goto(url)
    page.wait_for_function(RESULTS_SHOWN)
    return page.eval_on_selector_all(".hub-result", """items => items.map(li => ({
        title: li.querySelector('.hub-result__title').textContent,
        href: li.querySelector('a').getAttribute('href'),
        kind: li.querySelector('.hub-badge').textContent,
        crumb: li.querySelector('.hub-result__crumb').textContent,
        marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent.toLowerCase())}))""")


def test_a_query_returns_a_lesson_that_opens_at_its_anchor(tab, shipped_site, serve):
    base = serve(shipped_site)
    results = search(tab, base + "search/?q=interpreter")
    lesson = next(result for result in results if result["kind"] == "Lesson")
    assert " · " in lesson["crumb"] and "interpreter" in lesson["marks"]
    tab.click(f"a[href='{lesson['href']}']")
    anchor = lesson["href"].split("#")[1]
    tab.wait_for_url(f"**#{anchor}")
    assert tab.locator(f"[id='{anchor}']").is_visible()


def test_nrm_and_national_referral_mechanism_both_find_the_nrm_guidance(tab, shipped_site, serve):
    base = serve(shipped_site)
    for query in ["NRM", "national referral mechanism"]:
        titles = [result["title"] for result in search(tab, base + "search/?q=" + query)]
        assert titles[0] == "The National Referral Mechanism and first responders", query
    only_abbreviation = [r["title"] for r in search(tab, base + "search/?q=single+point+of+contact")]
    assert only_abbreviation, "pages that only say SPOC are found by its expansion"


def test_a_facet_narrows_results_with_correct_counts(tab, shipped_site, serve):
    base = serve(shipped_site)
    everything = search(tab, base + "search/?q=victim")
    open_filters(tab)
    count = tab.locator("[data-hub-count='kind:lesson']").inner_text()
    lessons = int(re.fullmatch(r"\((\d+)\)", count).group(1))
    assert 0 < lessons < len(everything) or tab.locator("[data-hub-search-more]").is_visible()
    tab.get_by_label(re.compile("^ Lesson")).check()
    tab.wait_for_function(f"({STATUS}) === '{lessons} results'")
    assert all(result["kind"] == "Lesson" for result in search_results(tab))
    assert "kind=lesson" in tab.url and "q=victim" in tab.url


def search_results(tab) -> list[dict]:
    return tab.eval_on_selector_all(".hub-result", "items => items.map(li => ({kind: li.querySelector('.hub-badge').textContent}))")


def test_browsing_by_filter_with_no_text(tab, shipped_site, serve):
    base = serve(shipped_site)
    results = search(tab, base + "search/?exploitation=domestic-servitude&kind=debrief")
    assert results and all(result["kind"] == "Debrief" for result in results)
    assert any("HEARTH" in result["title"] for result in results)


def test_the_header_search_button_leads_to_a_search_box_ready_to_type(tab, shipped_site, serve):
    base = serve(shipped_site)
    tab.goto(base + "guides/")
    tab.locator(".md-header a[data-hub-search-link]").click()  # one tap from any page
    tab.wait_for_url("**/search/")
    tab.wait_for_function("document.activeElement && document.activeElement.id === 'hub-search-q'")  # ready to type
    tab.keyboard.type("section 45")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/search/?q=section+45")
    tab.wait_for_function(RESULTS_SHOWN)
    assert tab.locator(".hub-result").count() > 0
    assert tab.locator("form[role='search']").count() == 1  # one search box on the search page


def test_search_loads_a_prebuilt_index_and_only_the_parts_a_query_needs(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(base)))
    search(page, base + "search/?q=debt")
    page.close()
    index_files = [url for url in requested if url.startswith("search/") and url.endswith(".js")]
    shards = [url for url in index_files if "/shard-" in url]
    total_shards = len(json.loads(re.search(r",(\{.*\})\);", (shipped_site / "search" / "manifest.js").read_text()).group(1))["shards"])
    assert "search/manifest.js" in index_files and "search/facets.js" in index_files
    assert 1 <= len(shards) < total_shards
    assert not any("search_index.json" in url for url in requested)


def test_search_works_from_the_file_system(tab, shipped_site):
    tab.goto((shipped_site / "search" / "index.html").as_uri() + "?q=NRM")
    tab.wait_for_function(RESULTS_SHOWN)
    assert tab.locator(".hub-result").count() > 0
