"""In real Chromium: search loads its prebuilt index (never builds one), finds lessons at
their anchors, narrows by facets with counts, expands abbreviations both ways, and works
from the file system."""
from __future__ import annotations

import json
import re
import time

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
    assert " · " in lesson["crumb"] and any(mark.startswith("interpret") for mark in lesson["marks"])
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


def test_the_result_count_is_announced_only_once_the_results_are_on_screen(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page()
    # A slow connection: the page texts arrive well after the index.
    page.route("**/search/docs-*.js", lambda route: (time.sleep(0.6), route.continue_()))
    # What the screen held at the moment the count was first announced, seen from inside the page.
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
      const status = document.querySelector('[data-hub-search-status]');
      new MutationObserver(() => {
        if (window.shownWhenAnnounced === undefined && /result/.test(status.textContent)) {
          window.shownWhenAnnounced = document.querySelectorAll('.hub-result').length;
        }
      }).observe(status, {childList: true, characterData: true, subtree: true});
    });""")
    page.goto(base + "search/?q=debt")
    page.wait_for_function("window.shownWhenAnnounced !== undefined")
    assert page.evaluate("window.shownWhenAnnounced") > 0
    page.close()


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


def titles(page) -> list[str]:
    return page.eval_on_selector_all(".hub-result__title a", "links => links.map(a => a.getAttribute('href'))")


def test_a_misspelt_query_finds_the_page_and_says_what_it_searched_for(tab, shipped_site, serve):
    base = serve(shipped_site)
    results = search(tab, base + "search/?q=nationl+referal+mechanism")
    assert results[0]["href"].endswith("guides/nrm-first-responders/")
    notice = tab.locator("[data-hub-search-correction]")
    assert notice.is_visible() and "national referral mechanism" in notice.inner_text()
    tab.locator("[data-hub-search-instead]").click()  # one tap back to the exact words
    tab.wait_for_function("/No results|result/.test((document.querySelector('[data-hub-search-status]') || {}).textContent)")
    assert not tab.locator("[data-hub-search-correction]").is_visible()
    assert "exact=1" in tab.url


def test_every_way_of_writing_section_45_gives_the_same_results_with_the_guide_first(tab, shipped_site, serve):
    base = serve(shipped_site)
    seen = []
    for query in ("section+45", "s45", "S.45", "s+45"):
        search(tab, base + f"search/?q={query}")
        seen.append(titles(tab))
    assert all(order == seen[0] for order in seen)
    assert seen[0][0].endswith("guides/section-45-defence/")


def test_sections_are_grouped_under_their_page(tab, shipped_site, serve):
    base = serve(shipped_site)
    search(tab, base + "search/?q=interpreter")
    pages = [href.split("#")[0] for href in titles(tab)]
    assert len(pages) == len(set(pages))  # one result per page
    assert tab.locator(".hub-result__more a").count() >= 0


def test_a_phrase_outranks_scattered_words_and_quotes_require_it(project, caplog, browser, serve):
    from conftest import valid

    project.page("guides/together.md", valid("guide", title="Payment guide"), "Workers in debt bondage were found.\n")
    project.page("guides/apart.md", valid("guide", title="Other guide"),
                 "Their debt grew. Debt debt debt was high. Much later the word bondage came up, bondage.\n")
    assert project.build(caplog, **{"site_url": "https://hub.example.police.uk/"}).ok
    base = serve(project.site)
    tab = browser.new_page()
    tab.goto(base + "search/?q=debt+bondage")
    tab.wait_for_function(RESULTS_SHOWN)
    assert titles(tab)[0].endswith("guides/together/")
    tab.goto(base + "search/?q=%22debt+bondage%22")
    tab.wait_for_function(RESULTS_SHOWN)
    assert [href.split("#")[0] for href in titles(tab)] == ["../guides/together/"] or all("together" in href for href in titles(tab))
    tab.close()


def test_a_shard_that_fails_to_load_is_reported_and_tried_again(browser, shipped_site, serve):
    base = serve(shipped_site)
    context = browser.new_context()
    failures = {"left": 1}

    def flaky(route):
        if failures["left"]:
            failures["left"] -= 1
            route.abort()
        else:
            route.continue_()

    context.route("**/search/shard-*.js*", flaky)
    tab = context.new_page()
    tab.goto(base + "search/?q=nrm")
    tab.wait_for_function("/could not load/.test((document.querySelector('[data-hub-search-status]') || {}).textContent)")
    tab.fill("#hub-search-q", "nrm")
    tab.keyboard.press("Enter")
    tab.wait_for_function(RESULTS_SHOWN)
    tab.wait_for_selector(".hub-result")
    assert tab.locator(".hub-result").count() > 0
    context.close()


def test_a_slow_older_query_never_shows_in_a_newer_list(browser, shipped_site, serve):
    base = serve(shipped_site)
    context = browser.new_context()
    held, holding = [], {"on": True}

    def slow_docs(route):
        if holding["on"]:
            held.append(route)  # the first query's result text waits until the second has finished
        else:
            route.continue_()

    context.route("**/search/docs-*.js*", slow_docs)
    tab = context.new_page()
    tab.goto(base + "search/")
    tab.wait_for_function("/Type to search/.test((document.querySelector('[data-hub-search-status]') || {}).textContent)")
    tab.fill("#hub-search-q", "rockdale")
    tab.keyboard.press("Enter")
    for _ in range(100):  # until the first query is waiting for its result text
        if held:
            break
        tab.wait_for_timeout(50)
    assert held
    holding["on"] = False
    tab.fill("#hub-search-q", "section 45")
    tab.keyboard.press("Enter")
    tab.wait_for_function(RESULTS_SHOWN)
    tab.wait_for_selector(".hub-result")
    for route in held:
        route.continue_()
    tab.wait_for_timeout(500)
    hrefs = titles(tab)
    assert hrefs and not any("rockdale" in href for href in hrefs)
    context.close()
