"""In real Chromium: axe-core finds no WCAG 2.2 AA violation on any kind of page, in light
and dark colour schemes, at a phone's and a desktop's width; primary actions are large
enough to tap; nothing is requested from any origin but the hub's own."""
from __future__ import annotations

import os
import re

import pytest

from conftest import DESKTOP, PAGE_KINDS, PHONE, RESULTS_SHOWN, ROOT, open_filters

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
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
            page.wait_for_function(RESULTS_SHOWN)
        page.evaluate(axe_source)  # through the debugger protocol: the page's policy refuses inline scripts
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
        if result["violations"]:
            found[kind] = [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]]
    context.close()
    assert found == {}


def test_primary_actions_are_at_least_44_pixels_and_every_target_at_least_24(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    page.goto(base)
    for selector in ["a.hub-chooser__choice", "a[data-hub-search-link]", "[data-hub-rolebar-none]", "a.hub-help"]:  # primary actions
        elements = page.locator(selector).all()
        assert elements, selector  # each is on the home page: a selector that finds nothing checks nothing
        for element in elements:
            box = element.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (selector, box)
    page.goto(base + "lessons/")
    open_filters(page)
    options = page.locator(".hub-option").all()
    assert len(options) > 10  # the register's roles, kinds of exploitation, themes and dates
    for option in options:
        box = option.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24
    page.close()


def test_every_page_loads_only_from_the_hub_itself(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(base) or request.url.startswith("data:") else elsewhere.append(request.url))
    for path in sorted(shipped_site.rglob("index.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue  # a forwarding page: its target is crawled in its own right
        url = base + path.parent.relative_to(shipped_site).as_posix() + "/"
        page.goto(url.replace(base + "./", base))
    page.goto(base + "search/?q=nrm")
    page.wait_for_function(RESULTS_SHOWN)
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


def test_the_site_works_under_its_content_security_policy(browser, shipped_site, serve):
    policy = (shipped_site / "csp.txt").read_text(encoding="utf-8").strip()
    base = serve(shipped_site, {"Content-Security-Policy": policy})
    page = browser.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    for path in PAGE_KINDS.values():
        page.goto(base + path)
    page.goto(base)
    page.click("a[data-hub-choose-role='investigator']")
    page.wait_for_url("**/roles/investigator/")
    assert page.locator("[data-hub-rolebar-role]").inner_text() == "Investigator / SIO"
    page.goto(base + "search/?q=nrm")
    page.wait_for_function(RESULTS_SHOWN)
    assert page.locator(".hub-result").count() > 0
    page.close()
    assert refused == []
    assert "'unsafe-inline'" not in (shipped_site / "csp.txt").read_text().split("script-src", 1)[1].split(";")[0]


def test_the_same_help_link_is_in_the_same_place_on_every_page(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    places = set()
    for path in PAGE_KINDS.values():
        page.goto(base + path)
        link = page.locator(".md-header a.hub-help")
        assert link.inner_text() == "Help"
        box = link.bounding_box()
        places.add((round(box["x"]), round(box["y"])))
        assert link.evaluate("a => new URL(a.href).pathname") == "/help/"
    page.close()
    assert len(places) == 1


def test_keyboard_focus_is_never_hidden_under_the_sticky_header(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "guides/initial-actions/")
    hidden = []
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const box = el.getBoundingClientRect();
            const visible = box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
            if (!visible) return {visible};
            const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
            const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 8), 0), innerHeight - 1);
            const top = document.elementFromPoint(x, y);
            const header = document.querySelector('.md-header');
            const covered = !!top && header.contains(top) && !header.contains(el) && !el.contains(top);
            return {visible, covered, label: el.textContent.trim().slice(0, 40)};
        }""")
        if state and state["visible"] and state["covered"]:
            hidden.append(state["label"])
    page.close()
    assert hidden == []


def test_at_200_percent_text_no_page_scrolls_sideways(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    wide = []
    for kind, path in PAGE_KINDS.items():
        page.goto(base + path)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
            wide.append(kind)
    page.close()
    assert wide == []


def test_reduced_motion_is_honoured_and_dark_mode_follows_the_device(browser, shipped_site, serve):
    base = serve(shipped_site)
    context = browser.new_context(reduced_motion="reduce", color_scheme="dark")
    page = context.new_page()
    page.goto(base + "guides/")
    durations = page.eval_on_selector_all(
        ".md-header, .md-sidebar, a, .hub-card",
        "els => els.map(e => parseFloat(getComputedStyle(e).transitionDuration) || 0)")
    assert max(durations) < 0.001
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    context.close()
