"""`hub check` on a real library: wall and CPU time of the whole command (interpreter start
included), medians of N runs, and the problems it lists, by kind.

    python3 dev.py bench-check [--runs 5] [--library ../shared/corpora/govuk-developer-docs/pages]

The library goes under content/guides/imported/ (where its converter puts it) of a throw-away
project that shares this project's mkdocs.yml, hooks, overrides and glossary. Results are
written to bench/results/check.json."""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT.parent / "shared" / "corpora" / "govuk-developer-docs" / "pages"
KINDS = [  # how a problem line reads -> its kind, first match wins
    ("link to a page left out", r"which this build leaves out"),
    ("link to a missing section", r"has no section"),
    ("site-absolute link", r"site-absolute link"),
    (".md path in raw HTML", r"written in HTML"),
    ("link to a missing file or page", r"not a page or file of this build|leads out of the hub"),
    ("refused markup", r"is not allowed in content|would fetch from another site|event handler|uses a \w+: address"),
    ("nested list flattened by its indent", r"this list item is indented"),
    ("front-matter", r": (?!body:)[a-z_\[\]0-9.]+: "),
]


def project(library: Path, folder: Path) -> Path:
    root = folder / "hub"
    (root / "content" / "guides").mkdir(parents=True)
    shutil.copytree(library, root / "content" / "guides" / "imported")
    (root / "content" / "index.md").write_text("---\ntitle: Home\n---\n\nThe library.\n", encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for shared in ("hooks", "overrides", "includes"):
        (root / shared).symlink_to(ROOT / shared, target_is_directory=True)
    return root


def kind_of(line: str) -> str:
    return next((kind for kind, pattern in KINDS if re.search(pattern, line)), "other")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--library", type=Path, default=LIBRARY)
    args = parser.parse_args()
    if not args.library.is_dir():
        print(f"no library at {args.library}", file=sys.stderr)
        return 2
    walls, cpus, lines = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        root = project(args.library, Path(folder))
        env = {key: value for key, value in os.environ.items() if not key.startswith("HUB_")}
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "msht_hub.commands.cli", "check"], cwd=root, env=env, capture_output=True, text=True)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            lines = [line for line in done.stderr.splitlines() if line.startswith("content/")]
            if "Traceback" in done.stderr:
                print(done.stderr, file=sys.stderr)
                return 1
    pages = sum(1 for _ in args.library.rglob("*.md"))
    kinds = Counter(kind_of(line) for line in lines)
    result = {"date": time.strftime("%Y-%m-%d"), "pages": pages, "runs": args.runs,
              "wall_s_median": round(statistics.median(walls), 2), "cpu_s_median": round(statistics.median(cpus), 2),
              "wall_s": [round(value, 2) for value in walls], "problems": len(lines), "by_kind": dict(kinds.most_common()),
              "load_average": os.getloadavg()[0]}
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "check.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
