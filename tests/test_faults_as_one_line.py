"""A fault of the machine, not of the content (no space, a read-only disk, permission denied,
a file that vanishes mid-build), stops the build with one line naming the path and what to
do; the previous site is kept byte-identical and the traceback goes to a log file for the
hub's maintainers, never to the editor."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

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


# ---- `hub zip`: the zip's folder is a file, is read-only, or the disk fills while zipping ----

HUB = Path(sys.executable).parent / "hub"
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
needs_permissions = pytest.mark.skipif(ROOT_USER, reason="as root, a read-only mode does not stop a write")
FULL_WHILE_ZIPPING = (
    "import errno, os, sys, zipfile\n"
    "real = zipfile.ZipFile.write\n"
    "def write(self, *args, **kwargs):\n"
    "    if len(self.filelist) >= 3:  # part-way, as a disk fills: the write names no file\n"
    "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
    "    return real(self, *args, **kwargs)\n"
    "zipfile.ZipFile.write = write\n"
    "from msht_hub.commands.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n")


def zip_project(tmp_path):
    from conftest import HubProject, copy_config

    project = HubProject(tmp_path / "hub")
    config = copy_config(project.root)
    project.page("index.md", valid("page"))
    project.page("guides/one.md", valid("guide"))
    return project, config


def run_zip(config, out, tmp_path, script=None):
    command = [sys.executable, str(script)] if script else [str(HUB)]
    done = subprocess.run([*command, "--config", str(config), "zip", "--out", str(out)], cwd=config.parent,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HUB_SITE_URL": PUBLIC_URL, "HUB_BOOKLET_PDFS": "false", "TMPDIR": str(tmp_path)})
    return done


def assert_one_line(done, *said):
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for part in said:
        assert part in lines[0], (part, lines[0])
    return lines[0]


def assert_logged(project):
    log = project.root / ".hub-logs" / "build-errors.log"
    assert "Traceback" in log.read_text(encoding="utf-8")
    return log


@pytest.mark.slow
def test_hub_zip_where_a_file_stands_for_its_folder_is_one_line(tmp_path):
    project, config = zip_project(tmp_path)
    out = tmp_path / "dist"
    out.write_text("not a folder", encoding="utf-8")  # a real fault, whoever runs the test
    line = assert_one_line(run_zip(config, out, tmp_path), f"hub zip: no zip was made: {out}",
                           "a file stands where a folder is needed", "--out", "run hub zip again")
    assert str(assert_logged(project)) in line
    assert out.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.slow
def test_hub_zip_on_a_disk_that_fills_leaves_no_broken_zip(tmp_path):
    project, config = zip_project(tmp_path)
    out = tmp_path / "dist"
    script = tmp_path / "full_while_zipping.py"
    script.write_text(FULL_WHILE_ZIPPING, encoding="utf-8")
    line = assert_one_line(run_zip(config, out, tmp_path, script), "No space left on device", "free some disk space",
                           "make the zip on another disk with --out", f"{out}{os.sep}msht-hub-")
    assert ".zip:" in line  # the zip it could not finish, by name
    assert list(out.iterdir()) == []  # no half-written zip, no part file
    assert_logged(project)


@pytest.mark.slow
@needs_permissions
def test_hub_zip_into_a_read_only_folder_is_one_line(tmp_path):
    project, config = zip_project(tmp_path)
    out = tmp_path / "dist"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert_one_line(run_zip(config, out, tmp_path), "Permission denied", "make the folder writable",
                        "make it in another one (--out)", str(out))
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o755)
    assert_logged(project)


# ---- the preview: a rebuild that meets a full disk or a read-only folder ----

FULL_WHILE_PREVIEWING = (
    "import builtins, errno, io, os, sys\n"
    "real = builtins.open\n"
    "flag = os.environ['HUB_TEST_DISK_FULL']\n"
    "def full_at():  # the file whose writing finds the disk full, once the test says so\n"
    "    if not os.path.exists(flag):\n"
    "        return ''\n"
    "    with real(flag, encoding='utf-8') as said:\n"
    "        return said.read()\n"
    "def full(file, mode='r', *args, **kwargs):\n"
    "    name = os.fspath(file) if isinstance(file, (str, os.PathLike)) else ''\n"
    "    full = full_at()\n"
    "    if full and 'msht-hub-preview-' in name and full in name and set(mode) & set('wax+'):\n"
    "        real(file, mode, *args, **kwargs).close()  # opened (a page opened to be written is emptied),\n"
    "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # then its first write fails, naming no file\n"
    "    return real(file, mode, *args, **kwargs)\n"
    "builtins.open = io.open = full\n"
    "from msht_hub.commands.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n")


def _get(url):
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def _until(condition, timeout=90.0):
    """Until the preview shows it (a server not listening yet has shown nothing yet)."""
    from waiting import until

    until(condition, "the preview to show it", timeout, every=0.1, ignoring=(OSError,))


@pytest.fixture
def preview(tmp_path):
    """`hub serve` on a free port, its rebuilds writing under tmp_path/tmp (TMPDIR); yields
    (project, base URL, the server's stderr so far, the flag that fills the disk)."""
    import signal
    import socket

    project, config = zip_project(tmp_path)
    project.page("guides/one.md", valid("guide", title="First title"))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    script = tmp_path / "full_while_previewing.py"
    script.write_text(FULL_WHILE_PREVIEWING, encoding="utf-8")
    flag = tmp_path / "disk-is-full"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    said = tmp_path / "stderr.txt"
    with said.open("w", encoding="utf-8") as stderr:
        server = subprocess.Popen([sys.executable, str(script), "--config", str(config), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project.root, start_new_session=True, stdout=subprocess.DEVNULL, stderr=stderr,
                                  env={**os.environ, "HUB_TODAY": "2026-11-23", "TMPDIR": str(temporary),
                                       "HUB_TEST_DISK_FULL": str(flag)})
    base = f"http://127.0.0.1:{port}/"
    try:
        _until(lambda: "First title" in _get(base + "guides/one/")[1] and _get(base + "search/manifest.js")[0] == 200)
        yield project, base, lambda: said.read_text(encoding="utf-8"), flag
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=15)


def _site_folder(project):
    return next((project.root.parent / "tmp").glob("msht-hub-preview-*"))


def _folders(root):
    return [root, *(path for path in root.rglob("*") if path.is_dir())]


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["a full disk", pytest.param("a read-only folder", marks=needs_permissions)])
def test_a_preview_rebuild_that_meets_a_fault_is_one_line_and_keeps_the_last_good_pages(preview, fault):
    project, base, stderr, flag = preview
    site = _site_folder(project)
    if fault == "a full disk":
        flag.write_text(os.path.join("guides", "one", "index.html"), encoding="utf-8")  # the page itself
        words, advice = "No space left on device", "free some disk space (or start the preview with TMPDIR on another disk)"
    else:
        for folder in _folders(site):
            folder.chmod(0o555)
        words, advice = "Permission denied", "start the preview with TMPDIR set to another one"
    project.page("guides/one.md", valid("guide", title="Second title"))
    _until(lambda: "The build could not go on" in stderr())
    said = stderr()
    assert "Traceback" not in said, said
    line = next(line for line in said.splitlines() if "The build could not go on" in line)
    assert words in line, line
    assert str(site) in line and advice in line and "save the page again" in line, line
    assert "The preview keeps serving the last good pages" in line and ".hub-logs" in line, line
    assert_logged(project)
    status, page = _get(base + "guides/one/")
    assert status == 200 and "First title" in page and "Second title" not in page  # the last good page, whole
    assert words in page  # and the fault on it, in the preview's banner
    flag.unlink(missing_ok=True)
    for folder in _folders(site):
        folder.chmod(0o755)
    project.page("guides/one.md", valid("guide", title="Third title"))  # the fault gone, the next save shows
    _until(lambda: "Third title" in _get(base + "guides/one/")[1])
    assert words not in _get(base + "guides/one/")[1]


@pytest.mark.slow
def test_a_preview_on_a_port_already_in_use_is_one_line(tmp_path):
    import socket

    project, config = zip_project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        done = subprocess.run([str(HUB), "--config", str(config), "serve", "--dev-addr", address], cwd=project.root,
                              capture_output=True, text=True, timeout=120, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()  # the first build's own lines, then the fault's
    assert "Traceback" not in done.stderr and not [line for line in lines if line.startswith("ERROR")], done.stderr
    assert lines[-1].startswith(f"hub serve: {address}: Address already in use; ") and "--dev-addr" in lines[-1], done.stderr
    assert_logged(project)
