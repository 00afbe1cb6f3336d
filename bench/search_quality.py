"""Search quality: relevance sets answered by the hub's own search engine (search-engine.js, in
Node, over the built index), scored as success@1, success@3 and mean reciprocal rank, for the
engine as it is and, side by side in the same run, the engine before the one analyser
(engines.PREVIOUS).

    python3 dev.py bench-search                      # both sets, both engines
    python3 dev.py bench-search --queries held-out.json   # another set, on the shipped content with the library beside it
    python3 dev.py bench-search --no-previous        # the engine as it is only

- bench/relevance.json on the shipped content;
- bench/relevance-library.json on the shipped content with a real library beside it: the
  GOV.UK Developer Docs manual (--library, default ../shared/corpora/govuk-developer-docs/pages)
  copied under content/guides/library/ of a throw-away project (never into this repository).

Results: bench/results/search-quality.json."""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import engines  # noqa: E402

LIBRARY = ROOT.parent / "shared" / "corpora" / "govuk-developer-docs" / "pages"


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


def queries_of(path: Path) -> list[dict]:
    found: list[dict] = json.loads(path.read_text(encoding="utf-8"))["queries"]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", type=Path, default=LIBRARY, help="a folder of hub pages to build beside the shipped content")
    parser.add_argument("--queries", type=Path, action="append", default=[],
                        help="another relevance set (JSON like bench/relevance-library.json), run with the library beside")
    parser.add_argument("--previous", default=engines.PREVIOUS, help="the commit of the engine to compare with")
    parser.add_argument("--no-previous", action="store_true", help="the engine as it is only")
    args = parser.parse_args(argv)
    refs: list[str | None] = [None] + ([] if args.no_previous else [args.previous])
    sets = [("shipped content", False, BENCH / "relevance.json")]
    if args.library.is_dir():
        sets += [("shipped content + real library", True, BENCH / "relevance-library.json")]
        sets += [(f"shipped content + real library: {path.name}", True, path) for path in args.queries]
    else:
        print(f"No library at {args.library}: only the shipped set is run.", file=sys.stderr)
    results: dict = {"library": str(args.library), "previous": args.previous, "sets": {}}
    with tempfile.TemporaryDirectory(prefix="msht-search-quality-") as folder:
        work = Path(folder)
        contents = {False: ROOT / "content"}
        if any(with_library for _, with_library, _ in sets):
            combined = work / "content"
            shutil.copytree(ROOT / "content", combined)
            shutil.copytree(args.library, combined / "guides" / "library")
            contents[True] = combined
        for ref in refs:
            code = engines.code_of(ref, work)
            engine = "now" if ref is None else f"previous ({ref[:7]})"
            for with_library, content in contents.items():
                site = engines.build(code, content, work / f"site-{engine[:3]}-{int(with_library)}")
                for name, needs_library, path in sets:
                    if needs_library != with_library:
                        continue
                    relevance = queries_of(path)
                    result = score(relevance, engines.answers(code, site, [item["query"] for item in relevance]))
                    results["sets"].setdefault(name, {})[engine] = result
                    print(f"{name} ({path.name}), engine {engine}: {result['queries']} queries, success@1 "
                          f"{result['success_at_1']:.0%}, success@3 {result['success_at_3']:.0%}, MRR {result['mrr']:.2f}", flush=True)
                    if ref is None:
                        for miss in result["misses_at_3"]:
                            print(f"  miss: {miss['query']!r} (rank {miss['rank']}): {miss['got']}")
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "search-quality.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
