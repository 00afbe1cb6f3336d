"""A nested list indented by two spaces is flattened by the Markdown engine without a word:
the hub says so, with file and line, and the strict build refuses it. Proved against the
engine itself: for generated lists, an item is reported exactly when the engine shows it at
the depth of the item above although it is indented more."""
from __future__ import annotations

from html.parser import HTMLParser

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import front_matter, valid
from msht_hub.reading.reader import flattened_list_items


class _Depths(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth, self.seen = 0, {}

    def handle_starttag(self, tag, attrs):
        self.depth += tag in ("ul", "ol")

    def handle_endtag(self, tag):
        self.depth -= tag in ("ul", "ol")

    def handle_data(self, data):
        for word in data.split():
            if word.startswith("item") and word not in self.seen:
                self.seen[word] = self.depth


def rendered_depths(text: str) -> dict[str, int]:
    parser = _Depths()
    parser.feed(markdown.markdown(text, tab_length=4))
    return parser.seen


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["-", "*", "1."])), min_size=2, max_size=7))
def test_an_item_is_reported_exactly_when_the_engine_flattens_it(steps):
    indents, lines = [0], ["- item0"]
    for index, (step, marker) in enumerate(steps[1:], start=1):
        indent = min(indents[-1] + step, 8) if step else max(indents[-1] - 2, 0)
        indents.append(indent)
        lines.append(" " * indent + f"{'-' if marker == '*' else marker} item{index}")
    text = "\n".join(lines) + "\n"
    depths = rendered_depths(text)
    flattened = {line - 1 for line, _, _ in flattened_list_items(text)}
    for line, _, nested in flattened_list_items(text):  # the indent it suggests does nest it
        fixed = lines[:line - 1] + [" " * nested + lines[line - 1].lstrip()] + lines[line:]
        shown = rendered_depths("\n".join(fixed) + "\n")
        assert shown.get(f"item{line - 1}", 0) > shown.get(f"item{line - 2}", 0), (fixed, shown)
    for index in range(1, len(lines)):
        above = f"item{index - 1}"
        deeper_in_source = indents[index] > indents[index - 1]
        same_depth_shown = depths.get(f"item{index}") == depths.get(above)
        if f"item{index}" in depths and above in depths:
            assert (index in flattened) == (deeper_in_source and same_depth_shown), (text, depths, flattened)


def test_the_check_names_the_file_and_line_and_the_strict_build_refuses_it(project, caplog):
    meta = valid("guide")
    project.page("guides/steps.md", meta, "Steps:\n\n- Ask\n  - who is in charge\n- Refer\n\n```\n- code\n  - is not a list\n```\n")
    result = project.build(caplog)
    assert not result.ok
    line = front_matter(meta, "").count("\n") + 4
    assert [warning for warning in result.warnings if warning.startswith("content/")] == [
        f"content/guides/steps.md:{line}: body: this list item is indented 2 spaces, so it is shown as an item of the list above, "
        "not nested under it; indent it 4 spaces (a nested list needs 4 more than its parent)"]
    assert project.build(caplog, strict=False).ok  # a plain build goes on, with the warning
