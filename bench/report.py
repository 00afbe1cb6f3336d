"""Turn a benchmark result (bench/results/<label>.json) into BENCHMARKS.md and a plot.

    python3 dev.py bench-report bench/results/2026-11-23.json
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def _kb(value: float) -> str:
    return f"{value / 1024:,.0f} KB"


def _mb(value: float) -> str:
    return f"{value / 1024 / 1024:,.1f} MB"


def table(results: dict) -> str:
    lines = [
        "| N | tool | build (s, median) | peak memory | site | one page's HTML | search index raw / gzip | gzip fetched before first result | first result (ms) unthrottled / 4× CPU | query after load (ms) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, row in results["sizes"].items():
        for tool in ("hub", "stock"):
            data = row.get(tool, {})
            if "skipped" in data or not data:
                lines.append(f"| {int(size):,} | {tool} | {data.get('skipped', 'not measured')} | | | | | | | |")
                continue
            first = data["first_result_ms"]
            query = f"{data['query_ms']:.0f}" if data.get("query_ms") is not None else "–"
            lines.append(
                f"| {int(size):,} | {'hub' if tool == 'hub' else 'stock Material'} | {data['build_seconds']:.1f} "
                f"({', '.join(f'{s:g}' for s in data['build_seconds_all'])}) | {data['peak_mb']:.0f} MB | {_mb(data['site_bytes'])} "
                f"| {_kb(data['page_html_bytes'])} | {_kb(data['index_bytes'])} / {_kb(data['index_gzip_bytes'])} "
                f"| {_kb(data['gzip_before_first_result'])} | {first['x1']:.0f} / {first['x4']:.0f} | {query} |"
            )
    lines += ["", "| N | hub: offline cache | booklet PDFs (s) | hub build without PDFs (s) |", "|---|---|---|---|"]
    for size, row in results["sizes"].items():
        hub = row.get("hub", {})
        if "offline_cache_bytes" in hub:
            lines.append(f"| {int(size):,} | {_mb(hub['offline_cache_bytes'])} | {hub['booklet_seconds']:.1f} | {hub['build_seconds_without_pdfs']:.1f} |")
    return "\n".join(lines)


def plot(results: dict, target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for tool, label in (("hub", "MSHT hub"), ("stock", "stock Material")):
        points = [(int(n), row[tool]) for n, row in results["sizes"].items() if tool in row and "skipped" not in row[tool]]
        if not points:
            continue
        sizes = [n for n, _ in points]
        left.plot(sizes, [d["build_seconds"] for _, d in points], marker="o", label=label)
        right.plot(sizes, [d["peak_mb"] for _, d in points], marker="o", label=label)
    for axis, title in ((left, "Build time (s)"), (right, "Peak memory (MB)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("pages (N)")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    figure.tight_layout()
    figure.savefig(target, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result", type=Path)
    parser.add_argument("--plot", type=Path, default=BENCH / "build-time-and-memory.png")
    args = parser.parse_args()
    results = json.loads(args.result.read_text(encoding="utf-8"))
    plot(results, args.plot)
    print(table(results))


if __name__ == "__main__":
    main()
