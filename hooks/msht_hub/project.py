"""The hub project as the editors' commands see it: mkdocs.yml's hub settings and content folder,
read without running a build."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from .settings import HubSettings, load_settings


@dataclass(frozen=True)
class Project:
    root: Path
    docs_dir: Path
    settings: HubSettings


def load_project(config_file: Path) -> Project:
    """Read mkdocs.yml (with its !ENV tags) and validate the hub's settings."""
    with open(config_file, encoding="utf-8") as handle:
        config = yaml_load(handle) or {}
    root = config_file.resolve().parent
    return Project(root=root, docs_dir=root / config.get("docs_dir", "docs"), settings=load_settings(config.get("extra")))
