"""What the editors' preview remembers from one rebuild to the next. Kept here, in a module
imported once, because the hooks module is loaded afresh for every rebuild.

The preview answers quickly and never shows a stale page:
- it makes no booklet PDFs (the online booklet page is built as usual; `python3 dev.py
  build` makes the PDFs), and it keeps nothing offline: its service worker removes any saved
  copy, so every edit shows at once;
- under `hub serve` (`python3 dev.py serve`) it rebuilds only what changed. The engine
  re-renders the pages whose source changed and every generated page (listings, register,
  booklet pages); what the hub gathers from every other page (its search documents, the
  files it links to, its booklet section, its problems) is remembered here from the build
  that last rendered it. When anything that shows on other pages changes (a title, a
  summary, a status, the glossary, the settings, a template), every page is rendered again.
"""
from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.process
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache

from msht_hub import faults
from msht_hub.generated.plan import SitePlan
from msht_hub.pages.gather import Gathered
from msht_hub.reading.catalogue import Catalogue
from msht_hub.reading.render_cache import digest

serving = False
"""This process is the preview (`mkdocs serve` or `hub serve`)."""

incremental = False
"""The preview keeps its site directory between rebuilds and renders only what changed."""

checking = False
"""This build is `hub check`'s: stopped once every page is judged, so it makes no outputs."""

# Fields shown only on the page itself (or on generated pages, which are always rebuilt):
# they are left out of what a page shows of another.
PAGE_LOCAL_FIELDS = frozenset({"lessons", "changes", "scale", "period", "partners", "owner", "lead_force"})


@dataclass
class Memory:
    signature: str = ""
    pages: dict[str, Gathered] = field(default_factory=dict)  # by src_uri
    read: dict[Any, Any] = field(default_factory=dict)  # the catalogue's cache of read pages (catalogue.py)
    analysed: dict[Any, Any] = field(default_factory=dict)  # each search document's analysis (search_index.analyse)
    views: dict[str, str] = field(default_factory=dict)  # what each page showed of others (page_signatures)
    related: tuple[str, Any] = ("", None)  # related content, for the related_key it was made under
    templates: TemplateCache = field(default_factory=lambda: TemplateCache())  # compiled templates, for every build of this process


class TemplateCache(BytecodeCache):
    """Compiled Jinja templates, kept between builds in one process (the engine makes a new
    theme each time: the preview's rebuilds, the tests' many builds);
    a template whose source changed is compiled again (its checksum is part of the key)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


memory = Memory()


class Warned(logging.Handler):
    """The warnings of the build under way, to say again when the strict build refuses them;
    and, in the engine's own lines, the site directory in place of the staging folder."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.names: tuple[str, str] = ("", "")

    def start(self, staging: Path, site_dir: Path) -> None:
        self.lines, self.names = [], (str(staging), str(site_dir))
        engine = logging.getLogger("mkdocs")
        if self not in engine.handlers:
            engine.addHandler(self)
            logging.getLogger("mkdocs.commands.build").addFilter(self.real_site_dir)

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            self.lines.append(record.getMessage())

    def real_site_dir(self, record: logging.LogRecord) -> bool:
        staging, site_dir = self.names
        if staging and staging != site_dir and isinstance(record.msg, str) and staging in record.msg:
            record.msg = record.msg.replace(staging, site_dir)
        return True


warned = Warned()


def _files(watched: list[Path]) -> list[str]:
    found = []
    for folder in watched:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
            if path.is_file():
                stat = path.stat()
                found.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
    return found


def related_key(catalogue: Catalogue) -> str:
    """What related content is made from: every page's kind, status, tags, exploitation types
    and date."""
    return digest([(uri, doc.kind, doc.meta.status, doc.tags, doc.exploitation, doc.published)
                    for uri, doc in sorted(catalogue.published.items())])


def site_signature(plan: SitePlan, names: dict[str, Any], watched: list[Path]) -> str:
    """A digest of what every page shows or depends on: the settings, the files of `watched`
    (mkdocs.yml, glossary, includes, templates), the plain pages (the navigation), which pages
    exist and which are left out (links to them), and the roles in every page's header. Not
    the edition line: the preview's unchanged pages keep the edition they were rendered in."""
    catalogue = plan.catalogue
    plain = {uri: doc.meta.model_dump(mode="json") for uri, doc in catalogue.documents.items() if doc.kind == "page"}
    return digest(catalogue.settings.model_dump(mode="json"), _files(watched), plain, sorted(catalogue.documents),
                   plan.left_out, names["hub_role_links"], names["hub_search_url"])


def page_signatures(plan: SitePlan, names: dict[str, Any], today: date) -> dict[str, str]:
    """For each content page, a digest of what it shows of other pages: its index, related
    cards, replacement and booklet; for the home page, the roles' essentials, booklets and
    urgent page too."""
    def card(value: Any) -> Any:
        return [value.url, value.kind_label, value.type_label, value.review_state, value.roles,
                value.meta.model_dump(mode="json", exclude=set(PAGE_LOCAL_FIELDS))]

    home = digest(names["hub_roles"], names["hub_urgent"], names["hub_booklets"])  # the home page's essentials
    signatures = {}
    for uri, doc in plan.catalogue.documents.items():
        if uri in plan.catalogue.excluded:
            continue
        view = plan.page_view(doc, today)
        signatures[uri] = digest(view.section_title, view.section_url, [card(c) for c in view.related],
                                  view.replacement_title, view.replacement_url, view.booklet_title, view.booklet_url,
                                  home if uri == "index.md" else None)
    return signatures


def outdated(plan: SitePlan, today: date, watched: list[Path]) -> list[str] | None:
    """The content pages to render again although their source did not change, or None for
    every page; remembers what it compared against."""
    names = plan.template_globals()  # what templates see of the whole site (plan.py)
    signature, pages = site_signature(plan, names, watched), page_signatures(plan, names, today)
    previous, memory.views = memory.views, pages
    if signature != memory.signature:
        memory.signature = signature
        memory.pages.clear()
        return None
    changed = [uri for uri, digest in pages.items() if previous.get(uri) != digest]
    for uri in changed:
        memory.pages.pop(uri, None)
    return changed


_pending: threading.Thread | multiprocessing.process.BaseProcess | None = None
_stop = threading.Event()


class Stopped(Exception):
    """A job run `later` was overtaken by a newer rebuild."""


def stopped() -> None:
    """Called by a job run `later` between its steps: ends it once a newer rebuild started."""
    if _stop.is_set():
        raise Stopped


def _run(job: Callable[[], None]) -> None:
    try:
        job()
    except Stopped:
        pass  # the newer rebuild writes its own
    except OSError as error:  # the machine: one line, the traceback in a log file; the next rebuild tries again
        where = faults.record(error, Path.cwd())
        logging.getLogger("mkdocs.plugins.hub").error(f"preview: {faults.describe(error, command=faults.PREVIEW)} "
                                                      f"(details for the hub's maintainers: {where})")
    except Exception as error:  # noqa: BLE001 - reported, and the next rebuild tries again
        logging.getLogger("mkdocs.plugins.hub").error(f"preview: {error}")


def _run_forked(job: Callable[[], None]) -> None:
    """The forked writer leaves Ctrl-C to the preview, which ends it (settle) as it stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _run(job)


def later(job: Callable[[], None]) -> None:
    """Run a slow output (the search index) after the rebuild has made the edit visible: in a
    forked process where the system has fork (so it never competes with the preview server
    for the interpreter), in a thread elsewhere."""
    global _pending
    settle()
    if "fork" in multiprocessing.get_all_start_methods():
        _pending = multiprocessing.get_context("fork").Process(target=_run_forked, args=(job,), name="hub-preview-later", daemon=True)
    else:
        _pending = threading.Thread(target=_run, args=(job,), name="hub-preview-later", daemon=True)
    _pending.start()


def settle() -> None:
    """Before a rebuild: stop what the last one left running and wait for it to end, so two
    never write at once and a quick second save does not wait for the first save's index."""
    global _pending
    if isinstance(_pending, threading.Thread):
        _stop.set()  # the thread checks `stopped()` between steps
        _pending.join()
    elif _pending is not None:
        _pending.terminate()
        _pending.join()
    _pending = None
    _stop.clear()


def render_again(outputs: list[str]) -> None:
    """Mark these written pages older than any source, so the engine's incremental build
    renders them again, while they stay served until it does."""
    for output in outputs:
        if os.path.exists(output):
            os.utime(output, (0, 0))
