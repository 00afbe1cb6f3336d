"""Content is data, never code: every front-matter value is escaped in every template
(Material's included), page bodies and lesson text cannot carry anything that runs, the
Content-Security-Policy would stop a script even if one got in, and the CSV exports cannot
carry a live formula."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import HUB_SCRIPTS_RAN, front_matter, valid
from waiting import nothing_happens_for

PAYLOAD = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def lesson(**changes):
    return {"id": "x-01", "theme": "safeguarding", "kind": "lesson", "title": "A lesson", "text": "Text.", **changes}


def plant_markup_in_every_field(project):
    project.page("index.md", valid("page", title=f"Home {PAYLOAD}"))
    project.page("about.md", valid("page", title=f"About {PAYLOAD}", summary=f"About {PAYLOAD}"))
    project.page("guides/aide.md", valid("guide", guide_type="aide-memoire", title=f"Aide {PAYLOAD}", summary=f"Sum {PAYLOAD}",
                                         owner=f"Owner {PAYLOAD}", booklet={"booklet": "first-contact", "order": 1},
                                         changes=[{"date": "2026-02-01", "note": f"Changed {PAYLOAD}"}], published="2026-01-02"),
                 "- [ ] Do the first thing\n")
    project.page("debriefs/op.md", valid("debrief", title=f"Op {PAYLOAD}", operation=f"Op {PAYLOAD}", lead_force=f"Force {PAYLOAD}",
                                         partners=[f"Partner {PAYLOAD}"], outcome=f"Outcome {PAYLOAD}",
                                         lessons=[lesson(title=f"Lesson {PAYLOAD}")]))
    project.page("training/course.md", valid("training", title=f"Course {PAYLOAD}", outcomes=[f"Outcome {PAYLOAD}"],
                                             prerequisites=[f"Pre {PAYLOAD}"], accreditation=f"Acc {PAYLOAD}"))


def test_markup_in_front_matter_is_printed_as_text_in_every_built_file(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    plant_markup_in_every_field(project)
    result = project.build(caplog)
    assert result.ok, result.errors
    for path in result.site.rglob("*"):
        if path.suffix in (".html", ".xml", ".webmanifest"):  # exports and the index carry text as data, by design
            text = path.read_text(encoding="utf-8")
            assert "<img src=x onerror" not in text, path
            assert "<script>alert(2)" not in text, path


@pytest.mark.slow
def test_no_script_from_front_matter_runs_on_any_page(project, caplog, monkeypatch, browser, serve):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    plant_markup_in_every_field(project)
    result = project.build(caplog)
    assert result.ok, result.errors
    base = serve(result.site)
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = ["", "about/", "guides/aide/", "debriefs/op/", "training/course/", "roles/frontline/", "guides/",
             "debriefs/", "training/", "lessons/", "whats-new/", "booklets/first-contact/", "offline/", "404.html"]
    for path in pages:
        tab.goto(base + path)
        tab.wait_for_load_state("load")
    tab.goto(base + "search/?q=aide")
    tab.wait_for_function("document.querySelectorAll('.hub-result').length > 0")
    tab.goto(base + "search/?q=lesson")
    tab.wait_for_function("document.querySelectorAll('.hub-result').length > 0")
    tab.goto(base + "lessons/?q=lesson")
    tab.wait_for_function("/\\d+ (of \\d+ )?lessons/.test(document.querySelector('[data-hub-register-status]').textContent)")  # drawn
    nothing_happens_for(tab, 300, "a dialog from a front-matter value the register and its filters show")
    assert dialogs == []
    tab.goto(base + "guides/aide/")
    assert PAYLOAD in tab.locator("h1").inner_text()  # shown to the reader as the text it is
    assert "Aide" in tab.title() and "<img" in tab.title()
    tab.close()


@pytest.mark.parametrize("text, construct", [
    ("Read this\n{: onerror=alert(1) }", "the attribute onerror= on <p> is an event handler"),
    ("Read [the file](javascript:alert(1)).", 'uses a javascript: address'),
    ("Read [the file](data:text/html;base64,PHNjcmlwdD4=).", "uses a data: address"),
    ("![tracker](https://tracker.example/pixel.png)", "would fetch from another site"),
])
def test_lesson_text_that_could_run_or_fetch_is_refused_naming_the_lesson(project, caplog, text, construct):
    project.page("debriefs/op.md", valid("debrief", lessons=[lesson(), lesson(id="x-02", text=text)]))
    result = project.build(caplog)
    assert not result.ok
    assert any(error.startswith("content/debriefs/op.md: lessons[1].text: ") and construct in error for error in result.errors), result.errors


@pytest.mark.parametrize("body, construct", [
    ("[Click](javascript:alert(1))", 'uses a javascript: address'),
    ("[Click](JaVaScRiPt:alert(1))", 'uses a javascript: address'),
    ('<a href="&#106;avascript:alert(1)">Click</a>', 'uses a javascript: address'),
    ('<img src="x.png" onerror="alert(1)">', "the attribute onerror= on <img> is an event handler"),
    ("Text\n{: onclick=alert(1) }", "the attribute onclick= on <p> is an event handler"),
    ("## Heading {: onmouseover=alert(1) }", "the attribute onmouseover= on <h2> is an event handler"),
    ("<script>alert(1)</script>", "a <script> element is not allowed"),
    ('<iframe src="https://example.org"></iframe>', "a <iframe> element is not allowed"),
    ('<svg><script>alert(1)</script></svg>', "a <svg> element is not allowed"),
    ('<form action="https://example.org"><input name="q"></form>', "a <form> element is not allowed"),
    ('<object data="x.swf"></object>', "a <object> element is not allowed"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org">', "a <meta> element is not allowed"),
    ('<p style="background:url(https://example.org/t.png)">x</p>', "styles in content may not use url()"),
    ("![x](https://example.org/pixel.png)", "would fetch from another site"),
    ("![x](//example.org/pixel.png)", "would fetch from another site"),
])
def test_a_body_that_could_run_or_fetch_is_refused_naming_the_file(project, caplog, body, construct):
    project.page("guides/one.md", valid("guide"), f"Text.\n\n{body}\n")
    result = project.build(caplog)
    assert not result.ok
    line = front_matter(valid("guide"), "").count("\n") + 3 + body.count("\n")  # the line the construct is written on
    assert any(re.match(rf"content/guides/one\.md:{line}: body: ", error) and construct in error for error in result.errors), result.errors


def test_ordinary_links_images_and_action_prompts_are_accepted(project, caplog):
    project.page("guides/one.md", valid("guide", guide_type="aide-memoire"),
                 "- [ ] Make safe\n\n[NRM](https://www.gov.uk/) [mail](mailto:a@b.org) [call](tel:101) [two](two.md#x)\n\n"
                 "![chart](chart.png)\n\n<details><summary>More</summary>Text</details>\n")
    project.page("guides/two.md", valid("guide"), "## X\n\nText.\n")
    project.write("guides/chart.png", "not really a png")
    result = project.build(caplog)
    assert result.ok, result.errors


@pytest.mark.slow
def test_an_injected_script_does_not_run_under_the_sites_policy(shipped_site, browser, serve, tmp_path):
    """Suppose a script got into a built page anyway: served with csp.txt as a header, or with
    no header at all, it does not run, and the hub's own scripts still do."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(shipped_site, site)
    page = site / "guides/initial-actions/index.html"
    html = page.read_text(encoding="utf-8")
    injected = ('<script>window.__injected = 1; alert("inline")</script>'
                '<img src="x" onerror="window.__injected = 2; alert(\'handler\')">')
    page.write_text(html.replace("</h1>", "</h1>" + injected, 1), encoding="utf-8")
    policy = (site / "csp.txt").read_text(encoding="utf-8").strip()
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "sha256-" not in policy and "'unsafe-hashes'" not in policy

    def visit(headers):
        base = serve(site, headers)
        tab = browser.new_page()
        dialogs = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(base + "guides/initial-actions/", wait_until="load")  # the picture's error comes before load
        tab.wait_for_function(HUB_SCRIPTS_RAN, timeout=10_000)
        state = tab.evaluate(f"[window.__injected || 0, typeof window.__md_get, {HUB_SCRIPTS_RAN}]")
        tab.close()
        return dialogs, state

    dialogs, (injected_ran, md_get, hub_scripts_ran) = visit({"Content-Security-Policy": policy})
    assert dialogs == [] and injected_ran == 0
    assert md_get == "function" and hub_scripts_ran  # Material's helpers and the hub's scripts loaded from files
    dialogs, (injected_ran, _, _) = visit({})
    assert dialogs == [] and injected_ran == 0  # the policy in the page's own <head> holds with no header too
    from msht_hub.outputs.csp import meta_tag

    page.write_text(page.read_text(encoding="utf-8").replace(meta_tag(), ""), encoding="utf-8")
    dialogs, (injected_ran, _, _) = visit({})
    assert dialogs and injected_ran  # without any policy the same page would have run it: the test can fail


def test_no_built_page_carries_an_inline_script(shipped_site):
    from msht_hub.outputs.csp import inline_scripts

    offenders = [path.relative_to(shipped_site).as_posix() for path in shipped_site.rglob("*.html")
                 if inline_scripts(path.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize("title", ["=HYPERLINK(\"https://example.org\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", " =1"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_json_keeps_the_text(project, caplog, monkeypatch, title):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    project.page("debriefs/op.md", valid("debrief", lessons=[lesson(title=title, text=title)], summary=title))
    result = project.build(caplog)
    assert result.ok, result.errors
    rows = list(csv.DictReader(io.StringIO((result.site / "exports/lessons.csv").read_text(encoding="utf-8"))))
    assert rows[0]["title"] == "'" + title.strip()  # front-matter text is read with outer spaces trimmed
    catalogue = list(csv.DictReader(io.StringIO((result.site / "exports/catalogue.csv").read_text(encoding="utf-8"))))
    assert next(row for row in catalogue if row["path"] == "debriefs/op.md")["summary"].startswith("'")
    data = json.loads((result.site / "exports/lessons.json").read_text(encoding="utf-8"))
    assert data["lessons"][0]["title"] == title.strip()


def test_ordinary_csv_cells_are_left_as_written():
    from msht_hub.generated.exports import neutralise

    assert neutralise("Victim safeguarding") == "Victim safeguarding"
    assert neutralise("Email a@b.org") == "Email a@b.org"
    assert neutralise("=1") == "'=1"


@pytest.mark.parametrize("name", ["guides/report.html", "guides/tool.js", "guides/data.xml", "guides/page.XHTML"])
def test_a_file_a_browser_would_run_is_refused_even_when_linked(project, caplog, name):
    project.page("guides/one.md", valid("guide"), f"[open]({name.split('/')[-1]})\n")
    project.write(name, "<html><script>alert(1)</script></html>")
    result = project.build(caplog)
    assert not result.ok
    assert any(error.startswith(f"content/{name}: file: is a ") and "which a browser would run as code" in error
               for error in result.errors), result.errors


def test_an_svg_picture_with_a_script_is_refused_and_a_plain_one_is_published(project, caplog):
    plain = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>.a{fill:#283593}</style><rect class="a" width="10" height="10"/></svg>'
    project.page("guides/one.md", valid("guide"), "![chart](chart.svg)\n")
    project.write("guides/chart.svg", plain)
    result = project.build(caplog)
    assert result.ok, result.errors
    assert (result.site / "guides/chart.svg").read_text() == plain
    project.write("guides/chart.svg", plain.replace("<rect", '<rect onclick="alert(1)"').replace("</svg>", "<script>alert(2)</script></svg>"))
    result = project.build(caplog)
    assert not result.ok
    assert "content/guides/chart.svg: file: the attribute onclick= on <rect> is an event handler (it runs code); remove it" in result.errors
    assert any(error.startswith("content/guides/chart.svg: file: a <script> element is not allowed") for error in result.errors)
