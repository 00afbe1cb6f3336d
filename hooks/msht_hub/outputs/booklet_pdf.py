"""Booklet PDFs: WeasyPrint renders the print HTML at A6 and A5 (tagged, with title and
language); pypdf imposes the A5 pages two to an A4 landscape sheet in saddle-stitch order.
No browser is needed to build."""
from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, IndirectObject, NameObject

PAGE_SIZES_MM = {"A6": (105, 148), "A5": (148, 210), "A4": (210, 297)}
POINTS_PER_MM = 72 / 25.4


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: a build without booklets never loads it

    pdf: bytes = HTML(string=html).write_pdf(pdf_tags=True)
    return pdf


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers, 1-based, of each sheet side in printing order, for a
    booklet of `pages` pages (a multiple of four): outer sheet first, front then back."""
    if pages % 4:
        raise ValueError(f"{pages} pages: a saddle-stitched booklet needs a multiple of four")
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 2 * sheet + 1))  # front
        sides.append((2 * sheet + 2, pages - 2 * sheet - 1))  # back
    return sides


def padded(pdf: bytes) -> PdfReader:
    """The PDF with blank pages added at the end (before the back cover would be wrong:
    the back page must stay last, so blanks go just before it)."""
    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    missing = (-count) % 4
    if not missing:
        return reader
    writer = PdfWriter()
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    for page in reader.pages[:-1]:
        writer.add_page(page)
    for _ in range(missing):
        writer.add_blank_page(width, height)
    writer.add_page(reader.pages[-1])
    out = io.BytesIO()
    writer.write(out)
    return PdfReader(io.BytesIO(out.getvalue()))


def _as_form(source: PageObject, writer: PdfWriter) -> DecodedStreamObject:
    """A page as a form XObject of the writer: its content drawn as it is, with its resources
    (fonts, images) copied into the writer, so each sheet places two pages without the
    pages' drawing being parsed and written again."""
    page = source.clone(writer)
    contents = page.get("/Contents")
    streams = contents.get_object() if contents is not None else ArrayObject()
    parts = streams if isinstance(streams, ArrayObject) else [streams]  # a blank page has none
    form = DecodedStreamObject()
    form.set_data(b"\n".join(part.get_object().get_data() for part in parts))
    box = source.mediabox
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject([FloatObject(box.left), FloatObject(box.bottom), FloatObject(box.right), FloatObject(box.top)]),
                 NameObject("/Resources"): page.get("/Resources", DictionaryObject())})
    return form


def impose_a5_on_a4(pdf: bytes, title: str) -> bytes:
    """Two A5 pages side by side on each A4 landscape side, in saddle-stitch order: print
    double-sided (flip on the short edge), fold in half, and the pages are in order."""
    reader = padded(pdf)
    a4_width, a4_height = (PAGE_SIZES_MM["A4"][1] * POINTS_PER_MM, PAGE_SIZES_MM["A4"][0] * POINTS_PER_MM)
    writer = PdfWriter()
    forms: dict[int, IndirectObject] = {}
    for left, right in saddle_stitch_order(len(reader.pages)):
        sheet = PageObject.create_blank_page(width=a4_width, height=a4_height)
        drawn, names = [], DictionaryObject()
        for slot, number in enumerate((left, right)):
            if number not in forms:
                forms[number] = writer._add_object(_as_form(reader.pages[number - 1], writer))
            names[NameObject(f"/P{slot}")] = forms[number]
            drawn.append(f"q 1 0 0 1 {slot * a4_width / 2:.4f} 0 cm /P{slot} Do Q")
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
        contents = DecodedStreamObject()
        contents.set_data("\n".join(drawn).encode("ascii"))
        sheet[NameObject("/Contents")] = writer._add_object(contents)
        writer.add_page(sheet)
    writer.add_metadata({"/Title": f"{title} (print at home, A4)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
