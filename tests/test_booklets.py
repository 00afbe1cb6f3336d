"""The First Contact booklet: PDFs read back with pypdf (sizes, marking on every page,
sections in order, imposition, metadata), the QR code's target, the online booklet page,
the gates, and printing any page of the site in Chromium."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from conftest import valid
from msht_hub.outputs.booklet_pdf import saddle_stitch_order
from msht_hub.planning.booklets import qr_svg

pytestmark = pytest.mark.slow  # every test makes booklet PDFs

SECTIONS = [
    "First Contact 1: recognising the signs",
    "First Contact 2: at the scene",
    "First Contact 3: safeguarding the person in front of you",
    "First Contact 4: recording, referral and the duty to notify",
    "First Contact 5: preserving evidence",
]
MM = 72 / 25.4


def pdf(site, name: str) -> PdfReader:
    return PdfReader(site / "booklets" / name)


def texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("name, size", [("first-contact-a6.pdf", (105, 148)), ("first-contact-a5.pdf", (148, 210))])
def test_each_edition_has_its_page_size_and_the_marking_on_every_page(shipped_site, name, size):
    reader = pdf(shipped_site, name)
    for page in reader.pages:
        assert round(float(page.mediabox.width) / MM) == size[0] and round(float(page.mediabox.height) / MM) == size[1]
    for number, text in enumerate(texts(reader), start=1):
        assert text.count("OFFICIAL") >= 2, f"page {number}: marking in header and footer"


def test_the_sections_are_all_there_in_order_after_the_cover(shipped_site):
    pages = texts(pdf(shipped_site, "first-contact-a6.pdf"))
    cover, body = pages[0], " ".join(pages[1:])
    assert "First Contact" in cover and "The 23 November 2026 edition" in cover and re.search(r"code [0-9A-F]{4}\b", cover)
    positions = [body.index(title) for title in SECTIONS]
    assert positions == sorted(positions)
    assert "Record a crime where an offence is disclosed" in body  # an action prompt of section 4
    notes = next(text for text in pages if text.startswith("Notes Date and time"))
    for field in ["Date and time", "Incident reference", "collar number", "Location", "Persons present", "Interpreter needed",
                  "Safeguarding actions", "Referrals made"]:
        assert field in notes
    assert "Modern Slavery & Exploitation Helpline" in pages[-1] and "08000 121 700" in pages[-1]


def test_the_pdfs_carry_title_language_and_tags(shipped_site):
    reader = pdf(shipped_site, "first-contact-a5.pdf")
    assert reader.metadata.title == "First Contact booklet (A5)"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs Poppler's pdftotext (apt-get install poppler-utils)")
def test_the_print_at_home_edition_is_a5_pages_imposed_two_up_in_saddle_stitch_order(shipped_site):
    a5 = texts(pdf(shipped_site, "first-contact-a5.pdf"))
    imposed = pdf(shipped_site, "first-contact-a4-print-at-home.pdf")
    page_count = len(imposed.pages) * 2
    assert page_count % 4 == 0 and page_count >= len(a5)
    sheet = imposed.pages[0]
    assert round(float(sheet.mediabox.width) / MM) == 297 and round(float(sheet.mediabox.height) / MM) == 210

    path = shipped_site / "booklets" / "first-contact-a4-print-at-home.pdf"

    def half(page, side: str) -> str:
        """The text a PDF renderer (Poppler) lays out in one half of a sheet."""
        number = imposed.pages.index(page) + 1
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        x = 0 if side == "left" else width / 2
        done = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-x", str(int(x)), "-y", "0",
                               "-W", str(int(width / 2)), "-H", str(int(height)), "-layout", str(path), "-"],
                              capture_output=True, text=True, check=True)
        return " ".join(re.sub(r"O ?FFICIAL", " ", done.stdout).split())  # without the marking every page carries

    assert "Key contacts" in half(sheet, "left")  # the back cover, outside left
    assert "Content as of" in half(sheet, "right")  # the front cover, outside right
    back = imposed.pages[1]
    assert half(back, "left").startswith("SECTION 1") and half(back, "left").endswith(" 2")  # page 2, inside the cover
    centre = imposed.pages[-1]  # the innermost side: the middle pair of pages, in order
    middle = page_count // 2
    assert half(centre, "left").endswith(f" {middle}") and half(centre, "right").endswith(f" {middle + 1}")


def test_saddle_stitch_order_for_a_twelve_page_booklet():
    assert saddle_stitch_order(12) == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    with pytest.raises(ValueError):
        saddle_stitch_order(10)


def test_the_qr_code_encodes_the_booklets_short_link(shipped_site):
    page = (shipped_site / "booklets" / "first-contact" / "index.html").read_text(encoding="utf-8")
    short = re.search(r'Short link: <a href="([^"]+)"', page).group(1)
    assert short == "https://hub.example.police.uk/b/fc/"
    drawn = re.search(r'<figure class="hub-qr" data-qr="([^"]+)">(.*?)<figcaption', page, re.S)
    assert drawn.group(1) == short and drawn.group(2).strip() == qr_svg(short).strip()
    cover = texts(pdf(shipped_site, "first-contact-a6.pdf"))[0]
    assert short in cover  # printed under the code on the cover
    assert 'url=../../booklets/first-contact/' in (shipped_site / "b" / "fc" / "index.html").read_text(encoding="utf-8")


def test_qr_svg_encodes_exactly_the_given_address():
    import qrcode

    url = "https://hub.example.police.uk/b/fc/"
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(url)
    code.make(fit=True)
    assert code.data_list[0].data == url.encode()
    assert qr_svg(url) != qr_svg(url + "x") and qr_svg(url).startswith("<svg")


def test_the_online_booklet_page_is_linked_from_the_frontline_landing_page_and_its_sections(shipped_site):
    landing = (shipped_site / "roles" / "frontline" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../booklets/first-contact/"' in landing
    section = (shipped_site / "guides" / "first-contact" / "recognise" / "index.html").read_text(encoding="utf-8")
    assert "First Contact booklet</a>" in section
    page = (shipped_site / "booklets" / "first-contact" / "index.html").read_text(encoding="utf-8")
    for title in SECTIONS:
        assert title in page
    assert 'href="../../booklets/first-contact-a4-print-at-home.pdf"' in page
    assert 'class="headerlink"' not in page.split('hub-booklet-contents')[1]


def test_a_booklet_leaves_out_drafts_superseded_and_sensitive_sections(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "true")
    aide = {"guide_type": "aide-memoire"}
    project.page("guides/one.md", valid("guide", title="Section one", booklet={"booklet": "first-contact", "order": 1}, **aide))
    project.page("guides/two.md", valid("guide", title="DRAFTSECTION", status="draft", booklet={"booklet": "first-contact", "order": 2}, **aide))
    project.page("guides/three.md", valid("guide", title="SENSITIVESECTION", classification="OFFICIAL-SENSITIVE",
                                          booklet={"booklet": "first-contact", "order": 3}, **aide))
    project.page("guides/four.md", valid("guide", title="OLDSECTION", status="superseded", superseded_by="guides/one.md",
                                         booklet={"booklet": "first-contact", "order": 4}, **aide))
    result = project.build(caplog)
    assert result.ok, result.errors
    text = " ".join(texts(pdf(result.site, "first-contact-a6.pdf")))
    assert "Section one" in text
    for word in ["DRAFTSECTION", "SENSITIVESECTION", "OLDSECTION"]:
        assert word not in text
        assert word not in result.page("booklets/first-contact")


def test_a_section_naming_an_unknown_booklet_or_a_taken_place_is_refused(project, caplog):
    aide = {"guide_type": "aide-memoire"}
    project.page("guides/a.md", valid("guide", booklet={"booklet": "last-contact", "order": 1}, **aide))
    project.page("guides/b.md", valid("guide", booklet={"booklet": "first-contact", "order": 1}, **aide))
    project.page("guides/c.md", valid("guide", booklet={"booklet": "first-contact", "order": 1}, **aide))
    result = project.build(caplog)
    assert not result.ok
    assert any(e.endswith("guides/a.md: booklet.booklet: 'last-contact' is not a booklet of mkdocs.yml; expected one of: first-contact") for e in result.errors)
    assert any("guides/c.md: booklet.order: 1 is already the place of" in e for e in result.errors)


@pytest.mark.browser
def test_a_printed_guide_page_has_the_marking_and_no_navigation(browser, shipped_site, serve):
    base = serve(shipped_site)
    page = browser.new_page()
    page.goto(base + "guides/nrm-first-responders/")
    printed = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.close()
    pages = texts(printed)
    for text in pages:
        assert "OFFICIAL" in text
    everything = " ".join(pages)
    assert "The National Referral Mechanism and first responders" in everything
    for chrome in ["Lessons register", "By role", "Choose your role", "Search the hub", "Skip to content"]:
        assert chrome not in everything, chrome
    assert "(http://127.0.0.1:" in everything  # link targets shown
    assert pages[-1].strip() and len(pages[-1]) > 40  # no trailing blank page


def body_font_sizes(path, margin_mm: float) -> list[float]:
    """The font size of every character printed inside the page's margins (the body, not the
    marking and page numbers in the margin boxes), read back with PDFium."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    sizes = []
    document = pdfium.PdfDocument(str(path))
    for page in document:
        height = page.get_height()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            if raw.FPDFText_GetUnicode(text.raw, index) <= 32:
                continue
            _, _, bottom, top = text.get_charbox(index)
            if bottom > margin_mm * MM and top < height - margin_mm * MM:
                sizes.append(raw.FPDFText_GetFontSize(text.raw, index))
    return sizes


def prompt_pages(pages: list[dict]) -> list[dict]:
    """The pages of the sections with action prompts: after the cover, up to the first tear-out
    language card or the notes page."""
    end = next(n for n, page in enumerate(pages) if page["lines"][:1] == ["Notes"] or page["lines"][0].startswith("Tear out"))
    return pages[1:end]


@pytest.mark.parametrize("name, margin", [("first-contact-a6.pdf", 11), ("first-contact-a5.pdf", 16)])
def test_the_cover_prompts_and_contacts_of_the_booklet_are_printed_at_least_9_5_points(shipped_site, name, margin):
    from measure import booklet_pages

    pages = booklet_pages(shipped_site / "booklets" / name, margin_mm=margin)
    assert len(prompt_pages(pages)) >= 3
    for n, page in enumerate([pages[0], *prompt_pages(pages), *pages[-1:]]):
        assert page["smallest"] >= 9.5 - 0.05, (n, page["smallest"])


@pytest.mark.parametrize("name, margin", [("first-contact-a6.pdf", 11), ("first-contact-a5.pdf", 16)])
def test_no_heading_ends_a_page_no_box_starts_one_and_no_page_of_sections_is_left_half_empty(shipped_site, name, margin):
    from bs4 import BeautifulSoup
    from measure import booklet_pages

    online = BeautifulSoup((shipped_site / "booklets" / "first-contact" / "index.html").read_text(encoding="utf-8"), "html.parser")
    sections = online.select(".hub-booklet-section")
    headings = {" ".join(h.get_text(" ").split()) for s in sections for h in s.select("h2, h3, h4")}
    boxes = {" ".join(t.get_text(" ").split()) for s in sections for t in s.select(".admonition-title")}
    pages = prompt_pages(booklet_pages(shipped_site / "booklets" / name, margin_mm=margin))
    for number, page in enumerate(pages, start=2):
        assert page["lines"][-1] not in headings, (number, page["lines"][-1])
        assert page["lines"][0] not in boxes, (number, page["lines"][0])
    # every page that ends inside the sections is filled at least to 80% (the last may end short)
    assert [n for n, page in enumerate(pages[:-1], start=2) if page["fill"] < 0.8] == []


def test_the_key_contacts_are_the_hubs_numbers_with_lines_for_local_ones(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from conftest import PUBLIC_URL, HubProject, copy_config

    monkeypatch.setenv("HUB_BOOKLET_PDFS", "true")
    config = copy_config(tmp_path)
    text = config.read_text(encoding="utf-8")
    crimestoppers = "      - name: Crimestoppers (anonymous)\n        number: 0800 555 111\n"
    assert crimestoppers in text
    config.write_text(text.replace(crimestoppers, "      - name: Force control room\n        number: 01234 567 890\n"), encoding="utf-8")
    hub = HubProject(tmp_path)
    hub.page("guides/fc.md", valid("guide", guide_type="aide-memoire", booklet={"booklet": "first-contact", "order": 1}), "- [ ] Make safe\n")
    build(load_config(str(config), site_dir=str(hub.site), site_url=PUBLIC_URL))
    back = texts(PdfReader(hub.site / "booklets" / "first-contact-a6.pdf"))[-1]
    assert "Force control room 01234 567 890" in back and "Crimestoppers" not in back
    assert back.count("Name Number") == 3 and "Your local numbers" in back
    page = (hub.site / "booklets" / "first-contact" / "index.html").read_text(encoding="utf-8")
    assert '<a href="tel:01234567890">01234 567 890</a>' in page
    # the same number in every page's action bar, one tap further under Refer
    assert 'href="tel:01234567890"' in (hub.site / "guides" / "fc" / "index.html").read_text(encoding="utf-8")


def test_the_booklet_fills_its_pages_rather_than_starting_each_section_on_a_new_one(shipped_site):
    pages = texts(pdf(shipped_site, "first-contact-a6.pdf"))
    # a page that goes on with one section and then starts the next
    shared = [text for text in pages if not text.upper().startswith("SECTION") and any(f" SECTION {n} FIRST CONTACT" in text.upper() for n in range(2, 6))]
    assert shared, "at least one page carries the end of one section and the start of the next"


def decode_qr(path, page_number: int = 0) -> list[str]:
    import pypdfium2 as pdfium
    import zxingcpp

    image = pdfium.PdfDocument(str(path))[page_number].render(scale=4).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("name", ["first-contact-a6.pdf", "first-contact-a5.pdf"])
def test_the_printed_qr_code_decodes_to_the_configured_address(shipped_site, name):
    from conftest import PUBLIC_URL

    assert decode_qr(shipped_site / "booklets" / name) == [PUBLIC_URL + "b/fc/"]


def test_with_no_public_address_the_booklet_says_so_and_the_build_warns(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "true")
    project.page("guides/fc.md", valid("guide", guide_type="aide-memoire", booklet={"booklet": "first-contact", "order": 1}),
                 "- [ ] Make safe\n")
    result = project.build(caplog, site_url="http://127.0.0.1:8000/", strict=False)
    assert result.ok, result.errors
    assert any("HUB_SITE_URL" in warning and "127.0.0.1" in warning for warning in result.warnings)
    pdf_path = result.site / "booklets" / "first-contact-a6.pdf"
    assert decode_qr(pdf_path) == []
    cover = texts(PdfReader(pdf_path))[0]
    assert "no link to the online hub" in cover and "127.0.0.1" not in " ".join(texts(PdfReader(pdf_path)))
    page = result.page("booklets/first-contact")
    assert 'class="hub-qr"' not in page and "Short link" not in page and "no QR code or short link" in page
    assert not project.build(caplog, site_url="http://localhost:8000/").ok  # strict: the warning stops a real build


@pytest.mark.parametrize("address, public", [
    ("https://hub.example.police.uk/", "https://hub.example.police.uk/"), ("https://hub.example.police.uk", "https://hub.example.police.uk/"),
    ("http://127.0.0.1:8000/", None), ("http://localhost/", None), ("http://[::1]:8000/", None), ("http://intranet/", None),
    ("", None), (None, None), ("file:///srv/hub/", None),
])
def test_what_counts_as_a_public_address(address, public):
    from msht_hub.planning.booklets import public_address

    assert public_address(address) == public
