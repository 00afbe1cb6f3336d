"""Edit-to-visible time of the editors' preview, with a correctness check after every edit.

For each corpus size, the hub's preview (`hub serve`, what `python3 dev.py serve` runs) and
stock Material's `mkdocs serve` are started on the synthetic corpus (bench/corpus.py). Each
edit appends a sentence with a new word to the body of the same guide (a section of the
booklet); the time is from the save to the first answer of the page's address that shows it.
After each hub edit the served site is checked, once search finds the new word (timed too): the search index still holds every document
and finds the new word, the guides listing lists every guide, and the booklet page shows the
new sentence. Two front-matter edits are timed too: a new title for that guide (a role
essential, which every page's header carries, so every page is rendered again) and a new
title for a debrief (shown by its related guides and the listings only).

    python3 dev.py bench-preview                  # 100 and 1,000 pages, 5 edits each
    python3 dev.py bench-preview --sizes 100 --edits 3
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "hooks"))

from corpus import write_corpus  # noqa: E402
from msht_hub.outputs.search_index import shard_file, terms  # noqa: E402
from run import STOCK_CONFIG  # noqa: E402

BIN = Path(sys.executable).parent
PAGE = "guides/g000/guide-00000/"
SOURCE = "guides/g000/guide-00000.md"  # an aide-memoire: a booklet section and a role essential
DEBRIEF = "debriefs/d000/debrief-00003.md"  # shown on its related guides and in listings only
DEBRIEF_PAGE = "debriefs/d000/debrief-00003/"
ENV = {**os.environ, "HUB_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as answer:
        return answer.read().decode("utf-8", "replace")


def wait_for(url: str, text: str, timeout: float = 600) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if text in fetch(url):
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} never showed {text!r} within {timeout:.0f} s")


def start(kind: str, corpus: Path, port: int) -> subprocess.Popen:
    if kind == "hub":
        command = [str(BIN / "hub"), "--config", str(ROOT / "mkdocs.yml"), "serve", "--docs-dir", str(corpus / "content"),
                   "--dev-addr", f"127.0.0.1:{port}"]
    else:
        (corpus / "stock.yml").write_text(STOCK_CONFIG, encoding="utf-8")
        command = [str(BIN / "mkdocs"), "serve", "-f", str(corpus / "stock.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop(server: subprocess.Popen) -> None:
    """Stop a preview server and everything it started, however it is doing."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=15)


def search_finds(base: str, word: str) -> tuple[int, bool]:
    """(documents in the served index, whether the word's shard lists it)."""
    manifest = json.loads(re.search(r",(\{.*\})\);", fetch(base + "search/manifest.js")).group(1))
    term = terms(word)[0]
    prefixes = [key for key in manifest["shards"] if term.startswith(key.rstrip("\u0000"))
                and (not key.endswith("\u0000") or term == key[:-1])]
    if not prefixes:
        return manifest["count"], False
    shard = fetch(base + "search/" + shard_file(max(prefixes, key=len)))
    return manifest["count"], json.dumps(term) + ":" in shard


def search_found(base: str, word: str) -> bool:
    try:
        return search_finds(base, word)[1]
    except OSError:  # the index was being swapped for the new one between two requests
        return False


def check(base: str, word: str, documents: int, guides: int) -> dict:
    count, found = search_finds(base, word)
    listing = fetch(base + "guides/")
    listed = len(set(re.findall(r'href="[^"]*guides/g\d+/guide-\d+/"', listing)))
    booklet = fetch(base + "booklets/first-contact/")
    return {"search_documents": count, "search_documents_expected": documents, "search_finds_new_word": found,
            "guides_listed": listed, "guides_expected": guides, "booklet_shows_edit": word in booklet}


def measure(kind: str, size: int, edits: int, work: Path) -> dict:
    corpus = work / f"{kind}-{size}"
    content = write_corpus(size, corpus)
    guides = len(list((content / "guides").rglob("*.md")))
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = start(kind, corpus, port)
    try:
        first = wait_for(base + PAGE, "<title")
        if kind == "hub":
            wait_for(base + "search/manifest.js", "mshtHubSearch")
        initial = check(base, "victim", 0, guides) if kind == "hub" else {}
        times, search_times, checks = [], [], []
        source = content / SOURCE
        for number in range(edits):
            word = f"zqxedit{'abcdefghij'[number]}word"
            time.sleep(1.0)  # an editor's pause between saves
            with source.open("a", encoding="utf-8") as handle:
                handle.write(f"\n\nThe officer noted {word} in the pocket book.\n")
            saved = time.perf_counter()
            times.append(wait_for(base + PAGE, word))
            if kind == "hub":
                while not search_found(base, word):
                    time.sleep(0.02)
                search_times.append(time.perf_counter() - saved)
                checks.append(check(base, word, initial["search_documents"], guides))
        time.sleep(1.0)
        text = source.read_text(encoding="utf-8")
        source.write_text(re.sub(r"^title: .*$", "title: Renamed zqxtitle guide", text, count=1, flags=re.M), encoding="utf-8")
        title_seconds = wait_for(base + PAGE, "Renamed zqxtitle guide")
        title_listed = "Renamed zqxtitle guide" in fetch(base + "guides/") if kind == "hub" else None
        time.sleep(1.0)
        debrief = content / DEBRIEF
        text = debrief.read_text(encoding="utf-8")
        debrief.write_text(re.sub(r"^title: .*$", "title: Renamed zqxdebrief", text, count=1, flags=re.M), encoding="utf-8")
        debrief_title_seconds = wait_for(base + DEBRIEF_PAGE, "Renamed zqxdebrief")
    finally:
        stop(server)
    return {"first_build_seconds": round(first, 2), "edit_seconds": [round(t, 2) for t in times],
            "median_edit_seconds": round(statistics.median(times), 2),
            "median_search_seconds": round(statistics.median(search_times), 2) if search_times else None, "title_edit_seconds": round(title_seconds, 2),
            "title_in_listing": title_listed, "debrief_title_edit_seconds": round(debrief_title_seconds, 2), "checks": checks,
            "correct": all(c["search_documents"] == c["search_documents_expected"] and c["search_finds_new_word"]
                           and c["guides_listed"] == c["guides_expected"] and c["booklet_shows_edit"] for c in checks)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--kinds", nargs="+", default=["hub", "stock"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/msht-hub-bench-preview"))
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "preview.json")
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        for kind in args.kinds:
            row = measure(kind, size, args.edits, args.work)
            results[f"{kind}-{size}"] = row
            print(f"N={size} {kind}: {json.dumps({k: v for k, v in row.items() if k != 'checks'})}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
