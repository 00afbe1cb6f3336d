"""Text hygiene: the characters, numbers and file names the hub refuses at the reader, so that
every feed and XML output parses, nothing hides or reverses what an editor sees, and the zip
edition unpacks on Windows, macOS and Linux. Each rule returns why a value breaks it, or None."""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

# C0 controls but tab and newline, DEL and C1: not allowed in XML 1.0 text, invisible in a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Not characters at all: the surrogates and U+FFFE, U+FFFF, which XML 1.0 refuses too.
_NOT_TEXT = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Controls that reorder text (bidirectional embeddings, overrides, isolates and marks) and
# characters of no width: they make a title, id or address read differently from what it is.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]")
MAX_INTEGER = 10**12  # no count, year or order of a page comes near this
MAX_NUMBER_DIGITS = 15  # a number written with more digits than this is refused before it is read

# Names Windows cannot create, whatever the ending or letter case.
# Windows' device names (Microsoft's "Naming Files, Paths, and Namespaces"): with the
# superscript digits ¹ ² ³, which Windows counts as digits too, and the console's own names.
_DEVICE_DIGITS = "123456789\u00b9\u00b2\u00b3"
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
                     *(f"com{n}" for n in _DEVICE_DIGITS), *(f"lpt{n}" for n in _DEVICE_DIGITS)}
_WINDOWS_CHARACTERS = re.compile(r'[<>:"|?*\\]')


def _codepoint(character: str) -> str:
    return f"U+{ord(character):04X}"


def control_problem(text: str) -> str | None:
    found = _CONTROL.search(text)
    if found is None:
        if (other := _NOT_TEXT.search(text)) is not None:
            return (f"holds {_codepoint(other.group())} at position {other.start() + 1}, which is not a character "
                    "(feeds and every XML output refuse it); expected plain text")
        return None
    return (f"holds the control character {_codepoint(found.group())} at position {found.start() + 1}; "
            "expected plain text (tabs and line breaks only)")


def invisible_problem(text: str) -> str | None:
    found = _INVISIBLE.search(text)
    if found is None:
        return None
    name = unicodedata.name(found.group(), "an invisible character")
    return (f"holds {_codepoint(found.group())} ({name.lower()}) at position {found.start() + 1}, which reorders or hides text; "
            "expected visible characters only")


def line_break_problem(text: str) -> str | None:
    return "holds a line break; expected one line" if "\n" in text else None


def number_problem(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and abs(value) > MAX_INTEGER:
        return f"is a number larger than {MAX_INTEGER:,}; expected a real count, year or order"
    if isinstance(value, float) and not math.isfinite(value):
        return f"is {value!r}, not a number that can be written; expected a finite number"
    if isinstance(value, float) and abs(value) > MAX_INTEGER:
        return f"is a number larger than {MAX_INTEGER:,}; expected a real count, year or order"
    return None


def front_matter_problems(data: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(field, message) for every key and value of a front-matter block that holds a control
    character or an unbounded number, walked without recursion."""
    stack: list[tuple[str, Any]] = [(where, data)]
    while stack:
        field, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                name = f"{field}.{key}" if field else str(key)
                if isinstance(key, str) and (problem := control_problem(key)):
                    yield name, f"the field's name {problem}"
                    continue
                stack.append((name, item))
        elif isinstance(value, list):
            stack.extend((f"{field}[{index}]", item) for index, item in enumerate(value))
        elif isinstance(value, str):
            if problem := control_problem(value):
                yield field or "front-matter", problem
        elif problem := number_problem(value):
            yield field or "front-matter", problem


def long_number_problem(written: str) -> str | None:
    """Why a number as written in YAML is too long to read (Python refuses to read integers of
    more than 4,300 digits, and none is needed), or None."""
    digits = sum(character.isdigit() for character in written)
    if digits > MAX_NUMBER_DIGITS:
        return f"is a number of {digits} digits; expected at most {MAX_NUMBER_DIGITS}"
    return None


def file_name_problem(name: str) -> str | None:
    """Why a file or folder name cannot be created on Windows, macOS or Linux, or shows
    differently from what it is, or None."""
    if problem := control_problem(name):
        return f"the name {problem}"
    if "\n" in name or "\t" in name:
        return "the name holds a tab or line break; rename it"
    if problem := invisible_problem(name):
        return f"the name {problem}"
    if found := _WINDOWS_CHARACTERS.search(name):
        return f"the name holds '{found.group()}', which Windows does not allow in a name; rename it without <>:\"|?*\\"
    if name.endswith((".", " ")):
        return "the name ends in a dot or space, which Windows drops; rename it"
    if name.split(".", 1)[0].rstrip(" ").lower() in _WINDOWS_RESERVED:
        return (f"'{name.split('.', 1)[0]}' is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9, COM¹-³, LPT¹-³, CONIN$, CONOUT$), "
                "with any ending; rename it")
    return None


def name_key(path: str) -> str:
    """The key under which two names are the same file on some file system: after Unicode
    NFC normalisation (macOS decomposes) and letter case (Windows, macOS)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", path).casefold())
