"""`python3 dev.py zip`: the hub built by the engine with file-system links (pages as
`name.html`, not folders), then zipped (zip_edition.py) into dist/."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from msht_hub.faults import ZIP, ZIP_BUILD, advice_for
from msht_hub.outputs.zip_edition import zip_site


def build_file_edition(config_file: Path, site_dir: Path) -> dict[str, Any]:
    """Build the hub with file-system links into site_dir; return its edition.json."""
    from mkdocs.commands.build import build  # the engine, only to build; zipping needs none
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), use_directory_urls=False, strict=True)
    build(config)
    edition: dict[str, Any] = json.loads((site_dir / "edition.json").read_text(encoding="utf-8"))
    return edition


def make_file_edition(config_file: Path, out_dir: Path) -> Path:
    """Build the file-system edition in the temporary folder and zip it into out_dir."""
    with tempfile.TemporaryDirectory(prefix="msht-hub-zip-", ignore_cleanup_errors=True) as work:
        site = Path(work) / "site"
        with advice_for(ZIP_BUILD):
            edition = build_file_edition(config_file, site)
        with advice_for(ZIP):
            return zip_site(site, out_dir / f"msht-hub-{edition['edition']}.zip")
