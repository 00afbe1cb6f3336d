"""In real Chromium: axe-core finds no WCAG 2.2 AA violation on any kind of page, in light
and dark colour schemes, at a phone's and a desktop's width; primary actions are large
enough to tap; nothing is requested from any origin but the hub's own."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import DESKTOP, PHONE, ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE_KINDS = {
    "home": "", "role landing": "roles/frontline/", "guide": "guides/nrm-first-responders/",
    "aide-memoire": "guides/initial-actions/", "debrief": "debriefs/op-fort/", "training": "training/general-awareness/",
    "lessons register": "lessons/?theme=safeguarding", "search with results": "search/?q=nrm", "glossary": "glossary/",
    "what's new": "whats-new/", "booklet": "booklets/first-contact/", "guides index": "guides/", "debriefs index": "debriefs/",
    "superseded guide": "guides/nrm-referrals-2019/", "404": "404.html",
}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs axe-core: python3 dev.py test runs npm ci")
        pytest.skip("axe-core is installed by `python3 dev.py test` (npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_wcag_violation_on_any_kind_of_page(browser, shipped_site, serve, axe_source, scheme, viewport):
    base = serve(shipped_site)
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for kind, path in PAGE_KINDS.items():
        page.goto(base + path)
        if path.startswith("search/"):
            page.wait_for_function("/result/.test(document.querySelector('[data-hub-search-status]').textContent)")
        page.add_script_tag(content=axe_source)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
        if result["violations"]:
            found[kind] = [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]]
    context.close()
    assert found == {}


def test_primary_actions_are_at_least_44_pixels_and_every_target_at_least_24(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    page.goto(base)
    for selector in ["a.hub-chooser__choice", ".hub-quicksearch button", ".hub-quicksearch input"]:
        for element in page.locator(selector).all():
            box = element.bounding_box()
            assert box["height"] >= 44 or selector != "a.hub-chooser__choice", selector
            assert box["height"] >= 24 and box["width"] >= 24, selector
    page.goto(base + "lessons/")
    for option in page.locator(".hub-option").all():
        box = option.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24
    page.close()


def test_every_page_loads_only_from_the_hub_itself(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(base) or request.url.startswith("data:") else elsewhere.append(request.url))
    for path in sorted(shipped_site.rglob("index.html")):
        url = base + path.parent.relative_to(shipped_site).as_posix() + "/"
        page.goto(url.replace(base + "./", base))
    page.goto(base + "search/?q=nrm")
    page.wait_for_function("/result/.test(document.querySelector('[data-hub-search-status]').textContent)")
    page.close()
    assert elsewhere == []


FETCHED_ELSEWHERE = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?:https?:)?//(?!127\.0\.0\.1)|@import\s+(?:url\()?["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.I)


def test_no_built_file_would_fetch_from_another_origin(shipped_site):
    offenders = []
    for path in shipped_site.rglob("*"):
        if path.suffix not in {".html", ".css", ".js"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for match in FETCHED_ELSEWHERE.finditer(text):
            line = text[max(0, match.start() - 60): match.end() + 60]
            if "<a " in line or 'rel="canonical"' in line:
                continue  # a link a reader may follow is not a fetch
            offenders.append(f"{path.relative_to(shipped_site)}: {line!r}")
    assert offenders == []
