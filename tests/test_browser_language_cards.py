"""In real Chromium at 360 × 780, on the shipped site: the language picker leads to a statement
in the person's language in one tap; every translated text carries its language and
direction in the rendered DOM; Arabic is laid out right to left; the show-to-person mode
moves by buttons, keys and swipes and shows the officer the answer; it all works with the
network cut; axe finds nothing on the card pages, in light and dark, also in show mode; and
the unreviewed translation is in no output. Screenshots go to docs/screenshots/."""
from __future__ import annotations

import re

import pytest
from test_browser_accessibility import WCAG, axe_source  # noqa: F401 - the fixture
from test_browser_offline import wait_until_cached
from test_language_cards import every_output

from conftest import RESULTS_SHOWN, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 780}
CARD = "guides/first-contact-language-card/"
SHOTS = ROOT / "docs" / "screenshots"
SHOWN = "document.querySelector('.hub-lc-lang--showing .hub-lc-statement--current .hub-lc-own')"


def current_statement(page) -> dict | None:
    return page.evaluate(f"""(() => {{
        const own = {SHOWN};
        if (!own) return null;
        const box = own.getBoundingClientRect();
        const section = own.closest('[data-hub-lc-lang]');
        return {{text: own.textContent.trim(), lang: own.closest('[lang]').lang, dir: getComputedStyle(own).direction,
                 section: section.getAttribute('data-hub-lc-lang'), top: box.top, bottom: box.bottom,
                 fontSize: parseFloat(getComputedStyle(own).fontSize), english: own.parentNode.querySelector('.hub-lc-english').textContent.trim()}};
    }})()""")


def test_the_picker_reaches_a_statement_in_one_tap_and_the_english_is_underneath(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "languages/")
    choice = page.locator("a[data-hub-lc-open='sq']")
    box = choice.bounding_box()
    assert box["height"] >= 64 and box["width"] >= 120  # a large target (at least 44 px asked)
    assert box["y"] + box["height"] <= PHONE["height"]  # on the first screen
    choice.click()  # the one tap
    page.wait_for_function(SHOWN)
    shown = current_statement(page)
    assert shown["text"] == "Jeni të sigurt. Unë jam oficer policie." and shown["lang"] == "sq"
    assert shown["english"] == "1. You are safe. I am a police officer."
    assert shown["fontSize"] >= 40 and 0 <= shown["top"] and shown["bottom"] <= PHONE["height"]
    assert page.evaluate("[...document.fonts].filter(f => f.family.includes('Hub Language Card')).every(f => f.status === 'loaded')")
    page.close()


@pytest.mark.parametrize("start", ["", "guides/", "debriefs/"])
def test_from_any_page_the_action_bar_reaches_the_picker_then_a_statement(browser, shipped_site, serve, start):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    page.goto(base + start)
    page.click("[data-hub-action='refer']")  # the action bar's Refer opens its sheet
    page.click("a[data-hub-action='languages']")  # tap 1: the picker
    page.wait_for_url("**/languages/")
    page.click("a[data-hub-lc-open='ar']")  # tap 2: the person's language
    page.wait_for_function(SHOWN)
    shown = current_statement(page)
    assert shown["lang"] == "ar" and shown["dir"] == "rtl"
    page.close()


def shipped_card():
    from conftest import CONFIG
    from msht_hub.commands.project import load_project
    from msht_hub.reading.catalogue import read_catalogue

    catalogue = read_catalogue(ROOT / "content", load_project(CONFIG).settings, shown_root=ROOT)
    return catalogue.published["guides/first-contact-language-card.md"].meta


def test_every_translated_text_carries_its_language_and_direction_in_the_rendered_dom(browser, shipped_site, serve):
    card = shipped_card()
    texts = {language.tag: [text for _, text in language.texts()] for language in card.languages}
    directions = {language.tag: language.direction for language in card.languages}
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    for path in (CARD, "languages/"):
        page.goto(base + path)
        result = page.evaluate("""([texts, directions]) => {
            const wrong = [], found = {};
            for (const section of document.querySelectorAll('[data-hub-lc-lang]')) {
                const tag = section.getAttribute('data-hub-lc-lang'), dir = section.getAttribute('dir');
                for (const element of section.querySelectorAll('*')) {
                    const own = element.closest('[lang]');
                    if (own.lang !== 'en' && own.lang !== tag) wrong.push([tag, element.tagName, own.lang]);
                    if (getComputedStyle(element).direction !== (own.lang === 'en' ? 'ltr' : dir)) wrong.push([tag, element.tagName, 'direction']);
                }
            }
            // every text of every translation, wherever it is shown, is inside its own language and direction
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const text = node.textContent.trim();
                for (const [tag, own] of Object.entries(texts)) {
                    if (!own.includes(text)) continue;
                    const holder = node.parentElement;
                    found[tag] = (found[tag] || 0) + 1;
                    if (holder.closest('[lang]').lang !== tag) wrong.push([tag, text, holder.closest('[lang]').lang]);
                    if (getComputedStyle(holder).direction !== directions[tag]) wrong.push([tag, text, getComputedStyle(holder).direction]);
                }
            }
            for (const link of document.querySelectorAll('a[data-hub-lc-open]')) {
                if (link.lang !== link.getAttribute('data-hub-lc-open')) wrong.push(['picker', link.textContent.trim()]);
                if (link.querySelector('.hub-lc-choice__english').lang !== 'en') wrong.push(['picker english', link.textContent.trim()]);
            }
            return {wrong, found};
        }""", [texts, directions])
        assert result["wrong"] == [], path
        assert set(result["found"]) == set(texts), path  # every language's texts were found and checked
    assert page.locator("a[data-hub-lc-open='ar']").get_attribute("dir") == "rtl"
    page.goto(base + CARD)
    assert page.locator("[data-hub-lc-lang='ar']").get_attribute("dir") == "rtl"
    assert page.locator("[data-hub-lc-lang='sq']").get_attribute("dir") == "ltr"
    page.close()


WORD_BOXES = """([selector, first, last]) => {
    const element = document.querySelector(selector);
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const node = walker.nextNode();
    const text = node.textContent;
    const box = word => { const range = document.createRange(); const at = text.indexOf(word);
        range.setStart(node, at); range.setEnd(node, at + word.length); return range.getBoundingClientRect(); };
    const a = box(first), b = box(last);
    return {first: [a.left, a.right, a.top], last: [b.left, b.right, b.top], element: element.getBoundingClientRect().right};
}"""


def test_right_to_left_text_is_laid_out_right_to_left_and_left_to_right_text_left_to_right(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    page.goto(base + CARD)
    arabic = page.evaluate(WORD_BOXES, ["[data-hub-lc-lang='ar'] [data-hub-lc-answer='dont_know'] .hub-lc-answer__own", "لا", "أعرف"])
    assert arabic["first"][2] == arabic["last"][2]  # one line
    assert arabic["first"][0] > arabic["last"][1]  # the first word stands to the right of the last
    albanian = page.evaluate(WORD_BOXES, ["[data-hub-lc-lang='sq'] [data-hub-lc-answer='dont_know'] .hub-lc-answer__own", "Nuk", "di"])
    assert albanian["first"][2] == albanian["last"][2] and albanian["first"][1] < albanian["last"][0]
    # a right-to-left statement starts at the right edge of its column
    page.click("a[data-hub-lc-open='ar']")
    page.wait_for_function(SHOWN)
    edges = page.evaluate(f"(() => {{ const own = {SHOWN}; const range = document.createRange(); range.selectNodeContents(own); "
                          "const text = range.getClientRects()[0], box = own.getBoundingClientRect(); return [text.right, box.right, text.left, box.left]; })()")
    assert abs(edges[0] - edges[1]) < 2 and edges[2] > edges[3] + 2
    page.close()


def test_show_mode_moves_by_buttons_keys_and_swipes_and_shows_the_officer_the_answer(browser, shipped_site, serve):
    base = serve(shipped_site)
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(base + CARD)
    page.click("a[data-hub-lc-open='ar']")
    page.wait_for_function(SHOWN)
    page.wait_for_function("document.fullscreenElement === document.documentElement")  # the tap allows the Fullscreen API
    assert page.url.endswith("#lang-ar--1")
    page.get_by_role("button", name="Next").click()
    shown = current_statement(page)
    assert shown["text"] == "هل أنت مصاب؟" and shown["dir"] == "rtl" and page.url.endswith("#lang-ar--2")
    page.locator(".hub-lc-statement--current [data-hub-lc-answer='yes']").click()
    heard = page.locator(".hub-lc-statement--current [data-hub-lc-heard]")
    assert heard.inner_text() == "Answer: Yes" and heard.get_attribute("lang") == "en"
    assert page.locator(".hub-lc-statement--current [data-hub-lc-answer='yes']").get_attribute("aria-pressed") == "true"
    # Arabic runs right to left: the left arrow key, and a swipe from left to right, go forward
    page.keyboard.press("ArrowLeft")
    assert current_statement(page)["text"] == "هل تحتاج إلى طبيب؟"
    swipe(page, 60, 300)  # finger moves right
    assert current_statement(page)["text"] == "أشر إلى لغتك."
    swipe(page, 300, 60)
    assert current_statement(page)["text"] == "هل تحتاج إلى طبيب؟"
    page.get_by_role("button", name="Close").click()
    assert current_statement(page) is None and "#" not in page.url
    page.wait_for_function("document.fullscreenElement === null")
    # an address names a language and a statement: the picker page and a shared link open there
    page.goto(base + CARD + "#lang-vi--3")
    page.wait_for_function(SHOWN)
    assert current_statement(page)["text"] == "Bạn có cần bác sĩ không?"
    context.close()


def swipe(page, start_x: int, end_x: int) -> None:
    page.evaluate("""([x0, x1]) => {
        const target = document.querySelector('.hub-lc-lang--showing');
        const touch = x => new Touch({identifier: 1, target, clientX: x, clientY: 400});
        target.dispatchEvent(new TouchEvent('touchstart', {bubbles: true, touches: [touch(x0)], changedTouches: [touch(x0)]}));
        target.dispatchEvent(new TouchEvent('touchend', {bubbles: true, touches: [], changedTouches: [touch(x1)]}));
    }""", [start_x, end_x])


def test_the_picker_filters_by_english_or_own_name_and_is_links_without_javascript(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "languages/")
    box = page.get_by_label("Find a language (English or its own name)")
    for query, expected in [("alban", ["sq"]), ("SHQIP", ["sq"]), ("viet", ["vi"]), ("tieng", ["vi"]), ("العربية", ["ar"]), ("romana", ["ro"])]:
        box.fill(query)
        assert page.eval_on_selector_all("[data-hub-lc-names]:not([hidden]) a", "links => links.map(a => a.dataset.hubLcOpen)") == expected, query
    box.fill("klingon")
    assert page.locator("[data-hub-lc-none]").is_visible()
    page.close()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "languages/")
    assert not page.locator("[data-hub-lc-filter-box]").is_visible()
    page.click("a[data-hub-lc-open='ar']")
    assert page.url.endswith(CARD + "#lang-ar")
    assert page.locator("[data-hub-lc-lang='ar'] .hub-lc-own").first.is_visible()
    context.close()


def test_search_finds_the_card_by_albanian_and_by_shqip(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    for query in ("Albanian", "shqip"):
        page.goto(base + f"search/?q={query}")
        page.wait_for_function(RESULTS_SHOWN)
        assert CARD in page.locator(".hub-result a").first.get_attribute("href"), query
    page.close()


def test_the_card_works_with_the_network_cut(browser, shipped_site, serve):
    base = serve(shipped_site)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base)
    wait_until_cached(page)
    context.set_offline(True)
    response = page.goto(base + "languages/")
    assert response.ok and response.from_service_worker
    page.click("a[data-hub-lc-open='ar']")
    page.wait_for_function(SHOWN)
    assert current_statement(page)["text"] == "أنت في أمان. أنا ضابط شرطة."
    page.wait_for_function("document.fonts.ready.then(() => true)")
    assert page.evaluate("[...document.fonts].filter(f => f.family.includes('Hub Language Card')).map(f => f.status)") == ["loaded", "loaded"]
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_card_pages_and_in_show_mode(browser, shipped_site, serve, axe_source, scheme):  # noqa: F811
    base = serve(shipped_site)
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for name, path, language in [("picker", "languages/", None), ("card", CARD, None), ("show sq", CARD, "sq"), ("show ar", CARD, "ar")]:
        page.goto(base + path)
        if language:
            page.click(f"a[data-hub-lc-open='{language}']")
            page.wait_for_function(SHOWN)
            page.get_by_role("button", name="Next").click()  # a question, with its answer buttons
            page.locator(".hub-lc-statement--current [data-hub-lc-answer='no']").click()
        page.evaluate(axe_source)  # through the debugger protocol: the page's policy refuses inline scripts
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
        if result["violations"]:
            found[name] = [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]]
    context.close()
    assert found == {}


def test_the_unreviewed_translation_is_in_no_output_of_the_shipped_site(shipped_site):
    from pypdf import PdfReader

    everything = every_output(shipped_site)
    assert "Shqip" in everything and "Lithuanian" not in everything and "Lietuvių" not in everything
    for word in ("gydytojo", "Nežinau", "vertėją", 'lang="lt"'):
        assert word not in everything, word
    for pdf in (shipped_site / "booklets").glob("*.pdf"):
        text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
        assert "Lietuvių" not in text and "gydytojo" not in text and "Lithuanian" not in text, pdf.name


def test_each_language_prints_as_a_tear_out_page_of_the_booklet(shipped_site):
    from pypdf import PdfReader

    reader = PdfReader(shipped_site / "booklets" / "first-contact-a6.pdf")
    pages = [page.extract_text() or "" for page in reader.pages]
    tear_outs = [text for text in pages if "Tear out along this edge" in text]
    assert len(tear_outs) == 5  # Albanian, Arabic, Vietnamese, Polish, Romanian: one page each
    for english, own in [("Albanian", "Jeni të sigurt"), ("Vietnamese", "Tôi là cảnh sát"), ("Polish", "Wzywamy tłumacza"), ("Romanian", "Chemăm un interpret")]:
        assert sum(english in text and own in text for text in tear_outs) == 1, english
    arabic = [text for text in tear_outs if "Arabic" in text]
    assert len(arabic) == 1 and re.search(r"[\u0600-\u06ff]", arabic[0])
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Hub-Language-Card" in name for name in fonts), fonts  # the hub's faces, not a fallback


def test_screenshots_of_the_picker_and_the_show_mode(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "languages/")
    page.screenshot(path=str(SHOTS / "9-language-picker.png"))
    page.click("a[data-hub-lc-open='ar']")
    page.wait_for_function(SHOWN)
    page.get_by_role("button", name="Next").click()
    page.locator(".hub-lc-statement--current [data-hub-lc-answer='yes']").click()
    page.wait_for_function("document.fonts.ready.then(() => true)")
    page.screenshot(path=str(SHOTS / "10-show-this-screen-arabic.png"))
    page.close()
    assert (SHOTS / "10-show-this-screen-arabic.png").stat().st_size > 10_000


def test_the_subset_fonts_shape_every_published_text_as_the_whole_fonts_do(browser, shipped_site, serve, tmp_path):
    """A differential test: each translated text measured in Chromium in the hub's subset and in
    the whole installed font it was cut from; Arabic letters that failed to join, or a glyph
    missing from the subset, would change the width."""
    import shutil

    from conftest import CONFIG
    from msht_hub.commands.project import load_project
    from msht_hub.outputs.card_fonts import card_texts, plan_faces, unicode_range
    from msht_hub.reading.catalogue import read_catalogue
    project = load_project(CONFIG)
    catalogue = read_catalogue(project.docs_dir, project.settings, shown_root=project.root)
    faces, _ = plan_faces(card_texts(catalogue))
    site = tmp_path / "site"
    shutil.copytree(shipped_site, site)
    rules = []
    for number, face in enumerate(faces):
        shutil.copy(face.file, site / f"whole-{number}{face.file.suffix}")
        rules.append(f'@font-face {{ font-family: "Whole"; src: url("whole-{number}{face.file.suffix}"); unicode-range: {unicode_range(face.chars)}; }}')
    (site / "whole.css").write_text("\n".join(rules), encoding="utf-8")
    texts = [text for _, _, text in card_texts(catalogue)]
    base = serve(site)
    page = browser.new_page(viewport=PHONE)
    page.goto(base + CARD)
    page.add_style_tag(url=base + "whole.css")
    widths = page.evaluate("""async texts => {
        const probe = (family, text) => { const span = document.createElement('span'); span.style.font = `32px "${family}"`;
            span.style.whiteSpace = 'pre'; span.style.position = 'absolute'; span.style.display = 'inline-block'; span.textContent = text; document.body.appendChild(span); return span; };
        const pairs = texts.map(text => [text, probe('Hub Language Card', text), probe('Whole', text)]);
        await document.fonts.ready;
        await Promise.all([...document.fonts].map(font => font.load()));
        const loaded = [...document.fonts].filter(font => font.status === 'loaded').map(font => font.family.replace(/"/g, ''));
        return {loaded, widths: pairs.map(([text, subset, whole]) => [text, subset.getBoundingClientRect().width, whole.getBoundingClientRect().width])};
    }""", texts)
    loaded, widths = widths["loaded"], widths["widths"]
    assert loaded.count("Whole") == len(faces) and loaded.count("Hub Language Card") == len(faces)  # both sets really drew the text
    page.close()
    assert len(widths) == len(texts) > 20
    assert [text for text, subset, whole in widths if abs(subset - whole) > 0.01] == []
    assert any(re.search(r"[\u0600-\u06ff]", text) for text, _, _ in widths)
