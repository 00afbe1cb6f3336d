"""The cache and build floors, side by side in one run (issue "The hub as its own pipeline", item 5):

- 1,000 pages: a full build with an empty cache against a rebuild after one page's edit
  with the cache the full build left (floor: the rebuild at most 15% of the full build);
- 5,000 pages: a full build with an empty cache (floor: at most 30 s);
- the real library (the shipped content with ../shared/corpora/govuk-developer-docs/pages
  beside it, under guides/library/): the hub against stock Material for MkDocs, time and
  peak memory (floor: no slower, and at most its peak memory);
- 1,000 pages: the hub against stock Material, peak memory;
- editions (bench/editions.py): the national edition alone against it and three forces
  (floor: at most 2×).

    python3 dev.py hub-python bench/rebuild.py        (or .venv/bin/python bench/rebuild.py)

Every build is a fresh process. Peak memory is the largest resident set of the build's whole
process tree (the build and any child it starts, such as the booklet PDFs' renderer),
sampled every 20 ms from /proc, summed over the tree. Results go to stdout and to
bench/results/rebuild.json."""
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

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
from editions import measure as measure_editions  # noqa: E402
from editions import write_layers  # noqa: E402

from corpus import write_corpus  # noqa: E402
from run import BUILD_ONE, STOCK_CONFIG, machine  # noqa: E402

PARTS = ("rebuild", "library", "big", "editions")
LIBRARY = ROOT.parent / "shared" / "corpora" / "govuk-developer-docs" / "pages"


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def build(config: Path, content: Path, site: Path, cache: Path, **env_extra: str) -> dict:
    """One build in a fresh process: seconds, peak resident memory of its process tree (MB)."""
    env = {**os.environ, "HUB_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1", "HUB_SITE_URL": "https://hub.example.police.uk/",
           "HUB_CACHE_DIR": str(cache), **env_extra}
    env.pop("HUB_LAYER", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", BUILD_ONE, str(config), str(content), str(site)],
                                 stdout=out, stderr=err, env=env)
        peak = 0
        while child.poll() is None:
            peak = max(peak, sum(_rss_kb(pid) for pid in _tree(child.pid)))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        if child.returncode != 0:
            err.seek(0)
            raise SystemExit(f"build failed for {config}:\n{err.read().decode(errors='replace')[-3000:]}")
    return {"seconds": round(seconds, 2), "tree_peak_mb": round(peak / 1024, 1)}


def edit(content: Path) -> Path:
    """Add a sentence to the body of the first guide that is not a booklet section (an edit
    to a booklet section makes its PDFs again as well)."""
    page = next(path for path in sorted((content / "guides").rglob("*.md")) if "booklet:" not in path.read_text(encoding="utf-8"))
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added by the rebuild benchmark about quayside inspections.\n",
                    encoding="utf-8")
    return page


_TAG = re.compile(r"</?([A-Za-z][\w-]*)(?:\s[^<>]*)?>")
_HTML = {"a", "b", "br", "code", "details", "em", "i", "kbd", "li", "ol", "p", "pre", "strong", "sub", "summary", "sup", "table",
         "tbody", "td", "th", "thead", "tr", "ul"}
REFUSED = ("finder_schema_breakdown.md",)  # its tables carry { } text the hub reads as attributes, and refuses


def library_project(work: Path) -> Path:
    """The shipped content with the library beside it, in a throw-away folder. The library
    as it is has a few placeholders written as tags ("<app>", "<year>"), which the hub
    refuses as markup: in this copy they are written as text, and one page the hub refuses
    for its attribute text is left out (the content check lists them all: bench/check.py)."""
    combined = work / "library" / "content"
    shutil.copytree(ROOT / "content", combined)
    shutil.copytree(LIBRARY, combined / "guides" / "library")
    for page in (combined / "guides" / "library").rglob("*.md"):
        if page.name in REFUSED:
            page.unlink()
            continue
        text = page.read_text(encoding="utf-8")
        page.write_text(_TAG.sub(lambda tag: tag.group(0) if tag.group(1) in _HTML else "&lt;" + tag.group(0)[1:], text), encoding="utf-8")
    return combined


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--big", type=int, default=5000)
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS), help="what to measure (all by default)")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "rebuild.json")
    args = parser.parse_args(argv)
    hub = ROOT / "mkdocs.yml"
    results: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d"), "command": "bench/rebuild.py " + " ".join(argv or sys.argv[1:])}
    with tempfile.TemporaryDirectory(prefix="hub-rebuild-bench-") as folder:
        work = Path(folder)
        stock = work / "stock.yml"
        stock.write_text(STOCK_CONFIG, encoding="utf-8")

        if "rebuild" in args.parts:
            rebuild_part(args.size, work, hub, stock, results)
        if "library" in args.parts and LIBRARY.is_dir():
            library_part(work, hub, stock, results)
        if "big" in args.parts:
            big = write_corpus(args.big, work / f"n{args.big}")
            results["big"] = {"pages": args.big, "full": build(hub, big, work / "site-big", work / "cache-big")}
            print(json.dumps(results["big"]), flush=True)
            shutil.rmtree(work / f"n{args.big}", ignore_errors=True)
            shutil.rmtree(work / "site-big", ignore_errors=True)
        if "editions" in args.parts:
            editions_part(args.size, work, results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def rebuild_part(size: int, work: Path, hub: Path, stock: Path, results: dict) -> None:
    """A full build with an empty cache, the same again with its cache, one page edited and
    built again, and stock Material on the same pages."""
    content = write_corpus(size, work / f"n{size}")
    cache = work / "cache-n"
    full = build(hub, content, work / "site-full", cache)
    unchanged = build(hub, content, work / "site-again", cache)
    edited = edit(content)
    rebuilt = build(hub, content, work / "site-edited", cache)
    stock_n = build(stock, content, work / "site-stock", work / "cache-stock")
    results["rebuild"] = {"pages": size, "edited": edited.relative_to(content).as_posix(), "full": full,
                          "nothing_changed": unchanged, "one_page_edited": rebuilt,
                          "ratio": round(rebuilt["seconds"] / full["seconds"], 3), "stock": stock_n}
    print(json.dumps(results["rebuild"]), flush=True)
    shutil.rmtree(content.parent, ignore_errors=True)
    for name in ("site-full", "site-again", "site-edited", "site-stock", "cache-n"):
        shutil.rmtree(work / name, ignore_errors=True)


def library_part(work: Path, hub: Path, stock: Path, results: dict) -> None:
    """The real library: the hub with an empty cache, stock Material, the hub again with its cache."""
    combined = library_project(work)
    pages = sum(1 for _ in combined.rglob("*.md"))
    hub_run = build(hub, combined, work / "lib-hub", work / "cache-lib")
    stock_run = build(stock, combined, work / "lib-stock", work / "cache-lib-stock")
    again = build(hub, combined, work / "lib-hub-2", work / "cache-lib")
    results["library"] = {"pages": pages, "hub": hub_run, "hub_warm_cache": again, "stock": stock_run}
    print(json.dumps(results["library"]), flush=True)
    shutil.rmtree(work / "library", ignore_errors=True)


def editions_part(size: int, work: Path, results: dict) -> None:
    """bench/editions.py's measurement: each a fresh process with an empty cache."""
    content = write_corpus(size, work / "editions")
    write_layers(content)
    national = measure_editions(content, work / "out-national", "national")
    together = measure_editions(content, work / "out-all", "all")
    results["editions"] = {"pages": size, "national_alone_seconds": round(national["seconds"], 2),
                           "all_editions_seconds": round(together["seconds"], 2),
                           "ratio": round(together["seconds"] / national["seconds"], 2),
                           "per_edition_seconds": {name: round(seconds, 2) for name, seconds in together["editions"].items()}}
    print(json.dumps(results["editions"]), flush=True)
    shutil.rmtree(work / "editions", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
