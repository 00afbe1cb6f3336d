"""Whatever an editor types, the outcome is a valid page or a clean content error: never a crash."""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, FOLDER, VALID
from msht_hub.catalogue import read_catalogue
from msht_hub.problems import ContentError, Problem
from msht_hub.project import load_project

SETTINGS = load_project(CONFIG).settings
FIELDS = sorted({key for meta in VALID.values() for key in meta} | {"status", "classification", "superseded_by", "booklet", "tags", "scale", "partners"})

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.dates(min_value=date(1, 1, 1)), st.sampled_from(["frontline", "labour", "OFFICIAL", "2026-02-30", "draft", "superseded"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
metadata = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), values, max_size=12)


def outcome(folder: str, text: str) -> object:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "content" / folder / "page.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            return read_catalogue(Path(tmp) / "content", SETTINGS, shown_root=Path(tmp))
        except ContentError as error:
            assert error.problems, "a content error always lists its problems"
            for problem in error.problems:
                assert isinstance(problem, Problem)
                assert problem.path.startswith("content/") and problem.field and problem.message
            return error


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(FOLDER)), meta=metadata, base=st.booleans())
def test_arbitrary_front_matter_is_a_valid_page_or_a_clean_content_error(kind, meta, base):
    fields = {**VALID[kind], **meta} if base else meta
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\nBody\n"
    assert outcome(FOLDER[kind] or ".", text) is not None


@settings(max_examples=300, deadline=None)
@given(block=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_arbitrary_yaml_text_is_a_valid_page_or_a_clean_content_error(block):
    assert outcome("guides", "---\n" + block + "\n---\nBody\n") is not None
