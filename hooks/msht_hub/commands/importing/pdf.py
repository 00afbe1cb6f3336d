"""PDFs through pdfplumber (on pdfminer.six; both MIT, no models): the text of each page,
headings from font sizes larger than the body text, lists from bullet glyphs and numbers,
tables where the PDF draws their rules, images through pypdfium2. A PDF keeps no structure
of its own, so every page is marked for the editor to check against the original."""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from msht_hub.commands.importing.blocks import (
    LINK_SCHEMES,
    Block,
    BulletList,
    Converted,
    Heading,
    Image,
    Paragraph,
    ReviewNote,
    Table,
    escape_inline,
    link_target,
)
from msht_hub.commands.importing.failures import ImportFailure

HEADING_RATIO = 1.12  # a line this much larger than the body text is a heading
MAX_PAGES = 2_000
_BULLET = re.compile(r"^([\u2022\u25e6\u25aa\u25ab\u2023\u2043\u25cf\u25cb\u25a0\u25a1\u2013\u00b7\u2219\u27a2\uf0b7*-])\s*")
_NUMBER = re.compile(r"^\(?(\d{1,3}|[a-z]|[ivx]{1,5})[.)]$")
_INNER_BULLETS = ("o", "\u00a7")  # Word's second- and third-level bullets (Courier "o", Wingdings) as a PDF gives them


@dataclass
class _Line:
    page: int
    x0: float
    top: float
    bottom: float
    size: float
    words: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return " ".join(word["text"] for word in self.words)


@dataclass
class _Item:
    level: int
    ordered: bool
    x0: float
    text: str
    plain: str


@dataclass
class _State:
    blocks: list[Block] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)
    paragraph: list[_Line] = field(default_factory=list)
    heading_end: tuple[int, float] | None = None  # (page, bottom) of the heading line just read


def convert_pdf(path: Path, image_folder: str) -> Converted:
    import pdfminer
    import pdfplumber

    try:
        document = pdfplumber.open(path)
    except Exception as error:  # pdfminer's errors for a damaged or encrypted file have no common base
        raise ImportFailure(_open_problem(error)) from None
    with document:
        try:
            pages = list(document.pages)
            if len(pages) > MAX_PAGES:
                raise ImportFailure(f"has {len(pages)} pages; hub import takes documents up to {MAX_PAGES} pages")
            lines_by_page = [(*_page_lines(page), page) for page in pages]
        except ImportFailure:
            raise
        except Exception as error:
            raise ImportFailure(_open_problem(error)) from None
        if not any(lines for lines, _, _ in lines_by_page):
            raise ImportFailure("has no text layer (a scanned image?); run it through OCR first, or retype it")
        title = str((document.metadata or {}).get("Title") or "").strip() or None
        reader = _Reader(path, image_folder, lines_by_page)
        blocks = reader.read()
    version = f"{pdfplumber.__version__} (pdfminer.six {pdfminer.__version__})"
    converted = Converted(blocks, title, "pdfplumber", version, pages=f"1-{len(pages)}", images=reader.images)
    converted.mapped.extend(reader.mapped)
    converted.unmapped.extend(reader.unmapped)
    return converted


def _open_problem(error: Exception) -> str:
    name = type(error).__name__
    inner = [part for part in (*error.args, error.__cause__, error.__context__) if part is not None]
    text = " ".join([name, str(error), *(f"{type(part).__name__} {part}" for part in inner)]).lower()
    if "password" in text or "encrypt" in text:
        return "is encrypted or password-protected; remove the password and import it again"
    return f"is damaged or not a PDF that can be read ({name}{': ' + str(error)[:80] if str(error) else ''})"


def _page_lines(page: Any) -> tuple[list[_Line], list[Any]]:
    """The page's lines of text outside its ruled tables, and the tables."""
    tables = list(page.find_tables())
    words = [word for word in page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
             if not any(_inside(word, table.bbox) for table in tables)]
    links = [link for link in page.hyperlinks if str(link.get("uri") or "").startswith(LINK_SCHEMES)]
    for word in words:
        middle_x, middle_y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        word["uri"] = next((str(link["uri"]) for link in links
                            if link["x0"] <= middle_x <= link["x1"] and link["top"] <= middle_y <= link["bottom"]), None)
    words.sort(key=lambda word: (word["top"], word["x0"]))
    lines: list[_Line] = []
    for word in words:  # a word whose middle is within the line's height is on it (code and smaller type sit lower)
        line = lines[-1] if lines else None
        middle = (word["top"] + word["bottom"]) / 2
        if line is not None and line.top - 1 <= middle <= line.bottom + 1:
            line.words.append(word)
            line.size = max(line.size, word["size"])
            line.bottom = max(line.bottom, word["bottom"])
        else:
            lines.append(_Line(page.page_number, word["x0"], word["top"], word["bottom"], word["size"], [word]))
    for line in lines:
        line.words.sort(key=lambda word: word["x0"])
        line.x0 = line.words[0]["x0"]
    return lines, tables


def _columns(line: _Line) -> bool:
    """Words of a line far apart, as in the columns of a table drawn without rules."""
    return any(right["x0"] - left["x1"] > 2 * line.size for left, right in zip(line.words, line.words[1:]))


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return bool(word["x0"] >= x0 - 1 and word["x1"] <= x1 + 1 and word["top"] >= top - 1 and word["bottom"] <= bottom + 1)


def _style(word: dict[str, Any]) -> str:
    font = str(word.get("fontname", "")).lower()
    return ("b" if "bold" in font or "black" in font or "heavy" in font else "") + ("i" if "italic" in font or "oblique" in font else "")


def _runs(words: list[dict[str, Any]]) -> str:
    """The words of a line as Markdown: runs of bold or italic words marked, words under a
    link annotation (http, https, mailto, tel) linked."""
    out: list[str] = []
    group: list[str] = []
    current: tuple[str, str | None] = ("", None)
    for word in [*words, None]:
        key = (_style(word), word.get("uri")) if word is not None else None
        if key != current and group:
            mark = {"b": "**", "i": "*", "bi": "***"}.get(current[0], "")
            text = f"{mark}{' '.join(group)}{mark}"
            out.append(f"[{text}]({link_target(current[1])})" if current[1] else text)
            group = []
        if word is not None and key is not None:
            group.append(escape_inline(word["text"]))
            current = key
    return " ".join(out)


class _Reader:
    def __init__(self, path: Path, image_folder: str, pages: list[tuple[list[_Line], list[Any], Any]]):
        self.path, self.file_name, self.image_folder, self.pages = path, path.name, image_folder, pages
        self.images: list[Image] = []
        self.mapped: list[str] = []
        self.unmapped: list[str] = []
        sizes: Counter[float] = Counter()
        for lines, _, _ in pages:
            for line in lines:
                for word in line.words:
                    sizes[round(word["size"] * 2) / 2] += len(word["text"])
        self.body_size = sizes.most_common(1)[0][0]
        larger = sorted({size for size in sizes if size >= self.body_size * HEADING_RATIO}, reverse=True)
        self.levels = {size: min(6, index + 1) for index, size in enumerate(larger)}
        self.running = self._running_lines()
        self.bold_headings = 0
        self.columns: set[int] = set()

    def _running_lines(self) -> set[str]:
        """Lines at the very top or bottom of more than half of the pages: running headers, footers, page numbers."""
        if len(self.pages) < 3:
            return set()
        seen: Counter[str] = Counter()
        for lines, _, page in self.pages:
            height = float(page.height)
            edge = {_shape(line.text) for line in lines if line.top < 0.08 * height or line.bottom > 0.92 * height}
            seen.update(edge)
        return {text for text, count in seen.items() if count > len(self.pages) / 2}

    def read(self) -> list[Block]:
        state = _State()
        dropped: set[str] = set()
        for lines, page_tables, page in self.pages:
            self._flush(state)
            state.blocks.append(ReviewNote(f"hub import: page {page.page_number} of {self.file_name}; "
                                           "check this part against the original, then delete this note"))
            self.mapped.append(f"page {page.page_number}: {len(lines)} lines of text read; marked for review")
            tables = sorted(((table.bbox[1], table) for table in page_tables), key=lambda pair: pair[0])
            for line in lines:
                while tables and tables[0][0] <= line.top:
                    self._flush(state)
                    state.blocks.extend(self._table(tables.pop(0)[1], page.page_number))
                if _shape(line.text) in self.running or re.fullmatch(r"(page )?\d{1,4}( of \d{1,4})?", line.text.lower()):
                    dropped.add(line.text)
                    continue
                self._line(state, line)
            for _, table in tables:
                self._flush(state)
                state.blocks.extend(self._table(table, page.page_number))
            self._flush(state)
            if page.images:
                state.blocks.extend(self._images(page))
        if self.columns:
            pages = ", ".join(str(page) for page in sorted(self.columns))
            self.unmapped.append(f"page(s) {pages}: text set in columns (a table without rules?) was read line by line; check it")
        if self.bold_headings:
            self.unmapped.append(f"{self.bold_headings} short line(s) set all in bold were read as headings; check them")
        if dropped:
            self.unmapped.append(f"{len(dropped)} running header, footer or page-number line(s) left out, e.g. {sorted(dropped)[0]!r}")
        return state.blocks

    # ----- lines into blocks
    def _line(self, state: _State, line: _Line) -> None:
        level = self.levels.get(round(line.size * 2) / 2)
        if level is None and self._bold_heading(line):
            level = min(6, len(self.levels) + 1)
            self.bold_headings += 1
        if level is not None:
            last = state.blocks[-1] if state.blocks else None
            wrapped = state.heading_end is not None and line.page == state.heading_end[0] and line.top - state.heading_end[1] <= 0.6 * line.size
            state.heading_end = (line.page, line.bottom)
            if wrapped and not state.paragraph and not state.items and isinstance(last, Heading) and last.level == level:
                state.blocks[-1] = Heading(level, last.text + " " + escape_inline(line.text), last.plain + " " + line.text)
                return
            self._flush(state)
            state.blocks.append(Heading(level, escape_inline(line.text), line.text))
            return
        state.heading_end = None
        if _columns(line):
            self.columns.add(line.page)
        first = line.words[0]["text"]
        bullet = _BULLET.match(first) or (re.match(r"^.", first) if state.items and first in _INNER_BULLETS else None)
        number = _NUMBER.match(first)
        if bullet or number:
            words = list(line.words)
            if bullet:
                rest = first[bullet.end():]
                words = ([{**words[0], "text": rest}] if rest else []) + words[1:]
            else:
                words = words[1:]
            if words:
                self._flush_paragraph(state)
                depth = self._depth(state, line.x0)
                if state.items and depth == state.items[0].level and state.items[-1].level == depth and state.items[-1].ordered != bool(number):
                    self._flush(state)  # a numbered list after a bulleted one (or the reverse) is another list
                    depth = 0
                state.items.append(_Item(depth, bool(number), line.x0, _runs(words), " ".join(w["text"] for w in words)))
                return
        if state.items and line.x0 > state.items[-1].x0 + 2 and not state.paragraph:
            item = state.items[-1]
            item.text = _join(item.text, _runs(line.words))
            item.plain = _join(item.plain, line.text)
            return
        if state.paragraph:
            previous = state.paragraph[-1]
            same = abs(previous.size - line.size) < 0.6 and line.page == previous.page
            close = line.top - previous.bottom <= 0.8 * line.size
            if not (same and close and abs(line.x0 - state.paragraph[0].x0) < 3 * line.size):
                self._flush_paragraph(state)
        else:
            self._flush(state)
        state.paragraph.append(line)

    def _bold_heading(self, line: _Line) -> bool:
        """A short line all in bold at the body's size, not ending as a sentence does: a
        heading set in bold rather than larger (reported, for the editor to check)."""
        text = line.text.strip()
        return (len(line.words) <= 12 and not _columns(line) and all("b" in _style(word) for word in line.words)
                and not re.search(r"[.,;:!?]$", text) and not _BULLET.match(text) and not _NUMBER.match(line.words[0]["text"]))

    def _depth(self, state: _State, x0: float) -> int:
        if not state.items:
            return 0
        previous = state.items[-1]
        if x0 > previous.x0 + 4:
            return previous.level + 1
        for item in reversed(state.items):
            if abs(item.x0 - x0) <= 4 or item.x0 < x0:
                return item.level
        return 0

    def _flush_paragraph(self, state: _State) -> None:
        if state.paragraph:
            text, plain = "", ""
            for line in state.paragraph:
                text, plain = _join(text, _runs(line.words)), _join(plain, line.text)
            state.blocks.append(Paragraph(text, plain))
            state.paragraph = []

    def _flush(self, state: _State) -> None:
        self._flush_paragraph(state)
        if state.items:
            state.blocks.append(_nest(state.items))
            state.items = []

    def _table(self, table: Any, page: int) -> list[Block]:
        rows = table.extract()
        if not rows or not rows[0]:
            return []
        merged = any(cell is None for row in rows for cell in row)
        cleaned = [tuple(escape_inline(" ".join(str(cell or "").split())) for cell in row) for row in rows]
        if merged:
            self.unmapped.append(f"page {page}: a table has merged cells; each merged cell's text is in its first cell")
        self.mapped.append(f"page {page}: a ruled table of {len(rows)} rows became a table")
        return [Table(cleaned[0], tuple(cleaned[1:]))]

    def _images(self, page: Any) -> list[Block]:
        blocks: list[Block] = []
        found = _page_images(self.path, page.page_number - 1)
        for index, _ in enumerate(page.images, start=1):
            data = found[index - 1] if index <= len(found) else None
            if data is None:
                self.unmapped.append(f"page {page.page_number}: image {index} could not be taken out; copy it from the original")
                continue
            name = f"image-{len(self.images) + 1}.png"
            self.images.append(Image(name, data, ""))
            path = f"{self.image_folder}/{name}"
            self.unmapped.append(f"{path}: the image has no alt text (a PDF keeps none that can be read); describe it in the page")
            blocks.append(Paragraph(f"![]({path})", ""))
            blocks.append(ReviewNote(f"hub import: the image {path} has no alt text; write one between the [ ] of its ![]() and delete this note"))
        return blocks


def _page_images(path: Path, page_index: int) -> list[bytes | None]:
    """The images drawn on a page, as PNG bytes, through pypdfium2 (pdfplumber's own renderer);
    None for one it cannot decode (reported, not fatal)."""
    import pypdfium2
    import pypdfium2.raw as raw

    out: list[bytes | None] = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for image in document[page_index].get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
            try:
                buffer = io.BytesIO()
                image.get_bitmap(render=False).to_pil().save(buffer, "PNG")
                out.append(buffer.getvalue())
            except Exception:  # pdfium raises its own error types for an image it cannot decode
                out.append(None)
    finally:
        document.close()
    return out


def _nest(items: list[_Item]) -> BulletList:
    """Flat items with depths into nested lists."""
    top = items[0].level

    def build(start: int, level: int) -> tuple[BulletList, int]:
        entries: list[tuple[Block, ...]] = []
        ordered = items[start].ordered
        index = start
        while index < len(items) and items[index].level >= level:
            item = items[index]
            if item.level > level:  # a deeper run belongs to the previous entry
                nested, index = build(index, item.level)
                if entries:
                    entries[-1] = (*entries[-1], nested)
                else:
                    entries.append((nested,))
                continue
            entries.append((Paragraph(item.text, item.plain),))
            index += 1
        return BulletList(ordered, tuple(entries)), index

    return build(0, top)[0]


def _join(text: str, more: str) -> str:
    if not text:
        return more
    if text.endswith("-") and more[:1].islower():
        return text[:-1] + more
    return text + " " + more


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())
