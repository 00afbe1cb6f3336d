"""A build never touches the published site until it has succeeded.

The engine writes into a staging folder beside the site directory; only when the whole build
has finished without an error (and, in strict mode, without a warning) is the staging folder
swapped in. A build that stops at any point, for any reason, leaves the previous site
byte-identical, and nothing half-written is ever served."""
from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


def staging_for(site_dir: Path) -> Path:
    site_dir = Path(site_dir)
    return site_dir.with_name(f".{site_dir.name}.hub-staging")


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, site_dir: Path) -> None:
    """Put the finished staging folder in the site directory's place."""
    staging, site_dir = Path(staging), Path(site_dir)
    previous = site_dir.with_name(f".{site_dir.name}.hub-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        try:
            site_dir.rename(previous)
        except OSError:  # the site directory cannot be moved (a mount point, a busy folder): replace its contents
            _replace_contents(staging, site_dir)
            return
    try:
        staging.rename(site_dir)
    except OSError:  # the new site could not take its place: the previous one goes back
        if previous.exists() and not site_dir.exists():
            previous.rename(site_dir)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def _replace_contents(staging: Path, site_dir: Path) -> None:
    for child in site_dir.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in staging.iterdir():
        shutil.move(str(child), str(site_dir / child.name))
    discard(staging)


def write_whole(content: bytes, output_path: str) -> None:
    """The engine's file write, for the preview, which rebuilds in place: the file is written
    beside its place and put there only when whole, so a fault part-way (a full disk) leaves
    the last good page served, not half of a new one."""
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    part = f"{output_path}.hub-part"
    try:
        with open(part, "wb") as out:
            out.write(content)
        os.replace(part, output_path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(part)
        if error.filename is None:  # a write that failed part-way names no file: it was this one
            error.filename = output_path
        raise
