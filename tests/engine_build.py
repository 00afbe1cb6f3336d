"""A hub project built by a named engine, in a process of its own, and two built sites compared.

The engines are MkDocs 1.6 (`python -m mkdocs`) and ProperDocs (`python -m properdocs`), the
maintained fork of MkDocs 1.x. ProperDocs reads the hub's `mkdocs.yml` as it is, `hooks:`
included, when it is named with `-f` (without `-f` it looks for `properdocs.yml` first, then
falls back to `mkdocs.yml` with a notice that the fallback will go). Its command line installs
an import alias before anything else runs (`properdocs.replacement`): `mkdocs.*` is then
`properdocs.*`, so the adapter's `from mkdocs...` imports, and the exceptions it raises, are
ProperDocs' own, with no change to the hooks.

The one thing the engine itself writes into the site is Material's generator tag
(`<meta name="generator" content="mkdocs-1.6.1, ...">` against `"mkdocs-ProperDocs 1.6.7,
..."`); `normalised` takes just that out. The offline copy is made from the written files, so
its bundles and the worker's table of their hashes and offsets follow that tag;
`offline_files` unpacks them, to compare what they hold rather than where it sits."""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import PUBLIC_URL, ROOT, SHIPPED_TODAY, copy_config

ENGINES = {"mkdocs": "mkdocs", "properdocs": "properdocs"}  # engine name -> the module `python -m` runs
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
GENERATOR_NORMALISED = b'<meta name="generator" content="(engine)">'
WORKER = "sw.js"
BUNDLE_FOLDER = "offline-bundles/"
_WORKER_TABLES = re.compile(r'^var (VERSION|BUNDLES|FILES) = (.*?);(?:  /\*.*)?$', re.M)


@dataclass(frozen=True)
class EngineBuild:
    engine: str
    site: Path
    returncode: int
    stderr: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def shipped_project(folder: Path) -> Path:
    """A copy of the shipped content with the repository's mkdocs.yml, glossary, hooks and
    overrides beside it, as a force's project has them; returns the project folder."""
    shutil.copytree(ROOT / "content", folder / "content")
    copy_config(folder)
    return folder


def build_with(engine: str, project: Path, site: Path, **env: str) -> EngineBuild:
    """`<engine> build --strict` of `project` into `site`, with the shipped sample's day and
    published address, the booklet PDFs, and no render cache (each engine renders every page
    itself). `env` adds to or overrides the environment."""
    settings = {**os.environ, "HUB_TODAY": SHIPPED_TODAY, "HUB_SITE_URL": PUBLIC_URL, "HUB_BOOKLET_PDFS": "true",
                "HUB_CACHE": "off", "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **env}
    command = [sys.executable, "-m", ENGINES[engine], "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=settings, capture_output=True, text=True, timeout=900)
    return EngineBuild(engine, site, done.returncode, done.stderr, time.perf_counter() - started)


def normalised(data: bytes) -> bytes:
    """A file's bytes with the engine's generator tag replaced by a fixed one."""
    return GENERATOR.sub(GENERATOR_NORMALISED, data)


def worker_tables(site: Path) -> dict[str, object]:
    """The worker's VERSION, BUNDLES and FILES, as values."""
    text = (site / WORKER).read_text(encoding="utf-8")
    return {name: json.loads(value) for name, value in _WORKER_TABLES.findall(text)}


def worker_without_tables(site: Path) -> str:
    """The worker's code with its three tables taken out."""
    return _WORKER_TABLES.sub(lambda match: f"var {match.group(1)} = (table);", (site / WORKER).read_text(encoding="utf-8"))


def offline_files(site: Path) -> dict[str, bytes]:
    """Every file the offline copy holds, by its path in the site, unpacked from the bundles
    as the worker unpacks it (its bundle, offset and length in the worker's FILES table)."""
    tables = worker_tables(site)
    bundles = [(site / name).read_bytes() for name, _size, _essential in tables["BUNDLES"]]
    held = {}
    for url, bundle, offset, length, _digest, _type in tables["FILES"]:
        path = url + "index.html" if url == "" or url.endswith("/") else url
        held[path] = gzip.decompress(bundles[bundle][offset:offset + length])
    return held


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    """Where two built sites differ once the generator tag is normalised: files only one has,
    files whose bytes differ, and, for the offline copy, files it holds differently or a worker
    whose code or file list (paths, bundles, types) differs. Empty: the same site."""
    one, two = site_files(first), site_files(second)
    found = []
    for path in sorted(one.keys() | two.keys()):
        if path == WORKER or path.startswith(BUNDLE_FOLDER):
            continue  # compared below, by what they hold
        if path not in one or path not in two:
            found.append(f"{path}: only in {first if path in one else second}")
        elif normalised(one[path]) != normalised(two[path]):
            found.append(f"{path}: bytes differ")
    if worker_without_tables(first) != worker_without_tables(second):
        found.append(f"{WORKER}: code differs")
    listing = [[(url, bundle, kind) for url, bundle, _o, _l, _d, kind in worker_tables(site)["FILES"]]
               for site in (first, second)]
    if listing[0] != listing[1]:
        found.append(f"{WORKER}: the offline file list differs")
    held = [offline_files(site) for site in (first, second)]
    for path in sorted(held[0].keys() | held[1].keys()):
        if normalised(held[0].get(path, b"")) != normalised(held[1].get(path, b"")):
            found.append(f"{BUNDLE_FOLDER}: {path} held differently")
    return found
