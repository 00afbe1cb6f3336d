"""Search latency and bytes per query on the synthetic corpus, in headless Chromium, served
from 127.0.0.1: from submitting a query to its results' text on screen.

    python3 dev.py bench-search-latency --sizes 1000 5000

For each size: median and 95th percentile over the query set, on a warm page (the search page
already open, earlier queries' files cached) and a cold page (a fresh browser context per
query: the page, the index manifest and the query's files all fetched), unthrottled and with
the CPU slowed 4x; and the gzip bytes a query fetches on a cold page, exact and misspelt.
Results: bench/results/search-latency.json."""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from journeys import ARGS, CHROMIUM, serve  # noqa: E402

from corpus import write_corpus  # noqa: E402

QUERIES = ["victim safeguarding", "interpreter", "national referral mechanism", "cannabis cultivation", "passport",
           "debt bondage", "county lines", "gangmaster licence", "financial investigation", "nail bar",
           '"debt bondage"', "section 45", "NRM", "multi-agency meeting", "trauma disclosure"]
MISSPELT = ["victm safeguardng", "intepreter", "nationl referal mechanism", "canabis", "pasport", "gangmastr"]

SUBMIT_AND_WAIT = """async (query) => {
  const form = document.querySelector('[data-hub-search-form]');
  const input = form.querySelector('input[name=q]');
  const status = document.querySelector('[data-hub-search-status]');
  const list = document.querySelector('[data-hub-search-results]');
  list.textContent = '';
  status.textContent = '';
  const start = performance.now();
  input.value = query;
  form.dispatchEvent(new Event('submit', {cancelable: true}));
  while (!(list.querySelector('.hub-result__snippet') || /No results|could not/.test(status.textContent))) {
    await new Promise(resolve => setTimeout(resolve, 1));
  }
  return performance.now() - start;
}"""


def build(size: int, work: Path) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ.update({"HUB_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1", "HUB_BOOKLET_PDFS": "false"})
    corpus = work / f"n{size}"
    write_corpus(size, corpus)
    config = corpus / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for name in ("hooks", "overrides", "includes"):
        if not (corpus / name).exists():
            (corpus / name).symlink_to(ROOT / name)
    site = corpus / "site"
    mkdocs_build(load_config(str(config), site_dir=str(site), site_url="https://hub.example.police.uk/",
                             docs_dir=str(corpus / "content")))
    return site


def gzip_bytes(site: Path, base: str, urls: list[str]) -> int:
    total = 0
    for url in urls:
        path = site / url.removeprefix(base).split("?")[0]
        if path.is_file():
            total += len(gzip.compress(path.read_bytes(), 6))
    return total


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"median_ms": round(statistics.median(ordered), 1), "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 1)}


def measure(browser, site: Path, base: str, throttle: float) -> dict:
    out: dict = {}
    # Warm: one page, every query in turn.
    context = browser.new_context()
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.goto(base + "search/")
    page.wait_for_function("() => /Type to search/.test(document.querySelector('[data-hub-search-status]').textContent)")
    page.evaluate(SUBMIT_AND_WAIT, "warm up")
    out["warm"] = percentiles([page.evaluate(SUBMIT_AND_WAIT, query) for query in QUERIES])
    context.close()
    # Cold: a fresh context per query; bytes are those the query itself fetched.
    cold, exact_bytes, typo_bytes = [], [], []
    for query in QUERIES + MISSPELT:
        context = browser.new_context()
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.goto(base + "search/")
        page.wait_for_function("() => /Type to search/.test(document.querySelector('[data-hub-search-status]').textContent)")
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))  # noqa: B023 - read before the next query
        ms = page.evaluate(SUBMIT_AND_WAIT, query)
        bytes_ = gzip_bytes(site, base, fetched)
        if query in MISSPELT:
            typo_bytes.append(bytes_)
        else:
            cold.append(ms)
            exact_bytes.append(bytes_)
        context.close()
    out["cold"] = percentiles(cold)
    out["cold_query_gzip_bytes"] = {"exact_median": int(statistics.median(exact_bytes)), "exact_max": max(exact_bytes),
                                    "misspelt_median": int(statistics.median(typo_bytes)), "misspelt_max": max(typo_bytes)}
    return out


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    args = parser.parse_args(argv)
    results: dict = {"queries": QUERIES, "misspelt": MISSPELT, "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="msht-search-latency-") as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in args.sizes:
            site = build(size, Path(work))
            base = serve(site)
            index = sum(len(gzip.compress(p.read_bytes(), 6)) for p in (site / "search").glob("*.js"))
            results["sizes"][str(size)] = {"index_gzip_bytes": index, "unthrottled": measure(browser, site, base, 1),
                                           "cpu_4x": measure(browser, site, base, 4)}
            print(size, json.dumps(results["sizes"][str(size)]), flush=True)
        browser.close()
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "search-latency.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
