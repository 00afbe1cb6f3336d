"""A fault of the machine (no space, a read-only or missing folder, permission denied, a
file that vanished mid-build) as one line for the person building: the path, what went
wrong and what to do. The traceback goes to a log file for whoever maintains the hub.

What to do depends on the command that met the fault: `hub build` (and plain `mkdocs
build`) writes the site directory (`--site-dir`), `hub zip` writes its zip to `--out` after
building in the system's temporary folder, and the preview rebuilds into a folder of the
temporary folder (`TMPDIR`). The command says which it is with `advising`."""
from __future__ import annotations

import errno
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LOG = Path(".hub-logs") / "build-errors.log"


class MachineFault(Exception):
    """A build stopped by a fault of the machine: its message is the one line (`describe`),
    the traceback is in the log. (The engine's adapter raises it as the engine's own stop.)"""


@dataclass(frozen=True)
class Command:
    """How to say "write somewhere else" and "try again" to the person running one command."""

    other_disk: str
    writable: str
    other_folder: str
    again: str


BUILD = Command(other_disk="build to another disk with --site-dir", writable="build to a writable folder (--site-dir)",
                other_folder="build to another one (--site-dir)", again="build again")
ZIP = Command(other_disk="make the zip on another disk with --out", writable="make the zip in a writable folder (--out)",
              other_folder="make it in another one (--out)", again="run hub zip again")
ZIP_BUILD = Command(other_disk="point TMPDIR at another disk", writable="point TMPDIR at a writable folder",
                    other_folder="point TMPDIR at another one", again="run hub zip again")
PREVIEW = Command(other_disk="start the preview with TMPDIR on another disk",
                  writable="start the preview with TMPDIR set to a writable folder",
                  other_folder="start the preview with TMPDIR set to another one", again="save the page again")

ADVICE = {
    errno.ENOSPC: "free some disk space (or {other_disk}), then {again}",
    errno.EDQUOT: "free some of your disk quota (or {other_disk}), then {again}",
    errno.EROFS: "that disk is read-only: {writable}, then {again}",
    errno.EACCES: "you may not write there: make the folder writable or {other_folder}, then {again}",
    errno.EPERM: "you may not write there: make the folder writable or {other_folder}, then {again}",
    errno.ENOENT: "a file or folder disappeared during the build (another program moved or removed it); {again}",
    errno.ENOTDIR: "a file stands where a folder is needed: move it away (or {other_folder}), then {again}",
    errno.EEXIST: "a file stands where a folder is needed: move it away (or {other_folder}), then {again}",
    errno.EISDIR: "a folder stands where a file is written: move it away, then {again}",
    errno.EMFILE: "too many files are open on this machine: close some programs, then {again}",
    errno.EADDRINUSE: "another program already listens there: stop it, or choose another port (--dev-addr 127.0.0.1:8001)",
}
OTHERWISE = "check the disk and the folder, then {again}"

advising = BUILD
"""The command under way, for the advice of a fault met inside the engine (set by `hub zip`
and the preview around their builds)."""


@contextmanager
def advice_for(command: Command) -> Iterator[None]:
    """Within: a fault met is advised on as `command` (also once it has left the block)."""
    global advising
    before, advising = advising, command
    try:
        yield
    except OSError as error:
        if not hasattr(error, "hub_command"):
            setattr(error, "hub_command", command)  # noqa: B010 - OSError has no such field of its own
        raise
    finally:
        advising = before


def describe(error: OSError, path: Path | str | None = None, command: Command | None = None) -> str:
    """The fault in one line: the path (the error's own, else `path`), the system's words and
    what to do."""
    command = command or getattr(error, "hub_command", None) or advising
    shown = error.filename or path or "a file of the build"
    what = error.strerror or str(error)
    advice = ADVICE.get(error.errno or 0, OTHERWISE).format(**vars(command))
    return f"{shown}: {what}; {advice}"


def record(error: BaseException, project: Path) -> Path:
    """Write the traceback for the hub's maintainers; returns where (the project's .hub-logs/,
    or the system's temporary folder when the project itself cannot be written)."""
    text = f"--- {datetime.now().isoformat(timespec='seconds')}\n" + "".join(traceback.format_exception(error))
    for log in (Path(project) / LOG, Path(tempfile.gettempdir()) / "msht-hub-build-errors.log"):
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as out:
                out.write(text)
            return log
        except OSError:
            continue
    return Path("(nowhere: no folder could be written)")
