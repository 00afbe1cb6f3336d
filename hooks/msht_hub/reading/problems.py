"""Content problems: one line each, naming the file, the field, the value and what was expected."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # e.g. content/debriefs/op-fort.md
    field: str  # e.g. lessons[2].theme, or "front-matter" for the whole block
    message: str
    line: int = 0  # the line of the file it is on, when known (0: not known)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}" if self.line else f"{self.path}: {self.field}: {self.message}"


# The lines a failed build adds after its problems (the count, the site kept): never a problem themselves.
SUMMARY_MARKERS = ("was left exactly as it was", "the site directory was left as it was", "Aborted with",
                   "The preview keeps the last good pages")


def is_summary(message: str) -> bool:
    return any(marker in message for marker in SUMMARY_MARKERS)


class ContentError(Exception):
    """The content has problems an editor must fix; every problem of the run is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        super().__init__(f"{count} content problem{'s' if count != 1 else ''} found")


def did_you_mean(value: Any, choices: list[str] | tuple[str, ...]) -> str:
    """"; did you mean 'x'?" for a misspelt choice close to one of the choices, else ""."""
    import difflib

    if not isinstance(value, str):
        return ""
    lowered = {choice.lower(): choice for choice in choices}
    found = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f"; did you mean '{lowered[found[0]]}'?" if found else ""


def show(value: Any, limit: int = 60) -> str:
    """A short, readable rendering of a front-matter value for an error message."""
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, date):
        text = value.isoformat()
    elif value is None:
        text = "nothing (empty)"
    elif isinstance(value, (dict, list)):
        text = f"a {'mapping' if isinstance(value, dict) else 'list'} {value!r}"
    else:
        text = f"{type(value).__name__} {value!r}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_path(loc: tuple[int | str, ...]) -> str:
    """('lessons', 2, 'theme') -> 'lessons[2].theme'"""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "front-matter"


_EXPECTED = {
    "string_type": "expected text",
    "list_type": "expected a list",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "model_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "dict_type": "expected a mapping of fields",
    "greater_than_equal": "expected a number of at least {ge}",
    "greater_than": "expected a number greater than {gt}",
    "less_than_equal": "expected a number of at most {le}",
}


_EMPTY = {
    "string_type": "the text",
    "list_type": "a list",
    "literal_error": "one of: {expected}",
    "enum": "one of: {expected}",
    "model_type": "its fields",
    "model_attributes_type": "its fields",
    "dict_type": "its fields",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
}


def describe(error: dict[str, Any]) -> str:
    """One pydantic error as an editor-readable sentence (without the field)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    value: Any = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if value is None and kind in _EMPTY:  # written as `field:` or `field: null`, e.g. left for the editor by `hub import`
        return f"is empty; fill in {_EMPTY[kind].format(expected=ctx.get('expected', '').replace(' or ', ', '))}"
    if kind == "extra_forbidden":
        return f"unknown field (value {show(value)}); check the spelling against the front-matter reference"
    if kind == "invalid_key":
        return f"field names must be text, got {show(value)}"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        choices = [choice.strip().strip("'") for choice in expected.split(",") if choice.strip()]
        return f"{show(value)} is not one of: {expected}{did_you_mean(value, choices)}"
    if kind in ("string_too_short", "too_short") and value in ("", [], None):
        return "must not be empty"
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length')} item(s), got {len(value) if hasattr(value, '__len__') else show(value)}"
    if kind == "string_too_long":
        return f"is too long ({len(value)} characters); expected at most {ctx.get('max_length')}"
    if kind == "string_pattern_mismatch":
        return f"{show(value)} is not valid; expected text matching {ctx.get('pattern')}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind].format(**ctx)}, got {show(value)}"
    if kind.startswith("hub_"):  # our own PydanticCustomError messages already name value and expectation
        return str(error["msg"])
    return f"{error['msg']} (got {show(value)})"


def validation_failures(error: ValidationError) -> list[tuple[str, str]]:
    """Every error of a pydantic validation, as (field, message) pairs."""
    failures = []
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not _is_union_tag(part))
        failures.append((field_path(loc), describe(dict(item))))
    return failures


def _is_union_tag(part: int | str) -> bool:
    # pydantic adds the member type name to the location of errors inside unions
    return isinstance(part, str) and (part[:1].isupper() or "[" in part or part.startswith("function-"))
