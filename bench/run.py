"""The benchmark runner: the hub against stock Material for MkDocs, side by side in one run,
on the same synthetic corpus at growing sizes.

    python3 dev.py bench                         # N = 100, 1000, 5000; 3 runs each; writes bench/results/
    python3 dev.py bench --sizes 100 --runs 1    # a quick look

For each N: build wall time and peak memory (median of the runs) for both; output size;
the HTML size of one page; search index bytes raw and gzip; in headless Chromium (served
from 127.0.0.1, CPU unthrottled and throttled 4x) the time from navigation to the first
rendered search results and the gzip bytes fetched before them, and the hub's median query
latency after load. Results go to bench/results/<label>.json; bench/report.py turns them
into BENCHMARKS.md and a plot."""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import write_corpus  # noqa: E402

QUERY = "debt bondage"
PAGE = "guides/g000/guide-00000/index.html"  # the same page at every N
CHROMIUM = os.environ.get("HUB_CHROMIUM", "/usr/bin/chromium")  # Debian's; never `playwright install`
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
STOCK_CONFIG = """site_name: Stock Material
docs_dir: content
site_url: http://127.0.0.1/
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist:
      custom_checkbox: true
"""
BUILD_ONE = """
import json, logging, resource, sys, time
start = time.perf_counter()
logging.basicConfig(level=logging.INFO, format="%(message)s")
from mkdocs.config import load_config
from mkdocs.commands.build import build
config = load_config(sys.argv[1], docs_dir=sys.argv[2], site_dir=sys.argv[3])
build(config)
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build_once(config: Path, content: Path, site: Path, **env_extra: str) -> dict:
    env = {**os.environ, "HUB_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1", "HUB_SITE_URL": "https://hub.example.police.uk/", **env_extra}
    done = subprocess.run([sys.executable, "-c", BUILD_ONE, str(config), str(content), str(site)],
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build failed for {config}:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    booklet = re.search(r"Booklet [\w-]+: \d+ sections, PDFs in ([\d.]+) s", done.stderr)
    result["booklet_seconds"] = float(booklet.group(1)) if booklet else None
    return result


def folder_bytes(folder: Path, pattern: str = "*") -> tuple[int, int]:
    """(raw bytes, gzip bytes) of the files under folder matching pattern."""
    raw = zipped = 0
    for path in folder.rglob(pattern):
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            zipped += len(gzip.compress(data, 6))
    return raw, zipped


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def first_result(browser, base: str, site: Path, kind: str, throttle: float) -> dict:
    """Milliseconds from navigation start to the first rendered result, and the gzip bytes
    of everything fetched before it (a fresh browser context: nothing cached)."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    if kind == "hub":
        url, selector = base + "search/?q=" + QUERY.replace(" ", "+"), ".hub-result"
    else:
        url, selector = base + "?q=" + QUERY.replace(" ", "+"), ".md-search-result__item"
    page.goto(url)
    page.wait_for_selector(selector, state="attached", timeout=120_000)
    ms = page.evaluate("performance.now()")
    before = list(fetched)
    latency = None
    if kind == "hub":
        latency = page.evaluate("""async () => {
            const form = document.querySelector('[data-hub-search-form]');
            const input = form.querySelector('input[name=q]');
            const status = document.querySelector('[data-hub-search-status]');
            const times = [];
            for (const q of ['victim safeguarding', 'interpreter', 'national referral mechanism', 'cannabis', 'passport', 'debt']) {
                const start = performance.now();
                status.textContent = '';
                input.value = q;
                form.dispatchEvent(new Event('submit', {cancelable: true}));
                while (!/result/.test(status.textContent)) { await new Promise(r => setTimeout(r, 1)); }
                times.push(performance.now() - start);
            }
            times.sort((a, b) => a - b);
            return times[Math.floor(times.length / 2)];
        }""")
    context.close()
    gz = 0
    for address in before:
        path = site / address.removeprefix(base).split("?")[0].split("#")[0]
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            gz += len(gzip.compress(path.read_bytes(), 6))
    return {"ms": ms, "gzip_bytes": gz, "requests": len(before), "query_ms": latency}


def measure(sizes: list[int], runs: int, work: Path, browser_runs: int, stock_max: int, big: int = 10**9, big_runs: int = 1) -> dict:
    from playwright.sync_api import sync_playwright

    results = {"machine": machine(), "query": QUERY, "runs": runs, "sizes": {}}
    stock_config = work / "stock.yml"
    work.mkdir(parents=True, exist_ok=True)
    stock_config.write_text(STOCK_CONFIG, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in sizes:
            corpus = work / f"n{size}"
            content = write_corpus(size, corpus)
            row = {}
            for kind, config in (("hub", ROOT / "mkdocs.yml"), ("stock", stock_config)):
                if kind == "stock" and size > stock_max:
                    row[kind] = {"skipped": f"stock Material not built above N={stock_max} in this run"}
                    continue
                site = corpus / f"site-{kind}"
                builds = [build_once(config, content, site) for _ in range(big_runs if size >= big else runs)]
                index = site / "search"
                raw, zipped = folder_bytes(index, "*.js" if kind == "hub" else "search_index.json")
                out_raw, _ = folder_bytes(site)
                served, base = serve(site)
                try:
                    searches = {
                        f"x{rate:g}": [first_result(browser, base, site, kind, rate)
                                       for _ in range(big_runs if size >= big else browser_runs)]
                        for rate in (1, 4)
                    }
                finally:
                    served.shutdown()
                    served.server_close()
                extra = {}
                if kind == "hub":
                    extra["build_seconds_without_pdfs"] = build_once(config, content, corpus / "site-nopdf", HUB_BOOKLET_PDFS="false")["seconds"]
                    shutil.rmtree(corpus / "site-nopdf", ignore_errors=True)
                    extra["booklet_seconds"] = statistics.median(b["booklet_seconds"] or 0 for b in builds)
                    extra["offline_cache_bytes"] = out_raw - (site / "sw.js").stat().st_size - (site / "sitemap.xml.gz").stat().st_size
                row[kind] = {
                    **extra,
                    "build_seconds": statistics.median(b["seconds"] for b in builds),
                    "build_seconds_all": [round(b["seconds"], 2) for b in builds],
                    "peak_mb": statistics.median(b["peak_mb"] for b in builds),
                    "site_bytes": out_raw,
                    "page_html_bytes": (site / PAGE).stat().st_size,
                    "index_bytes": raw,
                    "index_gzip_bytes": zipped,
                    "first_result_ms": {rate: statistics.median(s["ms"] for s in runs_) for rate, runs_ in searches.items()},
                    "gzip_before_first_result": statistics.median(s["gzip_bytes"] for s in searches["x1"]),
                    "query_ms": statistics.median(s["query_ms"] for s in searches["x1"]) if kind == "hub" else None,
                }
                print(f"N={size} {kind}: {json.dumps(row[kind])}", flush=True)
            results["sizes"][str(size)] = row
            shutil.rmtree(corpus, ignore_errors=True)
        browser.close()
    return results


def machine() -> dict:
    memory = "?"
    try:
        with open("/proc/meminfo") as handle:
            memory = f"{int(handle.readline().split()[1]) // 1024 // 1024} GB"
    except OSError:
        pass
    model = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as handle:
            model = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": model, "cpus": os.cpu_count(), "memory": memory, "python": platform.python_version(),
            "system": platform.platform()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="builds per size and tool (the median is reported)")
    parser.add_argument("--browser-runs", type=int, default=3, help="search page loads per size, tool and throttle")
    parser.add_argument("--big", type=int, default=5000, help="from this N on, measure --big-runs times only")
    parser.add_argument("--big-runs", type=int, default=1)
    parser.add_argument("--stock-max", type=int, default=5000, help="largest N at which to build stock Material")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "msht-hub-bench")
    parser.add_argument("--label", default=time.strftime("%Y-%m-%d"))
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    args = parser.parse_args(argv)
    results = measure(args.sizes, args.runs, args.work, args.browser_runs, args.stock_max, args.big, args.big_runs)
    results["command"] = "python3 dev.py bench " + " ".join(argv if argv is not None else sys.argv[1:])
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"{args.label}.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
