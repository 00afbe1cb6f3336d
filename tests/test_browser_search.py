"""In real Chromium: search loads its prebuilt index (never builds one), finds lessons at
their anchors, narrows by facets with counts, expands abbreviations both ways, and works
from the file system."""
from __future__ import annotations

import json
import re

import pytest

from conftest import RESULTS_SHOWN, STATUS, open_filters, settle
from waiting import until_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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
        crumb: (li.querySelector('.hub-result__crumb') || {}).textContent || '',
        marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent.toLowerCase())}))""")


def test_a_query_returns_a_lesson_that_opens_at_its_anchor(tab, shipped_site, serve):
    base = serve(shipped_site)
    results = search(tab, base + "search/?q=interpreter")
    lesson = next(result for result in results if result["kind"] == "Debrief lesson")
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
    open_filters(tab)  # the counts come with filters.js, fetched once the panel is open
    tab.wait_for_function("/\\(\\d+\\)/.test(document.querySelector(\"[data-hub-count='kind:lesson']\").textContent)")
    count = tab.locator("[data-hub-count='kind:lesson']").inner_text()
    lessons = int(re.fullmatch(r"\((\d+)\)", count).group(1))
    assert 0 < lessons < len(everything) or tab.locator("[data-hub-search-more]").is_visible()
    tab.get_by_label(re.compile("^ Lesson")).check()
    tab.wait_for_function(f"({STATUS}) === '{lessons} results'")
    assert all(result["kind"] == "Debrief lesson" for result in search_results(tab))
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
    # A slow connection: the page texts are held until the index has answered the query.
    held, holding = [], {"on": True}
    page.route("**/search/docs-*.js", lambda route: held.append(route) if holding["on"] else route.continue_())
    # What the screen held at the moment the count was first announced, seen from inside the page.
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
      const status = document.querySelector('[data-hub-search-status]');
      new MutationObserver(() => {
        if (window.shownWhenAnnounced === undefined && /result/.test(status.textContent)) {
          window.shownWhenAnnounced = document.querySelectorAll('.hub-result').length;
        }
      }).observe(status, {childList: true, characterData: true, subtree: true});
    });""")
    page.goto(base + "search/?q=debt", wait_until="commit")  # its load waits for the texts held
    until_in_page(page, lambda: held, "the search page to ask for its result texts")
    holding["on"] = False
    for route in held:
        route.continue_()
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
    grouped = tab.eval_on_selector_all(".hub-result", """items => items.map(item => [
        item.querySelector('.hub-result__title a').getAttribute('href'),
        [...item.querySelectorAll('.hub-result__more a')].map(a => a.getAttribute('href'))])""")
    assert any(more for _, more in grouped), grouped  # a page with several matching sections lists them under it
    for title, more in grouped:  # each one a section of that page, never of another
        assert all("#" in href and href.split("#")[0] == title.split("#")[0] for href in more), (title, more)
        assert len(more) == len(set(more)) and title not in more


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
    until_in_page(tab, lambda: held, "the first query to wait for its result text", timeout=5)
    holding["on"] = False
    tab.fill("#hub-search-q", "section 45")
    tab.keyboard.press("Enter")
    tab.wait_for_function(RESULTS_SHOWN)
    tab.wait_for_selector(".hub-result")
    shown = "[...document.querySelectorAll('.hub-result a')].map(a => a.getAttribute('href'))"
    settle(tab, shown)
    newer = titles(tab)
    answered: list = []
    tab.on("requestfinished", lambda request: answered.append(request))
    tab.on("requestfailed", lambda request: answered.append(request))
    for route in held:
        route.continue_()
    # The older query's text has arrived and the page has done all it does with it.
    until_in_page(tab, lambda: all(any(request is route.request for request in answered) for route in held),
                  "the older query's result text to arrive", timeout=10)
    settle(tab, shown)
    hrefs = titles(tab)
    assert hrefs == newer
    assert hrefs and not any("rockdale" in href for href in hrefs)
    context.close()


PLAIN_LABELS = {"Checklist", "Bulletin", "Investigation guide", "Standard", "Role profile", "Debrief", "Debrief lesson",
                "Course", "Lesson plan", "Masterclass video", "E-learning", "Language card", "Page"}


@pytest.mark.parametrize("query", ["interpreter", "what to do with a child victim", "what do I do first"])
def test_a_practical_question_finds_a_checklist_in_the_first_three_and_every_row_says_what_it_is(tab, shipped_site, serve, query):
    base = serve(shipped_site)
    results = search(tab, base + "search/?q=" + query.replace(" ", "+"))
    assert "Checklist" in [result["kind"] for result in results[:3]], [(r["title"], r["kind"]) for r in results[:3]]
    assert {result["kind"] for result in results} <= PLAIN_LABELS  # never "Guide" beside "Guides"
    assert all(result["crumb"] != "Guides" for result in results)


def test_what_do_i_do_first_finds_the_initial_actions_checklist(tab, shipped_site, serve):
    base = serve(shipped_site)
    hrefs = [result["href"] for result in search(tab, base + "search/?q=what+do+I+do+first")[:3]]
    assert any(href.split("#")[0].endswith("guides/initial-actions/") for href in hrefs), hrefs


def test_words_the_build_stems_its_own_way_are_found_and_never_corrected(tab, shipped_site, serve):
    base = serve(shipped_site)
    for query, page in [("money", "guides/domestic-servitude/"), ("delay", "guides/nrm-digital-submission/")]:
        hrefs = [result["href"] for result in search(tab, base + "search/?q=" + query)]
        assert any(page in href for href in hrefs), (query, hrefs)
        assert not tab.locator("[data-hub-search-correction]").is_visible(), query


def test_numbers_form_names_and_section_numbers_are_words_with_the_glossary_applied(project, caplog, browser, serve):
    from conftest import valid

    # The glossary (includes/abbreviations.md) has "*[999]: Emergency".
    project.page("guides/danger.md", valid("guide", title="Someone in danger"), "Treat it as an emergency at once.\n")
    project.page("guides/ring.md", valid("guide", title="Ringing"), "Dial 999 when life is at risk.\n")
    project.page("guides/calls.md", valid("guide", title="Calls"), "For anything that is not urgent, call 101 and give the reference.\n")
    project.page("guides/forms.md", valid("guide", title="Forms"), "Fill in the MG11 before you leave. See s.45 of the Act.\n")
    assert project.build(caplog).ok
    base = serve(project.site)
    tab = browser.new_page()
    for query, expected in [("999", "danger"), ("999", "ring"), ("emergency", "ring"), ("101", "calls"), ("MG11", "forms"),
                            ("mg11", "forms"), ("section 45", "forms"), ("S45", "forms")]:
        tab.goto(base + "search/?q=" + query.replace(" ", "+"))
        tab.wait_for_function(RESULTS_SHOWN)
        hrefs = titles(tab)
        assert any(f"guides/{expected}/" in href for href in hrefs), (query, hrefs)
    tab.close()


def test_each_result_and_section_link_is_a_44_pixel_target(tab, shipped_site, serve):
    base = serve(shipped_site)
    search(tab, base + "search/?q=interpreter")
    boxes = [box for box in (link.bounding_box() for link in tab.locator(".hub-result__title a, .hub-result__more a").all()) if box]
    assert len(boxes) > 5 and tab.locator(".hub-result__more a").count() > 0
    assert all(box["height"] >= 44 for box in boxes), [box["height"] for box in boxes if box["height"] < 44]


def test_the_first_result_shows_above_the_on_screen_keyboard(browser, shipped_site, serve):
    """A phone of 360 x 780 whose keyboard leaves 300 px of visual viewport: the first result
    is on screen above the keyboard, and the box is still in view."""
    base = serve(shipped_site)
    context = browser.new_context(viewport={"width": 360, "height": 780}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.add_init_script("""(() => {
      const listeners = [];
      const view = { offsetTop: 0, height: 300, width: 360,
                     addEventListener: (type, listener) => listeners.push(listener), removeEventListener() {} };
      Object.defineProperty(window, 'visualViewport', { get: () => view });
      window.openKeyboard = () => listeners.forEach(listener => listener(new Event('resize')));
    })()""")
    page.goto(base + "search/")
    page.wait_for_function("/Type to search/.test(" + STATUS + ")")
    page.focus("#hub-search-q")
    page.keyboard.type("interpreter")
    page.keyboard.press("Enter")
    page.wait_for_function(RESULTS_SHOWN)
    page.evaluate("window.openKeyboard()")
    settle(page, "[scrollY, (document.querySelector('.hub-result__title') || document.body).getBoundingClientRect().top]")  # scrolled, and still
    first = page.locator(".hub-result__title").first.bounding_box()
    box = page.locator("#hub-search-q").bounding_box()
    assert first["y"] >= 0 and first["y"] + first["height"] <= 300, first
    assert box["y"] >= 0, box
    context.close()


@pytest.mark.parametrize("start", ["search/?q=interpreter", "lessons/?theme=victim-safeguarding"])
def test_a_lesson_opened_from_search_or_the_register_is_marked_with_the_way_back(tab, shipped_site, serve, start):
    base = serve(shipped_site)
    tab.goto(base + start)
    if start.startswith("search/"):
        tab.wait_for_function(RESULTS_SHOWN)
    link = tab.locator(".hub-results a[href*='#lesson-'], .hub-register a[href*='#lesson-']").first
    link.wait_for()
    where = tab.url
    link.click()
    tab.wait_for_url("**#lesson-*")
    anchor = tab.url.split("#")[1]
    lesson = tab.locator(f"article.hub-lesson:has([id='{anchor}'])")
    assert "hub-lesson--found" in lesson.get_attribute("class")
    assert lesson.evaluate("el => getComputedStyle(el).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    note = lesson.locator(".hub-found")
    assert note.is_visible() and ("interpreter" in note.inner_text() if "q=" in start else "register" in note.inner_text())
    assert tab.locator(".hub-found").count() == 1  # only the lesson that was opened
    note.locator("a").click()
    tab.wait_for_url(where)
    assert tab.url == where  # the same results, or the same filtered register


def test_a_lesson_opened_directly_is_not_marked_as_found(tab, shipped_site, serve):
    base = serve(shipped_site)
    tab.goto(base + "debriefs/op-bracken/#lesson-bracken-03")
    tab.wait_for_load_state()
    assert tab.locator(".hub-found").count() == 0
