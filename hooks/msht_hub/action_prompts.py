"""Action prompts (Markdown task lists, `- [ ] Do this`) made accessible: pymdownx.tasklist
puts each tick box in an empty <label>, so a screen reader hears "checkbox" with no name.
The prompt's own words are moved inside that label, which names the box."""
from __future__ import annotations

import re

_PROMPT = re.compile(
    r'<li class="task-list-item"><label class="task-list-control">(<input [^>]*>)<span class="task-list-indicator"></span></label>'
    r"((?:(?!</li>|<li|<ul|<ol).)*)</li>",
    re.S,
)


def label_action_prompts(html: str) -> str:
    """A prompt with a nested list keeps its structure (and its unnamed box): rare in an
    aide-memoire, and moving a list inside a label would be invalid HTML."""
    return _PROMPT.sub(
        r'<li class="task-list-item"><label class="task-list-control">\1<span class="task-list-indicator"></span>\2</label></li>',
        html,
    )
