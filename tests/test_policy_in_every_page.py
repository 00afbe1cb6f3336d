"""The Content-Security-Policy travels inside every page (`<meta http-equiv>` first in its
<head>), so a script that got into a page by any route does not run wherever the page is
opened: served with the policy as a header, served by a server that sends no header, or
from the unzipped file-system edition (`file://`). csp.txt stays for servers (only a header
can say frame-ancestors)."""
from __future__ import annotations

import re
import zipfile

import pytest

from conftest import CONFIG, HUB_SCRIPTS_RAN, PUBLIC_URL, valid
from msht_hub.outputs.csp import allow_reload_script, meta_tag, page_policy, policy

INJECTED = ('<script>window.__injected = 1</script>'
            '<img src="missing.png" onerror="window.__injected = 2">')


def test_every_page_opens_its_head_with_the_policy(shipped_site):
    pages = sorted(shipped_site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        first = re.search(r"<(script|link|style|meta http-equiv)\b[^>]*>", head)
        assert first is not None and first.group(0) == meta_tag(), path.relative_to(shipped_site)


def test_the_page_policy_is_the_header_policy_less_what_only_a_header_can_say(shipped_site):
    header = (shipped_site / "csp.txt").read_text(encoding="utf-8").strip()
    assert header == policy() and "frame-ancestors 'none'" in header
    assert page_policy() == header.replace("; frame-ancestors 'none'", "")
    assert "'unsafe-inline'" not in page_policy().split("script-src", 1)[1].split(";")[0]


def test_a_build_whose_page_lacks_the_policy_stops(project, caplog, tmp_path):
    import shutil

    overrides = tmp_path / "theme"
    shutil.copytree(CONFIG.parent / "overrides", overrides)
    main = overrides / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("{{ hub_csp_meta }}", ""), encoding="utf-8")  # a theme that forgot it
    project.page("guides/one.md", valid("guide"))
    result = project.build(caplog, theme={"name": "material", "custom_dir": str(overrides)})
    assert not result.ok
    assert any("do not carry the Content-Security-Policy in their <head>" in error for error in result.errors), result.errors


def test_the_preview_allows_its_own_reload_script_and_no_other():
    page = (f"<html><head>{meta_tag()}</head><body><script>alert(1)</script>"
            "<p>x</p><script>livereload()</script></body></html>").encode()
    served = allow_reload_script(page).decode()
    nonce = re.search(r"'nonce-([^']+)'", served).group(1)
    assert served.count(f'<script nonce="{nonce}">') == 1 and served.endswith(f'<script nonce="{nonce}">livereload()</script></body></html>')
    assert "<script>alert(1)</script>" in served  # no nonce: refused by the page's policy
    assert allow_reload_script(page) != allow_reload_script(page)  # a fresh nonce for every response


def _built_twice(project, caplog, tmp_path):
    """The project as served (folders) and as the unzipped file-system edition (name.html)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from msht_hub.outputs.zip_edition import FOLDER, zip_site

    project.page("guides/one.md", valid("guide", title="Guide one"), "Text.\n")
    result = project.build(caplog)
    assert result.ok, result.errors
    file_site = tmp_path / "file-site"
    build(load_config(str(CONFIG), docs_dir=str(project.content), site_dir=str(file_site), use_directory_urls=False,
                      strict=True, site_url=PUBLIC_URL))
    with zipfile.ZipFile(zip_site(file_site, tmp_path / "dist" / "hub.zip")) as archive:
        archive.extractall(tmp_path / "unzipped")
    return result.site, tmp_path / "unzipped" / FOLDER


def _inject(page, strip_policy: bool = False) -> None:
    html = page.read_text(encoding="utf-8")
    if strip_policy:
        html = html.replace(meta_tag(), "")
    page.write_text(html.replace("</h1>", "</h1>" + INJECTED, 1), encoding="utf-8")


def _visit(browser, url: str) -> int:
    """What the injected script and handler set: read once the page has loaded (the picture's
    error came before its load event, the inline script as it was parsed) and the hub's own
    scripts, from its files, have run (the wait fails if they never do)."""
    context = browser.new_context(service_workers="block")
    try:
        tab = context.new_page()
        tab.goto(url, wait_until="load")
        tab.wait_for_function(HUB_SCRIPTS_RAN, timeout=10_000)
        return int(tab.evaluate("window.__injected || 0"))
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_an_injected_script_runs_in_none_of_the_three_ways_a_page_is_opened(project, caplog, tmp_path, browser, serve):
    served, unzipped = _built_twice(project, caplog, tmp_path)
    _inject(served / "guides/one/index.html")
    _inject(unzipped / "guides/one.html")
    ways = {
        "served with the header": serve(served, {"Content-Security-Policy": policy()}) + "guides/one/",
        "served with no header": serve(served) + "guides/one/",
        "the file-system edition": (unzipped / "guides/one.html").as_uri(),
    }
    for way, url in ways.items():
        assert _visit(browser, url) == 0, way  # and the hub's own scripts, from its files, ran
    # The same page without the policy in it, served with no header, runs it: the test can fail.
    _inject(served / "guides/one/index.html", strip_policy=True)
    assert _visit(browser, serve(served) + "guides/one/") != 0
