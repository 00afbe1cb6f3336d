"""The editors' preview (`hub serve`, what `python3 dev.py serve` runs): an edit shows with
search, listings and booklet right; a content error never leaves the browser waiting; the fix
takes the problem away by itself."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, valid
from waiting import until

pytestmark = pytest.mark.slow

HUB = Path(sys.executable).parent / "hub"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def _until(condition, timeout: float = 60) -> None:
    """Until the preview shows it (a server not listening yet has shown nothing yet)."""
    until(condition, "the preview to show it", timeout, ignoring=(OSError,))


def _pages(project) -> None:
    project.page("guides/fc.md", valid("guide", title="Stop and think", guide_type="aide-memoire",
                                       booklet={"booklet": "first-contact", "order": 1}), "Check the person is safe.\n")
    project.page("guides/other.md", valid("guide", title="Another guide", tags=["debt"]), "Another body.\n")
    project.page("debriefs/op.md", valid("debrief", title="Op debrief", tags=["debt"]), "What happened.\n")
    project.page("about.md", valid("page", title="About the hub"), "About.\n")


def _ignoring_sigint() -> None:
    """What nohup, a job started with `&` or a CI runner gives a process: Ctrl-C ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start(project, command: list[str], temp: Path | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """The preview in a session of its own, started with SIGINT ignored (as under nohup or a
    CI runner): the preview must not depend on what its parent did with Ctrl-C."""
    port = _free_port()
    env = {**os.environ, "HUB_TODAY": "2026-11-23", **({"TMPDIR": str(temp)} if temp else {})}
    server = subprocess.Popen([*command, "--docs-dir", str(project.content), "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=ROOT, start_new_session=True, preexec_fn=_ignoring_sigint, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"
    _until(lambda: _get(base + "search/manifest.js")[0] == 200)
    return server, base


def _group_is_gone(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


def _stop(server: subprocess.Popen[bytes], how: signal.Signals, whom: str = "group") -> int:
    """Send the signal (to the whole process group, as a terminal's Ctrl-C does, or to the
    first process only, as `kill` does) and wait for every process of the group to end."""
    if whom == "group":
        os.killpg(server.pid, how)
    else:
        server.send_signal(how)
    try:
        code = server.wait(timeout=30)
        until(lambda: _group_is_gone(server.pid), "every process of the preview's group to end", timeout=15)
    except (subprocess.TimeoutExpired, AssertionError):  # never leave a server running behind the tests
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=15)
        raise AssertionError(f"the preview did not stop on {how.name}, or left a process behind") from None
    return code


@pytest.fixture
def preview(project):
    _pages(project)
    server, base = _start(project, [str(HUB), "--config", str(ROOT / "mkdocs.yml"), "serve"])
    yield project, base
    _stop(server, signal.SIGINT)


def _search_count_and_text(base: str) -> tuple[int, str]:
    manifest = json.loads(re.search(r",(\{.*\})\);", _get(base + "search/manifest.js")[1]).group(1))
    shards = "".join(_get(base + "search/" + name)[1] for name in manifest["files"] if name.startswith("shard-"))
    return manifest["count"], shards


def test_an_edit_shows_on_its_page_in_search_and_in_the_booklet(preview):
    project, base = preview
    documents, _ = _search_count_and_text(base)
    page = project.content / "guides" / "fc.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAsk about zebrafinch documents.\n", encoding="utf-8")
    _until(lambda: "zebrafinch" in _get(base + "guides/fc/")[1])
    assert "zebrafinch" in _get(base + "booklets/first-contact/")[1]
    _until(lambda: '"zebrafinch"' in _search_count_and_text(base)[1])
    assert _search_count_and_text(base)[0] == documents  # every other page's documents kept
    assert "Another guide" in _get(base + "guides/")[1]


def test_a_new_title_shows_on_every_page_that_lists_it(preview):
    project, base = preview
    assert "About the hub" in _get(base + "guides/fc/")[1]  # in the navigation of every page
    page = project.content / "about.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: About the hub", "title: Renamed page"), encoding="utf-8")
    _until(lambda: "Renamed page" in _get(base + "about/")[1])
    assert "Renamed page" in _get(base + "guides/fc/")[1]  # a page that did not change, rendered again
    assert "About the hub" not in _get(base + "guides/fc/")[1]


def test_a_new_title_shows_on_the_pages_that_relate_to_it(preview):
    project, base = preview
    assert "Another guide" in _get(base + "debriefs/op/")[1]  # the debrief's relevant guidance
    page = project.content / "guides" / "other.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: Another guide", "title: Retitled guide"), encoding="utf-8")
    _until(lambda: "Retitled guide" in _get(base + "guides/other/")[1])
    assert "Retitled guide" in _get(base + "debriefs/op/")[1] and "Another guide" not in _get(base + "debriefs/op/")[1]
    assert "Retitled guide" in _get(base + "guides/")[1]


def test_a_new_title_for_a_roles_essential_shows_on_the_home_page(preview):
    project, base = preview
    assert "Stop and think" in _get(base)[1]  # the frontline role's essentials, on the home page
    page = project.content / "guides" / "fc.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: Stop and think", "title: Pause and think"), encoding="utf-8")
    _until(lambda: "Pause and think" in _get(base + "guides/fc/")[1])
    assert "Pause and think" in _get(base)[1] and "Stop and think" not in _get(base)[1]


def test_a_content_error_is_shown_at_once_on_the_last_good_pages_until_it_is_fixed(preview):
    project, base = preview
    page = project.content / "guides" / "other.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace("summary:", "summary: [unclosed\nsummary_x:"), encoding="utf-8")
    _until(lambda: "data-hub-preview-problems" in _get(base + "guides/fc/")[1])
    started = time.monotonic()
    status, html = _get(base + "guides/fc/", timeout=5)  # answered, not held until the fix
    assert time.monotonic() - started < 3 and status == 200
    assert "content/guides/other.md" in html and "Stop and think" in html  # the problem, over the last good page
    page.write_text(good.replace("title: Another guide", "title: Fixed guide"), encoding="utf-8")
    _until(lambda: "Fixed guide" in _get(base + "guides/other/")[1])
    assert "data-hub-preview-problems" not in _get(base + "guides/fc/")[1]


def test_a_missing_field_names_the_file_and_the_field(preview):
    project, base = preview
    meta = valid("guide", title="Another guide")
    del meta["owner"]
    project.page("guides/other.md", meta, "Another body.\n")
    _until(lambda: "data-hub-preview-problems" in _get(base + "guides/")[1])
    html = _get(base + "guides/")[1]
    assert re.search(r"content/guides/other\.md.{0,40}owner", html)


def test_a_broken_link_shows_in_the_banner_over_the_new_page_counting_each_problem_once(preview):
    project, base = preview
    page = project.content / "guides" / "other.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\nSee [a guide](nowhere.md), [a section](fc.md#no-such-part) and [it again](nowhere.md).\n", encoding="utf-8")
    _until(lambda: "data-hub-preview-problems" in _get(base + "guides/other/")[1])
    html = _get(base + "guides/other/")[1]
    assert "would refuse this: 2 problems" in html and "See" in html  # the save shows, with its problems
    assert html.count("content/guides/other.md:") == 2
    assert "nowhere.md" in html and "#no-such-part" in html
    page.write_text(good.replace("summary:", "summary: [unclosed\nsummary_x:"), encoding="utf-8")
    _until(lambda: "could not rebuild: 1 problem<" in _get(base + "guides/fc/")[1])  # one problem, not its summary lines
    page.write_text(good, encoding="utf-8")
    _until(lambda: "data-hub-preview-problems" not in _get(base + "guides/other/")[1])


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
@pytest.mark.parametrize("command", [[str(HUB), "--config", str(ROOT / "mkdocs.yml"), "serve"],
                                     [sys.executable, str(ROOT / "dev.py"), "serve"]], ids=["hub serve", "dev.py serve"])
def test_the_preview_stops_cleanly_on_ctrl_c_and_on_sigterm_leaving_nothing_behind(project, tmp_path, command, how):
    """Started with Ctrl-C ignored by its parent, stopped just after an edit (while the search
    index may still be written in a forked process): every process ends, the exit is clean
    and the temporary site is removed. SIGTERM goes to the first process alone, as `kill` or a
    service manager sends it; Ctrl-C to the whole group, as a terminal sends it."""
    _pages(project)
    temp = tmp_path / "temp"
    temp.mkdir()
    server, base = _start(project, command, temp)
    assert [path.name for path in temp.iterdir()] != []  # the preview's site is there while it runs
    page = project.content / "guides" / "fc.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAsk about kingfisher papers.\n", encoding="utf-8")
    _until(lambda: "kingfisher" in _get(base + "guides/fc/")[1])
    code = _stop(server, how, "group" if how == signal.SIGINT else "first")
    errors = server.stderr.read().decode("utf-8", "replace") if server.stderr else ""
    assert code == 0, errors[-2000:]
    assert "Traceback" not in errors
    assert list(temp.iterdir()) == []
