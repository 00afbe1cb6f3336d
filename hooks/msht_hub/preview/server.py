"""`hub serve` (`python3 dev.py serve`): the editors' preview on MkDocs' live-reload server.

What it adds to `mkdocs serve`:
- rebuilds render only what changed (see preview.py) and files are watched by the operating
  system's notifications, not polled every half second;
- a rebuild that fails never leaves the browser waiting: the last good pages stay served with
  a banner naming each problem (file, field, what was expected), or, before any page was
  built, an error page saying the same; the fix reloads the page by itself;
- every file the build reads is watched: the content, mkdocs.yml, the glossary and includes,
  and the theme overrides;
- Ctrl-C and SIGTERM (a closed terminal, `kill`, a service manager, dev.py ending) both stop
  it cleanly, whatever its parent did with them: the search index writer it forked is ended,
  and its temporary site folder removed.
"""
from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from mkdocs import utils as mkdocs_utils
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _serve_url

from msht_hub import faults
from msht_hub.generated.fragments import Fragments
from msht_hub.outputs.csp import allow_reload_script
from msht_hub.outputs.staging import write_whole
from msht_hub.preview import memory as preview
from msht_hub.reading.problems import is_summary

log = logging.getLogger("mkdocs.plugins.hub.preview")
CHANGES = {"modified", "created", "deleted", "moved", "closed"}


class _Problems(logging.Handler):
    """Collects what the banner shows of a rebuild: each content problem once (an error, or a
    warning such as a broken link, which the preview builds past), and any other error; never
    the lines that only count them or say the site was kept."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if getattr(record, "hub_problem", None) is not None:
            if message not in self.lines:
                self.lines.append(message)
        elif record.levelno >= logging.ERROR and not is_summary(message):
            self.errors.append(message)

    def shown(self) -> list[str]:
        return self.lines + [line for line in self.errors if line not in self.lines]


class PreviewServer(LiveReloadServer):
    problems: list[str] = []
    failed = False  # the last rebuild failed (False: its problems are warnings the published build refuses)

    def __init__(self, fragments: Fragments, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:  # the system's file notifications (inotify, FSEvents, ...): a save is seen at once
            from watchdog.observers import Observer

            self.observer = Observer()  # type: ignore[assignment]
        except Exception:  # noqa: BLE001 - no native watcher here: keep MkDocs' polling one
            pass
        self.build_delay = 0.05
        self.fragments = fragments

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """MkDocs' watch, but a rebuild only when a file is written, made, moved or removed:
        the build's own reading of files (opened, closed unwritten) is not a change."""
        from watchdog.events import FileSystemEvent, FileSystemEventHandler

        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def changed(event: FileSystemEvent) -> None:
            if event.is_directory or event.event_type not in CHANGES:
                return
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def problem_html(self, whole_page: bool) -> bytes:
        return self.fragments.render("preview-problems.html", problems=self.problems, whole_page=whole_page,
                                     failed=self.failed).encode("utf-8")

    def error_page(self, code: int) -> bytes | None:
        """The problems, as a page that reloads itself once they are fixed; or the site's own 404."""
        if self.problems and self.failed:
            return super()._inject_js_into_html(self.problem_html(True), self._visible_epoch)
        path = Path(self.root) / f"{code}.html"
        return path.read_bytes() if path.is_file() else None

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = allow_reload_script(super()._inject_js_into_html(content, epoch))
        if not self.problems:
            return content
        start = content.find(b"<body")
        start = content.find(b">", start) + 1 if start >= 0 else 0
        return content[:start] + self.problem_html(False) + content[start:]


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGBREAK") if hasattr(signal, name))


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM, SIGHUP or Ctrl-Break end the preview as Ctrl-C does in a
    terminal, by KeyboardInterrupt, so the clean-up below runs. SIGINT is set here, not
    inherited: a parent that ignores it (nohup, a job started with `&`, a CI runner) would
    otherwise leave the preview deaf to Ctrl-C. A second signal during the clean-up is ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    handled = (signal.SIGINT, *STOP_SIGNALS)
    saved = {number: signal.signal(number, stop) for number in handled}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def serve(config_file: str, dev_addr: str = "127.0.0.1:8000", **overrides: Any) -> None:
    site_dir = tempfile.mkdtemp(prefix="msht-hub-preview-")
    host, port = dev_addr.rsplit(":", 1)
    serve_url = _serve_url(host, int(port), "/")

    def get_config() -> MkDocsConfig:
        config = load_config(config_file=config_file, site_dir=site_dir, **overrides)
        config.site_url = serve_url
        return config

    config = get_config()
    mkdocs_utils.write_file = write_whole  # pages replaced whole: a fault part-way leaves the last good one
    config.plugins.on_startup(command="serve", dirty=True)
    collected = _Problems()

    def builder(config: MkDocsConfig | None = None) -> None:
        collected.lines, collected.errors = [], []
        logging.getLogger("mkdocs").addHandler(collected)
        try:
            with faults.advice_for(faults.PREVIEW):
                build(config or get_config(), serve_url=serve_url, dirty=True)
        except BaseException as error:  # noqa: BLE001 - a content or configuration error: shown, never fatal
            if isinstance(error, KeyboardInterrupt):
                raise
            if isinstance(error, faults.MachineFault):  # the one line that names the path and what to do
                PreviewServer.problems = [str(error)]
                log.error(str(error))
            else:
                PreviewServer.problems = collected.shown() or [str(error) or type(error).__name__]
            PreviewServer.failed = True
            log.error("The preview keeps the last good pages and shows the problem on every page until it is fixed.")
        else:
            PreviewServer.problems = collected.shown()  # warnings the preview built past: broken links and anchors
            PreviewServer.failed = False
        finally:
            logging.getLogger("mkdocs").removeHandler(collected)

    server = PreviewServer(Fragments(config.theme.get_env()), builder=builder, host=host, port=int(port), root=site_dir, mount_path="/")
    server.error_handler = server.error_page
    with stopped_by_signals():
        try:
            builder(config)
            for path in {config.docs_dir, config.config_file_path, *(config.watch or []),
                         *([config.theme.custom_dir] if config.theme.custom_dir else [])}:
                if path and Path(path).exists():
                    server.watch(str(path))
            try:
                server.serve()
            finally:
                server.shutdown()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            preview.settle()  # the search index still being written in a forked process ends with the preview
            config.plugins.on_shutdown()
            shutil.rmtree(site_dir, ignore_errors=True)

