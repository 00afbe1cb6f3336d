"""What Zensical does with the hub's content, measured: where it stops with the hub's theme
overrides, and what it publishes without them, when nothing of the hub runs.

Zensical reads `mkdocs.yml` but runs no hooks, so none of the hub's steps runs: not the
classification gate, not the content checks, not the generated pages, search index, offline
copy or booklets. The script builds a fresh copy of the project (content, glossary, settings,
with the hooks and overrides linked) with Zensical three ways and with the hub's own MkDocs
build once, each in a process of its own, and says for each: whether it finished, where it
stopped, how long it took, how many pages it wrote, which of the pages the hub leaves out it
published (above the build's classification, drafts, withdrawn: as a page, in Zensical's
search.json, in the sitemap), which of the hub's outputs are missing, and whether the hub's
own templates were copied into the site as files. A build that stops leaves what it wrote so
far in `site/`; that is inspected too.

1. as shipped, with the shipped sample's day (HUB_TODAY, as the tests and benchmarks build);
2. as shipped, HUB_TODAY unset (`extra.hub.today` is then null);
3. without the overrides (`theme.custom_dir` taken out), HUB_TODAY unset.

It installs nothing: give it the Python of a throwaway environment that has Zensical, never
the project's own:

    python3 -m venv /tmp/zvenv && /tmp/zvenv/bin/pip install zensical
    .venv/bin/python bench/zensical.py --python /tmp/zvenv/bin/python [--out bench/results/zensical.json]

(or set HUB_ZENSICAL_PYTHON). Run it under `flock /tmp/hub-heavy.lock` on a shared machine.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import frontmatter

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TODAY = "2026-11-23"
SITE_URL = "https://hub.example.police.uk/"
PUBLISHED = ("OFFICIAL",)  # what a build with the shipped max_classification publishes
HUB_OUTPUTS = {  # what the hub's own steps write, beside the pages
    "search index": "search/manifest.js",
    "offline copy (worker)": "sw.js",
    "offline copy (bundles)": "offline-bundles",
    "booklet PDF (A6)": "booklets/first-contact-a6.pdf",
    "booklet PDF (A5)": "booklets/first-contact-a5.pdf",
    "lessons register": "lessons/index.html",
    "frontline landing page": "roles/frontline/index.html",
    "guides index": "guides/index.html",
    "Content-Security-Policy for the server": "csp.txt",
    "edition record": "edition.json",
}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
STOP = re.compile(r"^(\w+(Error|Exception)): (.*)$", re.M)


def project_copy(folder: Path, overrides: bool) -> Path:
    """The project as a force has it, in `folder`: content, glossary and settings copied, the
    hub's hooks and overrides linked. Without `overrides`, `theme.custom_dir` is taken out."""
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copytree(ROOT / "includes", folder / "includes")
    for shared in ("hooks", "overrides"):
        (folder / shared).symlink_to(ROOT / shared, target_is_directory=True)
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not overrides:
        settings, taken = re.subn(r"^  custom_dir: overrides\n", "", settings, flags=re.M)
        assert taken == 1, "mkdocs.yml no longer sets theme.custom_dir: overrides"
    (folder / "mkdocs.yml").write_text(settings, encoding="utf-8")
    return folder


def left_out(content: Path) -> list[dict[str, str]]:
    """The pages the hub leaves out of a build for OFFICIAL: above it, drafts, withdrawn."""
    found = []
    for path in sorted(content.rglob("*.md")):
        meta = frontmatter.load(path).metadata
        reason = None
        if str(meta.get("classification", "OFFICIAL")) not in PUBLISHED:
            reason = f"classified {meta['classification']}"
        elif meta.get("status") in ("draft", "withdrawn"):
            reason = str(meta["status"])
        if reason:
            source = path.relative_to(content).as_posix()
            url = source[:-3] + "/" if not source.endswith("index.md") else source[:-len("index.md")]
            found.append({"source": source, "url": url, "title": str(meta.get("title", "")), "reason": reason})
    return found


def inspect(site: Path, pages: list[dict[str, str]]) -> dict[str, Any]:
    """What a built site holds: its pages, which left-out pages it published (their page, or
    their title in any file), and which of the hub's outputs it lacks."""
    files = [p for p in site.rglob("*") if p.is_file()]
    text = "\n".join(p.read_bytes().decode("utf-8", errors="ignore") for p in files if p.suffix in {".html", ".json", ".js", ".xml"})
    published = []
    for page in pages:  # a page the hub leaves out may keep its address (a withdrawn notice that never names it)
        if page["title"] in text:
            published.append({**page, "page_written": (site / page["url"] / "index.html").exists(),
                              "in_search_json": page["title"] in _read(site / "search.json"),
                              "in_sitemap": f"/{page['url']}<" in _read(site / "sitemap.xml")})
    return {
        "pages": len([p for p in files if p.name == "index.html" or p.suffix == ".html"]),
        "files": len(files),
        "left_out_but_published": published,
        "hub_outputs_missing": [name for name, path in HUB_OUTPUTS.items() if not (site / path).exists()],
        "csp_in_pages": "Content-Security-Policy" in _read(site / "index.html"),
        "hub_templates_published": sorted(p.relative_to(site).as_posix() for p in (site / "fragments").rglob("*") if p.is_file()),
    }


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="ignore") if path.exists() else ""


def run(command: list[str], project: Path, env: dict[str, str]) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - started
    output = ANSI.sub("", done.stdout + done.stderr)
    stops = STOP.findall(output)
    return {"finished": done.returncode == 0, "returncode": done.returncode, "seconds": round(seconds, 2),
            "stopped_at": f"{stops[-1][0]}: {stops[-1][2]}" if done.returncode and stops else None,
            "warnings": len(re.findall(r"^Warning:", output, re.M)), "ran_hooks": "left out of this build" in output}


def measure(zensical_python: str, work: Path, mkdocs: bool = True) -> dict[str, Any]:
    version = subprocess.run([zensical_python, "-c", "import importlib.metadata as m; print(m.version('zensical'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    base = {key: value for key, value in os.environ.items() if key not in ("HUB_TODAY", "PYTHONPATH")}
    base.update(HUB_SITE_URL=SITE_URL, NO_MKDOCS_2_WARNING="1")
    pages = left_out(ROOT / "content")
    cases = [("as shipped, HUB_TODAY set", True, {"HUB_TODAY": TODAY}),
             ("as shipped, HUB_TODAY unset", True, {}),
             ("without the overrides (theme.custom_dir removed), HUB_TODAY unset", False, {})]
    results: dict[str, Any] = {"zensical": version, "left_out_by_the_hub": pages, "builds": {}}
    for number, (name, overrides, env) in enumerate(cases, start=1):
        project = project_copy(work / f"zensical-{number}", overrides)
        result = run([zensical_python, "-m", "zensical", "build", "-f", str(project / "mkdocs.yml")], project, {**base, **env})
        if (project / "site").exists():
            result.update(inspect(project / "site", pages))
        results["builds"][name] = result
    if mkdocs:
        project = project_copy(work / "mkdocs", True)
        result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
                     project, {**base, "HUB_TODAY": TODAY, "HUB_CACHE": "off"})
        result["ran_hooks"] = (project / "site" / "search" / "manifest.js").exists()
        if (project / "site").exists():
            result.update(inspect(project / "site", pages))
        results["builds"]["MkDocs with the hub's hooks (reference)"] = result
    return results


def report(results: dict[str, Any]) -> str:
    lines = [f"Zensical {results['zensical']}: the shipped content"]
    lines.append("  pages the hub leaves out: " + ", ".join(f"{p['source']} ({p['reason']})" for p in results["left_out_by_the_hub"]))
    for name, build in results["builds"].items():
        state = "finished" if build["finished"] else f"stopped: {build['stopped_at']}"
        lines.append(f"- {name}: {state}, {build['seconds']:.1f} s")
        if "pages" in build:
            leaked = ", ".join(f"{p['source']} ({p['reason']}; " + ", ".join(
                where for where, held in (("page", p["page_written"]), ("search.json", p["in_search_json"]), ("sitemap", p["in_sitemap"])) if held) + ")"
                for p in build["left_out_but_published"]) or "none"
            lines.append(f"    {build['pages']} HTML pages, {build['files']} files; {build['warnings']} warnings; hooks ran: {build['ran_hooks']}")
            lines.append(f"    published although the hub leaves them out: {leaked}")
            lines.append(f"    hub outputs missing: {', '.join(build['hub_outputs_missing']) or 'none'}; "
                         f"Content-Security-Policy in pages: {build['csp_in_pages']}")
            lines.append(f"    the hub's templates published as files: {', '.join(build['hub_templates_published']) or 'none'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--python", default=os.environ.get("HUB_ZENSICAL_PYTHON"),
                        help="the Python of an environment with zensical installed (or HUB_ZENSICAL_PYTHON)")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--no-mkdocs", action="store_true", help="skip the reference build with MkDocs and the hub's hooks")
    args = parser.parse_args(argv)
    if not args.python:
        parser.error("give the Python that has zensical: --python /tmp/zvenv/bin/python (or HUB_ZENSICAL_PYTHON)")
    if Path(os.path.abspath(args.python)).parent == Path(os.path.abspath(sys.executable)).parent:
        parser.error("give the Python of a throwaway environment, not the project's own: Zensical is not installed here")
    with tempfile.TemporaryDirectory(prefix="hub-zensical-") as work:
        results = measure(args.python, Path(work), mkdocs=not args.no_mkdocs)
    print(report(results))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
