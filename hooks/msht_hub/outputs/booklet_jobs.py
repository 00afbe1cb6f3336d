"""The booklet PDFs made in a child process, and kept between builds and editions.

WeasyPrint is the largest thing a build loads (about 80 MB), so the PDFs are rendered by a
child Python process: the build's own memory never holds it, and the child works while the
build writes the search index. A PDF is kept in the render cache's folder ("pdf") under a
digest of everything it is made from: the print HTML (which carries the stylesheet, the
sections, the contacts and the QR code), the title printed on the A4 imposition, every
font file the HTML names by its `file:` address (by content), the versions of WeasyPrint,
pydyf and pypdf, and the hub's code. A kept PDF is copied; nothing is rendered when every
PDF of the build is kept. The fonts fontconfig finds on its own (the fallback families)
are not in the key: installing other system fonts needs `HUB_CACHE=off` or a cleared cache."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import unquote, urlsplit

import msht_hub
from msht_hub.reading import render_cache

KEPT = 24  # PDFs kept in the cache folder (the newest used); a force's editions each have their own
_PACKAGES = ("weasyprint", "pydyf", "pypdf", "qrcode")
_FILE_URL = re.compile(r"""url\(\s*["']?(file:[^"')\s]+)""")

CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from msht_hub.outputs.booklet_jobs import run_jobs
run_jobs(json.loads(open(sys.argv[2], encoding="utf-8").read()))
"""


class BookletPdfError(ValueError):
    """The child that renders the booklet PDFs failed (its last line says why)."""


@dataclass(frozen=True)
class PdfJob:
    html: str
    pdf: Path  # where the PDF goes
    imposed: Path | None  # where its A4 print-at-home imposition goes (the A5 size), or None
    title: str  # the booklet's title, in the imposition's metadata


def _versions() -> list[str]:
    found = []
    for name in _PACKAGES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=-")
    return found


def job_key(job: PdfJob, code: str) -> str:
    """The digest of everything the job's PDFs are made from."""
    digest = hashlib.sha256()
    for part in [code, *_versions(), job.title, str(job.imposed is not None), job.html]:
        digest.update(part.encode("utf-8") + b"\0")
    for address in sorted(set(_FILE_URL.findall(job.html))):
        digest.update(address.encode("utf-8") + b"\0" + (render_cache.file_digest(unquote(urlsplit(address).path)) or "-").encode())
    return digest.hexdigest()


def run_jobs(jobs: list[dict[str, str | None]]) -> None:
    """In the child: render each job's PDF (and imposition) and write it where it goes."""
    from msht_hub.outputs.booklet_pdf import impose_a5_on_a4, render_pdf

    for job in jobs:
        pdf = render_pdf(str(job["html"]))
        _write(Path(str(job["pdf"])), pdf)
        if job["imposed"]:
            _write(Path(job["imposed"]), impose_a5_on_a4(pdf, str(job["title"])))


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, target)


class PdfRun:
    """The build's booklet PDFs: the kept ones copied now, the others rendered by a child
    started now; `finish` waits for it, keeps what it made and says how many were kept."""

    def __init__(self, jobs: list[PdfJob]) -> None:
        cache = render_cache.active()
        self.jobs = jobs
        self.folder = cache.beside("pdf") if cache is not None else None
        self.kept = 0
        self._made: list[tuple[PdfJob, str]] = []
        self._child: subprocess.Popen[bytes] | None = None
        self._work = Path(tempfile.mkdtemp(prefix="hub-booklets-"))
        todo: list[PdfJob] = []
        for job in jobs:
            key = job_key(job, cache.code) if cache is not None else ""
            if self.folder is not None and self._copy_kept(job, key):
                self.kept += 1
                continue
            todo.append(job)
            self._made.append((job, key))
        if todo:
            listed = self._work / "jobs.json"
            listed.write_text(json.dumps([{"html": job.html, "pdf": str(job.pdf), "imposed": str(job.imposed) if job.imposed else None,
                                           "title": job.title} for job in todo], ensure_ascii=False), encoding="utf-8")
            self._log = (self._work / "child.log").open("wb")
            self._child = subprocess.Popen([sys.executable, "-c", CHILD, str(Path(msht_hub.__file__).resolve().parents[1]), str(listed)],
                                           stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT)

    def _copy_kept(self, job: PdfJob, key: str) -> bool:
        assert self.folder is not None
        kept = [(self.folder / f"{key}.pdf", job.pdf)] + ([(self.folder / f"{key}.a4.pdf", job.imposed)] if job.imposed else [])
        if not all(source.is_file() for source, _ in kept):
            return False
        try:
            for source, target in kept:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                os.utime(source)  # the newest used are the ones kept
        except OSError:
            return False
        return True

    def finish(self) -> None:
        try:
            if self._child is not None:
                code = self._child.wait()
                self._log.close()
                if code != 0:
                    lines = (self._work / "child.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
                    raise BookletPdfError(f"the booklet PDFs could not be made: {lines[-1] if lines else f'exit status {code}'}")
                self._keep()
        finally:
            shutil.rmtree(self._work, ignore_errors=True)

    def stop(self) -> None:
        """The build stopped before the PDFs were waited for: the child ends, nothing is kept."""
        if self._child is not None:
            self._child.kill()
            self._child.wait()
            self._log.close()
        shutil.rmtree(self._work, ignore_errors=True)

    def _keep(self) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for job, key in self._made:
                shutil.copyfile(job.pdf, self.folder / f"{key}.pdf.part")
                os.replace(self.folder / f"{key}.pdf.part", self.folder / f"{key}.pdf")
                if job.imposed:
                    shutil.copyfile(job.imposed, self.folder / f"{key}.a4.pdf.part")
                    os.replace(self.folder / f"{key}.a4.pdf.part", self.folder / f"{key}.a4.pdf")
            newest = sorted(self.folder.glob("*.pdf"), key=lambda path: path.stat().st_mtime, reverse=True)
            keys = list(dict.fromkeys(path.name.split(".", 1)[0] for path in newest))
            for old in keys[KEPT:]:
                for path in self.folder.glob(f"{old}.*"):
                    path.unlink()
        except OSError:
            pass  # not kept: made again next time
