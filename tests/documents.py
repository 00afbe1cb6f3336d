"""Word documents and PDFs written at test time, as a force's templates would have them:
named styles, nested lists, tables, footnotes, links and images (python-docx), and PDFs
with headings, bullets and ruled tables (the booklet's own WeasyPrint)."""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from PIL import Image


def _png(colour: str) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (24, 12), colour).save(data, "PNG")
    data.seek(0)
    return data


class WordDocument:
    """A .docx built paragraph by paragraph."""

    def __init__(self, title: str | None = None):
        self.doc = Document()
        self._notes: list[str] = []
        if title:
            self.doc.core_properties.title = title
            self.doc.add_heading(title, 0)
        numbering = self.doc.part.numbering_part.element
        self._bullets = self._list_numbering(numbering, 90, "bullet")
        self._numbers = self._list_numbering(numbering, 91, "decimal")

    @staticmethod
    def _list_numbering(numbering: object, number: int, kind: str) -> str:
        """A list definition with three levels, as Word writes one, and its number."""
        bullet = "\u2022"
        levels = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
            f'<w:lvlText w:val="{bullet if kind == "bullet" else f"%{level + 1}."}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>' for level in range(3))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{number}"><w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>')
        numbering.insert(0, abstract)  # type: ignore[attr-defined]
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{number}"><w:abstractNumId w:val="{number}"/></w:num>'))  # type: ignore[attr-defined]
        return str(number)

    def style(self, name: str) -> None:
        if name not in [s.name for s in self.doc.styles]:
            self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)

    def heading(self, text: str, level: int = 1) -> WordDocument:
        self.doc.add_heading(text, level)
        return self

    def para(self, text: str, style: str | None = None, bold: str | None = None, italic: str | None = None) -> WordDocument:
        if style:
            self.style(style)
        p = self.doc.add_paragraph(text, style=style)
        if bold:
            p.add_run(" ")
            p.add_run(bold).bold = True
        if italic:
            p.add_run(" ")
            p.add_run(italic).italic = True
        return self

    def item(self, text: str, level: int = 0, numbered: bool = False, style: str | None = None) -> WordDocument:
        """A list item at a nesting level (Word's numbering level, as Word writes nested lists)."""
        if style:
            self.style(style)
        p = self.doc.add_paragraph(text, style=style or ("List Number" if numbered else "List Bullet"))
        num = self._numbers if numbered else self._bullets
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'))
        return self

    def table(self, rows: list[list[str]], merge_first_row: bool = False) -> WordDocument:
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        if merge_first_row:
            merged = table.cell(0, 0).merge(table.cell(0, 1))
            merged.text = rows[0][0]
        return self

    def table_with_list(self) -> WordDocument:
        table = self.doc.add_table(rows=2, cols=2)
        table.style = "Table Grid"
        table.cell(0, 0).text, table.cell(0, 1).text = "Step", "Detail"
        table.cell(1, 0).text = "Secure"
        cell = table.cell(1, 1)
        cell.text = "Keep the scene"
        cell.add_paragraph("Photograph it", style="List Bullet")
        return self

    def internal_link(self, text: str, bookmark: str) -> WordDocument:
        p = self.doc.add_paragraph("As in ")
        p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="{bookmark}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'))
        return self

    def footnote(self, text: str, note: str) -> WordDocument:
        self._notes.append(note)
        p = self.doc.add_paragraph(text)
        p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="{len(self._notes)}"/></w:r>'))
        return self

    def link(self, before: str, text: str, url: str) -> WordDocument:
        p = self.doc.add_paragraph(before)
        rid = self.doc.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'))
        return self

    def image(self, colour: str, alt: str | None) -> WordDocument:
        self.doc.add_picture(_png(colour))
        shape = self.doc.inline_shapes[len(self.doc.inline_shapes) - 1]
        shape._inline.docPr.set("descr", alt or "")
        return self

    def save(self, path: Path) -> Path:
        if self._notes:
            notes = "".join(f'<w:footnote w:id="{i}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p></w:footnote>'
                            for i, note in enumerate(self._notes, start=1))
            xml = (f'<w:footnotes {nsdecls("w")}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                   f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>')
            part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode(), self.doc.part.package)
            self.doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))
        return path


PDF_STYLE = """body{font-family:sans-serif;font-size:11pt} h1{font-size:22pt} h2{font-size:16pt} h3{font-size:13pt}
table{border-collapse:collapse} td,th{border:1px solid black;padding:4px} .page{break-before:page}"""


def pdf(path: Path, title: str, body_html: str) -> Path:
    from weasyprint import HTML

    path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=f"<html><head><title>{title}</title><style>{PDF_STYLE}</style></head><body>{body_html}</body></html>").write_pdf(str(path))
    return path
