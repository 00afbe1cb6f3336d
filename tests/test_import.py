"""`hub import`: Word documents and PDFs, written here at test time, become typed draft pages:
their structure as Markdown, their front-matter drafted with provenance, every field the
document cannot say left for the editor (and exactly those reported by `hub check`), a
report beside each page, and one line for a file that cannot be read."""
from __future__ import annotations

import hashlib
import re
import subprocess
import zipfile
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from documents import WordDocument, pdf
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import copy_config
from msht_hub.commands.cli import main
from msht_hub.commands.importing.blocks import Heading, Paragraph, escape_inline
from msht_hub.commands.importing.markdown import body
from msht_hub.reading.reader import read_page

HUB_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
                  "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist"]


def hub_import(project, *args):
    config = copy_config(project.root) if not (project.root / "mkdocs.yml").exists() else project.root / "mkdocs.yml"
    return main(["--config", str(config), "import", *map(str, args)])


def guide_docx(folder: Path) -> Path:
    return (WordDocument("Labour exploitation: first steps")
            .para("This guide is for officers who meet a possible victim of labour exploitation.")
            .heading("Indicators", 1)
            .para("Look for", bold="bold words", italic="and italic ones.")
            .item("Workers live on site")
            .item("Several share one room", level=1)
            .item("Nobody holds their own passport", level=1)
            .item("Wages go to one account")
            .item("Speak to the worker alone", numbered=True)
            .item("Record what you see", numbered=True)
            .para("Call 999 if anyone is in immediate danger.", style="Action box")
            .para("Make a referral to the NRM.", style="Action box")
            .para("Do not alert the suspected exploiter.", style="Warning")
            .para("Text in a house style nobody mapped.", style="House Special")
            .heading("What to do", 1)
            .table([["Sign", "Action"], ["No ID", "Ask who holds it"], ["Bruises", "Call for medical help"]])
            .table([["Merged heading", "x"], ["a", "b"]], merge_first_row=True)
            .footnote("The offence is defined in law.", "Modern Slavery Act 2015, section 1.")
            .link("See ", "the Act", "https://www.legislation.gov.uk/ukpga/2015/30")
            .image("red", "A red warning sign")
            .image("blue", None)
            .save(folder / "Labour guide v3.docx"))


def debrief_docx(folder: Path) -> Path:
    return (WordDocument("Operation Harbour debrief")
            .para("A fictional debrief of an investigation into labour exploitation at a car wash.")
            .heading("Background", 1)
            .para("Partners inspected the site twice.")
            .heading("Lessons learned", 1)
            .item("Engage the local authority early. It holds licensing records.")
            .item("Plan interpreters before the day of action.")
            .heading("Good practice", 1)
            .item("A reception centre was ready for every potential victim.")
            .heading("Outcome", 1)
            .para("Two people were charged.")
            .para("Victims need time before they can give an account.", style="Lesson")
            .save(folder / "harbour.docx"))


def _page(project, path: str):
    meta, body = read_page(project.content / path, path)
    return meta, body


# ----- Word


def test_a_word_guide_keeps_its_headings_lists_tables_notes_links_and_images(project, tmp_path, capsys):
    source = guide_docx(tmp_path / "in")
    assert hub_import(project, source) == 0
    meta, body = _page(project, "guides/labour-exploitation-first-steps.md")
    assert "## Indicators" in body and "## What to do" in body and "# Labour" not in body  # the title is the page's
    assert "Look for **bold words** *and italic ones.*" in body
    assert "-   Workers live on site\n    -   Several share one room\n    -   Nobody holds their own passport\n-   Wages go to one account" in body
    assert "1.  Speak to the worker alone\n2.  Record what you see" in body
    assert "| Sign | Action |\n| --- | --- |\n| No ID | Ask who holds it |\n| Bruises | Call for medical help |" in body
    assert "The offence is defined in law.[^1]" in body and "[^1]: Modern Slavery Act 2015, section 1." in body
    assert "See [the Act](https://www.legislation.gov.uk/ukpga/2015/30)" in body
    images = project.content / "guides/labour-exploitation-first-steps-images"
    assert "![A red warning sign](labour-exploitation-first-steps-images/image-1.png)" in body
    assert "![](labour-exploitation-first-steps-images/image-2.png)" in body
    assert sorted(p.name for p in images.iterdir()) == ["image-1.png", "image-2.png"]
    assert "<!-- hub import: the image labour-exploitation-first-steps-images/image-2.png has no alt text" in body


def test_the_style_map_turns_named_styles_into_action_prompts_and_admonitions(project, tmp_path):
    assert hub_import(project, guide_docx(tmp_path / "in")) == 0
    _, body = _page(project, "guides/labour-exploitation-first-steps.md")
    assert "- [ ] Call 999 if anyone is in immediate danger.\n- [ ] Make a referral to the NRM." in body
    assert "!!! warning\n\n    Do not alert the suspected exploiter." in body
    assert "\n\nText in a house style nobody mapped.\n\n" in body


def test_a_style_map_in_settings_maps_a_forces_own_style(project, tmp_path):
    config = copy_config(project.root)
    settings_text = config.read_text(encoding="utf-8").replace("  hub:\n", "  hub:\n    import:\n      style_map:\n        House Special: danger\n", 1)
    config.write_text(settings_text, encoding="utf-8")
    assert hub_import(project, guide_docx(tmp_path / "in")) == 0
    _, body = _page(project, "guides/labour-exploitation-first-steps.md")
    assert "!!! danger\n\n    Text in a house style nobody mapped." in body
    report = (project.content / "guides/labour-exploitation-first-steps.import.txt").read_text()
    assert "style 'House Special': 1 paragraph became danger admonitions" in report


def test_a_style_map_naming_no_hub_block_is_one_line(project, tmp_path, capsys):
    config = copy_config(project.root)
    config.write_text(config.read_text().replace("  hub:\n", "  hub:\n    import:\n      style_map:\n        Boxed: sparkle\n", 1))
    assert hub_import(project, guide_docx(tmp_path / "in")) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "extra.hub.import.style_map: 'sparkle' is not one of: 'action-prompt'" in err


def test_front_matter_is_drafted_never_guessed_and_records_the_source(project, tmp_path):
    source = guide_docx(tmp_path / "in")
    assert hub_import(project, source) == 0
    meta, _ = _page(project, "guides/labour-exploitation-first-steps.md")
    assert meta["title"] == "Labour exploitation: first steps"
    assert meta["summary"] == "This guide is for officers who meet a possible victim of labour exploitation."
    assert meta["status"] == "draft"
    for left in ("roles", "owner", "last_reviewed", "review_due", "classification", "guide_type"):
        assert left in meta and meta[left] is None, left
    import pypandoc

    with zipfile.ZipFile(source) as archive:
        paragraphs = len(re.findall(r"<w:p[ >/]", archive.read("word/document.xml").decode()))
    assert meta["source"] == {
        "file": "Labour guide v3.docx", "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "paragraphs": f"1-{paragraphs}", "converter": "pandoc", "converter_version": pypandoc.get_pandoc_version(),
        "imported": meta["source"]["imported"],
    }
    text = (project.content / "guides/labour-exploitation-first-steps.md").read_text()
    assert "classification: null  # for the editor: OFFICIAL or OFFICIAL-SENSITIVE" in text


def test_the_report_says_what_mapped_and_what_did_not_printed_and_beside_the_page(project, tmp_path, capsys):
    assert hub_import(project, guide_docx(tmp_path / "in")) == 0
    printed = capsys.readouterr().out
    written = (project.content / "guides/labour-exploitation-first-steps.import.txt").read_text()
    assert written in printed
    for line in ("style 'Action box': 2 paragraphs became action prompts",
                 "style 'Warning': 1 paragraph became warning admonitions",
                 "style 'House Special': 1 paragraph kept as ordinary text",
                 "table 2: merged cells were split",
                 "content/guides/labour-exploitation-first-steps-images/image-2.png: the image has no alt text",
                 "2 image(s) written to content/guides/labour-exploitation-first-steps-images/"):
        assert line in written, line
    assert "image-1.png: the image has no alt text" not in written


def _check(project) -> tuple[int, list[str]]:
    done = subprocess.run([__import__("sys").executable, "-m", "msht_hub.commands.cli", "--config", str(project.root / "mkdocs.yml"), "check"],
                          capture_output=True, text=True)
    return done.returncode, done.stderr.splitlines()


def _fields(lines: list[str], page: str) -> set[str]:
    return {line.split(": ")[1] for line in lines if line.startswith(f"content/{page}: ")}


def test_hub_check_reports_exactly_the_fields_left_for_the_editor(project, tmp_path):
    assert hub_import(project, guide_docx(tmp_path / "in")) == 0
    code, lines = _check(project)
    assert code == 1
    page = "guides/labour-exploitation-first-steps.md"
    assert _fields(lines, page) == {"roles", "owner", "last_reviewed", "review_due", "classification", "guide_type"}
    report = (project.content / "guides/labour-exploitation-first-steps.import.txt").read_text()
    left = report.split("left for the editor", 1)[1]
    assert {line.strip().split(":")[0] for line in left.splitlines()[1:] if line.strip()} == _fields(lines, page)


def fill_in(path: Path, **more) -> None:
    text = path.read_text(encoding="utf-8")
    block, body = text.split("\n---\n", 1)
    meta = yaml.safe_load(block.removeprefix("---\n"))
    meta.update({"roles": ["frontline"], "owner": "MSHT Unit", "last_reviewed": "2026-01-01", "review_due": "2027-01-01",
                 "classification": "OFFICIAL", **more})
    path.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + body, encoding="utf-8")


def test_an_imported_draft_builds_once_the_editor_fills_it_in(project, tmp_path, caplog):
    assert hub_import(project, guide_docx(tmp_path / "in")) == 0
    page = project.content / "guides/labour-exploitation-first-steps.md"
    fill_in(page, guide_type="bulletin", status="published")
    assert _check(project)[0] == 0
    result = project.build(caplog)
    assert result.ok, result.errors
    html = BeautifulSoup(result.page("guides/labour-exploitation-first-steps"), "html.parser")
    article = html.select_one("article") or html
    assert [h.get_text(strip=True).rstrip("¶") for h in article.select("h2")][:2] == ["Indicators", "What to do"]
    assert article.select_one("li ul li").get_text(strip=True) == "Several share one room"
    assert len(article.select("table")) == 2 and article.select_one("table td").get_text() == "No ID"
    assert article.select_one(".admonition.warning") is not None
    assert len(article.select("input[type=checkbox]")) == 2
    assert article.select_one(".footnote li").get_text(" ", strip=True).startswith("Modern Slavery Act 2015, section 1.")
    image = article.select_one('img[alt="A red warning sign"]')
    assert image is not None and (result.site / "guides/labour-exploitation-first-steps" / image["src"]).resolve().is_file()


def test_a_debriefs_lessons_become_structured_lessons_with_themes_left_for_the_editor(project, tmp_path, caplog):
    assert hub_import(project, debrief_docx(tmp_path / "in"), "--kind", "debrief") == 0
    meta, body = _page(project, "debriefs/operation-harbour-debrief.md")
    assert meta["lessons"] == [
        {"id": "operation-harbour-debrief-01", "theme": None, "kind": "lesson", "title": "Engage the local authority early.",
         "text": "Engage the local authority early. It holds licensing records."},
        {"id": "operation-harbour-debrief-02", "theme": None, "kind": "lesson", "title": "Plan interpreters before the day of action.",
         "text": "Plan interpreters before the day of action."},
        {"id": "operation-harbour-debrief-03", "theme": None, "kind": "good-practice",
         "title": "A reception centre was ready for every potential victim.", "text": "A reception centre was ready for every potential victim."},
        {"id": "operation-harbour-debrief-04", "theme": None, "kind": "lesson",
         "title": "Victims need time before they can give an account.", "text": "Victims need time before they can give an account."},
    ]
    assert "Lessons learned" not in body and "Engage the local authority" not in body and "## Outcome" in body
    code, lines = _check(project)
    assert _fields(lines, "debriefs/operation-harbour-debrief.md") == {
        "roles", "exploitation", "owner", "last_reviewed", "review_due", "classification", "operation", "lead_force",
        "period", "published", "outcome", *(f"lessons[{i}].theme" for i in range(4))}
    page = project.content / "debriefs/operation-harbour-debrief.md"
    meta["lessons"] = [{**lesson, "theme": "investigation"} for lesson in meta["lessons"]]
    fill_in(page, exploitation=["labour"], operation="Op HARBOUR", lead_force="Test Constabulary", period={"start": 2024},
            published="2026-01-01", outcome="Two charged.", lessons=meta["lessons"], status="published")
    assert _check(project)[0] == 0
    result = project.build(caplog)
    assert result.ok, result.errors
    assert "Plan interpreters before the day of action." in result.page("debriefs/operation-harbour-debrief")


def test_lessons_under_sub_headings_keep_their_headings_as_titles(project, tmp_path):
    source = (WordDocument()
              .heading("Operation Willow debrief", 1)
              .para("A fictional debrief of a domestic servitude case.")
              .heading("Lessons", 1)
              .heading("Early engagement", 2).para("Engage the local authority early.").para("It holds the records.")
              .heading("Interpreters", 2).para("Book interpreters before the day of action.")
              .heading("Outcome", 1).para("One conviction.")
              .save(tmp_path / "in" / "willow.docx"))
    assert hub_import(project, source, "--kind", "debrief") == 0
    meta, body = _page(project, "debriefs/operation-willow-debrief.md")
    assert meta["title"] == "Operation Willow debrief" and "Operation Willow debrief" not in body  # from its first heading
    assert [(lesson["title"], lesson["text"]) for lesson in meta["lessons"]] == [
        ("Early engagement", "Engage the local authority early. It holds the records."),
        ("Interpreters", "Book interpreters before the day of action.")]
    assert body.startswith("A fictional debrief") and "## Outcome\n\nOne conviction." in body


def test_what_cannot_map_is_kept_as_text_and_reported(project, tmp_path):
    source = (WordDocument("Scene guide").para("Contents", style="TOC Heading").para("What to do\t1", style="TOC 1")
              .para("What to do at a scene.").table_with_list()
              .internal_link("the section on safeguarding", "_Toc123").save(tmp_path / "in" / "scene.docx"))
    assert hub_import(project, source) == 0
    _, body = _page(project, "guides/scene-guide.md")
    assert "| Secure | Keep the scene<br>\u2022 Photograph it |" in body
    assert "As in the section on safeguarding" in body and "](#" not in body
    report = (project.content / "guides/scene-guide.import.txt").read_text()
    assert "table 1: a cell held a list, several paragraphs or a table; written as lines of text in one cell" in report
    assert "1 link(s) to places inside the document (headings, bookmarks) were kept as text" in report
    assert "the table of contents (2 lines) was left out" in report and "Contents" not in body


# ----- PDF


def guide_pdf(folder: Path) -> Path:
    return pdf(folder / "county-lines.pdf", "County lines: a first response", """
<h1>County lines: a first response</h1>
<p>This bulletin is for officers who meet a child who may be exploited by a county lines gang.</p>
<h2>Signs</h2>
<ul><li>Travels far from home<ul><li>Often by train</li></ul></li><li>Has several phones</li></ul>
<ol><li>Keep the child safe</li><li>Refer to children's services</li></ol>
<h3>Who to call</h3>
<p>Another paragraph that is long enough to wrap across more than one line of the page so that the joining of lines is tested here.</p>
<table><tr><th>Who</th><th>When</th></tr><tr><td>Children's services</td><td>Always</td></tr></table>
<p>See <a href="https://www.gov.uk/government/collections/modern-slavery">the collection on GOV.UK</a> for more.</p>
<p><b>Before you leave</b></p>
<p>Make sure the child is safe.</p>
<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC" width="40">
<p class="page">The second page says what happens next.</p>""")


def test_a_pdf_becomes_a_draft_with_headings_from_font_sizes_lists_tables_and_pages_marked(project, tmp_path):
    source = guide_pdf(tmp_path / "in")
    assert hub_import(project, source) == 0
    meta, body = _page(project, "guides/county-lines-a-first-response.md")
    assert meta["title"] == "County lines: a first response" and meta["status"] == "draft"
    assert meta["summary"] == "This bulletin is for officers who meet a child who may be exploited by a county lines gang."
    assert meta["source"]["pages"] == "1-2" and meta["source"]["converter"] == "pdfplumber"
    assert meta["source"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert "# County lines" not in body and "## Signs" in body and "### Who to call" in body
    assert "-   Travels far from home\n    -   Often by train\n-   Has several phones" in body
    assert "1.  Keep the child safe\n2.  Refer to children's services" in body
    assert "| Who | When |\n| --- | --- |\n| Children's services | Always |" in body
    assert "Another paragraph that is long enough to wrap across more than one line of the page so that the joining of lines is tested here." in body
    assert "See [the collection on GOV.UK](https://www.gov.uk/government/collections/modern-slavery) for more." in body
    assert "### Before you leave\n\nMake sure the child is safe." in body  # a heading set in bold
    assert "![](county-lines-a-first-response-images/image-1.png)" in body
    assert (project.content / "guides/county-lines-a-first-response-images/image-1.png").read_bytes().startswith(b"\x89PNG")
    assert body.count("<!-- hub import: page ") == 2
    assert body.index("page 2 of county-lines.pdf") < body.index("The second page says what happens next.")
    report = (project.content / "guides/county-lines-a-first-response.import.txt").read_text()
    assert "county-lines-a-first-response-images/image-1.png: the image has no alt text" in report
    assert "1 short line(s) set all in bold were read as headings" in report
    assert "page 2: 1 lines of text read; marked for review" in report


def test_a_pdf_printed_from_word_keeps_its_bullet_glyphs_and_lettered_lists(project, tmp_path):
    source = pdf(tmp_path / "in" / "printed.pdf", "Microsoft Word - printed.docx", """
<h1>Printed from Word</h1><p>Lists as Word prints them.</p>
<p style="margin-left:18pt">\u2022 Top level point</p><p style="margin-left:54pt">o Second level point</p>
<p style="margin-left:18pt">\u2022 Another top level point</p>
<p>(a) first lettered step</p><p>(b) second lettered step</p>""")
    assert hub_import(project, source) == 0
    meta, body = _page(project, "guides/printed-from-word.md")
    assert meta["title"] == "Printed from Word"  # not the printer's "Microsoft Word - ..." title
    assert "-   Top level point\n    -   Second level point\n-   Another top level point" in body
    assert "1.  first lettered step\n2.  second lettered step" in body


def test_a_pdf_debriefs_lessons_under_a_heading_become_lessons(project, tmp_path):
    source = pdf(tmp_path / "in" / "op-lantern.pdf", "Operation Lantern debrief", """
<h1>Operation Lantern debrief</h1><p>A fictional debrief of a sexual exploitation investigation.</p>
<h2>Lessons identified</h2><ul><li>Record every missing episode as intelligence.</li><li>Give the victim one named contact.</li></ul>
<h2>What went well</h2><ul><li>A specialist interviewer was available within the hour.</li></ul>
<h2>Outcome</h2><p>Three convictions.</p>""")
    assert hub_import(project, source, "--kind", "debrief") == 0
    meta, body = _page(project, "debriefs/operation-lantern-debrief.md")
    assert [(lesson["kind"], lesson["text"]) for lesson in meta["lessons"]] == [
        ("lesson", "Record every missing episode as intelligence."), ("lesson", "Give the victim one named contact."),
        ("good-practice", "A specialist interviewer was available within the hour.")]
    assert all(lesson["theme"] is None for lesson in meta["lessons"]) and "## Outcome" in body and "named contact" not in body


# ----- bad input


def _bad_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    folder.mkdir(parents=True, exist_ok=True)
    corrupt = folder / "corrupt.docx"
    corrupt.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    encrypted = folder / "locked.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    text = folder / "notes.txt"
    text.write_text("plain notes")
    fake_pdf = folder / "report.pdf"
    fake_pdf.write_bytes(guide_docx(folder / "src").read_bytes())
    bomb = folder / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/huge.bin", b"\x00" * (64 * 1024 * 1024))
    scanned = pdf(folder / "scanned.pdf", "Scanned", '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC" width="200">')
    broken = folder / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>not closed")
    return {
        "unreadable xml": (broken, "is not a Word document pandoc can read"),
        "corrupt": (corrupt, "is damaged"),
        "encrypted": (encrypted, "is encrypted (password-protected) or an old Word .doc"),
        "extension": (text, "is a '.txt' file; hub import reads .docx and .pdf"),
        "not what it says": (fake_pdf, "is not a PDF"),
        "zip bomb": (bomb, "a zip bomb?"),
        "scanned": (scanned, "has no text layer (a scanned image?)"),
    }


@pytest.mark.parametrize("case", ["corrupt", "encrypted", "extension", "not what it says", "zip bomb", "scanned", "unreadable xml"])
def test_a_file_that_cannot_be_read_is_one_line_naming_it_and_nothing_is_written(project, tmp_path, capsys, case):
    path, expected = _bad_inputs(tmp_path / "in")[case]
    before = sorted(p.relative_to(project.content).as_posix() for p in project.content.rglob("*"))
    assert hub_import(project, path) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{path}: ") and expected in err[0], err
    assert sorted(p.relative_to(project.content).as_posix() for p in project.content.rglob("*")) == before


def test_a_huge_file_is_refused_before_it_is_read(project, tmp_path, capsys, monkeypatch):
    from msht_hub.commands.importing import inputs

    source = guide_docx(tmp_path / "in")
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", source.stat().st_size - 1)
    assert hub_import(project, source) == 1
    assert "hub import takes files up to" in capsys.readouterr().err
    assert not (project.content / "guides").exists()


def test_an_encrypted_pdf_is_one_line(project, tmp_path, capsys):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(guide_pdf(tmp_path / "src")))
    writer.encrypt("secret", algorithm="AES-256")
    locked = tmp_path / "in" / "locked.pdf"
    locked.parent.mkdir(parents=True, exist_ok=True)
    with open(locked, "wb") as handle:
        writer.write(handle)
    assert hub_import(project, locked) == 1
    assert capsys.readouterr().err.strip() == f"{locked}: is encrypted or password-protected; remove the password and import it again"


def test_a_page_that_exists_is_not_overwritten(project, tmp_path, capsys):
    source = guide_docx(tmp_path / "in")
    assert hub_import(project, source) == 0
    page = project.content / "guides/labour-exploitation-first-steps.md"
    page.write_text(page.read_text() + "\nEdited by an editor.\n")
    assert hub_import(project, source) == 1
    assert "already exists" in capsys.readouterr().err and page.read_text().endswith("Edited by an editor.\n")


def test_a_folder_imports_every_document_in_it_into_the_folder_given(project, tmp_path, capsys):
    folder = tmp_path / "library"
    guide_docx(folder)
    guide_pdf(folder / "pdfs")
    out = project.root / "staging"
    assert hub_import(project, folder, "--out", out) == 0
    assert sorted(p.name for p in (out / "guides").glob("*.md")) == ["county-lines-a-first-response.md", "labour-exploitation-first-steps.md"]
    assert "2 documents imported as drafts; 0 not imported." in capsys.readouterr().out


# ----- escaping, against the real Markdown engine


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)


def _read_back(markdown_text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(markdown_text, extensions=HUB_EXTENSIONS), "html.parser")


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_text_of_a_document_reads_back_as_the_same_text_in_the_hubs_markdown(lines):
    """Any text, escaped piece by piece as the converters do and laid out by the page writer,
    is one paragraph whose text is the original: no markup, HTML, list, heading or snippet."""
    lines = [" ".join(line.split()) for line in lines]
    if not all(lines):
        return
    paragraph = Paragraph("  \n".join(" ".join(escape_inline(word) for word in line.split(" ")) for line in lines), "")
    soup = _read_back(body([paragraph]))
    assert [tag.name for tag in soup.find_all(True)] == ["p", *["br"] * (len(lines) - 1)], str(soup)
    assert soup.get_text() == "\n".join(lines), str(soup)
    heading = _read_back(body([Heading(2, escape_inline(lines[0]), lines[0])]))
    assert [tag.name for tag in heading.find_all(True)] == ["h2"] and heading.get_text() == lines[0], str(heading)
