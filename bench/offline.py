"""The offline copy on the synthetic corpus, in headless Chromium served from 127.0.0.1 with
a slow link emulated by the server (shared by the page and its service worker): bytes stored on the device, requests, bytes transferred, and the
time from the first visit to the essentials offline and to everything offline.

    python3 dev.py bench-offline --sizes 1000 5000

Results: bench/results/offline.json."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from journeys import ARGS, CHROMIUM  # noqa: E402
from search_latency import build  # noqa: E402

NETWORKS = {  # download in bytes per second, latency in seconds; applied by the server (below)
    "none": None,
    "4G-like (9 Mbit/s, 40 ms)": {"rate": 9_000_000 / 8, "latency": 0.040},
    "3G-like (1.6 Mbit/s, 150 ms)": {"rate": 1_600_000 / 8, "latency": 0.150},
}


def throttled_server(folder: Path, network: dict | None) -> tuple[object, str]:
    """Serve a folder on 127.0.0.1 through one shared link of the given speed and latency, so
    that the page and its service worker (which CDP's network emulation does not reach) share
    the same slow link."""
    import functools
    import http.server
    import threading

    link = threading.Lock()
    counted = {"bytes": 0, "requests": 0}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def copyfile(self, source, outputfile):
            counted["requests"] += 1
            if network:
                time.sleep(network["latency"])
            while True:
                chunk = source.read(16 * 1024)
                if not chunk:
                    break
                if network:
                    with link:  # one link: parallel requests share its speed
                        time.sleep(len(chunk) / network["rate"])
                outputfile.write(chunk)
                counted["bytes"] += len(chunk)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return (server, counted), f"http://127.0.0.1:{server.server_port}/"
STATUS = """() => navigator.serviceWorker.getRegistration().then(reg => {
  const worker = reg && (reg.active || reg.waiting || reg.installing);
  if (!worker) return null;
  return new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = event => resolve(event.data);
    worker.postMessage({type: 'hub-status'}, [channel.port2]);
    setTimeout(() => resolve(null), 2000);
  });
})"""


def one_visit(browser, site: Path, network: dict | None, limit: float) -> dict:
    (server, transferred), base = throttled_server(site, network)
    context = browser.new_context()
    page = context.new_page()
    start = time.monotonic()
    page.goto(base)
    essentials = everything = None
    while time.monotonic() - start < limit:
        status = page.evaluate(STATUS)
        if status:
            if essentials is None and status["essentials"] >= status["essentialsTotal"]:
                essentials = time.monotonic() - start
                page.evaluate("navigator.serviceWorker.ready.then(reg => reg.active && reg.active.postMessage({type: 'hub-continue'}))")
            if status["cached"] >= status["files"]:
                everything = time.monotonic() - start
                break
        page.wait_for_timeout(250)
    usage = page.evaluate("navigator.storage.estimate().then(e => e.usage)")
    context.close()
    server.shutdown()
    return {"essentials_s": round(essentials, 1) if essentials else None, "all_s": round(everything, 1) if everything else None,
            "stored_bytes": usage, "transferred_bytes": transferred["bytes"], "requests": transferred["requests"]}


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--limit", type=float, default=240, help="seconds to wait for everything to be offline")
    args = parser.parse_args(argv)
    results: dict = {"sizes": {}}
    with tempfile.TemporaryDirectory(prefix="msht-offline-") as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in args.sizes:
            site = build(size, Path(work))
            bundles = sorted((site / "offline-bundles").glob("*.bin"))
            results["sizes"][str(size)] = {"bundles": len(bundles), "bundle_bytes": sum(p.stat().st_size for p in bundles),
                                           "networks": {name: one_visit(browser, site, network, args.limit)
                                                        for name, network in NETWORKS.items()}}
            print(size, json.dumps(results["sizes"][str(size)]), flush=True)
        browser.close()
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "offline.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
