"""The hub as a field tool on a phone (360 × 780): a compact shell, the urgent path first, an
aide-memoire usable at the scene, results before filters, and the rest of what an officer
meets, measured in real Chromium."""
from __future__ import annotations

import io
import json

import pytest
from measure import BACKGROUND, CHROME_ABOVE_TITLE, FIRST_LESSON, FIRST_PROMPT, FIRST_RESULT, SMALLEST_TARGET, TITLE_TOP, contrast

from conftest import PAGE_KINDS, RESULTS_SHOWN, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 780}
SCREEN = PHONE["height"]


@pytest.fixture
def base(shipped_site, serve):
    return serve(shipped_site)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_the_chrome_above_every_page_title_is_at_most_a_quarter_of_the_screen(phone, base):
    tall = {}
    for kind, path in PAGE_KINDS.items():
        phone.goto(base + path)
        chrome = phone.evaluate(CHROME_ABOVE_TITLE)
        if chrome is None or chrome > SCREEN / 4:
            tall[kind] = chrome
    assert tall == {}


def test_the_marking_stays_on_screen_and_search_and_role_are_one_tap_away(phone, base):
    phone.goto(base + "guides/investigating-labour-exploitation/")
    phone.mouse.wheel(0, 2000)
    settle(phone, "[scrollY, document.querySelector('.hub-marking--top').getBoundingClientRect().y]")
    marking = phone.locator(".hub-marking--top")
    box = marking.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 40 and marking.inner_text().startswith("OFFICIAL")
    assert "Sample content" in marking.inner_text()  # the sample notice is folded into the marking
    for selector in (".md-header a[data-hub-search-link]", ".md-header [data-hub-rolebar-none]"):
        target = phone.locator(selector)
        assert target.is_visible()
        assert target.bounding_box()["y"] < 100


def test_at_200_percent_text_every_title_is_on_the_first_screen(phone, base):
    late = {}
    for kind, path in PAGE_KINDS.items():
        phone.goto(base + path)
        phone.evaluate("document.documentElement.style.fontSize = '250%'")  # Material's 125% root, doubled
        top = phone.evaluate(TITLE_TOP)
        if top is None or top > SCREEN - 40:
            late[kind] = top
    assert late == {}


def test_from_a_cold_start_the_initial_actions_are_one_tap_away_with_the_first_prompt_on_screen(phone, base):
    phone.goto(base)
    first = phone.locator(".md-content__inner > :not(h1):not(.md-content__button):not([hidden])").first
    assert "hub-urgent" in first.get_attribute("class")  # the first thing shown, above the chooser
    assert "What to do now" in first.inner_text()
    link = phone.locator(".hub-urgent a")
    assert link.bounding_box()["y"] + link.bounding_box()["height"] <= SCREEN
    link.tap()
    phone.wait_for_url("**/guides/initial-actions/")
    prompt = phone.evaluate(FIRST_PROMPT)
    assert prompt["bottom"] <= SCREEN


def test_two_taps_through_the_role_reach_the_initial_actions(phone, base):
    phone.goto(base)
    choice = phone.locator("a[data-hub-choose-role='frontline']")
    assert choice.bounding_box()["y"] + choice.bounding_box()["height"] <= SCREEN
    choice.tap()
    phone.wait_for_url("**/roles/frontline/")
    first = phone.locator(".hub-quicklist a").first
    assert first.inner_text() == "Initial actions aide-memoire"
    assert first.bounding_box()["y"] + first.bounding_box()["height"] <= SCREEN
    first.tap()
    phone.wait_for_url("**/guides/initial-actions/")
    assert phone.evaluate(FIRST_PROMPT)["bottom"] <= SCREEN


def test_a_remembered_role_opens_on_its_essentials_not_on_the_chooser(phone, base):
    phone.goto(base)
    phone.locator("a[data-hub-choose-role='frontline']").tap()
    phone.wait_for_url("**/roles/frontline/")
    phone.goto(base)
    essentials = phone.locator("[data-hub-essentials-for='frontline']")
    assert essentials.is_visible() and not phone.locator("[data-hub-chooser]").is_visible()
    titles = essentials.locator(".hub-quicklist a").all_inner_texts()
    assert titles[0] == "First Contact 1: recognising the signs" and "First Contact booklet" in titles
    assert "Initial actions aide-memoire" not in titles  # it is the urgent button, just above
    for link in essentials.locator(".hub-quicklist a").all()[:2]:
        assert link.bounding_box()["y"] + link.bounding_box()["height"] <= SCREEN
    phone.get_by_role("button", name="Change role").tap()
    assert phone.locator("[data-hub-chooser]").is_visible()
    phone.locator("a[data-hub-choose-role='investigator']").tap()
    phone.wait_for_url("**/roles/investigator/")
    phone.goto(base)
    assert phone.locator("[data-hub-essentials-for='investigator']").is_visible()


def test_role_landing_pages_put_their_essentials_first_and_a_trainer_sees_every_course(phone, base, shipped_site):
    phone.goto(base + "roles/frontline/")
    assert phone.locator(".hub-essentials").bounding_box()["y"] < phone.locator(".hub-group").first.bounding_box()["y"]
    phone.goto(base + "training/")
    every_course = sorted(phone.locator("table a").all_inner_texts())
    phone.goto(base + "roles/trainer/")
    listed = phone.locator("#training").locator("xpath=..").locator(".hub-card__title").all_inner_texts()
    assert sorted(listed) == every_course


def test_tick_boxes_tick_by_their_label_are_remembered_and_cleared(phone, base):
    phone.goto(base + "guides/initial-actions/")
    first = phone.locator(".task-list-item label").first
    box = first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    checkbox = first.locator("input[type=checkbox]")
    assert checkbox.is_enabled() and not checkbox.is_checked()
    first.locator(".task-list-text").tap()  # the words toggle the box
    assert checkbox.is_checked()
    phone.reload()
    assert phone.locator(".task-list-item input").first.is_checked()
    assert "Ticked" in phone.locator(".task-list-item label").first.inner_text()
    assert "1 of 13 ticked" in phone.locator("[data-hub-ticks-status]").inner_text()
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('msht-hub.encounter'))") == ["msht-hub.encounter"]
    phone.locator("[data-hub-encounter] > summary").tap()
    phone.get_by_role("button", name="Clear ticks").tap()
    phone.get_by_role("button", name="Yes, clear").tap()
    assert not phone.locator(".task-list-item input").first.is_checked()
    phone.reload()
    assert not phone.locator(".task-list-item input").first.is_checked()
    assert phone.evaluate("JSON.parse(localStorage.getItem('msht-hub.encounter')).pages") == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tick_boxes_stand_out_at_least_3_to_1_in_light_and_dark(browser, base, scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(base + "guides/initial-actions/")
    box = page.locator(".task-list-item input").first
    border = box.evaluate("e => getComputedStyle(e).borderTopColor")
    behind = box.evaluate(BACKGROUND)
    assert contrast(page, border, behind) >= 3
    context.close()


def test_a_search_shows_its_first_result_on_the_first_screen_with_filters_folded(phone, base):
    phone.goto(base + "search/?q=nrm")
    phone.wait_for_function(RESULTS_SHOWN)
    phone.wait_for_selector(".hub-result")
    assert phone.evaluate(FIRST_RESULT)["top"] < SCREEN
    panel = phone.locator("details.hub-filterpanel")
    assert not panel.evaluate("d => d.open") and panel.locator("summary").inner_text().strip() == "Filters"
    titles = phone.locator(".hub-result__title").all_inner_texts()
    assert any(" › " in title for title in titles)  # a section result names its page first


def test_a_search_filtered_to_nothing_says_which_filters_to_clear(phone, base):
    phone.goto(base + "search/?q=interpreter&kind=training&exploitation=domestic-servitude")
    phone.wait_for_function("/No results/.test((document.querySelector('[data-hub-search-status]') || {}).textContent || '')")
    status = phone.locator("[data-hub-search-status]").inner_text()
    assert "Kind: Training" in status and "Exploitation: Domestic servitude" in status
    assert " ".join(phone.locator("details.hub-filterpanel summary").inner_text().split()) == "Filters (2)"
    phone.locator("[data-hub-filters-clear]").first.tap()
    phone.wait_for_function(RESULTS_SHOWN)
    assert "kind=" not in phone.url and "q=interpreter" in phone.url


def test_the_register_shows_a_lesson_first_and_copies_a_link_to_its_view(browser, base):
    context = browser.new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base + "lessons/?theme=safeguarding")
    assert page.evaluate(FIRST_LESSON)["top"] < SCREEN
    assert " ".join(page.locator("details.hub-filterpanel summary").inner_text().split()) == "Filters (1)"
    page.get_by_role("button", name="Copy link to this view").click()
    page.wait_for_function("/copied/.test(document.querySelector('[data-hub-copy-done]').textContent)")
    assert page.evaluate("navigator.clipboard.readText()") == page.url and "theme=safeguarding" in page.url
    page.goto(base + "lessons/?theme=safeguarding&exploitation=domestic-servitude&kind=good-practice&since=2026")
    empty = page.locator("[data-hub-register-empty]")
    assert empty.is_visible() and "Theme: Victim safeguarding" in empty.inner_text()
    empty.get_by_role("button", name="Clear the filters").click()
    assert page.locator("[data-hub-register] > li:not([hidden])").count() > 0
    context.close()


def test_the_update_offer_is_readable_and_easy_to_tap(phone, base):
    phone.goto(base + "guides/")
    phone.evaluate("document.querySelector('[data-hub-update]').hidden = false")
    button = phone.locator("[data-hub-update-reload]")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    colours = button.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert contrast(phone, *colours) >= 4.5
    offer = phone.locator("[data-hub-update] p")
    assert contrast(phone, offer.evaluate("e => getComputedStyle(e).color"), offer.evaluate(BACKGROUND)) >= 4.5


def test_a_missing_page_offers_search_home_and_the_role_pages(phone, base):
    phone.goto(base + "404.html")  # what the web server sends for any missing address
    assert phone.locator("h1").inner_text() == "Page not found"
    assert phone.locator(".md-content input[type=search]").count() == 1
    phone.fill(".md-content input[type=search]", "nrm")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/search/?q=nrm")
    phone.go_back()
    assert phone.locator(".md-content a", has_text="home page").count() == 1
    assert phone.locator(".md-content .hub-quicklist a").count() == 8


def test_an_overdue_page_says_so_above_its_title(phone, base):
    phone.goto(base + "guides/investigating-labour-exploitation/")
    banner = phone.locator("[data-hub-overdue-banner]")
    assert banner.is_visible() and "Review overdue" in banner.inner_text()
    assert banner.bounding_box()["y"] < phone.locator("h1").bounding_box()["y"]
    phone.goto(base + "guides/initial-actions/")
    assert not phone.locator("[data-hub-overdue-banner]").is_visible()


def test_no_internal_lesson_id_is_shown_and_one_site_name_in_the_title(phone, base):
    phone.goto(base + "debriefs/op-fort/")
    assert "fort-01" not in phone.locator(".md-content").inner_text()
    assert phone.locator("#lesson-fort-01").count() == 1  # still addressable
    phone.goto(base)
    assert phone.title() == "MSHT Knowledge Hub"
    phone.goto(base + "guides/initial-actions/")
    assert phone.title() == "Initial actions aide-memoire - MSHT Knowledge Hub"


def test_a_printed_page_never_runs_content_under_the_marking(browser, base):
    import pypdfium2 as pdfium

    page = browser.new_page()
    page.goto(base + "guides/investigating-labour-exploitation/")
    data = page.pdf(format="A6")
    page.close()
    document = pdfium.PdfDocument(io.BytesIO(data))
    assert len(document) >= 2
    margin = 16 * 72 / 25.4
    for number, printed in enumerate(document):
        height = printed.get_height()
        text = printed.get_textpage()
        words = text.get_text_range()
        assert words.count("OFFICIAL") >= 2, number
        top_band = [text.get_text_bounded(0, height - margin, printed.get_width(), height)]
        assert " ".join(top_band[0].split()) == "OFFICIAL", (number, top_band)


def test_the_ticks_never_leave_the_device(phone, base):
    requests = []
    phone.goto(base + "guides/initial-actions/")
    phone.on("request", lambda request: requests.append(request.url))
    phone.locator(".task-list-item .task-list-text").first.tap()
    phone.wait_for_function("Object.keys(JSON.parse(localStorage.getItem('msht-hub.encounter') || '{}').pages || {}).length > 0")
    settle(phone)  # anything the tick would send has been sent by now
    assert [url for url in requests if not url.endswith("favicon.png")] == []
    assert json.loads(phone.evaluate("localStorage.getItem('msht-hub.encounter')"))["pages"]


def test_every_phone_target_is_at_least_24_pixels(phone, base):
    small = {}
    for kind, path in PAGE_KINDS.items():
        phone.goto(base + path)
        smallest = phone.evaluate(SMALLEST_TARGET)
        if smallest and smallest["size"] < 24:
            small[kind] = smallest
    assert small == {}
