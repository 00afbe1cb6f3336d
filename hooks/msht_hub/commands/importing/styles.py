"""Named styles of a Word document and what they become: the hub's defaults for common
template names, overridden or extended by `extra.hub.import.style_map` of mkdocs.yml."""
from __future__ import annotations

import re
from collections.abc import Mapping

DEFAULT_STYLE_MAP: dict[str, str] = {
    "action box": "action-prompt",
    "action": "action-prompt",
    "action prompt": "action-prompt",
    "warning": "warning",
    "caution": "warning",
    "danger": "danger",
    "note": "note",
    "tip": "tip",
    "information": "info",
    "lesson": "lesson",
    "lesson learned": "lesson",
    "lesson learnt": "lesson",
    "good practice": "good-practice",
    "quote": "quote",
    "intense quote": "quote",
}

# Word's own styles for ordinary text, lists, tables and notes: read as what they are
# (pandoc already makes them paragraphs, lists, tables, footnotes), never reported.
_ORDINARY = re.compile(
    r"^(normal( \(web\)| indent)?|body text( \d| first indent( \d)?| indent( \d)?)?|first paragraph|compact|no spacing|"
    r"plain text|list( \w+)*( \d)?|table( \w+)*|caption|title|subtitle|heading \d|"
    r"footnote (text|reference)|endnote (text|reference)|default paragraph font|hyperlink|followedhyperlink|"
    r"strong|emphasis|block text|header|footer|page number|date|signature|salutation|closing|"
    r"source code|verbatim char|abstract|author|bibliography|definition( term)?|figure|image caption|"
    r"table caption|captioned figure|body|balloon text|comment text|revision)$"
)


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class StyleMap:
    def __init__(self, configured: Mapping[str, str]):
        self._map = {**DEFAULT_STYLE_MAP, **{_key(name): target for name, target in configured.items()}}

    def target(self, style: str) -> str | None:
        """What the style becomes, or None for a style that is ordinary text or not mapped."""
        return self._map.get(_key(style))

    @staticmethod
    def ordinary(style: str) -> bool:
        return bool(_ORDINARY.match(_key(style)))
