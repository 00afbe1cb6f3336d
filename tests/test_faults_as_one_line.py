"""A fault of the machine, not of the content (no space, a read-only disk, permission denied,
a file that vanishes mid-build), stops the build with one line naming the path and what to
do; the previous site is kept byte-identical and the traceback goes to a log file for the
hub's maintainers, never to the editor."""
from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import CONFIG, PUBLIC_URL, ROOT, site_digest, valid

FAULTS = {
    "no space left": (errno.ENOSPC, "No space left on device", "free some disk space"),
    "a read-only disk": (errno.EROFS, "Read-only file system", "build to a writable folder"),
    "permission denied": (errno.EACCES, "Permission denied", "make the folder writable"),
    "a file that vanished": (errno.ENOENT, "No such file or directory", "disappeared during the build"),
}


def previous_site(project):
    project.page("index.md", valid("page"))
    project.page("guides/one.md", valid("guide"))
    project.site.mkdir(parents=True, exist_ok=True)
    (project.site / "kept.txt").write_text("the previous site", encoding="utf-8")
    return site_digest(project.site)


def run_build(project):
    config = load_config(str(CONFIG), docs_dir=str(project.content), site_dir=str(project.site), strict=True, site_url=PUBLIC_URL)
    with pytest.raises(Abort) as stopped:
        build(config)
    return str(stopped.value.message)


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_a_fault_while_writing_pages_is_one_line_naming_the_path_and_what_to_do(project, monkeypatch, tmp_path, fault):
    number, words, advice = FAULTS[fault]
    before = previous_site(project)
    import mkdocs.commands.build as engine

    written = {"count": 0}
    real = engine.utils.write_file

    def failing(output, path):
        written["count"] += 1
        if written["count"] == 2:
            raise OSError(number, words, path)
        return real(output, path)

    monkeypatch.setattr(engine.utils, "write_file", failing)
    message = run_build(project)
    assert "\n" not in message and "Traceback" not in message
    assert words in message and advice in message and ".hub-staging" in message  # the path it could not write
    assert f"{project.site} was left exactly as it was" in message
    assert site_digest(project.site) == before
    log = project.root / ".hub-logs" / "build-errors.log"
    assert str(log) in message and "Traceback" in log.read_text(encoding="utf-8")


def test_a_site_that_cannot_take_its_place_leaves_the_previous_one(project, monkeypatch):
    before = previous_site(project)
    real = os.rename

    def refusing(source, target, *args, **kwargs):
        if str(target) == str(project.site) and "hub-staging" in str(source):
            raise OSError(errno.EACCES, "Permission denied", str(target))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "rename", refusing)
    message = run_build(project)
    assert "Permission denied" in message and "make the folder writable" in message
    assert site_digest(project.site) == before


@pytest.mark.slow
def test_the_mkdocs_command_prints_no_traceback_for_a_full_disk(project, tmp_path):
    previous_site(project)
    script = tmp_path / "full_disk.py"
    script.write_text(
        "import errno, sys\n"
        "import mkdocs.commands.build as engine\n"
        "def full(output, path):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device', path)\n"
        "engine.utils.write_file = full\n"
        "from mkdocs.__main__ import cli\n"
        "sys.exit(cli())\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), "build", "-q", "-f", str(CONFIG), "-d", str(project.site)],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "HUB_SITE_URL": PUBLIC_URL, "NO_MKDOCS_2_WARNING": "1"},
                          )
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert "Traceback" not in said, said
    assert "No space left on device" in said and "free some disk space" in said
