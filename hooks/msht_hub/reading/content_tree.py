"""What is under the content folder, walked once and safely: the pages (every file a static
site engine builds as a page, whatever its Markdown ending), the other files (attachments),
and the problems that stop a build before anything is read or written.

Nothing outside the content folder is ever read: a symbolic link that leads out of it is
an error naming the link. Two names that differ only in letter case or Unicode normalisation
are an error too, since the site must unpack on a case-insensitive, normalising file system
(Windows, macOS), and so is a name Windows cannot create (text_hygiene.py)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from msht_hub.policies.svg import unsafe_svg
from msht_hub.policies.text_hygiene import file_name_problem, name_key
from msht_hub.reading.problems import Problem

# Files a browser would run as code if opened from the site: never published from content/.
ACTIVE_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".shtml", ".xht", ".js", ".mjs", ".cjs", ".wasm", ".swf", ".xsl", ".xslt",
                   ".svgz", ".php", ".jsp", ".asp", ".aspx", ".cgi")

# The endings a Markdown page may have (those MkDocs builds as pages). Any of them, in any
# letter case, is a page to the hub; only the lower-case ones are accepted.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def is_page(src_uri: str) -> bool:
    return PurePosixPath(src_uri).suffix.lower() in MARKDOWN_SUFFIXES


@dataclass(frozen=True)
class ContentTree:
    pages: dict[str, Path] = field(default_factory=dict)  # src_uri -> path, Markdown pages
    attachments: dict[str, Path] = field(default_factory=dict)  # src_uri -> path, every other file
    problems: list[Problem] = field(default_factory=list)


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def shown_path(docs_dir: Path, shown_root: Path, src_uri: str) -> str:
    """A content path as an editor sees it, e.g. content/debriefs/op-fort.md."""
    try:
        return (Path(docs_dir).resolve() / src_uri).relative_to(Path(shown_root).resolve()).as_posix()
    except ValueError:
        return f"{Path(docs_dir).name}/{src_uri}"


def walk_content(docs_dir: Path, shown_root: Path) -> ContentTree:
    """Every file under docs_dir that the engine would see (dot-files and dot-folders are
    skipped, as MkDocs skips them), without following a symbolic link out of the folder."""
    docs_dir = Path(docs_dir)
    root = docs_dir.resolve()
    pages: dict[str, Path] = {}
    attachments: dict[str, Path] = {}
    problems: list[Problem] = []
    folded: dict[str, str] = {}

    def shown(src_uri: str) -> str:
        return shown_path(docs_dir, shown_root, src_uri)

    stack = [docs_dir]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(Problem(shown(folder.relative_to(docs_dir).as_posix()), "file", f"cannot be read ({error.strerror})"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            src_uri = path.relative_to(docs_dir).as_posix()
            if unfit := file_name_problem(entry.name):  # every file and folder, so the zip edition unpacks everywhere
                problems.append(Problem(shown(src_uri), "file", unfit))
                continue
            if entry.is_symlink():
                target = path.resolve()
                if not _inside(target, root):
                    problems.append(Problem(shown(src_uri), "file", "is a symbolic link to a place outside the content folder; "
                                                                     "expected a real file or folder inside it (copy what is needed in)"))
                    continue
                if not target.exists():
                    problems.append(Problem(shown(src_uri), "file", "is a symbolic link to nothing; remove it or point it at a file inside the content folder"))
                    continue
            if entry.is_dir(follow_symlinks=True):
                if entry.is_symlink() and _inside(root, path.resolve()):
                    problems.append(Problem(shown(src_uri), "file", "is a symbolic link to a folder that contains it; remove the link"))
                    continue
                stack.append(path)
                continue
            key = name_key(src_uri)
            if key in folded:
                problems.append(Problem(shown(src_uri), "file", f"differs from {shown(folded[key])} only in letter case or Unicode form "
                                                                 "(composed or decomposed accents); rename one (the site must work on "
                                                                 "case-insensitive and normalising file systems)"))
                continue
            folded[key] = src_uri
            suffix = PurePosixPath(src_uri).suffix
            if suffix.lower() in ACTIVE_SUFFIXES:
                problems.append(Problem(shown(src_uri), "file", f"is a '{suffix}' file, which a browser would run as code; "
                                                                 "content may not carry code: write it as a page, or attach it as a PDF"))
                continue
            if suffix.lower() == ".svg":
                problems.extend(Problem(shown(src_uri), finding.where, finding.what) for finding in unsafe_svg(_text(path)))
            if suffix.lower() in MARKDOWN_SUFFIXES:
                inner = PurePosixPath(PurePosixPath(src_uri).stem).suffix
                if inner.lower() in ACTIVE_SUFFIXES:  # x.html.md would be published at x.html/, a folder named like a page
                    problems.append(Problem(shown(src_uri), "file", f"ends in '{inner}{suffix}'; a page's name may not end in '{inner}' "
                                                                     f"(its address would look like a file); rename it "
                                                                     f"'{PurePosixPath(src_uri).name.removesuffix(inner + suffix)}{suffix}'"))
                    continue
                if suffix != suffix.lower():
                    problems.append(Problem(shown(src_uri), "file", f"ends in '{suffix}'; expected a lower-case '{suffix.lower()}' "
                                                                     "(other endings are not built as pages)"))
                    continue
                pages[src_uri] = path
            else:
                attachments[src_uri] = path
    return ContentTree(dict(sorted(pages.items())), dict(sorted(attachments.items())), problems)
