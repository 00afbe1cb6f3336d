"""In real Chromium, served from 127.0.0.1: after one visit the whole published site works
offline from the service worker; a new edition is offered and loaded with one tap; the zip
edition works from file:// with no request leaving the file system."""
from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import Error as PlaywrightError

from conftest import RESULTS_SHOWN, valid

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OFFLINE_PAGES = [
    "guides/initial-actions/", "guides/first-contact/safeguarding/", "debriefs/op-fort/", "training/general-awareness/",
    "roles/frontline/", "roles/investigator/", "guides/", "debriefs/", "training/", "lessons/?theme=safeguarding",
    "whats-new/", "glossary/", "booklets/first-contact/",
]


def wait_until_cached(page) -> dict:
    """Wait for the service worker to finish caching the site; return its status."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    return page.evaluate("""() => new Promise(resolve => {
        const ask = () => navigator.serviceWorker.ready.then(reg => {
            const channel = new MessageChannel();
            channel.port1.onmessage = event => event.data.cached >= event.data.files ? resolve(event.data) : setTimeout(ask, 100);
            (reg.active || reg.waiting || reg.installing).postMessage({type: 'hub-status'}, [channel.port2]);
        });
        ask();
    })""")


def test_after_one_visit_every_kind_of_page_and_search_work_offline(browser, shipped_site, serve):
    base = serve(shipped_site)
    context = browser.new_context()
    page = context.new_page()
    page.goto(base)
    status = wait_until_cached(page)
    assert status["cached"] == status["files"] > 100
    context.set_offline(True)
    for path in OFFLINE_PAGES:
        response = page.goto(base + path)
        assert response.ok and response.from_service_worker, path
    page.goto(base + "search/?q=NRM")
    page.wait_for_function(RESULTS_SHOWN)
    assert page.locator(".hub-result").count() > 0
    page.goto(base + "no-such-page/")
    assert page.locator("h1").inner_text() == "Offline copy"
    assert page.locator("[data-hub-offline-missing]").is_visible()
    context.close()


def test_without_the_service_worker_the_site_does_not_work_offline(browser, shipped_site, serve):
    base = serve(shipped_site)
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(base)
    context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(base + "guides/initial-actions/")
    context.close()


def test_every_page_says_which_edition_it_is(shipped_site):
    html = (shipped_site / "guides" / "initial-actions" / "index.html").read_text(encoding="utf-8")
    assert "Content as of 23 November 2026 · the 23 November 2026 edition <span class=\"hub-edition__id\">(20261123-" in html
    assert '<p class="hub-strip" data-hub-strip>Online · 23 November 2026 edition</p>' in html  # named by its date
    assert '<link rel="manifest"' in html


def test_the_cache_list_holds_the_whole_site_and_nothing_left_out(shipped_site):
    script = (shipped_site / "sw.js").read_text(encoding="utf-8")
    for url in ["", "guides/initial-actions/", "search/manifest.js", "booklets/first-contact-a6.pdf", "assets/hub/hub.css"]:
        assert f'["{url}", ' in script, url
    assert "op-lantern" not in script and "adult-services-websites" not in script  # sensitive, draft


def test_a_build_over_the_offline_budget_stops(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_OFFLINE_BUDGET_MB", "0.05")
    result = project.build(caplog)
    assert not result.ok
    assert any("offline cache would hold" in error and "offline_budget_mb (0.05 MB)" in error for error in result.errors)


def test_a_new_edition_is_offered_and_loaded_with_one_tap(browser, project, caplog, serve):
    project.page("guides/a.md", valid("guide", title="First edition title"))
    assert project.build(caplog).ok
    base = serve(project.site)
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "guides/a/")
    wait_until_cached(page)
    page.reload()  # now controlled by the worker
    assert page.locator("h1").inner_text() == "First edition title"

    project.page("guides/a.md", valid("guide", title="Second edition title"))
    assert project.build(caplog).ok
    page.reload()  # still the first edition, from the cache; the worker finds the new one
    assert page.locator("h1").inner_text() == "First edition title"
    offer = page.locator("[data-hub-update]")
    offer.wait_for(state="visible", timeout=20_000)
    assert "Updated guidance available" in offer.inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Reload").click()
    assert page.locator("h1").inner_text() == "Second edition title"
    context.close()


def test_the_zip_edition_works_from_the_file_system(browser, tmp_path, monkeypatch):
    from conftest import CONFIG, PUBLIC_URL, SHIPPED_TODAY
    from msht_hub.commands.file_edition import make_file_edition

    monkeypatch.setenv("HUB_TODAY", SHIPPED_TODAY)
    monkeypatch.setenv("HUB_SITE_URL", PUBLIC_URL)  # the address its booklets print
    target = make_file_edition(CONFIG, tmp_path / "dist")
    assert target.name.startswith("msht-hub-20261123-") and target.suffix == ".zip"
    with zipfile.ZipFile(target) as archive:
        archive.extractall(tmp_path / "unzipped")
    root = tmp_path / "unzipped" / "msht-hub"
    assert not (root / "sw.js").exists()

    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((root / "index.html").as_uri())
    page.click("a[data-hub-choose-role='frontline']")
    page.wait_for_url("**/roles/frontline.html")
    assert page.locator("[data-hub-rolebar-role]").inner_text() == "Frontline officer"
    page.click("text=Initial actions aide-memoire")
    page.wait_for_url("**/guides/initial-actions.html")
    page.goto((root / "lessons" / "index.html").as_uri() + "?exploitation=criminal")
    assert page.locator("[data-hub-register] > li:not([hidden])").count() > 0
    page.fill(".md-header form[role=search] input[name=q]", "NRM")  # a wide screen's header has a search box
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/index.html?q=NRM")
    page.wait_for_function(RESULTS_SHOWN)
    page.locator(".hub-result a").first.click()
    assert page.url.startswith("file://") and ".html" in page.url
    page.close()
    assert errors == []
    assert all(url.startswith("file://") for url in requests), [u for u in requests if not u.startswith("file://")]


def worker_status(page) -> dict:
    return page.evaluate("""() => navigator.serviceWorker.ready.then(reg => new Promise(resolve => {
        const channel = new MessageChannel();
        channel.port1.onmessage = event => resolve(event.data);
        reg.active.postMessage({type: 'hub-status'}, [channel.port2]);
    }))""")


def test_essentials_are_offline_first_and_the_rest_resumes_without_refetching(browser, shipped_site, serve):
    import hashlib

    base = serve(shipped_site)
    context = browser.new_context()
    bundles: list[str] = []
    context.on("request", lambda request: bundles.append(request.url.rsplit("/", 1)[-1]) if "/offline-bundles/" in request.url else None)
    context.route("**/offline-bundles/bundle-1-*", lambda route: route.abort())  # the signal goes after the essentials
    page = context.new_page()
    page.goto(base)
    page.wait_for_function("navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true)")
    page.evaluate("navigator.serviceWorker.ready")
    status = worker_status(page)
    assert status["essentials"] == status["essentialsTotal"] > 0 and status["cached"] < status["files"]
    page.reload()  # now controlled by the worker
    context.set_offline(True)
    response = page.goto(base + "guides/initial-actions/")
    assert response.ok and response.from_service_worker
    assert page.locator(".task-list-item").count() > 0
    page.goto(base + "search/?q=NRM")
    page.wait_for_function(RESULTS_SHOWN)
    assert page.locator(".hub-result").count() > 0

    context.set_offline(False)
    context.unroute("**/offline-bundles/bundle-1-*")
    page.goto(base + "guides/")  # the next visit resumes
    wait_until_cached(page)
    assert bundles.count(next(name for name in bundles if name.startswith("bundle-0-"))) == 1  # essentials fetched once
    context.set_offline(True)
    for path in ("debriefs/op-fort/", "exports/lessons.csv", "assets/hub/hub.css", "search/manifest.js"):
        served = page.evaluate("url => fetch(url).then(r => r.arrayBuffer()).then(b => Array.from(new Uint8Array(b)))", base + path)
        on_disk = (shipped_site / (path + "index.html" if path.endswith("/") else path)).read_bytes()
        assert hashlib.sha256(bytes(served)).hexdigest() == hashlib.sha256(on_disk).hexdigest(), path
    context.close()


def test_the_offline_panel_keeps_reports_and_removes_the_copy(browser, shipped_site, serve):
    base = serve(shipped_site)
    context = browser.new_context()
    context.add_init_script("""
        window.__persistAsked = 0;
        if (navigator.storage) {
            navigator.storage.persist = () => { window.__persistAsked += 1; return Promise.resolve(true); };
            navigator.storage.persisted = () => Promise.resolve(window.__persistAsked > 0);
        }""")
    page = context.new_page()
    page.goto(base)
    wait_until_cached(page)
    page.goto(base + "offline/")
    panel = page.locator("[data-hub-offline-panel]")
    panel.wait_for(state="visible")
    page.wait_for_function("/everything is saved/.test(document.querySelector('[data-hub-offline=files]').textContent)")
    assert "MB" in panel.locator("[data-hub-offline='bytes']").inner_text()
    assert re.fullmatch(r"23 November 2026 edition \(20261123-[0-9a-f]+\)", panel.locator("[data-hub-offline='edition']").inner_text())
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d", panel.locator("[data-hub-offline='saved']").inner_text())  # British, 24-hour
    page.get_by_role("button", name="Keep the hub on this device").click()
    page.wait_for_function("/Yes/.test(document.querySelector('[data-hub-offline=persistent]').textContent)")
    assert page.evaluate("window.__persistAsked") == 1
    page.get_by_role("button", name="Remove the offline copy").click()
    page.wait_for_function("/Nothing stored/.test(document.querySelector('[data-hub-offline=files]').textContent)")
    assert page.evaluate("caches.keys().then(keys => keys.filter(k => k.startsWith('msht-hub-')).length)") == 0
    context.close()


def test_a_full_device_is_reported_in_the_panel(browser, shipped_site, serve):
    base = serve(shipped_site)
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": base.rstrip("/"), "quotaSize": 150_000})
    page.goto(base + "offline/")
    panel = page.locator("[data-hub-offline-panel]")
    panel.wait_for(state="visible")
    page.wait_for_function("!document.querySelector('[data-hub-offline=problem]').hidden", timeout=30_000)
    assert "ran out of space" in panel.locator("[data-hub-offline='problem']").inner_text()
    context.close()


def test_a_new_edition_lists_exactly_the_pages_that_changed(browser, project, caplog, serve):
    project.page("guides/kept.md", valid("guide", title="Kept guide"))
    project.page("guides/changed.md", valid("guide", title="Changed guide"), "First text.\n")
    project.page("guides/removed.md", valid("guide", title="Removed guide"))
    assert project.build(caplog).ok
    base = serve(project.site)
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "guides/")
    wait_until_cached(page)
    page.reload()
    (project.content / "guides" / "removed.md").unlink()
    project.page("guides/changed.md", valid("guide", title="Changed guide"), "Second text.\n")
    project.page("guides/added.md", valid("guide", title="Added guide"))
    assert project.build(caplog).ok
    page.reload()
    offer = page.locator("[data-hub-update]")
    offer.wait_for(state="visible", timeout=20_000)
    with page.expect_navigation():
        page.get_by_role("button", name="Reload").click()
    page.goto(base + "offline/")
    changes = page.locator("[data-hub-offline-changes]")
    changes.wait_for(state="visible")
    items = sorted(changes.locator("li").all_inner_texts())
    assert items == ["Added: Added guide", "Removed: Removed guide", "Updated: Changed guide"]
    context.close()
