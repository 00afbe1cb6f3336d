"""CSS in content, judged on the tokens a browser reads (CSS Syntax Level 3, by tinycss2):
escapes (`\\75 rl(`) and comments are decoded before anything is judged, so a value can only
be what it is read as.

Allowed: declarations of the properties below, whose values are plain words, numbers,
colours and the functions below. Refused: every other property, every other function (url(),
image-set(), image(), cross-fade(), element(), expression() ...), every at-rule (@import,
@font-face ...), and anything that does not read as CSS. Nothing a style says can fetch
from another origin or run."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import tinycss2

# What an editor's style= may set: the look of text, tables and boxes, nothing that positions
# a box over the page's own controls or loads anything.
PROPERTIES = frozenset({
    "color", "background-color", "text-align", "vertical-align", "font-weight", "font-style", "font-variant",
    "text-decoration", "text-transform", "white-space", "width", "min-width", "max-width", "height", "min-height",
    "max-height", "margin", "margin-top", "margin-right", "margin-bottom", "margin-left", "padding", "padding-top",
    "padding-right", "padding-bottom", "padding-left", "border", "border-top", "border-right", "border-bottom",
    "border-left", "border-color", "border-style", "border-width", "border-collapse", "border-spacing", "list-style-type",
    "text-indent", "line-height", "letter-spacing", "word-spacing", "font-size", "display", "float", "clear",
})
FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color-mix", "calc", "min", "max", "clamp"})
# A picture (SVG) also draws with transforms and refers to its own gradients, clips and masks
# (url(#id) only: nothing outside the file).
SVG_FUNCTIONS = FUNCTIONS | {"translate", "translatex", "translatey", "rotate", "scale", "scalex", "scaley", "skewx", "skewy",
                             "matrix", "drop-shadow", "blur", "brightness", "contrast", "grayscale", "hue-rotate", "invert",
                             "opacity", "saturate", "sepia", "url"}
_CANNOT_FETCH = "styles in content may not use url(), image-set(), @import or other functions that load or run something"


def _value_problems(tokens: Iterable[Any], functions: frozenset[str]) -> list[str]:
    problems: list[str] = []
    stack = [iter(tokens)]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
            continue
        kind = token.type
        if kind == "url":
            if "url" not in functions or not token.value.startswith("#"):
                problems.append(f"url({token.value}): {_CANNOT_FETCH}")
        elif kind == "function":
            name = token.lower_name
            if name not in functions:
                problems.append(f"{name}(): {_CANNOT_FETCH}")
            elif name == "url":
                target = "".join(part.value for part in token.arguments if part.type == "string")
                if not target.startswith("#"):
                    problems.append(f"url({target}): {_CANNOT_FETCH}")
            else:
                stack.append(iter(token.arguments))
        elif kind in ("() block", "[] block", "{} block"):
            stack.append(iter(token.content))
        elif kind == "error":
            problems.append(f"cannot be read as CSS ({token.message})")
        elif kind == "at-keyword":
            problems.append(f"@{token.lower_value}: {_CANNOT_FETCH}")
    return problems


def declarations_problems(css: str, *, properties: frozenset[str] | None = PROPERTIES,
                          functions: frozenset[str] = FUNCTIONS) -> list[str]:
    """What a list of declarations (a style= attribute) may not carry; `properties=None`
    allows any property (an SVG picture's own styling) but still judges every value."""
    problems: list[str] = []
    for item in tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            problems += _value_problems(item.value, functions)
            if properties is not None and item.lower_name not in properties:
                problems.append(f"the property {item.lower_name} is not one content may set")
        elif item.type == "at-rule":
            problems.append(f"@{item.lower_at_keyword}: {_CANNOT_FETCH}")
        else:
            problems.append(f"cannot be read as CSS ({getattr(item, 'message', item.type)})")
    return problems


def stylesheet_problems(css: str, functions: frozenset[str] = SVG_FUNCTIONS) -> list[str]:
    """What a style sheet (an SVG picture's <style>) may not carry: rules of declarations
    judged as above, and no at-rule but @media."""
    problems: list[str] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            problems += _value_problems(rule.prelude, functions | {"not", "is", "where", "nth-child", "nth-of-type"})
            problems += declarations_problems(tinycss2.serialize(rule.content), properties=None, functions=functions)
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content is not None:
            problems += _value_problems(rule.prelude, functions)
            problems += stylesheet_problems(tinycss2.serialize(rule.content), functions)
        elif rule.type == "at-rule":
            problems.append(f"@{rule.lower_at_keyword}: {_CANNOT_FETCH}")
        else:
            problems.append(f"cannot be read as CSS ({getattr(rule, 'message', rule.type)})")
    return problems


def value_problems(value: str, functions: frozenset[str] = SVG_FUNCTIONS) -> list[str]:
    """What one CSS value (an SVG presentation attribute such as fill="url(#g)") may not carry."""
    return _value_problems(tinycss2.parse_component_value_list(value, skip_comments=True), functions)
