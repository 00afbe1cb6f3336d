"""Search latency and bytes per query, in headless Chromium, served from 127.0.0.1: from
submitting a query to its results' text on screen, for the engine as it is and, in the same
run, the engine before the one analyser (engines.PREVIOUS), on the synthetic corpus and on the
shipped content with a real library beside it.

    python3 dev.py bench-search-latency --sizes 1000
    python3 dev.py bench-search-latency --sizes 1000 5000 --no-previous --no-library

For each site: median and 95th percentile over the query set, on a warm page (the search page
already open, earlier queries' files cached) and a cold page (a fresh browser context per
query: the page, the index manifest and the query's files all fetched), unthrottled and with
the CPU slowed 4x; and the gzip bytes a query fetches on a cold page, exact and misspelt.
Results: bench/results/search-latency.json."""
from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import engines  # noqa: E402
from journeys import ARGS, CHROMIUM, serve  # noqa: E402

from corpus import write_corpus  # noqa: E402

LIBRARY = ROOT.parent / "shared" / "corpora" / "govuk-developer-docs" / "pages"

QUERIES = ["victim safeguarding", "interpreter", "national referral mechanism", "cannabis cultivation", "passport",
           "debt bondage", "county lines", "gangmaster licence", "financial investigation", "nail bar",
           '"debt bondage"', "section 45", "NRM", "multi-agency meeting", "trauma disclosure"]
MISSPELT = ["victm safeguardng", "intepreter", "nationl referal mechanism", "canabis", "pasport", "gangmastr"]
# On the shipped content with the real library beside it: words of both.
LIBRARY_QUERIES = ["yubikey", "interpreter", "roll back my app", "emergency banner", "clear the redis cache",
                   "access an EKS cluster", "rotate RDS credentials", "money", "what do I do first", "NRM",
                   '"content security policy"', "section 45", "sidekiq", "debt bondage", "load test k6"]
LIBRARY_MISSPELT = ["yubikye", "pagerduyt", "maintenence mode", "intepreter", "kubernetes cheetsheet", "elasticsaerch"]

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


def measure(browser, site: Path, base: str, throttle: float, queries: list[str], misspelt: list[str]) -> dict:
    out: dict = {}
    # Warm: one page, every query in turn.
    context = browser.new_context()
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.goto(base + "search/")
    page.wait_for_function("/Type to search/.test(document.querySelector('[data-hub-search-status]').textContent)")
    page.evaluate(SUBMIT_AND_WAIT, "warm up")
    out["warm"] = percentiles([page.evaluate(SUBMIT_AND_WAIT, query) for query in queries])
    context.close()
    # Cold: a fresh context per query; bytes are those the query itself fetched.
    cold, exact_bytes, typo_bytes = [], [], []
    for query in queries + misspelt:
        context = browser.new_context()
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.goto(base + "search/")
        page.wait_for_function("/Type to search/.test(document.querySelector('[data-hub-search-status]').textContent)")
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))  # noqa: B023 - read before the next query
        ms = page.evaluate(SUBMIT_AND_WAIT, query)
        bytes_ = gzip_bytes(site, base, fetched)
        if query in misspelt:
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

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000], help="synthetic corpora of these many pages")
    parser.add_argument("--library", type=Path, default=LIBRARY, help="a real library, built beside the shipped content")
    parser.add_argument("--no-library", action="store_true")
    parser.add_argument("--previous", default=engines.PREVIOUS, help="the commit of the engine to compare with")
    parser.add_argument("--no-previous", action="store_true")
    args = parser.parse_args(argv)
    refs: list[str | None] = [None] + ([] if args.no_previous else [args.previous])
    results: dict = {"previous": args.previous, "sites": {}}
    with tempfile.TemporaryDirectory(prefix="msht-search-latency-") as folder, sync_playwright() as playwright:
        work = Path(folder)
        corpora: list[tuple[str, Path, list[str], list[str]]] = []
        for size in args.sizes:
            corpora.append((f"synthetic {size}", write_corpus(size, work / f"n{size}"), QUERIES, MISSPELT))
        if not args.no_library and args.library.is_dir():
            combined = work / "library" / "content"
            shutil.copytree(ROOT / "content", combined)
            shutil.copytree(args.library, combined / "guides" / "library")
            corpora.append(("shipped + real library", combined, LIBRARY_QUERIES, LIBRARY_MISSPELT))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, content, queries, misspelt in corpora:
            for ref in refs:
                engine = "now" if ref is None else f"previous ({ref[:7]})"
                site = engines.build(engines.code_of(ref, work), content, work / f"site-{len(results['sites'])}-{engine[:3]}")
                base = serve(site)
                index = sum(len(gzip.compress(p.read_bytes(), 6)) for p in (site / "search").glob("*.js"))
                measured = {"index_gzip_bytes": index, "documents": _documents(site),
                            "unthrottled": measure(browser, site, base, 1, queries, misspelt),
                            "cpu_4x": measure(browser, site, base, 4, queries, misspelt)}
                results["sites"].setdefault(name, {})[engine] = measured
                print(name, engine, json.dumps(measured), flush=True)
        browser.close()
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "search-latency.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


def _documents(site: Path) -> int:
    text = (site / "search" / "manifest.js").read_text(encoding="utf-8")
    count: int = json.loads(text[text.index(",") + 1: text.rindex(")")])["count"]
    return count


if __name__ == "__main__":
    sys.exit(main())
