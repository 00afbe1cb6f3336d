"""A deterministic synthetic corpus for the benchmarks: N pages across guides, debriefs and
training, with realistic front-matter (roles, exploitation types, review dates, debrief
lessons), lengths and Markdown features (headings, lists, task lists, tables,
admonitions), valid against the hub's content model.

    python bench/corpus.py 1000 /tmp/corpus-1000     # writes /tmp/corpus-1000/content/…
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROLES = ["frontline", "call-handler", "investigator", "analyst", "vlo", "strategic-lead", "trainer", "partner"]
EXPLOITATION = ["labour", "sexual", "criminal", "domestic-servitude", "other"]
THEMES = ["leadership", "intelligence", "safeguarding", "investigation", "training"]
GUIDE_TYPES = ["aide-memoire", "investigation-guide", "bulletin", "standard", "role-profile"]
FORMATS = ["course", "lesson-plan", "masterclass-video", "e-learning"]
FORCES = ["Northshire Police", "Eastvale Constabulary", "Westmoor Police", "Southford Constabulary", "Midcounty Police"]
WORDS = (
    "victim safeguarding referral national mechanism first responder duty notify evidence "
    "interview interpreter exploitation labour sexual criminal domestic servitude debt bondage "
    "control documents passport accommodation employer recruitment travel coercion threat "
    "violence isolation cannabis cultivation county lines carwash nail bar agriculture "
    "factory warehouse hospitality construction agency gangmaster licence intelligence "
    "analysis financial investigation banking transfers phone download surveillance warrant "
    "arrest charge prosecution conviction sentence order prevention risk slavery trafficking "
    "support accommodation health medical trauma disclosure consent adult child local "
    "authority partner agency multi-agency meeting tasking briefing debrief review lessons "
    "good practice supervision leadership resourcing training awareness officer staff "
    "investigator analyst community concern report call handler scene premises address"
).split()


def sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def body(rng: random.Random, sections: int) -> str:
    parts = ["*Synthetic benchmark content: not guidance.*", paragraph(rng, 3)]
    for number in range(sections):
        parts.append(f"## {sentence(rng, 2, 5)[:-1]} {number + 1}")
        parts.append(paragraph(rng, rng.randint(2, 5)))
        feature = number % 4
        if feature == 0:
            parts.append("\n".join(f"- [ ] {sentence(rng, 4, 9)}" for _ in range(rng.randint(3, 6))))
        elif feature == 1:
            parts.append("| Step | Who | Note |\n|---|---|---|\n" + "\n".join(
                f"| {i + 1} | {rng.choice(WORDS)} | {sentence(rng, 3, 7)} |" for i in range(rng.randint(2, 5))))
        elif feature == 2:
            parts.append(f'!!! note "{sentence(rng, 2, 4)[:-1]}"\n    {paragraph(rng, 2)}')
        else:
            parts.append("\n".join(f"1. {sentence(rng, 4, 9)}" for _ in range(rng.randint(2, 5))))
    return "\n\n".join(parts) + "\n"


def common(rng: random.Random, title: str, year: int) -> dict:
    reviewed = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {
        "title": title,
        "summary": sentence(rng, 12, 24),
        "roles": rng.sample(ROLES, rng.randint(1, 4)),
        "tags": sorted(set(rng.sample(WORDS, 2))),
        "exploitation": rng.sample(EXPLOITATION, rng.randint(1, 3)),
        "owner": "Synthetic MSHT Unit",
        "last_reviewed": reviewed,
        "review_due": f"{year + 1}{reviewed[4:]}",
    }


def page(kind: str, number: int, rng: random.Random) -> tuple[str, dict, str]:
    year = rng.randint(2017, 2026)
    if kind == "guide":
        meta = {**common(rng, f"Guide {number}: {sentence(rng, 2, 5)[:-1]}", year), "guide_type": rng.choice(GUIDE_TYPES)}
        if number < 30:  # the first fifteen guides make up the First Contact booklet
            meta.update(guide_type="aide-memoire", booklet={"booklet": "first-contact", "order": number // 6 * 3 + number % 6 + 1})
        return f"guides/g{number // 100:03d}/guide-{number:05d}.md", meta, body(rng, rng.randint(3, 7))
    if kind == "training":
        meta = {**common(rng, f"Training {number}: {sentence(rng, 2, 5)[:-1]}", year), "format": rng.choice(FORMATS),
                "duration": f"{rng.randint(1, 8)} hours", "outcomes": [sentence(rng, 6, 12) for _ in range(3)]}
        return f"training/t{number // 100:03d}/training-{number:05d}.md", meta, body(rng, rng.randint(2, 4))
    start = rng.randint(2012, 2023)
    meta = {
        **common(rng, f"Op SYNTH-{number} debrief", year),
        "operation": f"Op SYNTH-{number}",
        "lead_force": rng.choice(FORCES),
        "period": {"start": start, "end": start + rng.randint(0, 4)},
        "published": f"{max(year, start)}-{rng.randint(1, 12):02d}-15",
        "outcome": sentence(rng, 8, 14),
        "lessons": [
            {"id": f"s{number}-{i + 1:02d}", "theme": rng.choice(THEMES), "kind": rng.choice(["lesson", "good-practice"]),
             "title": sentence(rng, 3, 7)[:-1], "text": paragraph(rng, 2)}
            for i in range(rng.randint(3, 8))
        ],
    }
    return f"debriefs/d{number // 100:03d}/debrief-{number:05d}.md", meta, body(rng, rng.randint(2, 5))


def write_corpus(count: int, root: Path, seed: int = 2015) -> Path:
    """Write `count` pages (half guides, a third debriefs, the rest training) and a home page
    under root/content; return the content folder."""
    rng = random.Random(seed)
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    (content / "index.md").write_text("---\ntitle: Synthetic hub\n---\n\nSynthetic benchmark content.\n", encoding="utf-8")
    for number in range(count):
        kind = "guide" if number % 6 < 3 else "debrief" if number % 6 < 5 else "training"
        path, meta, text = page(kind, number, rng)
        target = content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + text, encoding="utf-8")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("root", type=Path)
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args()
    print(write_corpus(args.count, args.root, args.seed))


if __name__ == "__main__":
    main()
