"""Attacks by an outside author who never read the policy's tests: small libraries of their
own (content/, includes/, layers/), built for real and, where markup survives, opened in
headless Chromium with the in-page policy taken out (hover, focus, tap).

Before the fixes 26 of 157 tests failed (24 of the first set of 148, then .xsd served as
XML and .rss from the disk in Chromium); after, all pass. "refused" = the build stops with
one line naming the file (and field); "inert" = built, nothing runs or loads elsewhere.

| class | attack | expected | before | now |
|---|---|---|---|---|
| body | 36 constructs: `--!>` comment, entity/newline/`&colon;` schemes, vbscript, `{: onclick}`, srcset/poster/track/source/picture, custom property and `var()` fallback url, CSS escapes, `src()`, cursor/content url, `/\\host`, `&#9;//host`, `http:host`, link prefetch, meta refresh, base, data:/blob:, object, `//` image, input image, MathML mutation, noscript breakout, formaction, ping, ontoggle, area, inline svg use, iframe srcdoc | refused | refused | refused |
| fields | hostile title/summary/owner/change note, glossary expansion, card statements/names/answers, in Chromium | inert | inert | inert |
| layers | hostile name/notice/contact/number/glossary, in Chromium | inert | inert | inert |
| includes | script in an include; `/etc/hostname`, `../mkdocs.yml`, `note.md/../..`, a page, a symlinked folder, a URL; nested block include; glossary including a page | refused | refused | refused |
| SVG | 12: redeclared namespace, `set`, `@import`, `@font-face`, escaped url, fill url, gradient href, feImage, xml-stylesheet, foreignObject, textPath, entity | refused | refused | refused |
| attachments | .SVG .svgz .xml .xhtml .html .htm .xht .js .mjs .shtml | refused | refused | refused |
| attachments | .mht .rss .atom .rdf .mml .kml .xsd, no ending (Chromium runs .rss from the disk, .xsd as XML) | refused | **published, ran** | refused (allow-list of kinds) |
| hub's files | content/assets/hub/hub.js, sw.js, csp.txt, edition.json, exports, hub.css, search index | not replaced | held | held |
| outside | symlink in a layer, layer.yml linked out, booklet PDF picture via `../..`, `..`/`\\`/`C:` paths, hides/overrides paths | refused | refused | refused |
| outside | redirect_from `guides/aux.md` (folder Windows cannot create) | refused | **built** | refused |
| left out | links by the hub's own https address, and in upper case | refused | **built, address written** | refused |
| left out | `%65`, `&#101;`, dot segments, `//`, query, reference, image, srcset; lesson link | refused | refused | refused |
| left out | superseded_by an OFFICIAL-SENSITIVE page | refused | **built** | refused |
| left out | layer hides / replaces an OFFICIAL-SENSITIVE page: divergence report | not named | **title published** | not named |
| left out | layer replaces a draft or withdrawn page | no national copy | none | none |
| odd input | U+FFFE in a title; `!!binary` (base64 hides words from a reviewer) | refused | **built** | refused |
| odd input | surrogate, Feb 30, duplicate key, python tag, unhashable key, set, year 0001/9999, huge period, Latin-1, BOM, CRLF, long name, 2 MB line, regex glossary keys, template syntax, lesson markup | refused or sound | held | held |
| names | com¹ lpt³ CONIN$ CONOUT$ | refused | **accepted** | refused |
| names | zero-width, RLO, NEL in file names; layer aliases, duplicates, long numbers, VT, nesting, Latin-1 | refused | refused | refused |
| layers | RLO in the force's name, zero-width in a glossary key | refused | **accepted** | refused |
| editor | hostile Markdown in `hub cms`'s preview (Decap 3.16 strips handlers) | inert | inert | inert |
"""
from __future__ import annotations

import functools
import http.server
import logging
import os
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from playwright.sync_api import Error as PlaywrightError

from conftest import PUBLIC_URL, copy_config, front_matter, output_text, valid
from waiting import nothing_happens_for, until_in_page

SECRET = "Zebracanary"  # a word only hidden pages and files outside content/ hold


class Library:
    """A content library of an outside author's own: the project's mkdocs.yml, hooks and theme
    over content/, includes/ and layers/ in a fresh folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        copy_config(root)
        self.page("index.md", valid("page"))

    @property
    def site(self) -> Path:
        return self.root / "site"

    def file(self, path: str, text: str | bytes) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def page(self, path: str, meta: dict[str, Any], body: str = "Sample body.\n") -> Path:
        return self.file("content/" + path, front_matter(meta, body))

    def build(self, caplog: pytest.LogCaptureFixture, strict: bool = True, layer: str | None = None,
              env: dict[str, str] | None = None, **settings: Any) -> Result:
        caplog.clear()
        saved = dict(os.environ)
        os.environ.update({"HUB_BOOKLET_PDFS": "false", **(env or {})})
        if layer:
            os.environ["HUB_LAYER"] = layer
        try:
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site), strict=strict,
                                 site_url=PUBLIC_URL, **settings)
            with caplog.at_level(logging.INFO):
                try:
                    build(config)
                    ok = True
                except Abort:
                    ok = False
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return Result(ok, self.site, [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR],
                      [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING])


class Result:
    def __init__(self, ok: bool, site: Path, errors: list[str], warnings: list[str]) -> None:
        self.ok, self.site, self.errors, self.warnings = ok, site, errors, warnings

    def refused(self, *words: str) -> bool:
        """The build stopped with one line holding every word (file, field, construct)."""
        return not self.ok and any(all(w in line for w in words) and "\n" not in line.strip()
                                   and "Traceback" not in line for line in self.errors)

    def text(self) -> str:
        return output_text(self.site) if self.site.exists() else ""


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    return Library(tmp_path / "lib")


def guide(**changes: Any) -> dict[str, Any]:
    return valid("guide", **changes)


# ---------------------------------------------------------------- the browser


def _strip_policy(site: Path, into: Path) -> Path:
    """A copy of the site with the in-page policy taken out, so what is judged is the markup."""
    shutil.copytree(site, into)
    for page in into.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="ignore")
        page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text), encoding="utf-8")
    return into


# What Apache's mime.types (the commonest server table) says for endings Python's leaves unknown.
SERVER_TYPES = {".xsd": "application/xml", ".rss": "application/rss+xml"}


def _serve(folder: Path) -> tuple[str, Any]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def guess_type(self, path: Any) -> str:
            return SERVER_TYPES.get(Path(str(path)).suffix) or super().guess_type(path)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server


def what_runs(browser: Any, folder: Path, path: str, from_disk: bool = False) -> list[str]:
    """Open a page served with no header (or from the disk, as the file-system edition is),
    hover, focus and click every element: each dialog, request to another origin and
    navigation away is reported."""
    base, server = (f"file://{folder}/", None) if from_disk else _serve(folder)
    seen: list[str] = []
    context = browser.new_context(service_workers="block")
    try:
        tab = context.new_page()
        tab.on("dialog", lambda d: (seen.append("dialog " + d.message), d.dismiss()))
        tab.on("request", lambda r: seen.append("request " + r.url)
               if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:", "file:")) else None)
        tab.goto(base + path, wait_until="load")
        nothing_happens_for(tab, 300, "a dialog, a request to another origin or a navigation the page starts by itself")
        for handle in tab.query_selector_all("body *")[:400]:
            try:
                if handle.is_visible():
                    handle.hover(timeout=200)
                handle.focus()
            except PlaywrightError:  # an element that cannot be hovered is not the point
                pass
        for handle in tab.query_selector_all("abbr, a[href^='javascript'], button, summary, [onclick]")[:100]:
            try:
                handle.click(timeout=200, no_wait_after=True)
            except PlaywrightError:  # an element that cannot be clicked is not the point
                pass
        nothing_happens_for(tab, 300, "a dialog, a request to another origin or a navigation a hover, focus or click started")
        if not tab.url.startswith(base):
            seen.append("navigated " + tab.url)
    finally:
        context.close()
        if server is not None:
            server.shutdown()
            server.server_close()
    return seen


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6300010000050001"
                    "0d0a2db40000000049454e44ae426082")

# ---------------------------------------------------------------- script and other origins in a page body

BODIES = {
    "comment closed by --!>": '<!-- a --!><img src="p.png" alt="" onerror="alert(1)"> -->',
    "newline inside javascript: (entity)": '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    "javascript&colon; named entity": '<a href="javascript&colon;alert(1)">x</a>',
    "vbscript and mixed case": '<a href="  VbScRiPt:msgbox(1)">x</a>',
    "attribute list handler": "## Heading {: onclick=\"alert(1)\" }",
    "srcset second candidate javascript:": '<img src="p.png" alt="" srcset="p.png 1x, javascript:alert(1) 2x">',
    "custom property holding url()": '<p style="--x: url(//evil.example/a)">x</p>',
    "var() fallback url()": '<p style="background-image: var(--nope, url(//evil.example/b))">x</p>',
    "CSS-escaped url": '<p style="background:\\75\\72\\6c(//evil.example/e)">x</p>',
    "src() CSS function": '<p style="background-image: src(\'//evil.example/s\')">x</p>',
    "cursor url": '<a href="x/" style="cursor:url(//evil.example/c),auto">x</a>',
    "content url": '<span style="content:url(//evil.example/c)">x</span>',
    "backslash host": '<img src="/\\evil.example/x.png" alt="">',
    "tab before //host (entity)": '<img src="&#9;//evil.example/x.png" alt="">',
    "http: without slashes": '<img src="http:evil.example/x.png" alt="">',
    "poster": '<video controls poster="https://evil.example/p.png"></video>',
    "audio source": '<audio controls><source src="//evil.example/a.mp3"></audio>',
    "track": '<video controls src="v.mp4"><track src="//evil.example/t.vtt"></video>',
    "picture source srcset": '<picture><source srcset="//evil.example/x.webp"><img src="p.png" alt=""></picture>',
    "link prefetch": '<link rel="prefetch" href="//evil.example/p">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=//evil.example/">',
    "base href": '<base href="//evil.example/">',
    "data: image": '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    "blob: image": '<img src="blob:http://127.0.0.1/x" alt="">',
    "object data": '<object data="//evil.example/o"></object>',
    "protocol-relative Markdown image": "![x](//evil.example/x.png)",
    "input type=image": '<input type="image" src="//evil.example/i.png" alt="">',
    "MathML mutation": '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    "noscript title breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "form button formaction": '<form><button formaction="javascript:alert(1)">x</button></form>',
    "ping": '<a href="https://evil.example/" ping="//evil.example/p">x</a>',
    "details ontoggle": '<details ontoggle="alert(1)" open><summary>s</summary>x</details>',
    "image map area": '<img src="p.png" alt="" usemap="#m"><map name="m"><area href="javascript:alert(1)" shape="default"></map>',
    "inline SVG use": '<svg><use href="//evil.example/s.svg#a"/></svg>',
    "iframe srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "semicolon entity after url": '<div style="background:url(//evil.example/a)&#x3b;">x</div>',
}


@pytest.mark.parametrize("construct", list(BODIES), ids=list(BODIES))
def test_a_page_body_that_would_run_or_reach_another_origin_is_refused(lib, caplog, construct):
    lib.file("content/guides/p.png", PNG)
    lib.page("guides/attack.md", guide(), f"Text.\n\n{BODIES[construct]}\n\nMore text.\n")
    result = lib.build(caplog, strict=False)
    assert result.refused("guides/attack.md", "body"), result.errors


# ---------------------------------------------------------------- script from fields, glossary, cards, layers (Chromium)

HOSTILE = '"><img src=x onerror=alert(1)><svg onload=alert(2)>\' onmouseover=\'alert(3)'


@pytest.mark.slow
def test_hostile_front_matter_glossary_and_card_text_stays_text_in_chromium(lib, caplog, browser, tmp_path):
    lib.file("includes/abbreviations.md", f"*[ZQX]: {HOSTILE}\n*[C++]: a language\n")
    lib.page("guides/attack.md", guide(title=f"T {HOSTILE}", summary=f"S {HOSTILE}", owner=f"O {HOSTILE}",
                                       tags=["a-b"], changes=[{"date": "2026-01-01", "note": f"N {HOSTILE}"}]),
             "ZQX and C++ are used here.\n")
    card = guide(guide_type="language-card", title="Card", statements=[f"Hello {HOSTILE}"],
                 answers={"say_yes": f"Y {HOSTILE}", "say_no": "No", "say_dont_know": "?"},
                 languages=[{"tag": "fr", "name": f"Français {HOSTILE}", "english_name": f"French {HOSTILE}",
                             "direction": "ltr", "translator": f"T {HOSTILE}", "reviewer": f"R {HOSTILE}",
                             "reviewed": "2026-01-01", "statements": [f"Bonjour {HOSTILE}"],
                             "answers": {"say_yes": f"Oui {HOSTILE}", "say_no": "Non", "say_dont_know": "?"}}])
    lib.page("guides/card.md", card)
    result = lib.build(caplog, strict=False)
    if not result.ok:  # refusing is as good as escaping, if it names the field
        assert any("card.md" in e or "attack.md" in e or "abbreviations" in e for e in result.errors), result.errors
        return
    plain = _strip_policy(lib.site, tmp_path / "plain")
    for path in ("guides/attack/", "guides/card/", "guides/", "languages/", "whats-new/", "lessons/"):
        assert what_runs(browser, plain, path) == [], path


@pytest.mark.slow
def test_a_forces_layer_values_stay_text_in_chromium(lib, caplog, browser, tmp_path):
    lib.file("layers/evil/layer.yml", "\n".join([
        "name: " + _yaml(f"Force {HOSTILE}"),
        "notice: " + _yaml(f"N {HOSTILE}"),
        "contacts:",
        "  - name: " + _yaml(f"C {HOSTILE}"),
        "    number: " + _yaml("javascript:alert(1)"),
        "glossary:",
        "  WSH: " + _yaml(f"W {HOSTILE}"),
    ]) + "\n")
    lib.page("guides/attack.md", guide(), "WSH is here.\n")
    result = lib.build(caplog, strict=False, layer="evil")
    if not result.ok:
        assert any("layer.yml" in e for e in result.errors), result.errors
        return
    plain = _strip_policy(lib.site, tmp_path / "plain")
    for path in ("", "guides/attack/", "booklets/first-contact/"):
        if (plain / path / "index.html").exists() or path == "":
            assert what_runs(browser, plain, path) == [], path


def _yaml(text: str) -> str:
    import json

    return json.dumps(text)


# ---------------------------------------------------------------- includes

def test_an_included_file_is_judged_as_body(lib, caplog):
    lib.file("includes/note.md", "<p>ok</p>\n<img src=\"x\" alt=\"\" onerror=\"alert(1)\">\n")
    lib.page("guides/attack.md", guide(), '--8<-- "note.md"\n')
    assert lib.build(caplog, strict=False).refused("guides/attack.md", "body")


@pytest.mark.parametrize("path", ["/etc/hostname", "../mkdocs.yml", "note.md/../../mkdocs.yml",
                                  "../content/debriefs/secret.md", "sub/secret.md", "https://evil.example/x.md"])
def test_an_include_cannot_reach_outside_includes(lib, caplog, path):
    lib.page("debriefs/secret.md", valid("debrief", classification="OFFICIAL-SENSITIVE", title=SECRET))
    lib.file("includes/note.md", "fine\n")
    (lib.root / "includes" / "sub").symlink_to(lib.root / "content" / "debriefs", target_is_directory=True)
    lib.page("guides/attack.md", guide(), f'--8<-- "{path}"\n')
    result = lib.build(caplog, strict=False)
    assert not result.ok and SECRET not in result.text() and "root:" not in "".join(result.errors), result.errors


def test_a_nested_include_in_block_form_cannot_reach_a_page(lib, caplog):
    lib.page("debriefs/secret.md", valid("debrief", classification="OFFICIAL-SENSITIVE", title=SECRET))
    lib.file("includes/outer.md", "--8<--\n../content/debriefs/secret.md\n--8<--\n")
    lib.page("guides/attack.md", guide(), '--8<-- "outer.md"\n')
    result = lib.build(caplog, strict=False)
    assert not result.ok and SECRET not in result.text()


# ---------------------------------------------------------------- files beside pages

SVGS = {
    "default namespace redeclared on a child": '<svg xmlns="http://www.w3.org/2000/svg"><g><s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script></g></svg>',
    "set onmouseover": '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"><set attributeName="onmouseover" to="alert(1)"/></rect></svg>',
    "style @import": '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(//evil.example/x.css);</style></svg>',
    "style @font-face": '<svg xmlns="http://www.w3.org/2000/svg"><style>@font-face{font-family:a;src:url(//evil.example/f)}</style></svg>',
    "escaped url in style": '<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:u\\72l(//evil.example/x#a)}</style><rect width="9" height="9"/></svg>',
    "presentation attribute url to another origin": '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9" fill="url(https://evil.example/x.svg#g)"/></svg>',
    "gradient href to another origin": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><linearGradient id="g" x:href="//evil.example/g.svg#h"/></svg>',
    "feImage": '<svg xmlns="http://www.w3.org/2000/svg"><filter id="f"><feImage href="//evil.example/i.png"/></filter></svg>',
    "xml-stylesheet": '<?xml-stylesheet href="//evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    "xhtml script in svg": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></foreignObject></svg>',
    "textPath href": '<svg xmlns="http://www.w3.org/2000/svg"><text><textPath href="//evil.example/p.svg#p">x</textPath></text></svg>',
    "entity declaration": '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
}


@pytest.mark.parametrize("name", list(SVGS), ids=list(SVGS))
def test_a_hostile_svg_beside_a_page_is_refused(lib, caplog, name):
    lib.file("content/guides/pic.svg", SVGS[name])
    lib.page("guides/attack.md", guide(), "![a picture](pic.svg)\n\n[open it](pic.svg)\n")
    result = lib.build(caplog, strict=False)
    assert result.refused("pic.svg"), result.errors


DOC = ('<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script>'
       '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(2)"/></body></html>')


@pytest.mark.parametrize("ending", ["SVG", "svgz", "xml", "xhtml", "html", "htm", "xht", "js", "mjs", "shtml", "mht",
                                    "rss", "atom", "rdf", "mml", "kml", "xsd", ""])
def test_a_file_a_browser_would_run_is_not_published_beside_a_page(lib, caplog, ending):
    """An editor is trusted to write guidance, not code: a page, picture or script file that a
    browser runs when opened (HTML, XHTML, any XML type, an SVG by another name, JavaScript, a
    file with no ending that a browser sniffs) is not an attachment."""
    name = f"doc.{ending}" if ending else "doc"
    lib.file(f"content/guides/{name}", DOC)
    lib.page("guides/attack.md", guide(), f"[the form]({name})\n" if ending else "[the form](../doc)\n")
    result = lib.build(caplog, strict=False)
    published = [p for p in result.site.rglob("doc.*")] if result.site.exists() else []
    assert not result.ok and published == [], (result.errors, published)


def test_a_file_beside_pages_cannot_take_the_place_of_the_hubs_own_script(lib, caplog):
    lib.file("content/assets/hub/hub.js", "alert(1)\n")
    lib.file("content/sw.js", "alert(2)\n")
    lib.page("guides/attack.md", guide(), "[a](../../assets/hub/hub.js) [b](../../sw.js)\n")
    result = lib.build(caplog, strict=False)
    written = [p for p in ("assets/hub/hub.js", "sw.js")
               if result.site.exists() and (result.site / p).exists() and "alert(" in (result.site / p).read_text()]
    assert not result.ok and written == [], (result.errors, written)


@pytest.mark.slow
@pytest.mark.parametrize("name,from_disk", [("doc.html", False), ("feed.rss", True), ("schema.xsd", False)])
def test_a_file_beside_a_page_runs_nothing_when_opened(lib, caplog, browser, name, from_disk):
    """Served as a web server serves it (by its ending), with no header, or opened from the
    disk as the file-system edition is: no file an editor put beside a page runs a script
    when a reader opens it (Chromium runs the XHTML script of an .rss file from the disk, and
    of an .xsd served as application/xml)."""
    lib.file(f"content/guides/{name}", DOC)
    lib.page("guides/attack.md", guide(), f"[doc]({name})\n")
    result = lib.build(caplog, strict=False)
    assert not result.ok or what_runs(browser, result.site, f"guides/{name}", from_disk) == []


# ---------------------------------------------------------------- files outside content/

def test_a_symbolic_link_in_a_layer_cannot_publish_a_file_of_the_machine(lib, caplog, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET)
    lib.file("layers/evil/layer.yml", "name: Evil Force\n")
    lib.page("guides/national.md", guide())
    (lib.root / "layers/evil/guides").mkdir(parents=True)
    (lib.root / "layers/evil/guides/notes.txt").symlink_to(outside)
    lib.file("layers/evil/guides/local.md", front_matter(guide(title="Local"), "[notes](notes.txt)\n"))
    result = lib.build(caplog, strict=False, layer="evil")
    assert not result.ok and SECRET not in result.text(), result.errors


def test_a_layer_file_that_is_a_link_out_is_not_read(lib, caplog, tmp_path):
    outside = tmp_path / "key.txt"
    outside.write_text(f"name: [{SECRET}\n")
    (lib.root / "layers/evil").mkdir(parents=True)
    (lib.root / "layers/evil/layer.yml").symlink_to(outside)
    result = lib.build(caplog, strict=False, layer="evil")
    assert result.refused("layer.yml") and SECRET not in " ".join(result.errors), result.errors


@pytest.mark.parametrize("field,value", [
    ("superseded_by", "../../etc/passwd"),
    ("superseded_by", "guides\\..\\..\\x.md"),
    ("redirect_from", ["guides\\..\\..\\evil.md"]),
    ("redirect_from", ["C:/evil.md"]),
    ("redirect_from", ["guides/aux.md"]),
    ("redirect_from", ["guides/com\u00b9.md"]),
    ("redirect_from", ["guides/old\u202e.md"]),
])
def test_a_path_in_front_matter_cannot_leave_content_or_make_a_name_windows_refuses(lib, caplog, field, value):
    meta = guide(**{field: value})
    if field == "superseded_by":
        meta["status"] = "superseded"
    lib.page("guides/attack.md", meta)
    result = lib.build(caplog, strict=False)
    assert result.refused("guides/attack.md", field), result.errors


@pytest.mark.parametrize("entry", [
    "hides:\n  - page: ../content/guides/national.md\n    reason: r\n",
    "hides:\n  - page: /etc/passwd\n    reason: r\n",
    "hides:\n  - page: guides\\national.md\n    reason: r\n",
])
def test_a_layer_path_cannot_leave_content(lib, caplog, entry):
    lib.page("guides/national.md", guide())
    lib.file("layers/evil/layer.yml", "name: Evil Force\n" + entry)
    result = lib.build(caplog, strict=False, layer="evil")
    assert result.refused("layer.yml", "hides"), result.errors


def test_an_override_path_cannot_leave_content(lib, caplog):
    lib.page("guides/national.md", guide())
    lib.file("layers/evil/layer.yml", "name: Evil Force\n")
    lib.file("layers/evil/guides/national.md", front_matter(guide(
        overrides={"page": "../../content/guides/national.md", "reason": "r", "review_due": "2027-01-01"})))
    result = lib.build(caplog, strict=False, layer="evil")
    assert result.refused("national.md", "overrides"), result.errors


@pytest.mark.slow
def test_a_booklet_pdf_embeds_no_picture_from_outside_content(lib, caplog):
    """WeasyPrint reads pictures from the disk: one outside content/ must not reach the PDF."""
    from PIL import Image

    Image.new("RGB", (37, 41), (200, 10, 10)).save(lib.root / "secret.png")
    lib.page("guides/first.md", guide(guide_type="aide-memoire", booklet={"booklet": "first-contact", "order": 1}),
             "- [ ] Do this\n\n![x](../../secret.png)\n\n![y](../../../secret.png)\n\n![z](../../../../secret.png)\n")
    result = lib.build(caplog, strict=False, env={"HUB_BOOKLET_PDFS": "true"})
    pdfs = list(result.site.rglob("*.pdf")) if result.site.exists() else []
    assert pdfs, (result.ok, result.errors)  # the booklet was printed: there is a PDF to look in
    assert all(b"/Width 37" not in pdf.read_bytes() for pdf in pdfs), pdfs


# ---------------------------------------------------------------- a left-out page reaching an output

HIDDEN_LINKS = {
    "the site's own absolute address": f"[x]({PUBLIC_URL}debriefs/secret/)",
    "percent-encoded letter": '<a href="../../debriefs/s%65cret/">x</a>',
    "entity-encoded letter": '<a href="../../debriefs/s&#101;cret/">x</a>',
    "upper case": '<a href="../../debriefs/SECRET/">x</a>',
    "dot segment": '<a href="../.././debriefs/./secret/index.html">x</a>',
    "double slash": '<a href="../..//debriefs/secret/">x</a>',
    "with a query": "[x](../../debriefs/secret/?q=1)",
    "reference definition only": "[x][r]\n\n[r]: ../../debriefs/secret.md",
    "image of the page": "![x](../../debriefs/secret/)",
    "srcset": '<img src="p.png" alt="" srcset="../../debriefs/secret/ 2x">',
}


@pytest.mark.parametrize("form", list(HIDDEN_LINKS), ids=list(HIDDEN_LINKS))
def test_a_link_to_a_left_out_page_stops_every_build_and_is_never_written(lib, caplog, form):
    lib.file("content/guides/p.png", PNG)
    lib.page("debriefs/secret.md", valid("debrief", classification="OFFICIAL-SENSITIVE"))
    lib.page("guides/attack.md", guide(), HIDDEN_LINKS[form] + "\n")
    result = lib.build(caplog, strict=False)
    assert result.refused("guides/attack.md", "debriefs/secret") and "secret" not in result.text(), result.errors


def test_a_link_in_lesson_text_to_a_left_out_page_is_refused(lib, caplog):
    lib.page("debriefs/secret.md", valid("debrief", classification="OFFICIAL-SENSITIVE"))
    lessons = [dict(valid("debrief")["lessons"][0], text="See [x](../secret/).")]
    lib.page("debriefs/attack.md", valid("debrief", lessons=lessons))
    result = lib.build(caplog, strict=False)
    assert result.refused("debriefs/attack.md", "secret"), result.errors


def test_superseded_by_a_left_out_page_is_refused(lib, caplog):
    lib.page("guides/secret.md", guide(classification="OFFICIAL-SENSITIVE"))
    lib.page("guides/attack.md", guide(status="superseded", superseded_by="guides/secret.md"))
    result = lib.build(caplog, strict=False)
    assert result.refused("guides/attack.md", "superseded_by"), result.errors


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
def test_a_layer_replacing_a_left_out_national_page_publishes_no_national_copy(lib, caplog, status):
    lib.page("guides/national.md", guide(title=SECRET, status=status))
    lib.file("layers/evil/layer.yml", "name: Evil Force\n")
    lib.file("layers/evil/guides/national.md", front_matter(guide(
        title="Local", overrides={"page": "guides/national.md", "reason": "r", "review_due": "2027-01-01"})))
    result = lib.build(caplog, strict=False, layer="evil")
    assert SECRET not in result.text(), result.errors


@pytest.mark.parametrize("how", ["hides", "overrides"])
def test_the_divergence_report_names_no_page_above_the_classification(lib, caplog, how):
    lib.page("guides/secret-annex.md", guide(title=SECRET, classification="OFFICIAL-SENSITIVE"))
    if how == "hides":
        lib.file("layers/evil/layer.yml", "name: Evil Force\nhides:\n  - page: guides/secret-annex.md\n    reason: r\n")
    else:
        lib.file("layers/evil/layer.yml", "name: Evil Force\n")
        lib.file("layers/evil/guides/secret-annex.md", front_matter(guide(
            title="Local", classification="OFFICIAL-SENSITIVE",
            overrides={"page": "guides/secret-annex.md", "reason": "r", "review_due": "2027-01-01"})))
    result = lib.build(caplog, strict=False, env={"HUB_DIVERGENCE_REPORT": "1"})
    assert SECRET not in result.text() and "secret-annex" not in result.text(), result.errors


# ---------------------------------------------------------------- odd input

RAW_FRONT = {
    "lone surrogate": 'title: "\\uD800"',
    "noncharacter U+FFFE": 'title: "A \\uFFFE title"',
    "impossible date": "last_reviewed: 2026-02-30",
    "duplicate key": "classification: OFFICIAL-SENSITIVE\nowner: X\nclassification: OFFICIAL",
    "binary tag": "owner: !!binary aGVsbG8=",
    "python tag": "owner: !!python/object/apply:os.system [echo hi]",
    "unhashable key": "? [a, b]\n: c",
    "set value": "owner: !!set {a, b}",
    "huge year in period": "",
    "date far in the past": "published: 0001-01-01",
    "change dated 9999": "changes:\n  - date: 9999-12-31\n    note: Far ahead",
}


def _raw(extra: str, **changes: Any) -> str:
    import yaml

    meta = guide(**changes)
    lines = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    keys = {line.split(":")[0] for line in extra.splitlines() if ":" in line and not line.startswith(" ")}
    kept = "\n".join(line for line in lines.splitlines()
                     if not (line.split(":")[0] in keys and not line.startswith((" ", "-"))))
    return "---\n" + kept + "\n" + extra + "\n---\nBody.\n"


@pytest.mark.parametrize("case", [c for c in RAW_FRONT if RAW_FRONT[c]], ids=[c for c in RAW_FRONT if RAW_FRONT[c]])
def test_odd_front_matter_gives_one_line_or_a_sound_site(lib, caplog, case):
    lib.file("content/guides/attack.md", _raw(RAW_FRONT[case]))
    result = lib.build(caplog, strict=False)
    if case in ("duplicate key", "lone surrogate", "noncharacter U+FFFE", "binary tag", "python tag",
                "unhashable key", "set value", "impossible date"):
        assert result.refused("guides/attack.md"), result.errors
    else:
        assert result.ok, result.errors
        _feeds_parse(result.site)


def _feeds_parse(site: Path) -> None:
    from xml.etree import ElementTree

    for xml in list(site.rglob("*.xml")) + list(site.rglob("*.atom")):
        ElementTree.parse(xml)


def test_a_noncharacter_in_a_title_leaves_every_feed_well_formed(lib, caplog):
    lib.file("content/guides/attack.md", _raw('title: "A \\uFFFF title"'))
    result = lib.build(caplog, strict=False)
    if result.ok:
        _feeds_parse(result.site)
    else:
        assert result.refused("guides/attack.md", "title")


def test_a_debrief_period_of_huge_years_is_a_field_error(lib, caplog):
    lib.page("debriefs/attack.md", valid("debrief", period={"start": 2019, "end": 999999999999}))
    result = lib.build(caplog, strict=False)
    assert result.refused("debriefs/attack.md", "period"), result.errors


@pytest.mark.parametrize("data", [
    b"---\ntitle: Caf\xe9\n---\nBody\n",
    b"\xef\xbb\xbf---\ntitle: A\n---\nBody\n",
    b"---\r\ntitle: Home\r\n---\r\nBody\r\n",
])
def test_encoding_bom_and_line_endings_give_one_line_or_a_page(lib, caplog, data):
    lib.file("content/other.md", data)
    result = lib.build(caplog, strict=False)
    assert result.ok or result.refused("other.md"), result.errors


@pytest.mark.parametrize("name", ["com\u00b9.md", "lpt\u00b3.png", "CONIN$.md", "conout$.txt", "a\u200b.md", "b\u202e.png",
                                  "x\u0085.md"])
def test_a_name_windows_cannot_create_or_that_hides_text_is_refused(lib, caplog, name):
    lib.file(f"content/guides/{name}", front_matter(guide()) if name.endswith(".md") else PNG)
    lib.page("guides/attack.md", guide(), "Text.\n")
    result = lib.build(caplog, strict=False)
    assert result.refused(name), result.errors


def test_a_file_name_too_long_for_the_file_system_edition_is_refused_up_front(lib, caplog):
    name = "a" * 252 + ".md"
    lib.page(f"guides/{name}", guide())
    result = lib.build(caplog, strict=False, use_directory_urls=False)
    assert result.refused(name[:40]) and "Traceback" not in " ".join(result.errors), result.errors


@pytest.mark.parametrize("key", ["(", "C++", "a|b", "\\", "*", "[x]"])
def test_a_glossary_abbreviation_of_any_characters_is_text(lib, caplog, key):
    lib.file("includes/abbreviations.md", f"*[{key}]: an expansion\n")
    lib.page("guides/attack.md", guide(), f"Some {key} text.\n")
    result = lib.build(caplog, strict=False)
    assert result.ok or result.refused("abbreviations.md"), result.errors


@pytest.mark.parametrize("yml", [
    "name: A\nname: B\n",
    "name: &a [*a]\n",
    "name: Evil\ncontacts:\n  - name: X\n    number: 1234567890123456789\n",
    "name: \"Evil\\u202e Force\"\n",
    "name: \"Evil\\x0b Force\"\n",
    "name: Evil\nglossary:\n  \"W\\u200bSH\": x\n",
    "name: Evil\nnotice: " + "[" * 60 + "]" * 60 + "\n",
])
def test_odd_layer_settings_give_one_line(lib, caplog, yml):
    lib.file("layers/evil/layer.yml", yml)
    result = lib.build(caplog, strict=False, layer="evil")
    assert result.refused("layer.yml"), result.errors


def test_a_layer_file_not_in_utf8_gives_one_line(lib, caplog):
    lib.file("layers/evil/layer.yml", b"name: Caf\xe9 Force\n")
    result = lib.build(caplog, strict=False, layer="evil")
    assert result.refused("layer.yml"), result.errors


def test_a_very_long_line_builds_in_proportion(lib, caplog):
    import time

    lib.page("guides/attack.md", guide(), "word " * 400_000 + "\n")
    started = time.monotonic()
    result = lib.build(caplog, strict=False)
    assert result.ok and time.monotonic() - started < 60, result.errors


# ---------------------------------------------------------------- the editor in the browser

@pytest.mark.slow
def test_markup_in_a_page_does_not_run_in_the_editors_preview(tmp_path, browser):
    """`hub cms` shows a page's Markdown as HTML beside the form, in the origin where the Git
    proxy writes to the repository without a password: a page from another editor's branch
    must not run there."""
    from test_cms import git, needs_the_editors_tools

    from msht_hub.commands.cms import running_editor
    from msht_hub.commands.project import load_project

    needs_the_editors_tools()
    root = tmp_path / "hub"
    copy_config(root)
    (root / "content" / "guides").mkdir(parents=True)
    (root / "content" / "index.md").write_text("---\ntitle: Home\n---\n\nHello.\n", encoding="utf-8")
    (root / "content" / "guides" / "hostile.md").write_text(
        front_matter(guide(title="Hostile"), 'Text.\n\n<img src="x" onerror="alert(1)">\n\n'
                                             '<details open ontoggle="alert(2)"><summary>s</summary>x</details>\n'),
        encoding="utf-8")
    (root / ".gitignore").write_text("hooks\noverrides\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "library")
    project = load_project(root / "mkdocs.yml")
    dialogs: list[str] = []
    with running_editor(root, project.docs_dir, project.settings, tmp_path / "served") as served:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            tab = context.new_page()
            tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            tab.goto(served.url)
            tab.get_by_role("button", name="Login").click()
            tab.goto(served.url + "#/collections/guides/entries/hostile")
            until_in_page(tab, lambda: any("Text." in _text_of(frame) for frame in tab.frames), "the editor's preview to show the page")
            nothing_happens_for(tab, 300, "a dialog from the page's picture failing to load or its details opening")
        finally:
            context.close()
    assert dialogs == []


def _text_of(frame: Any) -> str:
    """A frame's markup, or nothing while it is being replaced (the editor redraws its preview)."""
    try:
        return str(frame.content())
    except PlaywrightError:
        return ""


# ---------------------------------------------------------------- more: the hub's own files, templates, the glossary

@pytest.mark.parametrize("path,text", [
    ("csp.txt", "default-src *; script-src * 'unsafe-inline'"),
    ("edition.json", '{"edition": "forged"}'),
    ("exports/lessons.csv", '"id","title"\n"x","=HYPERLINK(""https://evil.example/"")"\n'),
    ("assets/hub/hub.css", "body{background:url(https://evil.example/p)}"),
    ("search/index.json", "{}"),
])
def test_a_file_beside_pages_cannot_stand_in_for_one_the_hub_writes(lib, caplog, path, text):
    lib.file(f"content/{path}", text)
    depth = "../" * (path.count("/") + 0)
    lib.page("guides/attack.md", guide(), f"[x](../{depth}{path})\n")
    result = lib.build(caplog, strict=False)
    written = result.site / path
    assert not result.ok or not written.exists() or written.read_text(errors="replace") != text, result.errors


def test_template_syntax_in_front_matter_is_text(lib, caplog):
    lib.page("guides/attack.md", guide(title="Sum {{ 6 * 7 }} {% if true %}yes{% endif %}", summary="{{ config.site_name }}"))
    result = lib.build(caplog, strict=False)
    page = (result.site / "guides/attack/index.html").read_text()
    assert result.ok and "{{ 6 * 7 }}" in page and "Sum 42" not in page, result.errors


def test_the_glossary_cannot_include_a_page(lib, caplog):
    lib.page("debriefs/secret.md", valid("debrief", classification="OFFICIAL-SENSITIVE", title=SECRET))
    lib.file("includes/abbreviations.md", '*[ABC]: a thing\n\n--8<-- "../content/debriefs/secret.md"\n')
    lib.page("guides/attack.md", guide(), "ABC.\n")
    result = lib.build(caplog, strict=False)
    assert not result.ok and SECRET not in result.text(), result.errors


def test_markup_in_lesson_text_is_refused_or_shown_as_text(lib, caplog):
    lessons = [dict(valid("debrief")["lessons"][0], text='Text <img src="x" alt="" onerror="alert(1)">')]
    lib.page("debriefs/attack.md", valid("debrief", lessons=lessons))
    result = lib.build(caplog, strict=False)
    shown = [(result.site / path / "index.html").read_text() for path in ("debriefs/attack", "lessons")] if result.ok else []
    assert result.refused("debriefs/attack.md", "lessons[0].text") or (shown and all("<img" not in page.split("<main")[-1].split("</main>")[0] or 'onerror="' not in page for page in shown))
