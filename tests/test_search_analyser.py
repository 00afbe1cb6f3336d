"""One analyser for the index and the query: every word of the shipped content, of a real
library (../shared/corpora/) and of two large English word lists (Debian's wamerican and
wbritish) is put through the build (search_analysis.py) and through the browser's engine
(search-engine.js, in Node, over an index built from those words), and the two must give the
same terms, with no exception. The same for whole lines (where "s 45" and "U.K." are read
across words) and for every character of the Basic Multilingual Plane."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pytest

from msht_hub.outputs.search_analysis import terms
from msht_hub.outputs.search_index import SearchIndexBuilder, index_files
from msht_hub.pages.search_documents import SearchDocument
from msht_hub.reading.facets import FACETS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "govuk-developer-docs" / "pages"
WORD_LISTS = [Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english")]
NODE = shutil.which("node")

pytestmark = [pytest.mark.slow, pytest.mark.skipif(NODE is None, reason="node is needed to run the browser's engine")]


def index_of(texts: list[str], folder: Path) -> Path:
    """The hub's index of these texts (a document per 400 of them), written into `folder`."""
    builder = SearchIndexBuilder()
    for start in range(0, len(texts), 400):
        builder.add(SearchDocument(url=f"d{start}/", title="", crumb="", kind="guide", text="\n".join(texts[start:start + 400])))
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in index_files(builder, [(FACETS["kind"], {"guide": "Guide"})], [], "e"):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def browser_terms(folder: Path, texts: list[str]) -> list[list[str]]:
    done = subprocess.run([str(NODE), str(ROOT / "bench" / "search_node.js"), "--terms", str(folder)],
                          input=json.dumps(texts), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    answers: list[list[str]] = json.loads(done.stdout)
    return answers


def differences(texts: Iterable[str], folder: Path) -> tuple[int, list[tuple[str, list[str], list[str]]]]:
    distinct = sorted(set(texts))
    built = [terms(text) for text in distinct]
    browsed = browser_terms(index_of(distinct, folder), distinct)
    return len(distinct), [(text, a, b) for text, a, b in zip(distinct, built, browsed) if a != b]


def assert_same(texts: Iterable[str], folder: Path, at_least: int) -> None:
    count, found = differences(texts, folder)
    assert count >= at_least, f"only {count} texts: the source is not what it should be"
    assert not found, f"{len(found)} of {count} differ, e.g. " + "; ".join(
        f"{text!r}: build {a}, browser {b}" for text, a, b in found[:8])


def words_and_lines(paths: Iterable[Path]) -> tuple[set[str], set[str]]:
    found_words, lines = set(), set()
    for path in paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            found_words.update(line.split())
            if line.strip():
                lines.add(line.strip())
    return found_words, lines


def test_every_word_and_line_of_the_shipped_content_gives_the_same_terms_on_both_sides(tmp_path):
    found_words, lines = words_and_lines([*(ROOT / "content").rglob("*.md"), ROOT / "includes" / "abbreviations.md"])
    assert_same(found_words, tmp_path / "words", at_least=3_000)
    assert_same(lines, tmp_path / "lines", at_least=1_000)


def missing(what: str) -> None:
    """Skip, saying why; in CI, where everything is installed, fail instead."""
    (pytest.fail if os.environ.get("CI") else pytest.skip)(what)


def test_every_word_and_line_of_a_real_library_gives_the_same_terms_on_both_sides(tmp_path):
    if not CORPUS.is_dir():
        missing(f"the real library is not at {CORPUS}")
    found_words, lines = words_and_lines(CORPUS.rglob("*.md"))
    assert_same(found_words, tmp_path / "words", at_least=20_000)
    assert_same(lines, tmp_path / "lines", at_least=10_000)


@pytest.mark.parametrize("word_list", WORD_LISTS, ids=lambda path: path.name)
def test_every_word_of_an_english_word_list_gives_the_same_terms_on_both_sides(tmp_path, word_list):
    if not word_list.is_file():
        missing(f"{word_list} is missing: install Debian's wamerican and wbritish (.ci/run does)")
    listed = word_list.read_text(encoding="utf-8").split()
    assert_same(listed + [word.upper() for word in listed[::7]] + [word.capitalize() + "'s" for word in listed[::5]],
                tmp_path / "words", at_least=100_000)


def test_every_character_is_read_alike_on_both_sides(tmp_path):
    """Each assigned character of the Basic Multilingual Plane between two words, alone, and
    doubled: how it folds, whether it joins or separates words."""
    characters = [chr(code) for code in range(0x20, 0x10000)
                  if unicodedata.category(chr(code)) not in ("Cn", "Cs", "Co", "Cc")]
    texts = [f"ab{c}cd" for c in characters] + [c for c in characters] + [f"x {c}{c} 45" for c in characters]
    assert_same(texts, tmp_path / "chars", at_least=50_000)


def test_the_differential_test_can_fail(tmp_path):
    """The check above notices a browser that stems a word itself instead of asking the index."""
    engine = (ROOT / "overrides" / "assets" / "hub" / "search-engine.js").read_text(encoding="utf-8")
    stemming = engine.replace("return { term: shard.w[word], known: true };", "return { term: word, known: true };")
    assert stemming != engine
    changed = tmp_path / "search-engine.js"
    changed.write_text(stemming, encoding="utf-8")
    done = subprocess.run([str(NODE), str(ROOT / "bench" / "search_node.js"), "--terms", str(index_of(["money"], tmp_path / "i"))],
                          input=json.dumps(["money"]), capture_output=True, text=True, check=True,
                          env={"ENGINE": str(changed), "PATH": "/usr/bin:/bin"})
    assert json.loads(done.stdout) == [["money"]] and terms("money") == ["monei"]


if __name__ == "__main__":  # print the differences: python tests/test_search_analyser.py FILE...
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        sources = [Path(name) for name in sys.argv[1:]]
        count, found = differences(re.split(r"\s+", " ".join(p.read_text(encoding="utf-8") for p in sources)), Path(work))
        print(f"{len(found)} of {count} differ")
        for text, a, b in found[:40]:
            print(repr(text), a, b)
