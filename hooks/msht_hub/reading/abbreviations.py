"""Markdown's abbr extension in linear time.

Python-Markdown's abbreviation tree processor finds each element's place among its siblings
with `list(parent).index(el)`, which makes a page of n paragraphs cost n² (80,000 short
paragraphs: minutes). This extension, listed after `abbr`, replaces that processor with one
that walks the same tree passing each child's index, with the same output."""
from __future__ import annotations

from xml.etree import ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor
from markdown.util import AtomicString


class LinearAbbrTreeprocessor(AbbrTreeprocessor):
    def iter_element(self, el: etree.Element, parent: etree.Element | None = None, index: int = 0) -> None:
        for child_index in range(len(el) - 1, -1, -1):  # backwards: inserting after a child never moves an earlier one
            self.iter_element(el[child_index], el, child_index)
        if text := el.text:
            if not isinstance(text, AtomicString):
                for match in reversed(list(self.RE.finditer(text))):
                    if self.abbrs[match.group(0)]:
                        el.insert(0, self.create_element(self.abbrs[match.group(0)], match.group(0), text[match.end():]))
                        text = text[:match.start()]
                el.text = text
        if parent is not None and el.tail:
            tail = el.tail
            if not isinstance(tail, AtomicString):
                for match in reversed(list(self.RE.finditer(tail))):
                    if self.abbrs[match.group(0)]:
                        parent.insert(index + 1, self.create_element(self.abbrs[match.group(0)], match.group(0), tail[match.end():]))
                        tail = tail[:match.start()]
                el.tail = tail


class LinearAbbrExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        if "abbr" not in md.treeprocessors:
            return
        existing = md.treeprocessors["abbr"]
        priority = next(item.priority for item in md.treeprocessors._priority if item.name == "abbr")
        md.treeprocessors.register(LinearAbbrTreeprocessor(md, existing.abbrs), "abbr", priority)


def makeExtension(**kwargs: object) -> LinearAbbrExtension:
    return LinearAbbrExtension(**kwargs)
