"""The editor's commands work the same on Windows: dev.py finds the virtual environment's
programs by the system's layout, takes settings as options (no `VAR=value command`), and
runs the preview as a child process (no os.execv). Pure functions, tested on both layouts."""
from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
from pathlib import PurePosixPath, PureWindowsPath

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
dev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dev)


def test_the_virtual_environments_programs_are_found_by_the_systems_layout():
    windows = dev.venv_tool(PureWindowsPath(r"C:\Users\Editor\My Documents\hub\.venv"), "hub", system="nt")
    assert str(windows) == r"C:\Users\Editor\My Documents\hub\.venv\Scripts\hub.exe"
    assert str(dev.venv_tool(PureWindowsPath(r"\\server\share\hub\.venv"), "python", system="nt")) == r"\\server\share\hub\.venv\Scripts\python.exe"
    assert str(dev.venv_tool(PurePosixPath("/home/editor/hub/.venv"), "hub", system="posix")) == "/home/editor/hub/.venv/bin/hub"


@pytest.mark.parametrize("args, rest, value", [
    (["--site-url", "https://hub.example/", "--dirty"], ["--dirty"], "https://hub.example/"),
    (["--site-url=https://hub.example/"], [], "https://hub.example/"),
    (["--dirty"], ["--dirty"], None),
    (["--site-url"], ["--site-url"], None),  # no value: left for the engine to refuse
])
def test_settings_are_options_so_no_shell_syntax_is_needed(args, rest, value):
    assert dev.take_option(args, "--site-url") == (rest, value)


def test_dev_py_has_no_posix_only_step():
    source = (ROOT / "dev.py").read_text(encoding="utf-8")
    assert "os.execv(" not in source and '/ "bin"' not in source.replace('venv_dir / "bin"', "")


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="sends SIGTERM")
def test_ending_dev_py_serve_ends_the_server_it_started(tmp_path):
    """The server runs as a child; stopping the parent stops it (what os.execv gave before)."""
    marker = tmp_path / "child.pid"
    script = ("import sys, time, pathlib, importlib.util; spec = importlib.util.spec_from_file_location('dev', sys.argv[1]);"
              "dev = importlib.util.module_from_spec(spec); spec.loader.exec_module(dev);"
              "sys.exit(dev.run_in_foreground([sys.executable, '-c', "
              "'import os, pathlib, time, sys; pathlib.Path(sys.argv[1]).write_text(str(os.getpid())); time.sleep(60)', sys.argv[2]], "
              "cwd=pathlib.Path('.')))")
    parent = subprocess.Popen([sys.executable, "-c", script, str(ROOT / "dev.py"), str(marker)])
    import os

    from waiting import until

    child = int(until(lambda: marker.exists() and marker.read_text(), "the server to write its process id", timeout=20))
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(timeout=20) != 0

    def gone() -> bool:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return True
        return False

    try:
        until(gone, "the server to end with dev.py", timeout=10)
    except AssertionError:
        os.kill(child, signal.SIGKILL)
        raise
