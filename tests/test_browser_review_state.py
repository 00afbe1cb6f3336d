"""In real Chromium: a page whose review date passes after the build shows "overdue" without a rebuild."""
from __future__ import annotations

from datetime import datetime

import pytest

from conftest import valid

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def review_badge(browser, url: str, now: datetime) -> tuple[str, str]:
    page = browser.new_page()
    page.clock.set_fixed_time(now)
    page.goto(url)
    badge = page.locator(".hub-governance [data-review-state]")
    result = badge.get_attribute("data-review-state"), badge.inner_text()
    page.close()
    return result


def test_a_page_turns_overdue_in_the_browser_on_the_day_its_review_lapses(project, caplog, monkeypatch, browser, serve):
    monkeypatch.setenv("HUB_TODAY", "2026-06-15")
    project.page("guides/lapsing.md", valid("guide", last_reviewed="2025-07-01", review_due="2026-07-01"))
    result = project.build(caplog)
    assert result.ok, result.errors
    assert 'data-review-state="due-soon"' in result.page("guides/lapsing")
    url = serve(result.site) + "guides/lapsing/"
    assert review_badge(browser, url, datetime(2026, 6, 20, 12)) == ("due-soon", "Review due soon")
    assert review_badge(browser, url, datetime(2026, 7, 1, 12)) == ("due-soon", "Review due soon")
    assert review_badge(browser, url, datetime(2026, 7, 2, 9)) == ("overdue", "Review overdue")
    assert review_badge(browser, url, datetime(2025, 1, 1, 9)) == ("current", "Current")
