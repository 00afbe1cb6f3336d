"""Search quality on the shipped content: the relevance set (bench/relevance.json) answered
by the hub's own search engine (search-engine.js, in Node, over the built index), scored as
success@1, success@3 and mean reciprocal rank.

    python3 dev.py bench-search        # builds the shipped site, prints the table, writes bench/results/search-quality.json
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def build_site(folder: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("HUB_TODAY", "2026-11-23")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ["HUB_BOOKLET_PDFS"] = "false"
    site = folder / "site"
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), site_url="https://hub.example.police.uk/"))
    return site


def answers(site: Path, queries: list[str]) -> list[dict]:
    done = subprocess.run(["node", str(BENCH / "search_node.js"), str(site / "search")],
                          input=json.dumps(queries), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def rank_of(results: list[str], expect: list[str]) -> int | None:
    """1-based rank of the first expected result, or None."""
    for rank, url in enumerate(results, start=1):
        if url in expect or url.split("#", 1)[0] in expect:
            return rank
    return None


def score(relevance: list[dict], answered: list[dict]) -> dict:
    ranks = [rank_of(answer["results"], item["expect"]) for item, answer in zip(relevance, answered)]
    total = len(ranks)
    return {
        "queries": total,
        "success_at_1": sum(1 for r in ranks if r == 1) / total,
        "success_at_3": sum(1 for r in ranks if r and r <= 3) / total,
        "mrr": sum(1 / r for r in ranks if r) / total,
        "misses_at_3": [{"query": item["query"], "rank": rank, "got": answer["results"][:3]}
                        for item, answer, rank in zip(relevance, answered, ranks) if not rank or rank > 3],
    }


def main() -> int:
    relevance = json.loads((BENCH / "relevance.json").read_text(encoding="utf-8"))["queries"]
    with tempfile.TemporaryDirectory(prefix="msht-search-quality-") as work:
        site = build_site(Path(work))
        answered = answers(site, [item["query"] for item in relevance])
    result = score(relevance, answered)
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "search-quality.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{result['queries']} queries: success@1 {result['success_at_1']:.0%}, success@3 {result['success_at_3']:.0%}, "
          f"MRR {result['mrr']:.2f}")
    for miss in result["misses_at_3"]:
        print(f"  miss: {miss['query']!r} (rank {miss['rank']}): {miss['got']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
