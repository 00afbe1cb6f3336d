"""In real Chromium, at a phone's width and a desktop's: the chosen role is remembered,
narrows the navigation and listings, and widens in one tap; the lessons register's
filters reduce the rows to exactly the matching lessons and live in the URL."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import DESKTOP, PHONE, open_filters

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def site_url(shipped_site, serve):
    return serve(shipped_site)


@pytest.fixture(params=list(VIEWPORTS))
def page(request, open_tab):
    return open_tab(VIEWPORTS[request.param])


def visible_role_links(page) -> list[str]:
    """The role landing pages the primary navigation shows."""
    return page.eval_on_selector_all(
        ".md-nav--primary a.md-nav__link[href*='roles/']",
        "links => links.filter(a => !a.closest('[hidden]')).map(a => a.textContent.trim())",
    )


def test_a_chosen_role_is_remembered_narrows_the_navigation_and_widens_in_one_tap(page, site_url):
    page.goto(site_url)
    assert page.locator("[data-hub-rolebar-none]").is_visible()
    page.click("a[data-hub-choose-role='frontline']")
    page.wait_for_url("**/roles/frontline/")
    page.goto(site_url + "guides/")
    page.reload()
    bar = page.locator("[data-hub-rolebar-chosen]")
    assert bar.is_visible()
    assert page.locator("[data-hub-rolebar-role]").inner_text() == "Frontline officer"
    assert visible_role_links(page) == ["Frontline officer"]
    cards = page.locator("[data-hub-listing] .hub-card")
    narrowed = [card.get_attribute("data-roles") for card in cards.all() if card.is_visible()]
    assert narrowed and all("frontline" in roles.split() for roles in narrowed)
    assert len(narrowed) < cards.count()
    assert page.locator("[data-hub-narrowed]").inner_text().startswith(f"Showing {len(narrowed)} of {cards.count()} for Frontline officer")

    page.locator("[data-hub-narrowed] [data-hub-narrow-toggle]").click()  # one tap widens everything
    assert sum(card.is_visible() for card in cards.all()) == cards.count()
    assert len(visible_role_links(page)) == 8
    page.reload()  # and stays widened, with the role still shown
    assert page.locator("[data-hub-rolebar-role]").inner_text() == "Frontline officer"
    assert sum(card.is_visible() for card in cards.all()) == cards.count()


def test_the_role_chooser_has_large_tap_targets(page, site_url):
    page.goto(site_url)
    choices = page.locator("a.hub-chooser__choice")
    assert choices.count() == 8
    for choice in choices.all():
        box = choice.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44


def test_the_page_never_scrolls_sideways(page, site_url):
    for path in ["", "roles/frontline/", "guides/", "debriefs/", "training/", "lessons/", "debriefs/op-fort/"]:
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


def expected_rows(shipped_site, exploitation: str, theme: str, since: int) -> set[str]:
    html = (shipped_site / "lessons" / "index.html").read_text(encoding="utf-8")
    rows = BeautifulSoup(html, "html.parser").select("[data-hub-register] > li")
    return {row.h2.a["href"] for row in rows
            if exploitation in row["data-exploitation"].split() and row["data-theme"] == theme and int(row["data-year"]) >= since}


def shown_rows(page) -> set[str]:
    return set(page.eval_on_selector_all(
        "[data-hub-register] > li:not([hidden]) h2 a", "links => links.map(a => a.getAttribute('href'))"))


def test_three_taps_narrow_the_register_and_the_url_keeps_the_filter(page, site_url, shipped_site):
    page.goto(site_url + "lessons/")
    total = page.locator("[data-hub-register] > li").count()
    open_filters(page)
    page.get_by_label("Criminal exploitation").check()
    page.get_by_label("Victim safeguarding").check()
    page.get_by_label("Since 2019").check()
    expected = expected_rows(shipped_site, "criminal", "safeguarding", 2019)
    assert expected and shown_rows(page) == expected
    assert page.locator("[data-hub-register-status]").inner_text() == f"{len(expected)} of {total} lessons match"
    query = parse_qs(urlparse(page.url).query)
    assert query == {"exploitation": ["criminal"], "theme": ["safeguarding"], "since": ["2019"]}

    shared = page.url
    page.goto(site_url)
    page.goto(shared)
    assert shown_rows(page) == expected
    assert " ".join(page.locator("details.hub-filterpanel summary").inner_text().split()) == "Filters (3)"
    open_filters(page)
    assert page.get_by_label("Criminal exploitation").is_checked()
    assert page.get_by_label("Since 2019").is_checked()


def test_register_counts_and_free_text(page, site_url, shipped_site):
    page.goto(site_url + "lessons/?theme=safeguarding")
    open_filters(page)
    count = page.locator("[data-hub-count='theme:safeguarding']").inner_text()
    shown = len(shown_rows(page))
    assert count == f"({shown})"
    page.fill("#hub-register-q", "interpreter")
    visible = page.locator("[data-hub-register] > li:not([hidden])")
    assert visible.count() >= 1
    assert all("interpreter" in text.lower() for text in visible.all_inner_texts())
    assert parse_qs(urlparse(page.url).query)["q"] == ["interpreter"]
    page.get_by_role("button", name="Clear filters and words").click()
    page.wait_for_function("document.querySelectorAll('[data-hub-register] > li[hidden]').length === 0")
    assert urlparse(page.url).query == ""
