"""The page body from the blocks of an import: Markdown that the hub's own extensions read
(admonition, tables, footnotes, tasklist), lists indented four spaces as Python-Markdown expects."""
from __future__ import annotations

import re
from collections.abc import Sequence

from msht_hub.commands.importing.blocks import (
    ActionPrompts,
    Admonition,
    Block,
    BulletList,
    Code,
    Heading,
    LessonText,
    Paragraph,
    Quote,
    ReviewNote,
    Rule,
    Table,
    escape,
    guard_line_starts,
    longest_run,
)

INDENT = "    "


def body(blocks: Sequence[Block], footnotes: Sequence[str] = ()) -> str:
    text = blocks_text(blocks)
    notes = [f"[^{number}]: {_indent(note, first='')}" for number, note in enumerate(footnotes, start=1)]
    return "\n\n".join(part for part in (text, *notes) if part) + "\n"


def _indent(text: str, first: str = INDENT) -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0], *[(INDENT + line) if line else "" for line in lines[1:]]])


def blocks_text(blocks: Sequence[Block]) -> str:
    return "\n\n".join(chunk for chunk in (_block(block) for block in blocks) if chunk)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        text = re.sub(r"#+$", lambda m: "\\#" * len(m.group()), block.text.replace("\n", " ").strip())  # closing hashes would be dropped
        return "#" * block.level + " " + text
    if isinstance(block, Paragraph):
        return guard_line_starts(block.text)
    if isinstance(block, LessonText):
        return escape(block.plain)
    if isinstance(block, BulletList):
        return _list(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Admonition):
        return f"!!! {block.type}\n\n" + _indent(blocks_text(block.blocks))
    if isinstance(block, ActionPrompts):
        return "\n".join("- [ ] " + _indent(guard_line_starts(item), first="").replace("\n" + INDENT, "\n      ") for item in block.items)
    if isinstance(block, Quote):
        return "\n".join(("> " + line) if line else ">" for line in blocks_text(block.blocks).split("\n"))
    if isinstance(block, Code):
        fence = "`" * max(3, longest_run(block.text, "`") + 1)
        return f"{fence}text\n{block.text}\n{fence}"
    if isinstance(block, ReviewNote):
        return "<!-- " + block.text.replace("--", "- -").replace(">", "&gt;") + " -->"
    if isinstance(block, Rule):
        return "* * *"
    raise TypeError(f"not a block: {block!r}")


def _list(block: BulletList) -> str:
    loose = any(sum(not isinstance(part, BulletList) for part in item) > 1 for item in block.items)
    items = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}." if block.ordered else "-"
        parts: list[str] = []
        for index, part in enumerate(item):
            text = _block(part)
            if not parts:
                parts.append(text)
            else:  # a nested list follows its item's text directly: the list stays tight
                parts.append(("\n" if isinstance(part, BulletList) and not loose and index else "\n\n") + text)
        inner = "".join(parts) or "\u00a0"
        items.append(marker.ljust(len(INDENT)) + _indent(inner, first="")[0:])
    return ("\n\n" if loose else "\n").join(items)


def _table(table: Table) -> str:
    width = max([len(table.header), *(len(row) for row in table.rows)])

    def line(cells: Sequence[str]) -> str:
        cells = [*cells, *[""] * (width - len(cells))]
        return "| " + " | ".join(cell.replace("\n", " ") or " " for cell in cells) + " |"

    return "\n".join([line(table.header), "| " + " | ".join(["---"] * width) + " |", *(line(row) for row in table.rows)])

