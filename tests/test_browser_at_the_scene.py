"""At the scene, on a 360 × 780 phone in real Chromium: a checklist that never moves under the
thumb (every prompt's box measured before and after each tick, untick and clear), ticks that
belong to a dated encounter, a record for the officer's notes read back from the clipboard,
one-tap calls and referral from every page, and a strip that says which copy this is."""
from __future__ import annotations

import re
from urllib.request import urlopen

import pytest
from measure import ACTIONS, HEADER_ROWS, LARGE_TEXT, PAGE_KINDS, PROMPT_BOXES

from conftest import settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 780}
AIDE_MEMOIRE = "guides/initial-actions/"


@pytest.fixture
def base(shipped_site, serve):
    return serve(shipped_site)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


def prompt(page, n: int):
    return page.locator(".task-list-item .task-list-text").nth(n)


def tap_prompt(page, n: int) -> None:
    prompt(page, n).scroll_into_view_if_needed()
    prompt(page, n).tap()


def open_encounter(page) -> None:
    if not page.locator("[data-hub-encounter]").evaluate("d => d.open"):
        page.locator("[data-hub-encounter] > summary").tap()


def clear_ticks(page) -> None:
    open_encounter(page)
    page.get_by_role("button", name="Clear ticks").tap()
    page.get_by_role("button", name="Yes, clear").tap()


@pytest.mark.parametrize("text", [100, 200])
def test_ticking_unticking_and_clearing_move_no_prompt(phone, base, text):
    phone.goto(base + AIDE_MEMOIRE)
    if text == 200:
        phone.evaluate(LARGE_TEXT)
    settle(phone, PROMPT_BOXES)
    before = phone.evaluate(PROMPT_BOXES)
    assert len(before) == 13
    moved = {}
    steps = [("tick first", lambda: tap_prompt(phone, 0)), ("tick second", lambda: tap_prompt(phone, 1)),
             ("tick last", lambda: tap_prompt(phone, 12)), ("untick second", lambda: tap_prompt(phone, 1)),
             ("clear", lambda: clear_ticks(phone)), ("undo", lambda: phone.get_by_role("button", name="Undo").tap())]
    for name, step in steps:
        step()
        settle(phone, PROMPT_BOXES)
        after = phone.evaluate(PROMPT_BOXES)
        shifted = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
        if shifted:
            moved[name] = shifted
    assert moved == {}
    assert phone.locator("input[data-hub-tick]:checked").count() == 2  # undo brought the two ticks back


def test_the_bar_is_fixed_to_the_bottom_and_the_last_prompt_can_be_scrolled_clear_of_it(phone, base):
    phone.goto(base + AIDE_MEMOIRE)
    settle(phone)
    dock = phone.locator("[data-hub-dock]")
    assert dock.evaluate("e => getComputedStyle(e).position") == "fixed"
    assert "0 of 13 ticked" in phone.locator("[data-hub-ticks-status]").inner_text()
    phone.locator(".task-list-item").last.scroll_into_view_if_needed()
    phone.mouse.wheel(0, 5000)
    settle(phone)
    last = phone.locator(".task-list-item").last.bounding_box()
    assert last["y"] + last["height"] <= dock.bounding_box()["y"]
    tap_prompt(phone, 12)  # reachable: the tap lands on the last prompt, not on the bar
    assert phone.locator("input[data-hub-tick]").last.is_checked()


def test_ticks_belong_to_a_dated_encounter_with_the_officers_reference(phone, base):
    phone.goto(base + AIDE_MEMOIRE)
    tap_prompt(phone, 0)
    assert re.fullmatch(r"Ticked \d\d:\d\d", phone.locator("[data-hub-ticked-at]").first.inner_text())
    phone.locator("[data-hub-encounter] > summary").tap()
    phone.fill("[data-hub-encounter-ref]", "CAD 1234/02DEC")
    started = phone.locator("[data-hub-encounter-started]").inner_text()
    assert re.match(r"Started \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}, \d\d:\d\d", started)
    phone.reload()
    assert phone.locator("input[data-hub-tick]").first.is_checked()
    assert "Ref CAD 1234/02DEC" in phone.locator("[data-hub-ticks]").inner_text()
    stored = phone.evaluate("JSON.parse(localStorage.getItem('msht-hub.encounter'))")
    assert stored["ref"] == "CAD 1234/02DEC" and list(stored["pages"]) == ["/" + AIDE_MEMOIRE]

    # a new encounter by choice puts the ticks away, and can be undone
    phone.locator("[data-hub-encounter] > summary").tap()
    phone.get_by_role("button", name="New encounter").tap()
    assert phone.locator("input[data-hub-tick]:checked").count() == 0
    assert "Ref" not in phone.locator("[data-hub-ticks-when]").inner_text()
    phone.get_by_role("button", name="Undo").tap()
    assert phone.locator("input[data-hub-tick]:checked").count() == 1


def test_clear_asks_first_and_can_be_undone(phone, base):
    phone.goto(base + AIDE_MEMOIRE)
    tap_prompt(phone, 0)
    tap_prompt(phone, 2)
    phone.locator("[data-hub-encounter] > summary").tap()
    phone.get_by_role("button", name="Clear ticks").tap()
    assert "Clear all 2 ticks on this page?" in phone.locator("[data-hub-ticks-confirm]").inner_text()
    assert phone.locator("input[data-hub-tick]:checked").count() == 2  # nothing cleared yet
    phone.get_by_role("button", name="Keep them").tap()
    assert phone.locator("input[data-hub-tick]:checked").count() == 2
    clear_ticks(phone)
    assert phone.locator("input[data-hub-tick]:checked").count() == 0
    assert "2 ticks cleared." in phone.locator("[data-hub-ticks-note]").inner_text()
    phone.reload()
    assert phone.locator("input[data-hub-tick]:checked").count() == 0
    assert phone.evaluate("JSON.parse(localStorage.getItem('msht-hub.encounter.undo')).what") == "clear"


def test_an_encounter_twelve_hours_old_offers_a_new_one(phone, base):
    phone.goto(base + AIDE_MEMOIRE)
    tap_prompt(phone, 0)
    assert phone.locator("[data-hub-ticks-note]").is_hidden()
    phone.evaluate("""(() => { const e = JSON.parse(localStorage.getItem('msht-hub.encounter'));
        e.started = new Date(Date.now() - 13 * 3600 * 1000).toISOString(); localStorage.setItem('msht-hub.encounter', JSON.stringify(e)); })()""")
    phone.reload()
    note = phone.locator("[data-hub-ticks-note]")
    assert note.is_visible() and "A new scene?" in note.inner_text()
    note.get_by_role("button", name="New encounter").tap()
    assert phone.locator("input[data-hub-tick]:checked").count() == 0


def test_copy_for_my_notes_puts_a_plain_record_on_the_clipboard_and_sends_nothing(phone, base):
    phone.add_init_script("window.__shared = []; navigator.share = d => { window.__shared.push(d); return Promise.resolve(); };")
    phone.goto(base + AIDE_MEMOIRE)
    requests = []
    phone.on("request", lambda request: requests.append(request.url))
    tap_prompt(phone, 0)
    tap_prompt(phone, 4)
    phone.locator("[data-hub-encounter] > summary").tap()
    phone.fill("[data-hub-encounter-ref]", "INC-77")
    phone.locator("[data-hub-encounter] > summary").tap()
    phone.get_by_role("button", name="Copy for my notes").tap()
    phone.wait_for_function("/Copied/.test(document.querySelector('[data-hub-ticks-note]').textContent)")
    notes = phone.evaluate("navigator.clipboard.readText()")
    lines = notes.splitlines()
    assert lines[0] == "Initial actions aide-memoire"
    assert re.fullmatch(r"Encounter: \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d", lines[1])
    assert "Incident reference: INC-77" in lines
    assert "Ticked 2 of 13:" in lines
    assert any(re.fullmatch(r"\d\d:\d\d  Is anyone in immediate danger\? .*", line) for line in lines)
    assert any(re.fullmatch(r"\d\d:\d\d  Use a professional interpreter .*", line) for line in lines)
    assert any(re.fullmatch(r"Edition: 23 November 2026 \(20261123-[0-9a-f]+\)", line) for line in lines)
    assert f"Address: {base}{AIDE_MEMOIRE}" in lines
    assert phone.evaluate("window.__shared")[0]["text"] == notes  # and the share sheet, where there is one
    assert [url for url in requests if not url.endswith("favicon.png")] == []


@pytest.mark.parametrize("text", [100, 200])
def test_every_page_has_call_999_the_helpline_refer_and_what_to_do_now_one_tap_away(phone, base, text):
    missing = {}
    for kind, path in PAGE_KINDS.items():
        phone.goto(base + path)
        if text == 200:
            phone.evaluate(LARGE_TEXT)
        settle(phone, ACTIONS)
        found = phone.evaluate(ACTIONS)
        wanted = {"tel:999", "tel:08000121700", "refer", "urgent"}
        if set(found["tappable"]) != wanted:
            missing[kind] = sorted(wanted - set(found["tappable"]))
    assert missing == {}


def test_refer_opens_the_nrm_and_duty_to_notify_guidance_and_every_number(phone, base):
    phone.goto(base + "guides/")
    phone.locator("[data-hub-action=refer]").tap()
    sheet = phone.locator(".hub-more__sheet")
    assert sheet.is_visible()
    links = sheet.locator("a[data-hub-action=refer-page]")
    assert links.all_inner_texts() == ["Refer to the NRM", "Duty to notify"]
    for href in [link.get_attribute("href") for link in links.all()]:
        assert urlopen(phone.evaluate("h => new URL(h, location.href).href", href)).status == 200
    assert [a.get_attribute("href") for a in sheet.locator("a[href^='tel:']").all()] == \
        ["tel:999", "tel:08000121700", "tel:101", "tel:0800555111"]
    links.last.tap()
    phone.wait_for_url("**/guides/nrm-first-responders/#recording-the-duty-to-notify")
    phone.goto(base + "roles/frontline/")
    phone.locator("[data-hub-action=urgent]").tap()
    phone.wait_for_url("**/" + AIDE_MEMOIRE)


def test_the_strip_says_online_or_offline_copy_with_the_edition_by_date(phone, base):
    phone.goto(base + "guides/")
    strip = phone.locator("[data-hub-strip]")
    assert strip.inner_text() == "Online · 23 November 2026 edition"
    phone.context.set_offline(True)
    phone.wait_for_function("document.querySelector('[data-hub-strip]').dataset.state === 'offline'")
    assert strip.inner_text() == "Offline copy · 23 Nov 2026 · up to date"
    phone.context.set_offline(False)
    assert phone.evaluate("[mshtHub.editionName('20261202-8f3a0c1d'), mshtHub.britishDateTime(new Date(2026, 11, 2, 9, 5))]") == \
        ["2 December 2026", "2 December 2026, 09:05"]


def test_at_200_percent_text_one_header_row_the_whole_marking_the_title_and_the_first_prompt(phone, base):
    phone.goto(base + AIDE_MEMOIRE)
    phone.evaluate(LARGE_TEXT)
    settle(phone, HEADER_ROWS)
    assert phone.evaluate(HEADER_ROWS) == 1
    marking = phone.locator(".hub-marking--top")
    assert marking.evaluate("e => e.scrollWidth <= e.clientWidth && e.innerText.trim()") == "OFFICIAL · Sample content, not official guidance"
    dock_top = phone.locator("[data-hub-dock]").bounding_box()["y"]
    title = phone.locator(".md-content h1").bounding_box()
    first = phone.locator(".task-list-item .task-list-text").first.bounding_box()
    assert title["y"] >= 0 and title["y"] + title["height"] <= first["y"]
    assert first["y"] + first["height"] <= dock_top  # the whole first prompt, above the bar


def test_the_remembered_role_home_page_leads_with_continue_then_recent_and_starred_pages(phone, base):
    phone.goto(base)
    phone.locator("a[data-hub-choose-role='frontline']").tap()
    phone.wait_for_url("**/roles/frontline/")
    phone.goto(base + "guides/section-45-defence/")
    phone.get_by_role("button", name="Star").tap()
    assert phone.locator("[data-hub-star]").get_attribute("aria-pressed") == "true"
    phone.goto(base + AIDE_MEMOIRE)
    for n in (0, 1, 2):
        tap_prompt(phone, n)
    phone.goto(base)
    shown = phone.locator(".md-content__inner > :not(h1):not(.md-content__button):not([hidden])")
    assert "hub-continue" in shown.first.get_attribute("class")  # it leads
    assert " ".join(shown.first.inner_text().split()) == "Continue: Initial actions aide-memoire, 3 of 13 ticked"
    assert shown.first.bounding_box()["y"] + shown.first.bounding_box()["height"] <= PHONE["height"]
    assert phone.locator("[data-hub-recent-list] a").all_inner_texts() == ["The section 45 defence"]  # not the one to continue
    assert phone.locator("[data-hub-starred-list] a").all_inner_texts() == ["The section 45 defence"]
    order = [phone.locator(s).bounding_box()["y"] for s in ("[data-hub-continue]", "[data-hub-recent]", "[data-hub-starred]",
                                                           "[data-hub-essentials-for='frontline']")]
    assert order == sorted(order)
    shortcuts = phone.locator("[data-hub-essentials-for='frontline'] .hub-quicklist a").all_inner_texts()
    sections = [t for t in shortcuts if t.startswith("First Contact ") and not t.endswith("booklet")]
    assert [t.split(":")[0] for t in sections] == [f"First Contact {n}" for n in range(1, 6)]  # every section, once
    phone.locator("[data-hub-continue] a").tap()
    phone.wait_for_url("**/" + AIDE_MEMOIRE)
    assert phone.locator("input[data-hub-tick]:checked").count() == 3
    phone.goto(base + "guides/section-45-defence/")
    phone.get_by_role("button", name="Starred").tap()  # unstar
    phone.goto(base)
    assert phone.locator("[data-hub-starred]").is_hidden()


def test_the_home_page_and_a_wide_header_have_a_search_box_that_opens_the_search_page(phone, base, browser):
    phone.goto(base)
    box = phone.locator(".md-content input[type=search][name=q]")
    assert box.count() == 1 and box.bounding_box()["y"] + box.bounding_box()["height"] <= PHONE["height"]
    box.fill("nrm")
    box.press("Enter")
    phone.wait_for_url("**/search/?q=nrm")
    phone.wait_for_selector(".hub-result")
    assert phone.locator(".md-header form[role=search]").is_hidden()  # a phone's header keeps its search button
    wide = browser.new_page(viewport={"width": 1280, "height": 800})
    wide.goto(base + "guides/")
    field = wide.locator(".md-header form[role=search] input[name=q]")
    assert field.is_visible() and wide.locator(".md-header a[data-hub-search-link]").is_hidden()
    field.fill("duty to notify")
    field.press("Enter")
    wide.wait_for_url("**/search/?q=duty+to+notify")
    wide.close()
