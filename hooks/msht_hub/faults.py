"""A fault of the machine (no space, a read-only or missing folder, permission denied, a
file that vanished mid-build) as one line for the person building: the path, what went
wrong and what to do. The traceback goes to a log file for whoever maintains the hub."""
from __future__ import annotations

import errno
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

LOG = Path(".hub-logs") / "build-errors.log"

ADVICE = {
    errno.ENOSPC: "free some disk space (or build to another disk with --site-dir), then build again",
    errno.EDQUOT: "free some of your disk quota, then build again",
    errno.EROFS: "that disk is read-only: build to a writable folder (--site-dir), then build again",
    errno.EACCES: "you may not write there: make the folder writable or build to another one (--site-dir)",
    errno.EPERM: "you may not write there: make the folder writable or build to another one (--site-dir)",
    errno.ENOENT: "a file or folder disappeared during the build (another program moved or removed it); build again",
    errno.ENOTDIR: "a file stands where the build needs a folder: move it away, then build again",
    errno.EISDIR: "a folder stands where the build writes a file: move it away, then build again",
    errno.EMFILE: "too many files are open on this machine: close some programs, then build again",
}


def describe(error: OSError) -> str:
    """The fault in one line: the path, the system's words and what to do."""
    path = error.filename or "a file of the build"
    what = error.strerror or str(error)
    advice = ADVICE.get(error.errno or 0, "check the disk and the folder, then build again")
    return f"{path}: {what}; {advice}"


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
