"""The hub project as the editors' commands see it: mkdocs.yml's hub settings and content folder,
read without running a build."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from msht_hub.reading.settings import HubSettings, SettingsError, load_settings


@dataclass(frozen=True)
class Project:
    root: Path
    docs_dir: Path
    settings: HubSettings


def load_project(config_file: Path) -> Project:
    """Read mkdocs.yml (with its !ENV tags) and validate the hub's settings; SettingsError with
    one line for a file that is not YAML or not a mapping."""
    with open(config_file, encoding="utf-8") as handle:
        try:
            config = yaml_load(handle) or {}
        except (yaml.YAMLError, ConfigurationError) as raised:
            error = next((e for e in (raised, raised.__cause__, raised.__context__) if isinstance(e, yaml.YAMLError)), raised)
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            raise SettingsError([f"is not valid YAML{where}: {problem}"]) from None
    if not isinstance(config, dict):
        raise SettingsError(["expected a mapping of settings (site_name, docs_dir, extra, ...)"])
    root = config_file.resolve().parent
    return Project(root=root, docs_dir=root / config.get("docs_dir", "docs"), settings=load_settings(config.get("extra")))
