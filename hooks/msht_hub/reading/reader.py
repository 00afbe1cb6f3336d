"""Reading one content file: its YAML front-matter and its Markdown body.

YAML is read strictly: syntax errors name the line, duplicate keys are refused, and
dates stay as text so that the model can say which field holds an impossible date."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from msht_hub.policies.text_hygiene import front_matter_problems, long_number_problem
from msht_hub.reading.problems import Problem, show


class _Strict:
    """Refuses duplicate keys; with the resolvers below, leaves timestamps as strings."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: let SafeLoader report it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


MAX_DEPTH = 20  # front-matter nests a few levels (lessons[2].theme); more is a mistake or an attack
MAX_BYTES = 256 * 1024  # a front-matter block larger than this is refused before it is parsed


class Refused(yaml.YAMLError):
    """A YAML construct the hub does not read, with where it is."""

    def __init__(self, message: str, mark: Any = None, field: str = ""):
        super().__init__(message)
        self.problem, self.problem_mark, self.context = message, mark, None
        self.field = field  # the field it is in, when known


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
# The kinds of value YAML gives without being told (text, numbers, true/false, nothing, lists,
# mappings): an explicit tag (!!binary, !!set, !!python/..., !custom) is refused, so what a
# reviewer reads is what the hub reads (base64 hides words; other tags make other objects).
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "map", "seq", "merge", "value"))


def _bounded(node: yaml.Node | None) -> None:
    """Refuse aliases (*name, <<: *name) and nesting deeper than MAX_DEPTH, walking the
    composed nodes once without recursion: an alias is a node reached a second time, so a
    block of anchors and aliases is refused in time linear in its size."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int, str]] = [(node, 1, "")] if node is not None else []
    while stack:
        current, depth, where = stack.pop()
        if id(current) in seen:
            raise Refused("an alias (*name) repeats another value; YAML anchors and aliases are not allowed "
                          "in front-matter: write the value out", current.start_mark)
        seen.add(id(current))
        if current.tag not in _PLAIN_TAGS:
            raise Refused(f"the tag '{current.tag.removeprefix('tag:yaml.org,2002:')}' makes a value of another kind; "
                          "expected plain text, numbers, lists and fields (remove the tag)", current.start_mark, where)
        if depth > MAX_DEPTH:
            raise Refused(f"values are nested more than {MAX_DEPTH} levels deep; expected a flat block of fields",
                          current.start_mark)
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((key, depth + 1, where))
                stack.append((value, depth + 1, f"{where}.{name}" if where else name))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, depth + 1, f"{where}[{index}]") for index, item in enumerate(current.value))
        elif isinstance(current, yaml.ScalarNode) and current.tag in (_INT, _FLOAT):
            problem = long_number_problem(current.value)
            if problem:  # Python refuses to read an integer of 4,300 digits or more: refused before it is read
                raise Refused(problem, current.start_mark, where)


class _Bounded:
    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _bounded(node)
        return self.construct_document(node)


class _ExactLoader(_Bounded, _Strict, yaml.SafeLoader):
    """Pure-Python parsing: its error messages are the ones editors see."""


class _FastLoader(_Bounded, _Strict, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser where PyYAML has it (several times faster), same rules."""


for _loader in (_ExactLoader, _FastLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
        lambda loader, node: dict(loader.construct_mapping(node)),
    )


class _Handler(YAMLHandler):
    def load(self, fm: str, **kwargs: Any) -> Any:
        if len(fm.encode("utf-8")) > MAX_BYTES:
            raise Refused(f"is larger than {MAX_BYTES // 1024} KB; expected a short block of fields")
        try:
            return yaml.load(fm, Loader=_FastLoader)  # noqa: S506 - SafeLoader subclasses
        except Refused:
            raise
        except yaml.YAMLError:
            pass
        except RecursionError:
            raise Refused(f"values are nested too deeply; expected at most {MAX_DEPTH} levels") from None
        try:
            return yaml.load(fm, Loader=_ExactLoader)  # noqa: S506 - raises the readable message
        except RecursionError:
            raise Refused(f"values are nested too deeply; expected at most {MAX_DEPTH} levels") from None


MAX_BODY_NESTING = 20  # quotes or lists inside each other; the Markdown engine recurses once per level
_QUOTES = re.compile(r"^[ \t]{0,3}((?:>[ \t]?)+)", re.M)
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]", re.M)


def nesting_problem(body: str) -> str | None:
    """Why the body nests too deeply for the Markdown engine to read safely, or None."""
    quotes = max((match.group(1).count(">") for match in _QUOTES.finditer(body)), default=0)
    if quotes > MAX_BODY_NESTING:
        return f"has quotes nested {quotes} deep; expected at most {MAX_BODY_NESTING}"
    lists = max((len(match.group(1).expandtabs(4)) // 2 for match in _LIST_ITEM.finditer(body)), default=0)
    if lists > 4 * MAX_BODY_NESTING:
        return f"has a list item indented {lists * 2} spaces; expected lists nested at most {MAX_BODY_NESTING} deep"
    return None


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
NESTED_INDENT = 4  # the Markdown engine (Python-Markdown) nests a list item only when indented 4 spaces under its parent


def flattened_list_items(body: str) -> list[tuple[int, int, int]]:
    """(line of the body, its indent, the indent that nests it) of each list item indented more than the item above but
    not by the 4 spaces the Markdown engine needs to nest it: the engine reads a list's levels
    in steps of 4 spaces from its first item, and shows such an item at the level of the item
    above, silently."""
    found: list[tuple[int, int, int]] = []
    fence: str | None = None
    base: int | None = None  # the indent of the list's first item
    above = 0  # the indent of the list item above
    blank = False
    for number, line in enumerate(body.splitlines(), start=1):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1).startswith(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)[:3]
            continue
        if not line.strip():
            blank = True
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        if _LIST_ITEM.match(line):
            if base is None or indent < base:
                base = indent
            elif indent > above and (indent - base) // NESTED_INDENT <= (above - base) // NESTED_INDENT:
                found.append((number, indent, base + ((above - base) // NESTED_INDENT + 1) * NESTED_INDENT))
            above = indent
        elif blank and indent == 0:
            base = None  # a paragraph after a blank line ends the list
        blank = False
    return found


class Unreadable(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_page(path: Path, shown_path: str) -> tuple[dict[str, Any], str]:
    """Return (front-matter, body) of a page, or raise Unreadable naming what is wrong.

    python-frontmatter's handler splits and parses the block; it is called directly because
    frontmatter.loads() silently drops a block that is not a mapping."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(Problem(shown_path, "file", f"is not UTF-8 text (byte {error.start}); save it as UTF-8")) from None
    handler = _Handler()
    if not handler.detect(text):
        raise Unreadable(Problem(
            shown_path, "front-matter",
            "missing; expected the page to start with a YAML block between two '---' lines",
        ))
    try:
        block, body = handler.split(text)
    except ValueError:  # no closing '---' line, so the block cannot be split off
        raise Unreadable(Problem(shown_path, "front-matter", "is not closed; expected a second '---' line after it")) from None
    try:
        metadata = handler.load(block)
    except yaml.YAMLError as error:
        raise Unreadable(Problem(shown_path, getattr(error, "field", "") or "front-matter", _yaml_message(error))) from None
    if metadata is None:  # an empty block: the model reports each missing field
        metadata = {}
    if not isinstance(metadata, dict):
        raise Unreadable(Problem(shown_path, "front-matter", f"expected a mapping of fields, got {show(metadata)}"))
    for field, problem in front_matter_problems(metadata):
        raise Unreadable(Problem(shown_path, field, problem))
    nesting = nesting_problem(body)
    if nesting:
        raise Unreadable(Problem(shown_path, "body", nesting))
    return metadata, body.strip("\n")


def read_yaml(path: Path, shown_path: str) -> Any:
    """A YAML settings file of the content (a layer's layer.yml), read by the same strict,
    bounded rules as front-matter; Unreadable naming the file and line otherwise."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(Problem(shown_path, "file", f"is not UTF-8 text (byte {error.start}); save it as UTF-8")) from None
    except OSError as error:
        raise Unreadable(Problem(shown_path, "file", f"cannot be read ({error.strerror})")) from None
    try:
        data = _Handler().load(text)
    except yaml.YAMLError as error:
        raise Unreadable(Problem(shown_path, getattr(error, "field", "") or "file", _yaml_message(error))) from None
    for field, problem in front_matter_problems(data):
        raise Unreadable(Problem(shown_path, field, problem))
    return data


def _yaml_message(error: yaml.YAMLError) -> str:
    if isinstance(error, Refused):
        mark = error.problem_mark
        return f"{error.problem}" + (f" (line {mark.line + 1})" if mark is not None else "")
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    detail = f"{problem} ({context})" if context else problem
    return f"YAML syntax error{where}: {detail}{_fix(problem, context)}"


def _fix(problem: str, context: str | None) -> str:
    """What an editor does about the YAML mistakes they make most."""
    if "'\\t'" in problem or "\t" in problem or "tab" in problem.lower():
        return "; YAML does not allow tab characters for indenting: indent with spaces"
    if "mapping values are not allowed" in problem or (context and "simple key" in context):
        return ("; a value with ': ' in it must be in quotes, e.g. summary: \"Stage 1: safeguard the victim\" "
                "(or the line above is missing its closing quote)")
    if context and "quoted scalar" in context:
        return "; a value opens a quote (' or \") that is not closed: close it at the end of the value"
    return ""
