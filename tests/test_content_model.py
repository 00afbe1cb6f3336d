"""The content model: every rule has a valid and an invalid case, and every problem is one
line that names the file, the field, the value and what was expected."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CONFIG, FOLDER, front_matter, valid
from msht_hub.commands.project import load_project
from msht_hub.reading.catalogue import read_catalogue
from msht_hub.reading.problems import ContentError

SETTINGS = load_project(CONFIG).settings


def problems(tmp_path: Path, files: dict[str, str]) -> list[str]:
    content = tmp_path / "content"
    for path, text in files.items():
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")
    try:
        read_catalogue(content, SETTINGS, shown_root=tmp_path)
    except ContentError as error:
        return [str(problem) for problem in error.problems]
    return []


def one_page(kind: str, meta: dict) -> dict[str, str]:
    folder = FOLDER[kind]
    return {f"{folder}/page.md" if folder else "page.md": front_matter(meta)}


@pytest.mark.parametrize("kind", ["guide", "debrief", "training", "page"])
def test_a_valid_page_of_each_kind_has_no_problems(tmp_path, kind):
    assert problems(tmp_path, one_page(kind, valid(kind))) == []


# (kind, front-matter, the exact line expected, with the path relative to the project)
INVALID = [
    pytest.param("guide", {k: v for k, v in valid("guide").items() if k != "owner"},
                 "content/guides/page.md: owner: required field is missing", id="required-field"),
    pytest.param("guide", valid("guide", title=42),
                 "content/guides/page.md: title: expected text, got int 42", id="type-text"),
    pytest.param("guide", valid("guide", roles="frontline"),
                 "content/guides/page.md: roles: expected a list, got 'frontline'", id="type-list"),
    pytest.param("guide", valid("guide", roles=["frontline", "detective"]),
                 "content/guides/page.md: roles[1]: 'detective' is not one of: frontline, call-handler, investigator, analyst, vlo, strategic-lead, trainer, partner",
                 id="taxonomy-role"),
    pytest.param("guide", valid("guide", exploitation=["fishing"]),
                 "content/guides/page.md: exploitation[0]: 'fishing' is not one of: labour, sexual, criminal, domestic-servitude, other",
                 id="taxonomy-exploitation"),
    pytest.param("guide", valid("guide", guide_type="leaflet"),
                 "content/guides/page.md: guide_type: 'leaflet' is not one of: 'aide-memoire', 'investigation-guide', 'bulletin', 'standard', 'role-profile', 'language-card'",
                 id="allowed-value"),
    pytest.param("guide", valid("guide", status="archived"),
                 "content/guides/page.md: status: 'archived' is not one of: 'draft', 'published', 'superseded', 'withdrawn'",
                 id="status"),
    pytest.param("guide", valid("guide", classification="SECRET"),
                 "content/guides/page.md: classification: 'SECRET' is not one of: 'OFFICIAL', 'OFFICIAL-SENSITIVE'",
                 id="classification-above-official-sensitive"),
    pytest.param("guide", valid("guide", last_reviewed="15/01/2026"),
                 "content/guides/page.md: last_reviewed: '15/01/2026' is not a date; expected YYYY-MM-DD", id="iso-date"),
    pytest.param("guide", valid("guide", review_due="2027-02-30"),
                 "content/guides/page.md: review_due: '2027-02-30' is not a real date; expected YYYY-MM-DD", id="real-date"),
    pytest.param("guide", valid("guide", last_reviewed="2026-06-01", review_due="2026-05-01"),
                 "content/guides/page.md: review_due: 2026-05-01 is not after last_reviewed (2026-06-01); expected a later date",
                 id="review-due-after-last-reviewed"),
    pytest.param("guide", valid("guide", titel="Typo"),
                 "content/guides/page.md: titel: unknown field (value 'Typo'); check the spelling against the front-matter reference",
                 id="unknown-key"),
    pytest.param("guide", valid("guide", booklet={"booklet": "first-contact", "order": 1}),
                 "content/guides/page.md: booklet: only aide-memoires go in a booklet, but guide_type is 'bulletin'",
                 id="booklet-only-for-aide-memoires"),
    pytest.param("guide", valid("guide", status="superseded"),
                 "content/guides/page.md: superseded_by: required when status is 'superseded'; expected the path of the replacement page",
                 id="superseded-needs-replacement"),
    pytest.param("guide", valid("guide", status="superseded", superseded_by="guides/missing.md"),
                 "content/guides/page.md: superseded_by: 'guides/missing.md' does not exist; expected the path of a page under the content folder, e.g. 'guides/nrm-referrals.md'",
                 id="superseded-by-must-exist"),
    pytest.param("debrief", valid("debrief", lessons=[
                     {"id": "t-01", "theme": "safeguarding", "kind": "lesson", "title": "A", "text": "a"},
                     {"id": "t-01", "theme": "training", "kind": "lesson", "title": "B", "text": "b"}]),
                 "content/debriefs/page.md: lessons[1].id: 't-01' is already the id of lessons[0]; expected a unique id",
                 id="duplicate-lesson-id"),
    pytest.param("debrief", valid("debrief", lessons=[
                     {"id": "t-01", "theme": "intel", "kind": "lesson", "title": "A", "text": "a"}]),
                 "content/debriefs/page.md: lessons[0].theme: 'intel' is not one of: leadership, intelligence, safeguarding, investigation, training",
                 id="lesson-theme"),
    pytest.param("debrief", valid("debrief", lessons=[]),
                 "content/debriefs/page.md: lessons: must not be empty", id="debrief-needs-lessons"),
    pytest.param("debrief", valid("debrief", period={"start": 2020, "end": 2018}),
                 "content/debriefs/page.md: period.end: 2018 is before period.start (2020)", id="period-order"),
    pytest.param("debrief", valid("debrief", scale={"convictions": -1}),
                 "content/debriefs/page.md: scale.convictions: expected a number of at least 0, got int -1", id="scale-not-negative"),
    pytest.param("training", valid("training", duration="a while"),
                 "content/training/page.md: duration: 'a while' is not valid; expected text matching ^\\d+(\\.\\d+)? (minutes|hours|days)$",
                 id="training-duration"),
    pytest.param("training", valid("training", outcomes=[]),
                 "content/training/page.md: outcomes: must not be empty", id="training-needs-outcomes"),
]


@pytest.mark.parametrize(("kind", "meta", "expected"), INVALID)
def test_each_rule_reports_one_line_naming_file_field_and_value(tmp_path, kind, meta, expected):
    assert problems(tmp_path, one_page(kind, meta)) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("# No front-matter\n",
                 "content/guides/page.md: front-matter: missing; expected the page to start with a YAML block between two '---' lines",
                 id="no-front-matter"),
    pytest.param("---\ntitle: A\nroles: [frontline\n---\nbody\n",
                 "content/guides/page.md: front-matter: YAML syntax error at line 4, column 1: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence)",
                 id="yaml-syntax-with-line"),
    pytest.param("---\ntitle: A\ntitle: B\n---\n",
                 "content/guides/page.md: front-matter: YAML syntax error at line 3, column 1: the key 'title' appears twice",
                 id="duplicate-key"),
    pytest.param("---\n- a\n- b\n---\n",
                 "content/guides/page.md: front-matter: expected a mapping of fields, got a list ['a', 'b']",
                 id="not-a-mapping"),
    pytest.param("---\ntitle: A\n",
                 "content/guides/page.md: front-matter: is not closed; expected a second '---' line after it",
                 id="unclosed"),
])
def test_unreadable_front_matter_is_reported_with_file_and_line(tmp_path, text, expected):
    assert problems(tmp_path, {"guides/page.md": text}) == [expected]


def test_every_problem_in_the_content_is_reported_in_one_run(tmp_path):
    lines = problems(tmp_path, {
        "guides/a.md": front_matter(valid("guide", roles=["nobody"], owner="")),
        "training/b.md": front_matter(valid("training", duration="forever")),
        "debriefs/c.md": "no front-matter at all\n",
    })
    assert [line.split(":")[0:2] for line in lines] == [
        ["content/debriefs/c.md", " front-matter"],
        ["content/guides/a.md", " owner"],
        ["content/guides/a.md", " roles[0]"],
        ["content/training/b.md", " duration"],
    ]


def test_superseded_by_must_not_point_at_a_draft(tmp_path):
    lines = problems(tmp_path, {
        "guides/old.md": front_matter(valid("guide", status="superseded", superseded_by="guides/new.md")),
        "guides/new.md": front_matter(valid("guide", status="draft")),
    })
    assert lines == ["content/guides/old.md: superseded_by: 'guides/new.md' is draft; expected a published replacement"]


def test_yaml_dates_written_without_quotes_are_accepted(tmp_path):
    text = front_matter(valid("guide")).replace("'2026-01-01'", "2026-01-01").replace("'2027-01-01'", "2027-01-01")
    assert "last_reviewed: 2026-01-01\n" in text
    assert problems(tmp_path, {"guides/page.md": text}) == []


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param({"guides/page.md": "---\ntitle: A\n\tsummary: b\n---\n"},
                 "content/guides/page.md: front-matter: YAML syntax error at line 3, column 1: found character '\\t' that cannot start "
                 "any token (while scanning for the next token); YAML does not allow tab characters for indenting: indent with spaces",
                 id="a-tab"),
    pytest.param({"guides/page.md": "---\ntitle: A\nsummary: Stage 1: safeguard\n---\n"},
                 "content/guides/page.md: front-matter: YAML syntax error at line 3, column 17: mapping values are not allowed here; "
                 "a value with ': ' in it must be in quotes, e.g. summary: \"Stage 1: safeguard the victim\" (or the line above is "
                 "missing its closing quote)", id="an-unquoted-colon"),
    pytest.param({"guides/page.md": "---\ntitle: 'A\nsummary: b\n---\n"},
                 "content/guides/page.md: front-matter: YAML syntax error at line 4, column 1: found unexpected end of stream (while "
                 "scanning a quoted scalar); a value opens a quote (' or \") that is not closed: close it at the end of the value",
                 id="an-unclosed-quote"),
    pytest.param({"manual/page.md": front_matter(valid("guide"))},
                 "content/manual/page.md: file: has the front-matter of a guide, but only pages under guides/, debriefs/, training/ "
                 "are guides, debriefs or training (a page elsewhere has a title and little else); move it under content/guides/",
                 id="a-guide-in-the-wrong-folder"),
    pytest.param({"ops/page.md": front_matter(valid("debrief"))}, "move it under content/debriefs/", id="a-debrief-in-the-wrong-folder"),
    pytest.param({"notes/page.md": front_matter({"title": "T", "titel": "x"})},
                 "content/notes/page.md: titel: unknown field (value 'x'); check the spelling against the front-matter reference",
                 id="a-plain-page-with-a-typo-is-still-a-typo"),
    pytest.param({"guides/page.md": front_matter(valid("guide", guide_type="aide-memoir"))},
                 "did you mean 'aide-memoire'?", id="a-misspelt-type"),
    pytest.param({"guides/page.md": front_matter(valid("guide", roles=["Frontlin"]))},
                 "content/guides/page.md: roles[0]: 'Frontlin' is not one of: frontline, call-handler, investigator, analyst, vlo, "
                 "strategic-lead, trainer, partner; did you mean 'frontline'?", id="a-misspelt-role"),
    pytest.param({"guides/page.md": front_matter(valid("guide", status="publish"))}, "did you mean 'published'?", id="a-misspelt-status"),
])
def test_the_commonest_mistakes_get_the_fix_not_only_the_fault(tmp_path, files, expected):
    [found] = problems(tmp_path, files)
    assert found == expected if expected.startswith("content/") else expected in found
