"""The editions benchmark: the national edition alone against the national edition and three
forces' editions built together (`hub editions`), side by side in one run, on the synthetic
corpus (bench/corpus.py). Each force's layer has local pages, replacements and a hidden page.

    python3 dev.py hub-python bench/editions.py --size 1000      (or .venv/bin/python bench/editions.py)

Each measurement is a fresh process with an empty render cache (render_cache.py), as a
first build on a server would be, so only what one run renders is reused; the figures go to
stdout as JSON and into bench/BENCHMARKS.md by hand."""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import page, write_corpus  # noqa: E402

CONFIG = HERE.parent / "mkdocs.yml"
FORCES = ("eastmoor", "northfold", "westmoor")  # fictional

ONE = """
import json, sys, time
from pathlib import Path
from msht_hub.commands.editions import build_all, build_edition
config, content, out, mode = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
start = time.perf_counter()
if mode == "national":
    times = {"national": build_edition(config, out / "national", None, docs_dir=str(content))}
else:
    times = build_all(config, out, content)
print(json.dumps({"seconds": time.perf_counter() - start, "editions": times}))
"""


def write_layers(content: Path, local_pages: int = 10, replaced: int = 3) -> None:
    """Three forces' layers beside the corpus: local pages, replacements of national guides
    (not booklet sections), one hidden national training page each."""
    rng = random.Random(27)
    national = sorted(p.relative_to(content).as_posix() for p in (content / "guides").rglob("*.md"))[30:]
    training = sorted(p.relative_to(content).as_posix() for p in (content / "training").rglob("*.md"))
    for index, force in enumerate(FORCES):
        folder = content.parent / "layers" / force
        folder.mkdir(parents=True)
        name = f"{force.title()} Police"
        (folder / "layer.yml").write_text(yaml.safe_dump({
            "name": name, "notice": f"{name} is a fictional force",
            "contacts": [{"name": f"{name} safeguarding hub", "number": f"01632 960 {100 + index}"}],
            "glossary": {f"{force[:2].upper()}SH": f"{name} safeguarding hub"},
            "hides": [{"page": training[index], "reason": "The force runs its own course."}],
        }, sort_keys=False), encoding="utf-8")
        for number in range(local_pages):
            _, meta, text = page("guide", 90000 + index * 100 + number, rng)
            target = folder / "guides" / force / f"local-{number}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + text, encoding="utf-8")
        for uri in national[index * replaced:(index + 1) * replaced]:
            _, meta, text = page("guide", 95000 + index * 100, rng)
            meta.pop("booklet", None)
            meta["overrides"] = {"page": uri, "reason": "Local procedure.", "review_due": "2027-06-01"}
            target = folder / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + text, encoding="utf-8")


def measure(content: Path, out: Path, mode: str) -> dict:
    env = {**os.environ, "HUB_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1", "HUB_SITE_URL": "https://hub.example.police.uk/"}
    env.pop("HUB_LAYER", None)
    env["HUB_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=out.parent)  # cold: only what this run renders is reused
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", ONE, str(CONFIG), str(content), str(out), mode],
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} build failed:\n{done.stderr[-3000:]}")
    result: dict = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hub-editions-bench-") as work:
        content = write_corpus(args.size, Path(work))
        write_layers(content)
        national, together = [], []
        for _ in range(args.runs):  # alternated, so that both see the same machine
            national.append(measure(content, Path(work) / "out-national", "national"))
            together.append(measure(content, Path(work) / "out-all", "all"))
        alone = statistics.median(run["seconds"] for run in national)
        all_editions = statistics.median(run["seconds"] for run in together)
        print(json.dumps({"size": args.size, "forces": len(FORCES), "runs": args.runs,
                          "national_alone_seconds": round(alone, 2), "all_editions_seconds": round(all_editions, 2),
                          "ratio": round(all_editions / alone, 2),
                          "per_edition_seconds": {name: round(seconds, 2) for name, seconds in together[len(together) // 2]["editions"].items()},
                          "national_runs": [round(run["seconds"], 2) for run in national],
                          "all_runs": [round(run["seconds"], 2) for run in together]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
