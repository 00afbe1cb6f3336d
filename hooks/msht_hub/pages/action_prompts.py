"""Action prompts (Markdown task lists, `- [ ] Do this`) made usable at the scene.

pymdownx.tasklist writes each tick box disabled, in an empty <label>: a screen reader hears
"checkbox" with no name, and nobody can tick it. Here the prompt's own words move inside
the label (which names the box and makes the whole line a large target), the box is
enabled and numbered (`data-hub-tick`) so that ticks.js can remember it on the device, and
it always starts empty (a printed page shows empty boxes). Under the words, a line is kept
for the time of the tick (`hub-ticked-at`): its space is there before any tick, so ticking
never moves a prompt."""
from __future__ import annotations

import re

_PROMPT = re.compile(
    r'<li class="task-list-item"><label class="task-list-control">(<input [^>]*>)<span class="task-list-indicator"></span></label>'
    r"((?:(?!</li>|<li|<ul|<ol).)*)</li>",
    re.S,
)
_BOX = re.compile(r"<input [^>]*>")
_FIRST_PROMPTS = re.compile(r'<h[2-6][^>]*>|<ul class="task-list">')


def label_action_prompts(html: str) -> str:
    """A prompt with a nested list keeps its structure (and its unnamed box): rare in an
    aide-memoire, and moving a list inside a label would be invalid HTML."""
    html = _PROMPT.sub(
        r'<li class="task-list-item"><label class="task-list-control">\1<span class="task-list-indicator"></span>'
        r'<span class="task-list-text">\2</span><span class="hub-ticked-at" data-hub-ticked-at></span></label></li>',
        html,
    )
    count = iter(range(1, 1_000_000))
    return _BOX.sub(lambda match: f'<input type="checkbox" data-hub-tick="{next(count)}">'
                    if 'type="checkbox"' in match.group(0) else match.group(0), html)


def prompts_first(html: str, title: str = "About this aide-memoire") -> str:
    """An aide-memoire's prompts come first on the screen: whatever stands before its first
    heading or prompt list (the introduction) moves below them, folded into a collapsed
    "About this aide-memoire"."""
    match = _FIRST_PROMPTS.search(html)
    if match is None or not html[: match.start()].strip() or "task-list" not in html:
        return html
    intro, rest = html[: match.start()], html[match.start():]
    return f'{rest}\n<details class="hub-about"><summary>{title}</summary>\n{intro}</details>\n'
