"""A role's shortcuts: the short list first on its landing page, on the home page for a reader
of that role, and first into the offline copy. Nationally they are the urgent aide-memoire and
the role's booklet sections (listings.py); a force's layer (layers.py) changes them by page in
`layer.yml`'s `roles:`, the force's choice winning: it adds a shortcut, puts its own page in
the place of a national one, or removes one. Without a layer nothing here runs."""
from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, model_validator

from msht_hub.reading.model import ContentPath
from msht_hub.reading.problems import Problem


class RoleShortcuts(BaseModel):
    """`roles.<role>` of layer.yml: the force's changes to that role's shortcuts, each by the
    page's path under content/ (or under the layer's folder, for the force's own pages)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    add: list[ContentPath] = []  # shown after the national shortcuts, in this order
    replace: dict[ContentPath, ContentPath] = {}  # a national shortcut -> the page shown in its place
    remove: list[ContentPath] = []  # national shortcuts this edition leaves out

    @model_validator(mode="after")
    def _one_intent_per_page(self) -> RoleShortcuts:
        both = sorted(set(self.remove) & set(self.replace))
        if both:
            raise ValueError(f"'{both[0]}' is both removed and replaced; expected one or the other")
        return self


def merged(national: list[str], change: RoleShortcuts | None) -> list[str]:
    """The role's shortcuts in a force's edition: the national ones in their order, each the
    force replaces swapped for its page in the same place, those it removes left out, then
    those it adds; each page once."""
    if change is None:
        return national
    kept = [change.replace.get(uri, uri) for uri in national if uri not in change.remove]
    return list(dict.fromkeys([*kept, *change.add]))


def shortcut_problems(shown: str, role: str, label: str, change: RoleShortcuts, national: list[str],
                      unusable: Callable[[str], str | None]) -> list[Problem]:
    """What is wrong with a force's changes to one role's shortcuts, each naming layer.yml's
    field: a page that cannot be a shortcut in this edition (`unusable` says why, or None),
    and a replaced or removed page that is not a national shortcut of the role."""
    where = f"roles.{role}"
    expected = f"expected one of the role's national shortcuts: {', '.join(national) or '(none)'}"
    problems = []
    for index, uri in enumerate(change.add):
        if (why := unusable(uri)) is not None:
            problems.append(Problem(shown, f"{where}.add[{index}]", why))
    for old, new in change.replace.items():
        if old not in national:
            problems.append(Problem(shown, f"{where}.replace", f"'{old}' is not a shortcut of {label} to replace; {expected}"))
        if (why := unusable(new)) is not None:
            problems.append(Problem(shown, f"{where}.replace.{old}", why))
    for index, uri in enumerate(change.remove):
        if uri not in national:
            problems.append(Problem(shown, f"{where}.remove[{index}]", f"'{uri}' is not a shortcut of {label} to remove; {expected}"))
    return problems
