"""The pages a pull request adds or changes, from git: what the overdue rule of a pull request
applies to, so that one old page elsewhere does not turn every pull request red."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path, PurePosixPath

from msht_hub.commands.project import Project
from msht_hub.reading.content_tree import shown_path


class ChangesError(Exception):
    """git could not say what changed (no git, not a repository, an unknown ref)."""


def _git(root: Path, *args: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise ChangesError("git is not installed; --changed-since needs it")
    done = subprocess.run([git, *args], cwd=root, capture_output=True, text=True, encoding="utf-8")
    if done.returncode:
        raise ChangesError(f"git {' '.join(args[:2])}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'}")
    return done.stdout


def changed_pages(project: Project, ref: str) -> set[str]:
    """Paths (as an editor sees them, e.g. content/guides/x.md) of the files under the content
    folder added or changed since the merge base of `ref` and HEAD, committed or not."""
    top = Path(_git(project.root, "rev-parse", "--show-toplevel").strip())
    base = _git(project.root, "merge-base", ref, "HEAD").strip()
    docs = Path(project.docs_dir).resolve()
    listed = _git(top, "diff", "--name-only", "--diff-filter=ACMR", "-z", base, "--", str(docs)).split("\0")
    listed += _git(top, "ls-files", "--others", "--exclude-standard", "-z", "--", str(docs)).split("\0")
    found = set()
    for name in filter(None, listed):
        try:
            src_uri = (top / PurePosixPath(name)).resolve().relative_to(docs).as_posix()
        except ValueError:
            continue
        found.add(shown_path(docs, project.root, src_uri))
    return found
