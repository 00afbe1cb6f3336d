"""Shared fixtures: a hub project written into tmp_path from a dict of files, and real builds."""
from __future__ import annotations

import logging
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
SAMPLE_MARKER = ROOT / "content" / ".sample-library"
IS_SAMPLE = SAMPLE_MARKER.exists()
NOT_THE_SAMPLE = ("content/ is not the shipped sample library (content/.sample-library is absent): "
                  "this test checks the sample itself, not the generator")
sample_only = pytest.mark.skipif(not IS_SAMPLE, reason=NOT_THE_SAMPLE)
"""For a test of what the shipped sample holds (its breadth, notice, titles): a force's own library skips it."""


def copy_config(folder: Path) -> Path:
    """The repository's mkdocs.yml, and the glossary it names, into another project folder,
    beside the hub's hooks and theme overrides (linked, as a force's project has them)."""
    for shared in ("hooks", "overrides"):
        if not (folder / shared).exists():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / shared).symlink_to(ROOT / shared, target_is_directory=True)
    (folder / "includes").mkdir(parents=True, exist_ok=True)
    (folder / "includes" / "abbreviations.md").write_text((ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8"), encoding="utf-8")
    target = folder / "mkdocs.yml"
    target.write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def front_matter(meta: dict[str, Any], body: str = "Sample body.\n") -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + textwrap.dedent(body)


BASE = {
    "title": "A page",
    "summary": "What the page is for.",
    "roles": ["frontline"],
    "exploitation": ["labour"],
    "owner": "Test owner",
    "last_reviewed": "2026-01-01",
    "review_due": "2027-01-01",
}
VALID = {
    "guide": {**BASE, "guide_type": "bulletin"},
    "training": {**BASE, "format": "course", "duration": "2 days", "outcomes": ["Do the thing."]},
    "debrief": {
        **BASE,
        "operation": "Op TEST",
        "lead_force": "Test Constabulary",
        "period": {"start": 2019, "end": 2020},
        "published": "2021-01-01",
        "outcome": "Two convictions.",
        "lessons": [
            {"id": "t-01", "theme": "safeguarding", "kind": "lesson", "title": "First lesson", "text": "Text one."},
            {"id": "t-02", "theme": "investigation", "kind": "good-practice", "title": "Second lesson", "text": "Text two."},
        ],
    },
    "page": {"title": "Home"},
}
FOLDER = {"guide": "guides", "training": "training", "debrief": "debriefs", "page": ""}


def valid(kind: str, **changes: Any) -> dict[str, Any]:
    meta = {key: (list(value) if isinstance(value, list) else value) for key, value in VALID[kind].items()}
    meta.update(changes)
    return meta


@dataclass
class BuildResult:
    ok: bool
    site: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def page(self, url_path: str) -> str:
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")


@dataclass
class HubProject:
    """A throw-away hub project: the repository's mkdocs.yml, hooks and overrides over tmp content."""

    root: Path
    files: dict[str, str] = field(default_factory=dict)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, path: str, text: str) -> Path:
        target = self.content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def page(self, path: str, meta: dict[str, Any], body: str = "Sample body.\n") -> Path:
        return self.write(path, front_matter(meta, body))

    def build(self, caplog: pytest.LogCaptureFixture, **overrides: Any) -> BuildResult:
        return self._build(caplog, None, **overrides)

    def build_spied(self, caplog: pytest.LogCaptureFixture, **overrides: Any) -> Spied:
        """A real build with a spy beside the hub's hooks: the site plan the hooks made and
        the navigation MkDocs made from it, for tests where structure is what matters."""
        from mkdocs.plugins import BasePlugin

        seen: dict[str, Any] = {}

        class Spy(BasePlugin):  # type: ignore[type-arg]
            def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
                seen["nav"] = nav
                return nav

            def on_post_build(self, *, config: Any) -> None:
                seen["plan"] = next(iter(config.hooks.values()))._build.site_plan

        result = self._build(caplog, Spy(), **overrides)
        return Spied(result, seen.get("plan"), seen.get("nav"))

    def _build(self, caplog: pytest.LogCaptureFixture, spy: Any, **overrides: Any) -> BuildResult:
        caplog.clear()
        settings = {"docs_dir": str(self.content), "site_dir": str(self.site), "strict": True, **overrides}
        if "HUB_SITE_URL" not in __import__("os").environ:
            settings.setdefault("site_url", PUBLIC_URL)
        config = load_config(str(CONFIG), **settings)
        if spy is not None:
            config.plugins["hub-spy"] = spy
        with caplog.at_level(logging.INFO):
            try:
                build(config)
                ok = True
            except Abort:
                ok = False
        return BuildResult(
            ok=ok,
            site=self.site,
            errors=[r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR],
            warnings=[r.getMessage() for r in caplog.records if r.levelno == logging.WARNING],
        )


@dataclass
class Spied:
    result: BuildResult
    plan: Any  # msht_hub.generated.plan.SitePlan
    nav: Any  # mkdocs.structure.nav.Navigation


def site_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder and the SHA-256 of its bytes: equal digests, identical trees."""
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def output_text(site: Path) -> str:
    """Every file of a built site as text, for looking for what must not be there."""
    return "\n".join(p.read_bytes().decode("utf-8", errors="ignore") for p in site.rglob("*") if p.is_file())


@pytest.fixture
def project(tmp_path: Path) -> HubProject:
    hub = HubProject(tmp_path)
    hub.page("index.md", valid("page"))
    return hub


SHIPPED_TODAY = "2026-11-23"
PUBLIC_URL = "https://hub.example.police.uk/"  # the published address tests build for (HUB_SITE_URL)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, built once for the whole session; the tests built on it check
    the sample, so they are skipped when content/ holds another library."""
    import os

    if not IS_SAMPLE:
        pytest.skip(NOT_THE_SAMPLE)

    site = tmp_path_factory.mktemp("shipped") / "site"
    saved = os.environ.get("HUB_TODAY")
    os.environ["HUB_TODAY"] = SHIPPED_TODAY  # the shipped sample's dates are set relative to this day
    try:
        build(load_config(str(CONFIG), site_dir=str(site), strict=True, site_url=PUBLIC_URL))
    finally:
        if saved is None:
            os.environ.pop("HUB_TODAY", None)
        else:
            os.environ["HUB_TODAY"] = saved
    return site


# The search page's status line, read safely while a page may still be loading.
STATUS = "(document.querySelector('[data-hub-search-status]') || {}).textContent || ''"
RESULTS_SHOWN = f"/result/.test({STATUS})"
# The hub's own scripts have run on the page: roles.js has set the reader's scope on <html>.
HUB_SCRIPTS_RAN = "document.documentElement.hasAttribute('data-hub-scope')"

CHROMIUM = Path(__import__("os").environ.get("HUB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


_FUNCTION = __import__("re").compile(r"^\s*(async\s+)?(function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)")


def _as_function(expression: str) -> str:
    """Every page carries a Content-Security-Policy without 'unsafe-eval', and Playwright
    polls a predicate given as a bare expression with eval(), which the page refuses; given
    as a function it is compiled by the browser's debugger protocol, which the policy allows."""
    return expression if _FUNCTION.match(expression) else f"() => ({expression})"


def _polls_as_functions() -> None:
    from playwright.sync_api import Frame, Page

    for cls in (Page, Frame):
        original = cls.wait_for_function
        if getattr(original, "hub_wrapped", False):
            continue

        def wait_for_function(self: Any, expression: str, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            return _original(self, _as_function(expression), *args, **kwargs)

        wait_for_function.hub_wrapped = True  # type: ignore[attr-defined]
        cls.wait_for_function = wait_for_function  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def browser():
    """Real headless Chromium (Debian's), driven by Playwright. CI must have it; elsewhere the
    browser tests are skipped with the command that installs it."""
    import os

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Chromium at {CHROMIUM} (apt-get install -y chromium, or set HUB_CHROMIUM)")
        pytest.skip("browser tests need Debian's chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    _polls_as_functions()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def serve():
    """Serve a folder on 127.0.0.1 on a free port; yields a function (folder, extra response
    headers) -> base URL."""
    import functools
    import http.server
    import threading

    servers = []

    def start(folder: Path, headers: dict[str, str] | None = None) -> str:
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def end_headers(self):
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                super().end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def open_filters(page) -> None:
    """Unfold the "Filters (n)" panel, as a reader taps it, if it is folded."""
    panel = page.locator("details.hub-filterpanel").first
    if not panel.evaluate("details => details.open"):
        panel.locator("summary").click()


from measure import PAGE_KINDS  # noqa: E402,F401 - one page of every kind, shared with the journeys benchmark

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def open_tab(browser):
    """Open a tab in a fresh browser context at a viewport; at the end of the test, fail if
    any page logged a console error or threw."""
    contexts, errors = [], []

    def open_(viewport: dict = PHONE):
        context = browser.new_context(viewport=viewport, service_workers="block")  # offline tests open their own
        contexts.append(context)
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        return tab

    yield open_
    for context in contexts:
        context.close()
    assert errors == []


def pytest_configure(config):
    """Rendering kept by the suite's builds goes to a folder of this run's (render_cache.py):
    every build of the run shares it, so the whole suite checks that a kept conversion is
    never wrong, and nothing is left in the user's cache."""
    import os
    import tempfile

    os.environ.setdefault("HUB_CACHE_DIR", tempfile.mkdtemp(prefix="hub-test-cache-"))


BROWSER_FIXTURES = {"browser", "open_tab"}  # every fixture that starts Chromium is built on one of these


def pytest_collection_modifyitems(config, items):
    """Slow tests are marked where they are written (`@pytest.mark.slow`, or a module's
    `pytestmark`): `python3 dev.py test -m "not slow"` is the inner loop; CI runs everything.
    A test that drives Chromium and is not marked slow stops the run, naming it."""
    unmarked = [item.nodeid for item in items
                if (BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("browser"))
                and item.get_closest_marker("slow") is None]
    if unmarked:
        raise pytest.UsageError(f"{unmarked[0]} drives Chromium but is not marked @pytest.mark.slow "
                                f"({len(unmarked)} such test(s)); mark it where it is written")


def settle(page, measure: str = "[document.scrollingElement.scrollTop, document.body.getBoundingClientRect().height]",
           timeout_ms: int = 10_000) -> None:
    """Wait, instead of sleeping, until the page has settled: its fonts loaded and `measure`
    (a JavaScript expression of what the test looks at next: positions, a status, a count)
    unchanged over three animation frames; fails if it never settles within the deadline."""
    page.evaluate(f"""async () => {{
        const measure = () => JSON.stringify({measure});
        const deadline = performance.now() + {timeout_ms};
        await document.fonts.ready;
        let last = measure(), same = 0;
        while (same < 3) {{
            await new Promise(resolve => requestAnimationFrame(resolve));
            const now = measure();
            same = now === last ? same + 1 : 0;
            last = now;
            if (performance.now() > deadline) throw new Error("the page never settled: " + now);
        }}
    }}""")
