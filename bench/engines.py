"""The search engine as it is and as it was, side by side in one run: the code of an earlier
commit (hooks, overrides, glossary and its Node runner) taken from git into a folder, any
content built with either (each build in its own process, so two versions of the hub's
package never meet), and queries answered by either engine in Node.

PREVIOUS is the last commit before the one analyser (search_analysis.py): the engine whose
browser stemmed with lunr.js."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PREVIOUS = "fd2e7fa51aaeb14b77d547ad0db2d7d9fd1b96aa"
CODE = ("hooks", "overrides", "includes", "mkdocs.yml", "bench/search_node.js")
TODAY = "2026-11-23"
SITE_URL = "https://hub.example.police.uk/"


def code_of(ref: str | None, work: Path) -> Path:
    """The hub's code at `ref` (None: as it is now, this repository)."""
    if ref is None:
        return ROOT
    folder = work / f"code-{ref[:7]}"
    if not folder.exists():
        archive = subprocess.run(["git", "archive", "--format=tar", ref, *CODE], cwd=ROOT, capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
    return folder


def build(code: Path, content: Path, site: Path) -> Path:
    """Build `content` with the hub's `code` into `site` (no booklet PDFs), in a process of its own."""
    project = site.parent / (site.name + "-project")
    project.mkdir(parents=True, exist_ok=True)
    for name in ("hooks", "overrides", "includes", "content"):
        link, target = project / name, (content if name == "content" else code / name).resolve()
        if link.is_symlink():
            link.unlink()
        link.symlink_to(target)
    (project / "mkdocs.yml").write_text((code / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "HUB_TODAY": TODAY, "HUB_BOOKLET_PDFS": "false", "NO_MKDOCS_2_WARNING": "1",
           "HUB_SITE_URL": SITE_URL, "PYTHONPATH": str(code / "hooks")}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                   cwd=project, env=env, check=True)
    return site


def lunr_js() -> str:
    import mkdocs.contrib.search

    return str(Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js")


def answers(code: Path, site: Path, queries: list[str]) -> list[dict]:
    """Each query answered by the engine of `code` in Node over `site`'s index: [{query, results, corrected}]."""
    runner = code / "bench" / "search_node.js"
    previous = "LUNR_JS" in runner.read_text(encoding="utf-8")  # the engine that stemmed with lunr.js
    command = ["node", str(runner), *([lunr_js()] if previous else []), str(site / "search")]
    done = subprocess.run(command, input=json.dumps(queries), capture_output=True, text=True, check=True)
    found: list[dict] = json.loads(done.stdout)
    return found
