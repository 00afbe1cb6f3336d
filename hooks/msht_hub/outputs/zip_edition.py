"""The file-system edition zipped: the hub built for `file://` (pages as `name.html`, not
folders; file_edition.py) in one zip, to copy onto an intranet share or a memory stick and
open with a double-click on `index.html`. Navigation, the role chooser, the lessons register and search all work
from the file system; nothing is fetched from anywhere."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

FOLDER = "msht-hub"  # the zip's single top-level folder


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
