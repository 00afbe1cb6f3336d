"""Word documents through pandoc (the pypandoc-binary wheel carries it: no download at run
time). pandoc reads the .docx with its `styles` extension, so that every paragraph keeps the
name of its Word style; its JSON tree is read here into the import's blocks, and the style
map turns a template's named styles into action prompts, admonitions and lessons."""
from __future__ import annotations

import json
import re
import subprocess
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from msht_hub.commands.importing.blocks import (
    LINK_SCHEMES,
    ActionPrompts,
    Admonition,
    Block,
    BulletList,
    Code,
    Converted,
    Heading,
    Image,
    LessonText,
    Paragraph,
    Quote,
    ReviewNote,
    Rule,
    Table,
    escape,
    escape_inline,
    link_target,
    longest_run,
)
from msht_hub.commands.importing.failures import ImportFailure
from msht_hub.commands.importing.markdown import blocks_text
from msht_hub.commands.importing.styles import StyleMap
from msht_hub.policies.svg import unsafe_svg

PANDOC_TIMEOUT = 120  # seconds for one document
_TOC = re.compile(r"^toc( \d| heading)?$", re.I)
_CONTENTS = re.compile(r"^(table of )?contents$", re.I)
_BROWSER_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


def pandoc() -> str:
    import pypandoc  # the wheel's own binary; pypandoc_binary ships it inside the package

    return str(pypandoc.get_pandoc_path())


def pandoc_version() -> str:
    out = subprocess.run([pandoc(), "--version"], capture_output=True, text=True, timeout=30, check=True).stdout
    return out.split()[1] if out.startswith("pandoc") else out.strip().splitlines()[0]


def convert_docx(path: Path, style_map: StyleMap, image_folder: str) -> Converted:
    """Raise ImportFailure (one line) when pandoc cannot read the file."""
    with tempfile.TemporaryDirectory(prefix="hub-import-") as media:
        try:
            done = subprocess.run([pandoc(), "--from=docx+styles", "--to=json", f"--extract-media={media}", str(path)],
                                  capture_output=True, timeout=PANDOC_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ImportFailure(f"took longer than {PANDOC_TIMEOUT} s to convert; split it into smaller documents") from None
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ImportFailure(f"is not a Word document pandoc can read ({detail[-1] if detail else 'no detail'})")
        tree = json.loads(done.stdout)
        reader = _Reader(style_map, Path(media), image_folder)
        blocks = reader.blocks(tree.get("blocks", []))
        title = _stringify(tree.get("meta", {}).get("title", {}).get("c", [])) or None
    converted = Converted(blocks, title, "pandoc", pandoc_version(), paragraphs=_paragraph_range(path),
                          footnotes=reader.footnotes, images=reader.images)
    converted.mapped.extend(reader.mapped_lines())
    converted.unmapped.extend(reader.unmapped_lines())
    return converted


def _paragraph_range(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8", "replace")
    return f"1-{max(1, len(re.findall(r'<w:p[ >/]', xml)))}"


def _stringify(inlines: Any) -> str:
    """The plain text of pandoc inlines (or blocks)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            kind, content = node.get("t"), node.get("c", [])
            if kind == "Str":
                out.append(content)
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif kind in ("Code", "Math"):
                out.append(content[-1])
            elif kind == "Note":
                return
            elif kind == "Quoted":
                mark = "\u201c\u201d" if content[0]["t"] == "DoubleQuote" else "\u2018\u2019"
                out.append(mark[0])
                walk(content[1])
                out.append(mark[1])
            elif kind in ("Link", "Image", "Span", "Div"):
                walk(content[1])
            elif kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Plain", "Para", "Header"):
                walk(content[-1] if kind == "Header" else content)
            elif kind == "Cite":
                walk(content[1])
            elif isinstance(content, list):
                walk(content)

    walk(inlines)
    return " ".join("".join(out).split())


@dataclass
class _Styled:
    """Consecutive paragraphs of one mapped style, before they become a hub block."""

    target: str
    style: str
    blocks: list[Block] = field(default_factory=list)
    plains: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, style_map: StyleMap, media: Path, image_folder: str):
        self.style_map, self.media, self.image_folder = style_map, media, image_folder
        self.footnotes: list[str] = []
        self.images: list[Image] = []
        self._image_names: dict[str, str] = {}
        self._missing_alt: list[str] = []
        self.mapped: Counter[tuple[str, str]] = Counter()
        self.unknown: Counter[str] = Counter()
        self.problems: list[str] = []
        self.tables = 0
        self.toc_lines = 0
        self.internal_links = 0

    # ----- report
    def mapped_lines(self) -> list[str]:
        return [f"style '{style}': {count} paragraph{'s' if count != 1 else ''} became {_TARGET_LABEL.get(target, f'{target} admonitions')}"
                for (style, target), count in sorted(self.mapped.items())]

    def unmapped_lines(self) -> list[str]:
        lines = [f"style '{style}': {count} paragraph{'s' if count != 1 else ''} kept as ordinary text; "
                 f"the style is not in extra.hub.import.style_map" for style, count in sorted(self.unknown.items())]
        if self.toc_lines:
            lines.append(f"the table of contents ({self.toc_lines} lines) was left out; the hub makes its own")
        if self.internal_links:
            lines.append(f"{self.internal_links} link(s) to places inside the document (headings, bookmarks) were kept as text")
        counted = Counter(self.problems)
        return lines + [line if count == 1 else f"{line} ({count} times)" for line, count in counted.items()]

    # ----- blocks
    def blocks(self, items: list[Any]) -> list[Block]:
        pieces: list[Block | _Styled] = []
        for item in items:
            for piece in self._piece(item):
                last = pieces[-1] if pieces else None
                if isinstance(piece, _Styled) and isinstance(last, _Styled) and last.target == piece.target and piece.target != "quote":
                    last.blocks.extend(piece.blocks)
                    last.plains.extend(piece.plains)
                else:
                    pieces.append(piece)
            pieces.extend(ReviewNote(note) for note in self._missing_alt)
            self._missing_alt.clear()
        return [block for piece in pieces for block in (self._realise(piece) if isinstance(piece, _Styled) else [piece])]

    def _realise(self, styled: _Styled) -> list[Block]:
        self.mapped[(styled.style, styled.target)] += max(1, len(styled.plains))
        if styled.target == "action-prompt":
            items = [text for block in styled.blocks for text in _paragraph_texts(block)]
            return [ActionPrompts(tuple(items))] if items else []
        if styled.target in ("lesson", "good-practice"):
            return [LessonText(styled.target, plain) for plain in styled.plains if plain]
        if styled.target == "quote":
            return [Quote(tuple(styled.blocks))]
        return [Admonition(styled.target, tuple(styled.blocks))]

    def _piece(self, node: dict[str, Any]) -> list[Block | _Styled]:  # noqa: C901 - one case per pandoc block
        kind, content = node["t"], node.get("c", [])
        if kind == "Div":
            (_, _, attributes), inner = content
            style = dict(attributes).get("custom-style")
            if style and _TOC.match(style.strip()):
                self.toc_lines += 1  # the hub makes its own table of contents
                return []
            if style:
                target = self.style_map.target(style)
                if target:
                    return [_Styled(target, style, self.blocks(inner), [_stringify(block) for block in inner])]
                if not self.style_map.ordinary(style):
                    self.unknown[style] += max(1, len(inner))
            return list(self.blocks(inner))
        if kind in ("Para", "Plain"):
            text = self.inlines(content).strip()
            return [Paragraph(text, _stringify(content))] if text else []
        if kind == "Header" and _CONTENTS.match(_stringify(content[2])):
            self.toc_lines += 1  # the heading of the document's own table of contents
            return []
        if kind == "Header":
            level, _, inlines = content
            text = self.inlines(inlines).strip()
            return [Heading(min(6, level), text, _stringify(inlines))] if text else []
        if kind in ("BulletList", "OrderedList"):
            items = content if kind == "BulletList" else content[1]
            styled = self._styled_list(items)
            if styled is not None:
                return [styled]
            return [BulletList(kind == "OrderedList", tuple(tuple(self.blocks(item)) for item in items))]
        if kind == "BlockQuote":
            return [Quote(tuple(self.blocks(content)))]
        if kind == "CodeBlock":
            return [Code(content[1])]
        if kind == "HorizontalRule":
            return [Rule()]
        if kind == "Table":
            return list(self._table(content))
        if kind == "Figure":
            _, (_, caption), inner = content
            out: list[Block | _Styled] = list(self.blocks(inner))
            if _stringify(caption):
                out.append(Paragraph("*" + escape(_stringify(caption)) + "*", _stringify(caption)))
            return out
        if kind == "LineBlock":
            lines = [self.inlines(line) for line in content]
            return [Paragraph("  \n".join(lines), " ".join(_stringify(line) for line in content))]
        if kind == "DefinitionList":
            out = []
            for term, definitions in content:
                out.append(Paragraph("**" + self.inlines(term).strip() + "**", _stringify(term)))
                for definition in definitions:
                    out.extend(self.blocks(definition))
            return out
        if kind == "RawBlock":
            self.problems.append(f"a raw {content[0]} block was left out")
            return []
        return []

    def _styled_list(self, items: list[Any]) -> _Styled | None:
        """A list whose every item is a paragraph of one mapped style (bulleted action boxes)."""
        targets = set()
        for item in items:
            if len(item) != 1 or item[0]["t"] != "Div":
                return None
            style = dict(item[0]["c"][0][2]).get("custom-style")
            target = self.style_map.target(style) if style else None
            if target is None:
                return None
            targets.add((style, target))
        if len(targets) != 1:
            return None
        style, target = targets.pop()
        styled = _Styled(str(target), str(style))
        for item in items:
            styled.blocks.extend(self.blocks(item[0]["c"][1]))
            styled.plains.extend(_stringify(block) for block in item[0]["c"][1])
        return styled

    def _table(self, content: list[Any]) -> list[Block]:
        self.tables += 1
        number = self.tables
        _, (_, caption), colspecs, head, bodies, foot = content
        width = len(colspecs)
        source_rows = list(head[1])
        for body in bodies:
            source_rows += list(body[2]) + list(body[3])
        source_rows += list(foot[1])
        grid: list[list[str]] = []
        carried: dict[int, int] = {}  # column -> rows still covered by a cell above
        merged = flattened = False
        for _, cells in source_rows:
            row: list[str] = []
            cells = list(cells)
            while len(row) < width and (cells or carried):
                column = len(row)
                if carried.get(column):
                    carried[column] -= 1
                    row.append("")
                    continue
                if not cells:
                    row.append("")
                    continue
                _, _, rowspan, colspan, blocks = cells.pop(0)
                text, flat = self._cell(blocks)
                flattened = flattened or flat
                if rowspan > 1 or colspan > 1:
                    merged = True
                row.append(text)
                for extra in range(colspan):
                    if rowspan > 1:
                        carried[column + extra] = rowspan - 1
                    if extra:
                        row.append("")
            grid.append(row + [""] * (width - len(row)))
        if not grid:
            return []
        if merged:
            self.problems.append(f"table {number}: merged cells were split; each merged cell's text is in its first cell")
        if flattened:
            self.problems.append(f"table {number}: a cell held a list, several paragraphs or a table; written as lines of text in one cell")
        if not head[1]:
            self.problems.append(f"table {number}: the source marks no header row; its first row became the header")
        out: list[Block] = []
        if _stringify(caption):
            out.append(Paragraph("*" + escape(_stringify(caption)) + "*", _stringify(caption)))
        out.append(Table(tuple(grid[0]), tuple(tuple(row) for row in grid[1:])))
        return out

    def _cell(self, blocks: list[Any]) -> tuple[str, bool]:
        parts = self.blocks(blocks)
        simple = all(isinstance(part, Paragraph) for part in parts)
        if simple and len(parts) <= 1:
            return (parts[0].text if parts and isinstance(parts[0], Paragraph) else ""), False
        lines = []
        for part in parts:
            if isinstance(part, Paragraph):
                lines.append(part.text)
            elif isinstance(part, BulletList):
                lines.extend("\u2022 " + " ".join(_cell_line(block) for block in item) for item in part.items)
            else:
                lines.append(_cell_line(part))
        return "<br>".join(line.replace("\n", " ") for line in lines if line), True

    # ----- inlines
    def inlines(self, nodes: list[Any]) -> str:
        return "".join(self._inline(node) for node in nodes)

    def _inline(self, node: dict[str, Any]) -> str:
        kind, content = node["t"], node.get("c", [])
        if kind == "Str":
            return escape_inline(content)
        if kind in ("Space", "SoftBreak"):
            return " "
        if kind == "LineBreak":
            return "  \n"
        if kind in ("Emph", "Strong"):
            inner = self.inlines(content)
            mark = "*" if kind == "Emph" else "**"
            stripped = inner.strip()
            if not stripped:
                return inner
            lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
            return f"{lead}{mark}{stripped}{mark}{trail}"
        if kind in ("Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            return self.inlines(content)
        if kind == "Quoted":
            marks = "\u201c\u201d" if content[0]["t"] == "DoubleQuote" else "\u2018\u2019"
            return marks[0] + self.inlines(content[1]) + marks[1]
        if kind == "Cite":
            return self.inlines(content[1])
        if kind == "Code":
            text = content[1]
            fence = "`" * (longest_run(text, "`") + 1)
            pad = " " if text.startswith("`") or text.endswith("`") else ""
            return f"{fence}{pad}{text}{pad}{fence}"
        if kind == "Math":
            return escape_inline(content[1])
        if kind == "Span":
            return self.inlines(content[1])
        if kind == "Link":
            return self._link(content)
        if kind == "Image":
            return self._image(content)
        if kind == "Note":
            self.footnotes.append(blocks_text(self.blocks(content)))
            return f"[^{len(self.footnotes)}]"
        if kind == "RawInline":
            self.problems.append(f"raw {content[0]} text was left out: {content[1][:40]!r}")
            return ""
        return ""

    def _link(self, content: list[Any]) -> str:
        _, inlines, (url, _) = content
        text = self.inlines(inlines).strip()
        if url.startswith(LINK_SCHEMES):
            safe = link_target(url)
            return f"[{text}]({safe})" if text else f"[{escape_inline(url)}]({safe})"
        if url.startswith("#"):
            self.internal_links += 1
        else:
            self.problems.append(f"a link to {url[:60]!r} (a file, or another kind of address) was kept as text")
        return text

    def _image(self, content: list[Any]) -> str:
        _, alt_inlines, (target, _) = content
        source = Path(target)
        if not source.is_file() or not source.resolve().is_relative_to(self.media.resolve()):
            self.problems.append(f"an image that is not inside the document ({target[:60]!r}) was left out")
            return ""
        alt = _stringify(alt_inlines)
        name = self._image_names.get(str(source))
        if name is None:
            data = source.read_bytes()
            suffix = source.suffix.lower()
            name = f"image-{len(self.images) + 1}{suffix}"
            if suffix not in _BROWSER_IMAGES:
                self.problems.append(f"{self.image_folder}/{name} is a {suffix} image, which browsers do not show; "
                                     "replace it with a PNG or JPEG")
            if suffix == ".svg" and unsafe_svg(data.decode("utf-8", "replace")):
                self.problems.append(f"{self.image_folder}/{name}: the SVG image carries scripts or links and was left out")
                return ""
            self._image_names[str(source)] = name
            self.images.append(Image(name, data, alt))
        path = f"{self.image_folder}/{name}"
        if not alt:
            self.problems.append(f"{path}: the image has no alt text; describe it in the page")
            self._missing_alt.append(f"hub import: the image {path} has no alt text; write one between the [ ] of its ![]() and delete this note")
        return f"![{escape_inline(alt)}]({path})"


_TARGET_LABEL = {"action-prompt": "action prompts", "lesson": "debrief lessons", "good-practice": "debrief good practice",
                 "quote": "quotes"}


def _paragraph_texts(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, BulletList):
        return [text for item in block.items for part in item[:1] for text in _paragraph_texts(part)]
    if isinstance(block, ActionPrompts):
        return list(block.items)
    return []


def _cell_line(block: Block) -> str:
    if isinstance(block, (Paragraph, Heading)):
        return block.text
    if isinstance(block, LessonText):
        return escape(block.plain)
    return blocks_text([block]).replace("\n", " ")

