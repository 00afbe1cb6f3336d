"""Text hygiene at the reader: control characters in any front-matter text, characters that
reorder or hide text in titles, ids, names and addresses, unbounded numbers, file names that
clash after Unicode normalisation and names Windows cannot create are each refused in one
line naming the file and the field."""
from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from conftest import copy_config, valid

RLO, ZWSP, LRI, BOM, ALM = "\u202e", "\u200b", "\u2066", "\ufeff", "\u061c"


def _lesson(**changes: str) -> list[dict[str, str]]:
    lessons = [dict(lesson) for lesson in valid("debrief")["lessons"]]
    lessons[0].update(changes)
    return lessons


@pytest.mark.parametrize("meta, field, expected", [
    (valid("guide", title="Vertical\x0btab"), "title", "control character U+000B"),
    (valid("guide", summary="A null\x00in the summary"), "summary", "control character U+0000"),
    (valid("guide", owner="Escape\x1b[31m"), "owner", "control character U+001B"),
    (valid("guide", summary="Delete\x7f"), "summary", "control character U+007F"),
    (valid("guide", summary="C1\x9bcontrol"), "summary", "control character U+009B"),
    (valid("debrief", lessons=_lesson(text="Lesson\x08text")), "lessons[0].text", "control character U+0008"),
    (valid("guide", changes=[{"date": "2026-01-02", "note": "Bell\x07"}]), "changes[0].note", "control character U+0007"),
    (valid("guide", **{"bad\x0ckey": "x"}), "bad\x0ckey", "the field's name holds the control character U+000C"),
    (valid("guide", title=f"Safe{RLO}gnp.exe"), "title", "U+202E (right-to-left override)"),
    (valid("guide", title=f"Zero{ZWSP}width"), "title", "U+200B (zero width space)"),
    (valid("guide", owner=f"{LRI}Team"), "owner", "U+2066"),
    (valid("debrief", operation=f"Op{BOM} FORT"), "operation", "U+FEFF"),
    (valid("debrief", lead_force=f"Force{ALM}"), "lead_force", "U+061C"),
    (valid("debrief", partners=["Partner\u200f"]), "partners[0]", "U+200F"),
    (valid("debrief", lessons=_lesson(title=f"Lesson{RLO}")), "lessons[0].title", "U+202E"),
    (valid("debrief", lessons=_lesson(id=f"t-01{ZWSP}")), "lessons[0].id", "U+200B"),
    (valid("guide", tags=["tag\u200d"]), "tags[0]", "U+200D"),
    (valid("guide", redirect_from=[f"guides/old{ZWSP}.md"]), "redirect_from[0]", "U+200B"),
    (valid("guide", title="Two\nlines"), "title", "holds a line break; expected one line"),
])
def test_hostile_characters_are_refused_naming_file_and_field(project, caplog, meta, field, expected):
    kind = "debrief" if "lessons" in meta else "guide"
    path = f"{'debriefs' if kind == 'debrief' else 'guides'}/bad.md"
    project.page(path, meta)
    result = project.build(caplog)
    assert not result.ok
    assert any(error.startswith(f"content/{path}: {field}: ") and expected in error for error in result.errors), result.errors


def test_right_to_left_text_stays_allowed_in_prose(project, caplog):
    project.page("guides/arabic.md", valid("guide", summary="\u200fتوجيه للضباط\u200f about the referral mechanism."))
    assert project.build(caplog).ok


NUMBERS = [
    ("period:\n  start: " + "9" * 5000 + "\n", "period.start", "is a number of 5000 digits; expected at most 15"),
    ("scale:\n  convictions: " + "1" * 20 + "\n", "scale.convictions", "is a number of 20 digits"),
    ("scale:\n  total_sentence_years: 1.0e+999\n", "scale.total_sentence_years", "is inf, not a number that can be written"),
    ("scale:\n  total_sentence_years: .nan\n", "scale.total_sentence_years", "is nan, not a number that can be written"),
    ("scale:\n  potential_victims: 10000000000000\n", "scale.potential_victims", "is a number larger than 1,000,000,000,000"),
]


def _debrief_with(block: str) -> str:
    import yaml

    meta = valid("debrief")
    for name in ("period", "scale"):
        if block.startswith(name):
            meta.pop(name, None)
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + block + "---\nBody.\n"


@pytest.mark.parametrize("block, field, expected", NUMBERS)
def test_numbers_are_bounded_with_a_field_error(project, caplog, block, field, expected):
    project.write("debriefs/big.md", _debrief_with(block))
    result = project.build(caplog)
    assert not result.ok
    assert any(error.startswith("content/debriefs/big.md:") and f" {field}: " in error and expected in error
               for error in result.errors), result.errors


def test_hub_check_names_a_five_thousand_digit_number_without_a_traceback(project):
    project.write("debriefs/big.md", _debrief_with(NUMBERS[0][0]))
    copy_config(project.root)
    checked = subprocess.run([sys.executable, "-m", "msht_hub.commands.cli", "--config", str(project.root / "mkdocs.yml"), "check"],
                             cwd=project.root, capture_output=True, text=True)
    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr + checked.stdout
    assert "debriefs/big.md:" in checked.stderr and "period.start: is a number of 5000 digits" in checked.stderr


@pytest.mark.parametrize("name, expected", [
    ("guides/aux.md", "'aux' is a name Windows reserves"),
    ("files/con.png", "'con' is a name Windows reserves"),
    ("files/Lpt1.tar.gz", "'Lpt1' is a name Windows reserves"),
    ("files/COM9.txt", "'COM9' is a name Windows reserves"),
    ("nul/page.md", "'nul' is a name Windows reserves"),
    ("files/notes.", "ends in a dot or space"),
    ("files/notes ", "ends in a dot or space"),
    ("files/what?.pdf", "holds '?'"),
    ("files/a<b.pdf", "holds '<'"),
    ("files/a:b.pdf", "holds ':'"),
    ('files/a"b.pdf', "holds '\"'"),
    ("files/a|b.pdf", "holds '|'"),
    ("files/a*b.pdf", "holds '*'"),
    ("files/bell\x07.pdf", "control character U+0007"),
    (f"files/report{RLO}fdp.txt", "U+202E"),
])
def test_names_windows_cannot_create_are_refused(project, caplog, name, expected):
    target = project.content / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("---\ntitle: x\n---\n" if name.endswith(".md") else "attachment", encoding="utf-8")
    result = project.build(caplog)
    assert not result.ok
    shown = "content/" + name.split("/")[0] + ("/" if name.startswith("nul/") else "/" + name.split("/", 1)[1])
    assert any(error.startswith(shown.rstrip("/")) and ": file: " in error and expected in error for error in result.errors), result.errors


def test_names_that_differ_only_in_unicode_form_clash_naming_both(project, caplog):
    composed, decomposed = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
    assert composed != decomposed
    project.page(f"guides/{composed}.md", valid("guide"))
    project.page(f"guides/{decomposed}.md", valid("guide", title="The other"))
    result = project.build(caplog)
    assert not result.ok
    assert any("only in letter case or Unicode form" in error and f"guides/{composed}.md" in error
               and f"guides/{decomposed}.md" in error for error in result.errors), result.errors


def test_bidirectional_marks_stay_allowed_in_translated_statements(project):
    from test_language_cards import ARABIC, card, problems_of

    arabic = {**ARABIC, "statements": ["\u200fأنت في أمان (NRM).\u200f", "هل أنت مصاب؟\u061c"]}
    project.page("guides/card.md", card(arabic))
    assert problems_of(project) == []
    project.page("guides/card.md", card(arabic, title=f"Show this screen{RLO}"))
    assert any(problem.startswith("content/guides/card.md: title: holds U+202E") for problem in problems_of(project))
