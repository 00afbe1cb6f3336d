"""Every edition in one go (`hub editions`, `python3 dev.py build --all-editions`): the
national edition and each force's (layers.py), each a whole site of its own in a sibling
folder (`<out>/national/`, `<out>/<force>/`), so each edition's offline copy, search and
service worker stand alone wherever it is published. The national edition carries the
divergence report (reports/divergence/, divergence.py).

The editions are built one after another in one process: the engine, the theme's compiled
templates and the hub's modules are loaded once (bench/editions.py measures it)."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from msht_hub.editions.layers import layer_ids

NATIONAL = "national"


@contextmanager
def _environment(**values: str | None) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def build_edition(config_file: Path, site_dir: Path, layer: str | None, *, divergence: bool = False,
                  strict: bool = True, **overrides: str) -> float:
    """One edition into site_dir (the national edition when layer is None); its seconds."""
    from mkdocs.commands.build import build  # the engine, only to build
    from mkdocs.config import load_config

    started = time.perf_counter()
    with _environment(HUB_LAYER=layer, HUB_DIVERGENCE_REPORT="1" if divergence else None):
        build(load_config(str(config_file), site_dir=str(site_dir), strict=strict, **overrides))
    return time.perf_counter() - started


def edition_names(docs_dir: Path) -> list[str]:
    return [NATIONAL, *layer_ids(Path(docs_dir).parent)]


def build_all(config_file: Path, out: Path, docs_dir: Path, *, strict: bool = True, **overrides: str) -> dict[str, float]:
    """Every edition into out/<name>/; each one's seconds, by name."""
    times = {}
    for name in edition_names(docs_dir):
        layer = None if name == NATIONAL else name
        times[name] = build_edition(config_file, out / name, layer, divergence=layer is None, strict=strict,
                                    docs_dir=str(docs_dir), **overrides)
    return times
