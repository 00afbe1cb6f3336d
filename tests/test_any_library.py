"""The generator's test suite does not depend on what content/ holds: a copy of the project
with content/ replaced by a real library (231 public pages, ../shared/corpora/) passes the
inner loop, the checks of the sample's breadth being skipped with their reason."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

CORPUS = Path(os.environ.get("HUB_REAL_LIBRARY", ROOT.parent / "shared" / "corpora" / "govuk-developer-docs"))
NOT_COPIED = {".git", ".venv", "node_modules", "site", "dist", "content", "__pycache__", ".pytest_cache", ".hypothesis",
              ".mypy_cache", ".ruff_cache"}


def real_library() -> Path:
    pages = CORPUS / "pages"
    if not pages.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the real library at {CORPUS} (set HUB_REAL_LIBRARY)")
        pytest.skip(f"the real library is not at {CORPUS} (set HUB_REAL_LIBRARY to its folder)")
    return pages


def project_with(library: Path, folder: Path) -> Path:
    """The project's code, tests and settings, with the library as its content (under
    guides/imported/, where its converter puts it) and a home page of its own."""
    copy = folder / "hub"
    shutil.copytree(ROOT, copy, ignore=lambda _, names: {name for name in names if name in NOT_COPIED or name.startswith("site.")})
    shutil.copytree(library, copy / "content" / "guides" / "imported")
    if (ROOT / "node_modules").is_dir():  # the test-only JavaScript tools (dev.py installs them), not copied
        (copy / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    (copy / "content" / "index.md").write_text("---\ntitle: Our library\n---\n\nThe force's own guidance.\n", encoding="utf-8")
    return copy


@pytest.mark.slow
def test_the_suite_passes_with_a_real_library_in_place_of_the_sample(tmp_path: Path) -> None:
    copy = project_with(real_library(), tmp_path)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HUB_", "PYTEST_"))}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-m", "not slow", "-p", "no:cacheprovider",
                           "-W", "ignore::pytest.PytestUnknownMarkWarning", "tests"],
                          cwd=copy, env=env, capture_output=True, text=True, timeout=1200)
    tail = "\n".join(done.stdout.splitlines()[-40:])
    assert done.returncode == 0, tail
    assert "content/ is not the shipped sample library" in done.stdout, "the sample's own checks were not skipped"
