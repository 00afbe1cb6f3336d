"""The day each file last changed, from git: for every file under a folder, the date of the
last commit that touched it (`git log -1 --format=%cs -- <file>`), for all files at once
from one `git log` (the divergence report, divergence.py, dates pages by it). None when the
folder is not in a git repository or git is not installed; a file never committed is not in
the answer. In a shallow clone the oldest commit present stands for all the history before
it, so a file last touched there has no date from git either."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

_HEADER = "\x01"  # starts each commit's line: its committer date and its parents


def _git(folder: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run([git, *args], cwd=folder, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def last_commits(folder: Path, *paths: str) -> dict[str, date] | None:
    """Each committed file under `folder` (limited to `paths`, relative to it, if given), by its
    path relative to `folder`, and the day of the last commit that touched it."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    out = _git(folder, "-c", "core.quotepath=off", "log", f"--format={_HEADER}%cs %P", "--name-only", "-z", "--relative",
               "--", *(paths or ["."]))
    if out is None:
        return None
    days: dict[str, date] = {}
    boundary: set[str] = set()  # files whose last commit has no parent: the root commit, or a shallow clone's edge
    day, parentless = None, False
    for item in out.split("\0"):
        item = item.lstrip("\n")
        if item.startswith(_HEADER):
            stamp, _, parents = item[1:].partition(" ")
            day, parentless = date.fromisoformat(stamp), not parents.strip()
        elif item and day is not None and (item not in days or day > days[item]):
            days[item] = day
            (boundary.add if parentless else boundary.discard)(item)
    if boundary and (_git(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        for name in boundary:
            del days[name]
    return days
