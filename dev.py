#!/usr/bin/env python3
"""Set up and run the MSHT Knowledge Hub: the only commands an editor or CI needs.

    python3 dev.py serve      set up, then preview the hub on http://127.0.0.1:8000/ (hub serve)
    python3 dev.py build      set up, then build the hub into site/ (strict; --site-url URL: the published address)
    python3 dev.py build --all-editions   the national edition and every force's: site/national/, site/<force>/
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
    python3 dev.py bench-check        hub check on the real library (../shared/corpora/): time and problems by kind
    python3 dev.py bench-rebuild      the cache and build floors: rebuild after an edit, 5,000 pages, the real library, editions

Set-up makes a virtual environment in .venv and installs the pinned dependencies
(constraints.txt) the first time, and again whenever pyproject.toml or
constraints.txt change. It needs only Python 3 and pip. On Windows, run the same commands
with the launcher: `py dev.py serve`, `py dev.py hub check`.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def venv_tool(venv_dir: PurePath, name: str, system: str = os.name) -> PurePath:
    """A program of the virtual environment: Scripts\\name.exe on Windows, bin/name elsewhere
    (the path keeps the flavour of venv_dir, so both are testable anywhere)."""
    return venv_dir / "Scripts" / f"{name}.exe" if system == "nt" else venv_dir / "bin" / name


def tool(name: str) -> str:
    return str(venv_tool(VENV, name))


def take_option(args: list[str], name: str) -> tuple[list[str], str | None]:
    """Remove `--name VALUE` or `--name=VALUE` from args: (the other args, VALUE or None).
    Settings given this way need no shell syntax (VAR=value command is POSIX-only)."""
    rest, value, args = [], None, list(args)
    while args:
        arg = args.pop(0)
        if arg == name and args:
            value = args.pop(0)
        elif arg.startswith(name + "="):
            value = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return rest, value


def run_in_foreground(command: list[str], cwd: Path) -> int:
    """Run a long-lived command (the preview server) as this process's child, on every system
    (os.execv does not replace the process on Windows): Ctrl+C reaches both, and ending
    dev.py (SIGTERM, a closed console, Ctrl+Break) ends the server too."""
    child = subprocess.Popen(command, cwd=cwd)

    def stop(signum: int, frame: object) -> None:
        child.terminate()

    for name in ("SIGTERM", "SIGHUP", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue  # the server had the Ctrl+C too; wait for it to stop


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def setup() -> None:
    """Create .venv and install the project with its pinned dependencies, once."""
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    if not Path(tool("python")).exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing pinned dependencies (constraints.txt) ...", flush=True)
    subprocess.run(
        [tool("python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[test]"],
        check=True,
    )
    STAMP.write_text(_fingerprint())


def _install_extra(extra: str, module: str) -> None:
    """Install an optional group of dependencies (pinned) the first time a command needs it."""
    if subprocess.call([tool("python"), "-c", f"import {module}"], stderr=subprocess.DEVNULL) == 0:
        return
    subprocess.run(
        [tool("python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
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
    lint = subprocess.call([tool("ruff"), "check", "."], cwd=ROOT)
    types = subprocess.call([tool("mypy")], cwd=ROOT)
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
    """The strict build into site_dir. The hub builds into a staging folder of its own and
    swaps it in only when the build succeeds (outputs/staging.py), so a failed build never
    leaves a half-written or empty site behind."""
    target = ROOT / site_dir
    code = subprocess.call([tool("mkdocs"), "build", "--strict", "--site-dir", str(target), *(extra or [])], cwd=ROOT)
    if code != 0:
        print(f"Build failed: {target.name}/ was left exactly as it was.", file=sys.stderr)
        return code
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
        rest, site_url = take_option(rest, "--site-url")
        if site_url:
            os.environ["HUB_SITE_URL"] = site_url
        if not os.environ.get("HUB_SITE_URL"):
            print("HUB_SITE_URL is not set: the booklets cannot print a link to the hub, and this strict build stops "
                  "on that warning. Give the hub's published address, e.g.\n"
                  "  python3 dev.py build --site-url https://hub.example.police.uk/", file=sys.stderr)
        if "--all-editions" in rest:  # the national edition and every force's, each in site/<edition>/ (README, Layers)
            return subprocess.call([tool("hub"), "editions", *[arg for arg in rest if arg != "--all-editions"]], cwd=ROOT)
        return build(extra=rest)
    if command == "serve":
        return run_in_foreground([tool("hub"), "serve", *rest], cwd=ROOT)  # stopping dev.py stops the server
    if command == "test":
        _npm_tools()
        checks = _static_checks()
        engine = _node_tests()
        return subprocess.call([tool("python"), "-m", "pytest", *rest], cwd=ROOT) or engine or checks
    if command == "check":
        return subprocess.call([tool("hub"), "check", *rest], cwd=ROOT)
    if command == "zip":
        return subprocess.call([tool("hub"), "zip", *rest], cwd=ROOT)
    if command == "hub":
        return subprocess.call([tool("hub"), *rest], cwd=ROOT)
    if command in ("bench", "bench-report", "bench-lighthouse", "bench-journeys", "bench-search",
                   "bench-search-latency", "bench-offline", "bench-preview", "bench-check", "bench-rebuild"):
        _install_extra("bench", "matplotlib")
        script = {"bench": "run.py", "bench-report": "report.py", "bench-lighthouse": "lighthouse.py",
                  "bench-journeys": "journeys.py", "bench-search": "search_quality.py",
                  "bench-search-latency": "search_latency.py", "bench-offline": "offline.py",
                  "bench-preview": "preview.py", "bench-check": "check.py", "bench-rebuild": "rebuild.py"}[command]
        return subprocess.call([tool("python"), str(ROOT / "bench" / script), *rest], cwd=ROOT)
    print(f"Unknown command {command!r}.\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
