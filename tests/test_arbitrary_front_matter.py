"""Whatever an editor types, the outcome is a valid page or a clean content error: never a crash."""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, FOLDER, VALID
from msht_hub.commands.project import load_project
from msht_hub.reading.catalogue import read_catalogue
from msht_hub.reading.problems import ContentError, Problem

SETTINGS = load_project(CONFIG).settings
FIELDS = sorted({key for meta in VALID.values() for key in meta} | {"status", "classification", "superseded_by", "booklet", "tags", "scale", "partners"})

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.dates(min_value=date(1, 1, 1)), st.sampled_from(["frontline", "labour", "OFFICIAL", "2026-02-30", "draft", "superseded"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
metadata = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), values, max_size=12)


def outcome(folder: str, text: str) -> str:
    """"page" when the page is read (published, or kept out by its status or marking), or
    "error" when every problem names this file, a field and what is wrong;
    any other exception fails the test."""
    src_uri = f"{folder}/page.md" if folder != "." else "page.md"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "content" / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            catalogue = read_catalogue(Path(tmp) / "content", SETTINGS, shown_root=Path(tmp))
        except ContentError as error:
            assert error.problems, "a content error always lists its problems"
            for problem in error.problems:
                assert type(problem) is Problem and problem.path == f"content/{src_uri}", problem
                assert problem.field and problem.message, problem
                assert "Traceback" not in problem.message
            return "error"
        assert src_uri in catalogue.documents or src_uri in catalogue.excluded, "a page read is in the catalogue"
        return "page"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(FOLDER)), meta=metadata, base=st.booleans())
def test_arbitrary_front_matter_is_a_valid_page_or_a_clean_content_error(kind, meta, base):
    fields = {**VALID[kind], **meta} if base else meta
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\nBody\n"
    assert outcome(FOLDER[kind] or ".", text) in ("page", "error")


@settings(max_examples=300, deadline=None)
@given(block=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_arbitrary_yaml_text_is_a_valid_page_or_a_clean_content_error(block):
    assert outcome("guides", "---\n" + block + "\n---\nBody\n") in ("page", "error")


def test_a_valid_page_is_read_and_a_broken_one_is_a_clean_error():
    assert outcome("guides", "---\n" + yaml.safe_dump(VALID["guide"]) + "---\nBody\n") == "page"
    assert outcome("guides", "---\ntitle: [unclosed\n---\nBody\n") == "error"
