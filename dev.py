#!/usr/bin/env python3
"""Set up and run the MSHT Knowledge Hub: the only commands an editor or CI needs.

    python3 dev.py serve      set up, then preview the hub on http://127.0.0.1:8000/ (hub serve)
    python3 dev.py build      set up, then build the hub into site/ (strict)
    python3 dev.py test       set up, then run the whole test suite
    python3 dev.py check      set up, then validate all content without building
    python3 dev.py hub ...    set up, then run an editor command (hub new, hub check, hub report)
    python3 dev.py zip        set up, then build the file-system edition into dist/msht-hub-<edition>.zip
    python3 dev.py bench ...  set up (with the plotting extra), then run the benchmarks (bench/run.py)
    python3 dev.py bench-report RESULT.json   print the table and draw the plot of a benchmark result
    python3 dev.py bench-lighthouse   Lighthouse mobile scores of three pages (npx lighthouse, Debian's Chromium)
    python3 dev.py bench-journeys     the frontline journeys on a phone in Chromium, with screenshots (docs/screenshots/)
    python3 dev.py bench-search       search relevance on the shipped content and on a real library beside it, beside the previous engine
    python3 dev.py bench-search-latency   search latency and bytes per query (synthetic corpus, real library), beside the previous engine
    python3 dev.py bench-offline      the offline copy: bytes stored, requests, time to essentials and to all
    python3 dev.py bench-preview      the preview: edit-to-visible at 100 and 1,000 pages, hub and stock Material

Set-up makes a virtual environment in .venv and installs the pinned dependencies
(constraints.txt) the first time, and again whenever pyproject.toml or
constraints.txt change. It needs only Python 3 and pip.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def setup() -> None:
    """Create .venv and install the project with its pinned dependencies, once."""
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    if not (BIN / "python").exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing pinned dependencies (constraints.txt) ...", flush=True)
    subprocess.run(
        [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[test]"],
        check=True,
    )
    STAMP.write_text(_fingerprint())


def _install_extra(extra: str, module: str) -> None:
    """Install an optional group of dependencies (pinned) the first time a command needs it."""
    if subprocess.call([str(BIN / "python"), "-c", f"import {module}"], stderr=subprocess.DEVNULL) == 0:
        return
    subprocess.run(
        [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[test,{extra}]"],
        check=True,
    )


def _npm_tools() -> None:
    """The test-only JavaScript tools of package.json (axe-core, the Nu HTML Checker), pinned
    by package-lock.json, installed into node_modules/ when the lock file changes. Without
    npm the tests that need them are skipped (never in CI, where .ci/run installs npm)."""
    stamp = ROOT / "node_modules" / ".installed"
    lock = (ROOT / "package-lock.json").read_bytes()
    if stamp.exists() and stamp.read_bytes() == hashlib.sha256(lock).hexdigest().encode():
        return
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: the accessibility and HTML-validity tests will be skipped.", file=sys.stderr)
        return
    print("Installing the test tools of package-lock.json (npm ci) ...", flush=True)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)
    stamp.write_bytes(hashlib.sha256(lock).hexdigest().encode())


def _static_checks() -> int:
    """ruff (lint, import order) over the project and mypy (strict) over the package and its
    MkDocs adapter, as pre-commit runs them (settings in pyproject.toml)."""
    print("Static checks: ruff check . ; mypy (strict)", flush=True)
    lint = subprocess.call([str(BIN / "ruff"), "check", "."], cwd=ROOT)
    types = subprocess.call([str(BIN / "mypy")], cwd=ROOT)
    return lint or types


def _node_tests() -> int:
    """The search engine's unit tests (tests/js/), in Node's own test runner. Without Node
    they are skipped with a note (never in CI)."""
    node = shutil.which("node")
    if node is None:
        print("node not found: the search engine's unit tests (tests/js/) are skipped.", file=sys.stderr)
        return 1 if os.environ.get("CI") else 0
    print("Search engine unit tests (node --test tests/js/):", flush=True)
    done = subprocess.run([node, "--test", "--test-reporter=dot", str(ROOT / "tests" / "js")], cwd=ROOT)
    return done.returncode


def build(site_dir: str = "site", extra: list[str] | None = None) -> int:
    """Build into a staging folder and swap it in only when the build succeeds,
    so a failed build never leaves a half-written or empty site behind."""
    target = ROOT / site_dir
    staging = ROOT / f"{site_dir}.staging"
    shutil.rmtree(staging, ignore_errors=True)
    code = subprocess.call(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(staging), *(extra or [])], cwd=ROOT
    )
    if code != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed: {target.name}/ was left exactly as it was.", file=sys.stderr)
        return code
    previous = ROOT / f"{site_dir}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"Built the hub into {target.name}/")
    return 0


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner is noise in every build
    if command in ("help", "-h", "--help"):
        print(__doc__)
        return 0
    setup()
    if command == "setup":
        return 0
    if command == "build":
        if not os.environ.get("HUB_SITE_URL"):
            print("HUB_SITE_URL is not set: the booklets cannot print a link to the hub, and this strict build stops "
                  "on that warning. Set it to the hub's published address, e.g.\n"
                  "  HUB_SITE_URL=https://hub.example.police.uk/ python3 dev.py build", file=sys.stderr)
        return build(extra=rest)
    if command == "serve":
        # The preview server takes this process's place: stopping dev.py stops the server.
        os.chdir(ROOT)
        os.execv(str(BIN / "hub"), [str(BIN / "hub"), "serve", *rest])
    if command == "test":
        _npm_tools()
        checks = _static_checks()
        engine = _node_tests()
        return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT) or engine or checks
    if command == "check":
        return subprocess.call([str(BIN / "hub"), "check", *rest], cwd=ROOT)
    if command == "zip":
        return subprocess.call([str(BIN / "hub"), "zip", *rest], cwd=ROOT)
    if command == "hub":
        return subprocess.call([str(BIN / "hub"), *rest], cwd=ROOT)
    if command in ("bench", "bench-report", "bench-lighthouse", "bench-journeys", "bench-search",
                   "bench-search-latency", "bench-offline", "bench-preview"):
        _install_extra("bench", "matplotlib")
        script = {"bench": "run.py", "bench-report": "report.py", "bench-lighthouse": "lighthouse.py",
                  "bench-journeys": "journeys.py", "bench-search": "search_quality.py",
                  "bench-search-latency": "search_latency.py", "bench-offline": "offline.py",
                  "bench-preview": "preview.py"}[command]
        return subprocess.call([str(BIN / "python"), str(ROOT / "bench" / script), *rest], cwd=ROOT)
    print(f"Unknown command {command!r}.\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
