"""The same content builds to the same bytes, whatever process builds it: the shipped content
built in two processes with different hash seeds (so every set and dict ordered by hash
differs), seconds apart (so anything stamped with the clock differs), gives two sites equal
file for file: pages, search index, exports, feeds, sitemap, fonts, offline bundles and
worker, and the booklet PDFs."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import IS_SAMPLE, NOT_THE_SAMPLE, PUBLIC_URL, ROOT, SHIPPED_TODAY, site_digest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not IS_SAMPLE, reason=NOT_THE_SAMPLE)]  # two whole builds in subprocesses


def build_in_a_process(site: Path, seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "HUB_TODAY": SHIPPED_TODAY, "HUB_SITE_URL": PUBLIC_URL,
           "HUB_BOOKLET_PDFS": "true", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return site_digest(site)


def test_two_processes_with_different_hash_seeds_build_the_same_bytes(tmp_path):
    first = build_in_a_process(tmp_path / "one", "1")
    second = build_in_a_process(tmp_path / "two", "2")
    kinds = {path.rsplit(".", 1)[-1] for path in first}
    assert {"html", "js", "json", "csv", "xml", "gz", "bin", "woff2", "pdf"} <= kinds  # every kind of output is compared
    assert any(path.startswith("offline-bundles/") for path in first) and any(path.startswith("booklets/") for path in first)
    differing = sorted(path for path in first.keys() | second.keys() if first.get(path) != second.get(path))
    assert differing == []
