"""The prebuilt, split search index: what goes in as documents, how text becomes terms,
the glossary of abbreviations, and that nothing a build leaves out is searchable."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import valid
from msht_hub.outputs.search_index import terms
from msht_hub.pages.search_documents import page_documents
from msht_hub.reading.glossary import read_glossary
from msht_hub.reading.problems import ContentError


def receive_all(folder: Path) -> dict[str, object]:
    """Every index file's payload, by name, as the browser would receive it."""
    payloads = {}
    for path in folder.glob("*.js"):
        match = re.fullmatch(r'mshtHubSearch\.receive\(("[^"]*"),(.*)\);\n', path.read_text(encoding="utf-8"), re.S)
        assert match, path.name
        payloads[json.loads(match.group(1))] = json.loads(match.group(2))
    return payloads


def documents(site: Path) -> list[list]:
    payloads = receive_all(site / "search")
    rows = []
    for number in range(len([name for name in payloads if name.startswith("docs:")])):
        rows.extend(payloads[f"docs:{number}"])
    return rows


def test_text_becomes_terms_folded_stemmed_and_without_stop_words():
    assert terms("The National Referral-Mechanism (NRM) referrals, debt bondage!") == [
        "nation", "referr", "mechan", "nrm", "referr", "debt", "bondag"]
    assert terms("( , U.K. … café, the officer's s.45 and 999") == ["uk", "cafe", "offic", "section", "45", "999"]


def test_the_index_says_the_term_of_every_word_whose_term_differs_and_lists_the_stop_words(shipped_site):
    payloads = receive_all(shipped_site / "search")
    table = {word: term for name, shard in payloads.items() if name.startswith("shard:") for word, term in shard["w"].items()}
    assert table["money"] == "monei" and table["delay"] == "delai" and table["interpreter"] == "interpret"
    assert "debt" not in table  # its term is itself
    assert table["trafficked"] == terms("trafficking")[0]  # another form of a word seen, made the same term by the stemmer
    assert {"the", "what", "do"} <= set(payloads["manifest"]["stop"])


def test_a_page_becomes_a_document_and_one_per_section_without_permalink_symbols():
    html = ('<p>Intro words.</p><h2 id="make-safe">Make safe<a class="headerlink" href="#make-safe">¶</a></h2>'
            '<p>Separate the person.</p><h2 id="lessons">Lessons</h2><h3 id="lesson-x">A lesson</h3><p>Lesson text.</p>')
    docs = page_documents("guides/a/", "A guide", "Its summary.", "Guides", html, {"kind": "guide"})
    assert [(d.url, d.title, d.crumb, d.text) for d in docs] == [
        ("guides/a/", "A guide", "Guides", "Intro words."),
        ("guides/a/#make-safe", "A guide › Make safe", "Guides", "Separate the person."),
    ]


def test_a_shard_holds_only_terms_of_its_prefix_and_every_term_is_in_one_shard(shipped_site):
    payloads = receive_all(shipped_site / "search")
    manifest = payloads["manifest"]
    seen = set()
    for key in manifest["shards"]:
        shard = payloads[f"shard:{key}"]["t"]
        prefix = key.rstrip("\u0000")
        for name in shard:
            assert name.startswith(prefix) and (not key.endswith("\u0000") or name == prefix)
            assert name not in seen
            seen.add(name)
    assert {"nrm", "referr", "debt", "interpret"} <= seen


def test_every_debrief_lesson_is_a_document_linking_to_its_anchor(shipped_site):
    rows = documents(shipped_site)
    urls = [row[0] for row in rows]
    assert any(url.startswith("debriefs/op-fort/#lesson-") for url in urls)
    lesson = next(row for row in rows if "#lesson-" in row[0])
    assert " · " in lesson[2]  # operation · theme
    facets = receive_all(shipped_site / "search")["facets"]
    manifest = receive_all(shipped_site / "search")["manifest"]
    kinds = [value for value, _ in manifest["facets"]["kind"]]
    lesson_count = sum(1 for row in rows if "#lesson-" in row[0])
    assert sum(1 for kind in facets["kind"] if kinds[kind] == "lesson") == lesson_count


def test_superseded_pages_and_the_debrief_lesson_sections_are_not_duplicated(shipped_site):
    urls = [row[0] for row in documents(shipped_site)]
    assert "guides/nrm-first-responders/" in urls
    assert not any(url.startswith("guides/nrm-referrals-2019/") for url in urls)
    assert not any(url.endswith("#lessons") for url in urls)
    assert len(urls) == len(set(urls))


def test_nothing_left_out_of_the_build_is_in_the_index(project, caplog):
    project.page("guides/open.md", valid("guide", title="Open guide"), "Openword text.\n")
    project.page("guides/draft.md", valid("guide", status="draft", title="Draftword"), "Draftword body.\n")
    project.page("guides/gone.md", valid("guide", status="withdrawn", title="Goneword"), "Goneword body.\n")
    project.page("debriefs/secret.md", valid("debrief", classification="OFFICIAL-SENSITIVE", title="Secretword"), "Secretword.\n")
    result = project.build(caplog)
    assert result.ok, result.errors
    index = "".join(p.read_text(encoding="utf-8") for p in (result.site / "search").glob("*.js")).lower()
    assert "openword" in index
    for word in ["draftword", "goneword", "secretword", "t-01"]:
        assert word not in index


def test_the_glossary_file_names_the_line_of_a_bad_entry(tmp_path):
    path = tmp_path / "abbreviations.md"
    path.write_text("*[NRM]: National Referral Mechanism\nNRM = wrong\n*[NRM]: Again\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_glossary(path, "includes/abbreviations.md")
    lines = [str(problem) for problem in caught.value.problems]
    assert lines == [
        "includes/abbreviations.md: line 2: 'NRM = wrong' is not an abbreviation; expected '*[ABBR]: What it stands for'",
        "includes/abbreviations.md: line 3: 'NRM' is already defined on line 1; expected each abbreviation once",
    ]


def test_the_glossary_covers_the_required_abbreviations_and_has_a_page(shipped_site):
    required = "NRM DTN SCA MSA S45 STRO STPO SIO VLO SPOC OCG GLAA CPS NCA PND ASW MSHT OIC".split()
    page = (shipped_site / "glossary" / "index.html").read_text(encoding="utf-8")
    for short in required:
        assert f">{short}</abbr></dt>" in page, short
    manifest = receive_all(shipped_site / "search")["manifest"]
    assert {entry[0] for entry in manifest["glossary"]} >= set(required)


def test_abbreviations_in_page_text_get_an_accessible_expansion(shipped_site):
    page = (shipped_site / "guides" / "nrm-first-responders" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="National Referral Mechanism">NRM</abbr>' in page


INDEX_OF_FOUR_DOCUMENTS = """
import json, sys
from msht_hub.pages.search_documents import SearchDocument
from msht_hub.outputs.search_index import SearchIndexBuilder, index_files
from msht_hub.reading.facets import FACETS
builder = SearchIndexBuilder()
for n in range(1, 5):
    builder.add(SearchDocument(url=f"p{n}/", title=f"Title {n}", crumb="", kind="guide", text="modern slavery " * n))
json.dump(dict(index_files(builder, [(FACETS["kind"], {"guide": "Guide"})], [], "e")), sys.stdout, sort_keys=True)
"""


def test_index_files_from_documents_are_the_same_bytes_whatever_the_hash_seed():
    """Built in two processes whose hash seeds differ, so every set and dict ordered by hash
    is ordered differently: the same files, byte for byte."""
    import os
    import subprocess
    import sys

    def built(seed: str) -> dict[str, str]:
        done = subprocess.run([sys.executable, "-c", INDEX_OF_FOUR_DOCUMENTS], env={**os.environ, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, timeout=120, check=True)
        return json.loads(done.stdout)

    first, second = built("1"), built("2")
    assert first == second
    shard = first[f"shard-{b's'.hex()}.js"]
    assert '"slaveri":[0,' in shard  # document gaps then weights, in document order


def test_a_glossary_mistake_and_a_page_mistake_are_reported_in_one_run(tmp_path, capsys):
    import shutil

    from conftest import CONFIG
    from msht_hub.commands.cli import main

    root = tmp_path / "hub"
    (root / "includes").mkdir(parents=True)
    (root / "includes" / "abbreviations.md").write_text("*[NRM]: National Referral Mechanism\nbroken line\n", encoding="utf-8")
    shutil.copy(CONFIG, root / "mkdocs.yml")
    for shared in ("hooks", "overrides"):
        (root / shared).symlink_to(CONFIG.parent / shared, target_is_directory=True)
    (root / "content" / "guides").mkdir(parents=True)
    (root / "content" / "index.md").write_text("---\ntitle: Home\n---\n", encoding="utf-8")
    (root / "content" / "guides" / "bad.md").write_text("---\ntitle: Bad\n---\n", encoding="utf-8")

    assert main(["--config", str(root / "mkdocs.yml"), "check"]) == 1
    errors = capsys.readouterr().err
    assert "includes/abbreviations.md: line 2: 'broken line' is not an abbreviation" in errors
    assert "content/guides/bad.md: summary: " in errors


def test_every_document_says_what_it_is_in_plain_words(shipped_site):
    from msht_hub.pages.search_documents import plain_label

    assert [plain_label(kind, type_id) for kind, type_id in [
        ("guide", "aide-memoire"), ("guide", "investigation-guide"), ("guide", "bulletin"), ("debrief", None),
        ("lesson", None), ("training", "course"), ("page", None)]] == [
        "Checklist", "Investigation guide", "Bulletin", "Debrief", "Debrief lesson", "Course", "Page"]
    payloads = receive_all(shipped_site / "search")
    labels, rows = payloads["manifest"]["labels"], documents(shipped_site)
    shown = {row[0]: labels[number] for row, number in zip(rows, payloads["facets"]["label"])}
    assert shown["guides/initial-actions/"] == "Checklist"
    assert shown["guides/initial-actions/#make-safe"] == "Checklist"  # a section says what its page is
    assert next(label for url, label in shown.items() if "#lesson-" in url) == "Debrief lesson"
    assert "Guide" not in labels
