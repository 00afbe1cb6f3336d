"""Text stays text wherever it is shown: a glossary expansion, a title or a change note that
holds markup is shown as the characters it is, on hover, focus and tap as well as on load,
in Material's scripts (its tooltips are off: they turn a title back into HTML) and in the
hub's own (the register, the role pages, the offline panel's list of changes)."""
from __future__ import annotations

import pytest

from conftest import CONFIG, HubProject, copy_config, open_filters, valid
from waiting import nothing_happens_for

HOSTILE = '<img src=x onerror="window.__hit=1;alert(1)">'
# The page's own policy would stop the handler from running; what is judged here is that the
# text never became an element at all.
NO_ELEMENT_FROM_TEXT = "document.querySelectorAll('[onerror], img[src=x]').length"


@pytest.fixture
def hub(tmp_path, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    project = HubProject(tmp_path)
    project.config = copy_config(tmp_path)
    (tmp_path / "includes" / "abbreviations.md").write_text(f"*[NRM]: National Referral Mechanism {HOSTILE}\n", encoding="utf-8")
    project.page("index.md", valid("page"))
    project.page("guides/one.md", valid("guide", title=f"Guide {HOSTILE}", roles=["frontline"],
                                        changes=[{"date": "2026-02-01", "note": f"Changed {HOSTILE}"}]),
                 "Refer to the NRM at once.\n")
    project.page("debriefs/op.md", valid("debrief", title=f"Op {HOSTILE}", lessons=[
        {"id": "x-01", "theme": "safeguarding", "kind": "lesson", "title": f"Lesson {HOSTILE}", "text": f"Text {HOSTILE}"}]))
    return project


def test_the_material_feature_that_reparses_titles_is_refused(project, caplog):
    from mkdocs.exceptions import ConfigurationError

    with pytest.raises(ConfigurationError, match=r"theme.features: content.tooltips turns every title .* back into HTML"):
        project.build(caplog, theme={"name": "material", "custom_dir": str(CONFIG.parent / "overrides"),
                                     "features": ["content.tooltips"]})


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_text_is_shown_as_text_on_hover_focus_and_tap(hub, browser, serve):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(hub.config), site_dir=str(hub.root / "site"), strict=False, site_url="http://127.0.0.1/"))
    base = serve(hub.root / "site")
    context = browser.new_context(has_touch=True, service_workers="block")
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(base + "guides/one/")
    abbr = tab.locator("abbr").first
    assert abbr.get_attribute("title") == f"National Referral Mechanism {HOSTILE}"
    abbr.hover()
    abbr.focus()
    abbr.tap()
    nothing_happens_for(tab, 300, "an element made from the glossary's text, once hovered, focused and tapped")
    assert tab.evaluate(NO_ELEMENT_FROM_TEXT) == 0
    for path in ("lessons/", "roles/frontline/", "whats-new/", "offline/", "guides/", "debriefs/op/"):
        tab.goto(base + path)
        tab.wait_for_load_state("load")
        for element in tab.locator("main a, main button, main summary, main [title]").all()[:40]:
            if element.is_visible():
                element.hover()
                element.focus()
        nothing_happens_for(tab, 100, "an element made from a title, a label or a change note, once hovered and focused")
        assert tab.evaluate(NO_ELEMENT_FROM_TEXT) == 0, path
    assert dialogs == [] and tab.evaluate("window.__hit") is None
    context.close()


# ---- every script of the hub, read as source: no string becomes markup or code, and every
# address a script gives an element goes through one reviewed helper ----

import re  # noqa: E402

from conftest import ROOT  # noqa: E402

SCRIPTS = sorted((ROOT / "overrides").rglob("*.js"))
MARKUP_SINKS = re.compile(
    r"\b(?:inner|outer)HTML\s*\+?=(?!=)|\binsertAdjacentHTML\b|\bcreateContextualFragment\b|\bparseFromString\b"
    r"|\bDOMParser\b|\b(?:set|parse)HTMLUnsafe\b|\bsrcdoc\b|\bdocument\s*\.\s*write(?:ln)?\b|\bexecScript\b"
    r"|\beval\s*\(|\bFunction\s*\(|\bset(?:Timeout|Interval)\s*\(\s*['\"`]|\.html\s*\(|\bhtml\s*`")
ADDRESS_SINKS = re.compile(
    r"\.(?:href|src|srcset|action|formAction|poster|background|codebase|cite)\s*=(?!=)"
    r"|\blocation\s*(?:\.\s*href\s*)?=(?!=)|\blocation\s*\.\s*(?:assign|replace)\s*\(|\bwindow\s*\.\s*open\s*\("
    r"|\.\s*on[a-z]+\s*=\s*['\"`]"
    r"|\bsetAttribute(?:NS)?\s*\(\s*(?!['\"](?:data-|aria-|(?:role|tabindex|lang|dir|hidden|type|class)['\"]))")
HELPER = re.compile(r"\n  function setAddress\(element, attribute, address\) \{\n.*?\n  \}\n", re.S)


def sinks(pattern: re.Pattern[str], text: str) -> list[str]:
    return [f"line {text.count(chr(10), 0, hit.start()) + 1}: {hit.group(0)}" for hit in pattern.finditer(text)]


def test_no_script_of_the_hub_turns_a_string_into_markup_or_code():
    assert len(SCRIPTS) >= 10  # every script under overrides/, the service worker's template too
    found = {script.relative_to(ROOT).as_posix(): sinks(MARKUP_SINKS, script.read_text(encoding="utf-8")) for script in SCRIPTS}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_every_address_a_script_sets_goes_through_the_one_reviewed_helper():
    hub_js = (ROOT / "overrides" / "assets" / "hub" / "hub.js").read_text(encoding="utf-8")
    helper = HELPER.search(hub_js)
    assert helper is not None, "mshtHub.setAddress in hub.js: the one place a script sets an element's address"
    found = {}
    for script in SCRIPTS:
        text = script.read_text(encoding="utf-8")
        if script.name == "hub.js" and script.parent.name == "hub":
            text = text.replace(helper.group(0), "\n" * helper.group(0).count("\n"))
        found[script.relative_to(ROOT).as_posix()] = sinks(ADDRESS_SINKS, text)
    assert {name: hits for name, hits in found.items() if hits} == {}
    assert sinks(ADDRESS_SINKS, helper.group(0)) == ["line 9: setAttribute("]  # the helper's one, after its check


def test_the_checks_on_the_scripts_see_each_kind_of_sink():
    for line in ("list.innerHTML = doc.title;", "item.outerHTML += x;", "box.insertAdjacentHTML('beforeend', x);",
                 "document.write(x);", "new DOMParser().parseFromString(x, 'text/html');", "frame.srcdoc = x;",
                 "eval(x);", "setTimeout('run()', 5);", "range.createContextualFragment(x);"):
        assert sinks(MARKUP_SINKS, line), line
    for line in ("a.href = doc.url;", "script.src = x;", "a.setAttribute('href', x);", "a.setAttribute(name, x);",
                 "window.location = x;", "location.href = x;", "location.assign(x);", "window.open(x);",
                 "a.onclick = 'run()';", "el.setAttribute(\"onclick\", x);"):
        assert sinks(ADDRESS_SINKS, line), line
    for line in ("x = content.innerHTML;", "a.textContent = doc.title;", "el.setAttribute('data-x', v);",
                 "el.setAttribute(\"aria-pressed\", v);", "if (a.href === b) {}", "script.onerror = function () {};"):
        assert not sinks(MARKUP_SINKS, line) and not sinks(ADDRESS_SINKS, line), line


# ---- search, the role pages and the register, driven as a reader does, with hostile values
# everywhere they show: titles, summaries, section headings, owners, operations, the
# taxonomy's labels (roles, exploitation, lesson themes: the facets), and the query itself ----

PWNED = "window.__pwned=1"
IMG = f"<img src=x onerror={PWNED}>"
SVG = f'"><svg onload={PWNED}>'
SCHEME = f"javascript:{PWNED}"
RLO = "\u202e"
# What a hostile value would leave behind had it become markup, and every way the page could
# have run it: no element made from it, no handler run, no dialog, no address to run.
LEFT_BEHIND = """() => ({
  elements: document.querySelectorAll('[onerror], [onload], img[src="x"], svg[onload]').length,
  pwned: window.__pwned === 1,
  scripted: Array.from(document.querySelectorAll('[href], [src]')).filter(e =>
    /^(javascript|data|vbscript):/i.test((e.href || e.src || '').toString())).length,
})"""
CLEAN = {"elements": 0, "pwned": False, "scripted": 0}


def _escaped(text: str) -> str:
    """Text for a Markdown body: shown as these characters (the body may hold no such markup)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@pytest.fixture
def hostile_site(tmp_path, monkeypatch, caplog):
    """A hub whose every shown field holds a hostile value, built, and copied with the policy
    taken out of every page, so that a value that became markup would run and be seen to."""
    import shutil

    from msht_hub.outputs.csp import meta_tag

    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    project = HubProject(tmp_path)
    config = copy_config(tmp_path)
    text = config.read_text(encoding="utf-8")
    for label, hostile in (("frontline: Frontline officer", f"frontline: 'Frontline {IMG}'"),
                           ("labour: Labour exploitation", f"labour: 'Labour {SVG}'"),
                           ("safeguarding: Victim safeguarding", f"safeguarding: 'Safeguarding {IMG}'")):
        assert label in text
        text = text.replace(label, hostile)
    config.write_text(text, encoding="utf-8")
    project.page("index.md", valid("page"))
    body = (f"Referral first: {_escaped(IMG)} and `{SVG}` and {SCHEME} and {RLO}reversed.\n\n"
            f"## Referral step {_escaped(IMG)}\n\nThe referral section {_escaped(SVG)} says {SCHEME}.\n")
    project.page("guides/referral.md", valid("guide", title=f"Referral {IMG}", summary=f"Referral summary {SVG}",
                                             owner=f"Owner {IMG}"), body)
    project.page("guides/scheme.md", valid("guide", title=f"{SCHEME} referral", summary="A referral page."), body)
    project.page("debriefs/op.md", valid("debrief", title=f"Op {SVG} referral", operation=f"Op {IMG}",
                                         lead_force=f"Force {SVG}", lessons=[
        {"id": "x-01", "theme": "safeguarding", "kind": "lesson", "title": f"Referral lesson {IMG}",
         "text": f"Referral lesson text {_escaped(SVG)}."}]))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(config), site_dir=str(project.site), strict=False, site_url="http://127.0.0.1/"))
    served = tmp_path / "served"
    shutil.copytree(project.site, served)
    for page in served.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace(meta_tag(), ""), encoding="utf-8")
    return served


def _every_control(tab, selector: str = ", ".join(f".md-content {what}" for what in ("a", "button", "summary", "label", "mark", "[title]"))) -> None:
    """Hover and focus what a reader can reach, and tap all that stays on the page (a result
    is followed, and the reader comes back, in the test itself)."""
    for element in tab.locator(selector).all()[:60]:
        if element.is_visible():
            element.hover()
            element.focus()
            if element.evaluate("e => !e.closest('a[href]') && !(e.closest('button') || {}).form"):
                element.tap()  # not a link nor a form's button: those would leave the page
    nothing_happens_for(tab, 100, "an element, a script or an address made from hostile text, once hovered, focused and tapped")


def _judged(tab, where: str) -> None:
    assert tab.evaluate(LEFT_BEHIND) == CLEAN, where


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_text_in_search_results_roles_and_the_register_stays_text(hostile_site, browser, serve):
    from urllib.parse import quote

    base = serve(hostile_site)  # no policy header, and none in the pages: only text staying text stands
    context = browser.new_context(has_touch=True, service_workers="block")
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # The query from the address: in the box, and in the status line, as typed.
    query = f"{IMG} {RLO}"
    tab.goto(base + "search/?q=" + quote(query))
    tab.wait_for_function("document.querySelector('[data-hub-search-status]').textContent.indexOf('result') >= 0")
    assert tab.locator("#hub-search-q").input_value() == query
    _judged(tab, "a hostile query from the address")

    # Typed: the results' titles, badges, section names (crumbs) and snippets, as written.
    box = tab.locator("#hub-search-q")
    box.fill("")
    box.type("referral")
    tab.wait_for_function("document.querySelectorAll('.hub-result').length >= 3")
    results = tab.locator(".hub-results").inner_text()
    for shown in (f"Referral {IMG}", f"{SCHEME} referral", f"Referral lesson {IMG}", f"Op {IMG}",
                  f"Safeguarding {IMG}", f"Referral step {IMG}"):
        assert shown in results, shown
    snippets = " ".join(tab.locator(".hub-result__snippet").all_inner_texts())
    assert IMG in snippets and SVG in snippets and SCHEME in snippets
    _every_control(tab, ".hub-results a, .hub-results mark, .hub-result__crumb, .hub-badge")
    _judged(tab, "the results, hovered, focused and tapped")

    # The filters: hostile labels, ticked and tapped; the line that says which are chosen.
    open_filters(tab)
    _every_control(tab, ".hub-filterpanel label, .hub-filterpanel summary")
    open_filters(tab)  # a tap on its summary folded it
    tab.locator(".hub-filterpanel label", has_text="Frontline").locator("input").check()
    tab.wait_for_function("document.querySelector('[data-hub-filters-active]').textContent.indexOf('Frontline') >= 0")
    assert f"Frontline {IMG}" in tab.locator("[data-hub-filters-active]").inner_text()
    _judged(tab, "the facets")
    tab.locator("[data-hub-filters-clear]").click()

    # "Did you mean": what was searched for instead, and the way back to the query as typed.
    box.fill("")
    box.type(f"referal {SVG}")
    correction = tab.locator("[data-hub-search-correction]")
    correction.wait_for(state="visible")
    assert tab.locator("[data-hub-search-instead]").inner_text() == f"referal {SVG}"
    _every_control(tab, "[data-hub-search-correction] a, [data-hub-search-correction] strong")
    _judged(tab, "the correction")

    # A lesson followed from the results: "Found by your search for ...", then back.
    box.fill("")
    box.type(f"referral lesson {IMG}")
    lesson = tab.locator(".hub-results a[href*='#lesson-']").first
    lesson.wait_for()
    lesson.hover()
    lesson.focus()
    with tab.expect_navigation():
        lesson.tap()
    found = tab.locator(".hub-found")
    found.wait_for()
    assert found.inner_text().startswith(f"Found by your search for \u201creferral lesson {IMG}\u201d.")
    _every_control(tab)
    _judged(tab, "the lesson found by the search")
    tab.go_back()
    tab.wait_for_function("document.querySelectorAll('.hub-result').length > 0")
    _judged(tab, "the results, come back to")

    # The role chosen on the home page: its label in the header bar, its page, the register.
    tab.goto(base)
    with tab.expect_navigation():  # choosing a role opens its page
        tab.locator("[data-hub-choose-role='frontline']").first.tap()
    for path in ("roles/frontline/", "lessons/", "lessons/?theme=safeguarding", "debriefs/op/", "guides/referral/", ""):
        tab.goto(base + path)
        tab.wait_for_load_state("load")
        assert f"Frontline {IMG}" in tab.locator("[data-hub-rolebar-role]").text_content(), path
        _every_control(tab)
        _judged(tab, path or "home")
    tab.goto(base + "lessons/?theme=safeguarding")
    register = tab.locator("[data-hub-register]").inner_text()
    assert f"Referral lesson {IMG}" in register and f"Op {IMG}" in register
    assert f"Safeguarding {IMG}" in tab.locator("[data-hub-filters-active]").inner_text()

    # The one helper that gives an element an address keeps only this site's.
    kept = tab.evaluate("""() => [
      'javascript:window.__pwned=1', ' java\tscript:window.__pwned=1', 'data:text/html,<script>1</script>',
      '//elsewhere.example/x', 'https://elsewhere.example/', '../guides/referral/', '?q=x#y'
    ].map(address => window.mshtHub.setAddress(document.createElement('a'), 'href', address).getAttribute('href'))""")
    assert kept == [None, None, None, None, None, "../guides/referral/", "?q=x#y"]
    assert dialogs == [] and tab.evaluate("window.__pwned") is None
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_offline_panels_list_of_changes_shows_hostile_titles_as_text(browser, project, caplog, serve, monkeypatch):
    """A real change between two editions: the copy saved on the device, then a new edition
    whose pages' titles are hostile (changed, added, removed). The list is made by the
    hub's scripts from edition.json in the reader's browser; served by the service worker,
    the pages keep their policy, so what is judged is that no title became an element."""
    from test_browser_offline import wait_until_cached

    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    project.page("guides/changed.md", valid("guide", title="Changed guide"), "First text.\n")
    project.page("guides/removed.md", valid("guide", title=f"Removed {SVG}"))
    assert project.build(caplog).ok
    base = serve(project.site)
    context = browser.new_context(has_touch=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + "offline/")
    wait_until_cached(page)
    page.reload()  # now served from the copy on the device, which knows its edition
    page.wait_for_function("!!localStorage.getItem('msht-hub.edition')")

    (project.content / "guides" / "removed.md").unlink()
    project.page("guides/changed.md", valid("guide", title=f"Changed {IMG}"), "Second text.\n")
    project.page("guides/added.md", valid("guide", title=f"{SCHEME} added {IMG}"))
    assert project.build(caplog).ok
    page.reload()
    page.locator("[data-hub-update]").wait_for(state="visible", timeout=20_000)
    with page.expect_navigation():
        page.get_by_role("button", name="Reload").click()
    page.goto(base + "offline/")
    changes = page.locator("[data-hub-offline-changes]")
    changes.wait_for(state="visible")
    assert sorted(changes.locator("li").all_inner_texts()) == [
        f"Added: {SCHEME} added {IMG}", f"Removed: Removed {SVG}", f"Updated: Changed {IMG}"]
    _every_control(page, "[data-hub-offline-changes] a, [data-hub-offline-changes] p")
    _judged(page, "the offline panel's list of changes")
    assert sorted(changes.locator("a").evaluate_all("links => links.map(a => a.href)")) == [
        base + "guides/added/", base + "guides/changed/"]  # each on this site, the removed one not a link
    assert dialogs == []
    context.close()
