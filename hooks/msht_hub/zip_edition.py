"""The file-system edition: the hub built for `file://` (pages as `name.html`, not folders)
and zipped, to copy onto an intranet share or a memory stick and open with a double-click
on `index.html`. Navigation, the role chooser, the lessons register and search all work
from the file system; nothing is fetched from anywhere."""
from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from .faults import ZIP, ZIP_BUILD, advice_for

FOLDER = "msht-hub"  # the zip's single top-level folder


def build_file_edition(config_file: Path, site_dir: Path) -> dict[str, Any]:
    """Build the hub with file-system links into site_dir; return its edition.json."""
    from mkdocs.commands.build import build  # the engine, only to build; zipping needs none
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), use_directory_urls=False, strict=True)
    build(config)
    edition: dict[str, Any] = json.loads((site_dir / "edition.json").read_text(encoding="utf-8"))
    return edition


def zip_site(site_dir: Path, target: Path) -> Path:
    """Zip a built site under one folder; the service worker and its bundles are left out
    (file:// has none). The zip is written beside its place and put there only when whole,
    so a fault (no space, say) leaves no broken zip behind; the fault names the zip."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path in sorted(site_dir.rglob("*")):
                if path.is_file() and path.name != "sw.js" and not path.relative_to(site_dir).as_posix().startswith("offline-bundles/"):
                    archive.write(path, f"{FOLDER}/{path.relative_to(site_dir).as_posix()}")
        os.replace(part, target)
    except OSError as error:
        part.unlink(missing_ok=True)
        if error.filename is None:  # a write that failed part-way (no space) names no file: it was the zip
            error.filename = str(target)
        raise
    return target


def make_file_edition(config_file: Path, out_dir: Path) -> Path:
    """Build the file-system edition in the temporary folder and zip it into out_dir."""
    with tempfile.TemporaryDirectory(prefix="msht-hub-zip-", ignore_cleanup_errors=True) as work:
        site = Path(work) / "site"
        with advice_for(ZIP_BUILD):
            edition = build_file_edition(config_file, site)
        with advice_for(ZIP):
            return zip_site(site, out_dir / f"msht-hub-{edition['edition']}.zip")
