"""Every file the build reads from an editor's folders is judged by its real path (symbolic
links resolved) before it is read: a page under content/, an include under includes/.
Nothing outside those folders is ever read, and an include is never a page's file (a page
above the build's classification must not reach an edition as another page's text)."""
from __future__ import annotations

import os
from pathlib import Path


def inside(path: Path, root: Path) -> bool:
    try:
        Path(path).relative_to(root)
        return True
    except ValueError:
        return False


def shown(path: Path, project: Path) -> str:
    try:
        return Path(path).relative_to(project).as_posix()
    except ValueError:
        return "a file outside the project"


def include_problem(path: Path, includes: Path, pages: frozenset[tuple[int, int]], project: Path) -> str | None:
    """Why the include at `path` (found under the includes folder) may not be read, or None:
    its real path must lie inside the includes folder and be no page's file (by real path,
    or the same file under another name: a hard link)."""
    real, folder = Path(os.path.realpath(path)), Path(os.path.realpath(includes))
    project = Path(os.path.realpath(project))
    if not inside(real, folder):
        where = shown(real, project)
        return (f"includes '{Path(path).name}', which leads to {where}, outside {folder.name}/; "
                f"an include must be a real file inside {folder.name}/ (copy the text in)")
    try:
        stat = real.stat()
    except OSError as error:
        return f"includes '{Path(path).name}', which cannot be read ({error.strerror})"
    if (stat.st_dev, stat.st_ino) in pages:
        return (f"includes '{Path(path).name}', which is the file of a page under content/; a page's text reaches "
                "readers only as that page (through the classification gate), never as an include")
    return None


def page_identities(paths: list[Path]) -> frozenset[tuple[int, int]]:
    """The files of the pages, as the file system knows them (device and inode)."""
    found: set[tuple[int, int]] = set()
    for path in paths:
        try:
            stat = Path(path).stat()
        except OSError:
            continue
        found.add((stat.st_dev, stat.st_ino))
    return frozenset(found)


def links_leading_out(folder: Path, project: Path) -> list[tuple[str, str]]:
    """Every symbolic link under the folder whose target lies outside it: (the link, where it leads)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    real_folder, project = Path(os.path.realpath(folder)), Path(os.path.realpath(project))
    found: list[tuple[str, str]] = []
    for base, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(base) / name
            if path.is_symlink() and not inside(Path(os.path.realpath(path)), real_folder):
                found.append((shown(path, Path(os.path.realpath(folder.parent))), shown(Path(os.path.realpath(path)), project)))
    return found
