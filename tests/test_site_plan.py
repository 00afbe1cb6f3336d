"""The site plan, its addresses and the pure parts around it, table by table, without an
engine: what a catalogue of pages becomes (generated pages, redirects, links, listings,
related content), and a check that the plan and every output run with MkDocs not importable."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, front_matter, valid
from msht_hub.generated.listings import BookletPage, GroupedPage, Register, RoleLanding, SearchPage
from msht_hub.generated.plan import PlanError, SitePlan, plan_site
from msht_hub.pages.links import Addresses, link_problems, scan
from msht_hub.planning.addresses import page_url, relative_url
from msht_hub.reading.catalogue import read_catalogue
from msht_hub.reading.settings import HubSettings, load_settings

TODAY = date(2026, 11, 23)


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])  # the default of !ENV [NAME, default]


def settings(**changes: Any) -> HubSettings:
    """The repository's extra.hub, read without MkDocs, with changes."""
    extra = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)["extra"]  # noqa: S506 - SafeLoader subclass
    extra["hub"].update(today=TODAY.isoformat(), glossary=None, **changes)
    return load_settings(extra)


def plan_of(tmp_path: Path, pages: dict[str, dict[str, Any]], use_directory_urls: bool = True, **changes: Any) -> SitePlan:
    content = tmp_path / "content"
    for path, meta in {"index.md": valid("page"), **pages}.items():
        target = content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front_matter(meta), encoding="utf-8")
    catalogue = read_catalogue(content, settings(**changes))
    return plan_site(catalogue, [], TODAY, site_name="Hub", use_directory_urls=use_directory_urls)


# --- addresses -----------------------------------------------------------------------------

@pytest.mark.parametrize("src_uri, directory_urls, url", [
    ("index.md", True, "./"),
    ("index.md", False, "index.html"),
    ("guides/nrm.md", True, "guides/nrm/"),
    ("guides/nrm.md", False, "guides/nrm.html"),
    ("guides/index.md", True, "guides/"),
    ("guides/README.md", True, "guides/"),
    ("guides/a b.md", True, "guides/a%20b/"),
    ("b/fc.md", True, "b/fc/"),
])
def test_a_page_lives_where_the_engine_puts_it(src_uri, directory_urls, url):
    from mkdocs.structure.files import File

    assert page_url(src_uri, directory_urls) == url
    assert File(src_uri, "/content", "/site", directory_urls).url == url  # the engine agrees


@pytest.mark.parametrize("url, other, relative", [
    ("guides/nrm/", "guides/old/", "../nrm/"),
    ("", "guides/old/", "../.."),  # the site root; a caller adds the slash
    ("guides/nrm.html", "guides/old.html", "nrm.html"),
    ("booklets/first-contact/", "b/fc/", "../../booklets/first-contact/"),
    ("guides/", "guides/", "./"),
])
def test_a_link_between_two_pages_is_relative(url, other, relative):
    from mkdocs.utils import get_relative_url

    assert relative_url(url, other) == relative == get_relative_url(url, other)


# --- the plan --------------------------------------------------------------------------------

GUIDE = valid("guide")
AIDE = valid("guide", guide_type="aide-memoire", title="Stop and think", booklet={"booklet": "first-contact", "order": 1})


@pytest.mark.parametrize("pages, present, absent", [
    ({}, ["guides/index.md", "debriefs/index.md", "training/index.md", "lessons/index.md", "whats-new/index.md",
          "search/index.md", "offline/index.md", "glossary/index.md", "roles/frontline.md", "roles/trainer.md"],
     ["booklets/first-contact.md"]),
    ({"guides/stop.md": AIDE}, ["booklets/first-contact.md"], []),
    ({"guides/stop.md": {**AIDE, "status": "draft"}}, [], ["booklets/first-contact.md"]),  # a draft is no booklet section
])
def test_the_generated_pages_follow_from_the_catalogue(tmp_path, pages, present, absent):
    plan = plan_of(tmp_path, pages)
    assert set(present) <= set(plan.pages) and not set(absent) & set(plan.pages)


@pytest.mark.parametrize("uri, kind", [
    ("roles/frontline.md", RoleLanding), ("guides/index.md", GroupedPage), ("lessons/index.md", Register),
    ("search/index.md", SearchPage),
])
def test_each_generated_page_has_its_own_small_type(tmp_path, uri, kind):
    assert type(plan_of(tmp_path, {}).pages[uri]) is kind


def test_a_booklet_page_carries_its_sections_in_order(tmp_path):
    second = {**AIDE, "title": "Then act", "booklet": {"booklet": "first-contact", "order": 2}}
    plan = plan_of(tmp_path, {"guides/act.md": second, "guides/stop.md": AIDE})
    page = plan.pages["booklets/first-contact.md"]
    assert isinstance(page, BookletPage)
    assert [doc.title for doc in page.booklet.sections] == ["Stop and think", "Then act"]
    assert plan.booklet_of(page.booklet.sections[0]) is page.booklet


@pytest.mark.parametrize("pages, expected", [
    # moved: the old address leads to the page
    ({"guides/new.md": valid("guide", title="New name", redirect_from=["guides/old.md"])},
     [("guides/old/index.html", "../new/", "moved")]),
    # withdrawn with a published replacement: the notice leads to it
    ({"guides/gone.md": valid("guide", status="withdrawn", superseded_by="guides/now.md"),
      "guides/now.md": valid("guide", title="Now")},
     [("guides/gone/index.html", "../now/", "withdrawn")]),
    # withdrawn with nothing in its place: a notice, no target
    ({"guides/gone.md": valid("guide", status="withdrawn")}, [("guides/gone/index.html", None, "withdrawn")]),
    # above the build's classification: no trace at all
    ({"guides/secret.md": valid("guide", status="withdrawn", classification="OFFICIAL-SENSITIVE")}, []),
    # a booklet's short link
    ({"guides/stop.md": AIDE}, [("b/fc/index.html", "../../booklets/first-contact/", "short")]),
])
def test_old_and_short_addresses_lead_on(tmp_path, pages, expected):
    plan = plan_of(tmp_path, pages)
    assert [(page.output, page.target_url, page.why) for page in plan.static_pages] == expected


def test_an_old_address_that_a_page_still_uses_is_refused(tmp_path):
    content = tmp_path / "content"
    for path, meta in {"index.md": valid("page"), "guides/new.md": valid("guide", redirect_from=["guides/taken.md"]),
                       "guides/taken/index.md": valid("guide")}.items():
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(front_matter(meta), encoding="utf-8")
    with pytest.raises(PlanError, match="already taken"):
        plan_site(read_catalogue(content, settings()), [], TODAY, site_name="Hub")


@pytest.mark.parametrize("pages, role, essentials", [
    # the urgent page first, then every booklet section in booklet order (the others are in the cards)
    ({"guides/initial-actions.md": valid("guide", guide_type="aide-memoire", title="Zulu urgent"),
      "guides/b.md": valid("guide", guide_type="aide-memoire", title="Bravo"),
      "guides/stop.md": AIDE}, "frontline", ["Zulu urgent", "Stop and think"]),
    # no booklet sections: the urgent page, then by title, three at most
    ({"guides/initial-actions.md": valid("guide", guide_type="aide-memoire", title="Zulu urgent"),
      **{f"guides/{n}.md": valid("guide", guide_type="aide-memoire", title=n) for n in ("Delta", "Bravo", "Charlie")}},
     "frontline", ["Zulu urgent", "Bravo", "Charlie"]),
    # a role with no aide-memoire: its first group
    ({"guides/x.md": valid("guide", title="Only guide", roles=["analyst"])}, "analyst", ["Only guide"]),
    # a page for another role never appears
    ({"guides/x.md": valid("guide", title="For analysts", roles=["analyst"])}, "frontline", []),
])
def test_a_role_landing_puts_its_essentials_first(tmp_path, pages, role, essentials):
    landing = plan_of(tmp_path, pages).pages[f"roles/{role}.md"]
    assert isinstance(landing, RoleLanding)
    assert [card.meta.title for card in landing.essentials] == essentials


@pytest.mark.parametrize("guide_tags, debriefs, expected", [
    (["debt"], {"debriefs/a.md": ["debt"], "debriefs/b.md": ["other"]}, ["debriefs/a.md"]),
    (["debt", "car-wash"], {"debriefs/a.md": ["debt"], "debriefs/b.md": ["debt", "car-wash"]}, ["debriefs/b.md", "debriefs/a.md"]),
])
def test_a_guide_lists_the_debriefs_that_share_most_with_it(tmp_path, guide_tags, debriefs, expected):
    pages = {"guides/g.md": valid("guide", tags=guide_tags, exploitation=["domestic-servitude"])}
    pages.update({uri: valid("debrief", tags=tags, exploitation=["sexual"], operation=uri) for uri, tags in debriefs.items()})
    related = plan_of(tmp_path, pages).related.get("guides/g.md", [])
    assert [card.document.src_uri for card in related] == expected


def test_the_plan_gives_the_templates_one_registry_of_addresses(tmp_path):
    plan = plan_of(tmp_path, {"guides/stop.md": AIDE}, use_directory_urls=False)
    names = plan.template_globals()
    assert names["hub_search_url"] == "search/index.html" and names["hub_url"]("guides/stop.md") == "guides/stop.html"
    assert {role["id"]: role["url"] for role in names["hub_roles"]}["frontline"] == "roles/frontline.html"
    assert "guides/stop.html" in plan.essentials() and "" in plan.essentials()


ADDRESSES = Addresses(
    pages={"": "index.md", "guides/page": "guides/page.md", "guides/fine": "guides/fine.md", "guides": "guides/index.md"},
    sources={"index.md": "", "guides/page.md": "guides/page/", "guides/fine.md": "guides/fine/", "guides/index.md": "guides/"},
    hidden={"guides/draft.md": "a draft", "guides/gone.md": "withdrawn"},
    hidden_pages={"guides/draft": "guides/draft.md", "guides/gone": "guides/gone.md"},
    files=frozenset({"guides/map.png"}), shown={"guides/draft.md": "content/guides/draft.md", "guides/gone.md": "content/guides/gone.md"})

@pytest.mark.parametrize("html, expected", [
    # a page left out, in every form a link can take: each is an error naming the page
    ('<a href="../draft/">x</a>', [("error", "content/guides/draft.md")]),  # its address (Markdown, after the engine)
    ('<a href="gone.md">x</a>', [("error", "content/guides/gone.md")]),  # its .md path, as written
    ("<a href='../gone/'>x</a>", [("error", "content/guides/gone.md")]),  # raw HTML, single quotes
    ("<a href=../gone/index.html>x</a>", [("error", "content/guides/gone.md")]),  # unquoted, index.html
    ('<a href="../draft">x</a>', [("error", "content/guides/draft.md")]),  # no trailing slash
    ('<a href="/guides/gone/">x</a>', [("error", "content/guides/gone.md")]),  # site-absolute
    ('<a href="/guides/gone.md">x</a>', [("error", "content/guides/gone.md")]),
    ('<a href="../%64raft/">x</a>', [("error", "content/guides/draft.md")]),  # percent-encoded
    ('<a href="../dr&#97;ft/#part">x</a> <a href="../draft/">y</a>', [("error", "content/guides/draft.md")] * 2),
    # a page of the build
    ('<a href="../fine/">x</a>', []),
    ('<a href="fine.md">x</a>', [("warning", "written in HTML")]),  # raw HTML keeps a .md path as it is: dead
    ('<a href="/guides/fine/">x</a>', [("warning", "write it relative: '../fine/'")]),  # site-absolute: dead off the root
    ('<a href="../../">home</a> <a href="../">guides</a> <img src="../map.png">', []),
    # nothing there
    ('<a href="nowhere.md">x</a>', [("warning", "content/guides/nowhere.md, which is not a page or file")]),
    ('<a href="../fien/">x</a>', [("warning", "the address /guides/fien, which is not a page or file")]),
    ('<a href="fien.md">x</a>', [("warning", "did you mean 'fine.md'?")]),  # a misspelt name
    ('<a href="../fine.html">x</a>', [("warning", "did you mean 'fine.md'?")]),  # the page of another site's name
    ('<a href="../../../up/">x</a>', [("warning", "leads out of the hub")]),
    ('<img src="pic.png">', [("warning", "content/guides/pic.png, which is not a page or file")]),
    # other sites and schemes are the markup policy's
    ('<a href="https://example.org/gone.md">x</a> <a href="mailto:a@b.c">m</a> <a href="//x.org/">p</a>', []),
])
def test_one_resolver_judges_every_form_of_link(html, expected):
    links, _ = scan(html)
    found = list(link_problems(links, "guides/page.md", "guides/page/", ADDRESSES, {}))
    assert len(found) == len(expected), found
    for problem, (level, words) in zip(found, expected):
        assert problem.level == level and words in problem.message, problem


def test_links_to_sections_are_judged_against_the_ids_of_the_page():
    anchors = {"guides/fine.md": {"step-one", "step-two"}, "guides/page.md": {"top"}}
    links, _ = scan('<a href="../fine/#step-one">a</a> <a href="../fine/#step-tow">b</a> <a href="#top">c</a> <a href="#nope">d</a>')
    found = [problem.message for problem in link_problems(links, "guides/page.md", "guides/page/", ADDRESSES, anchors)]
    assert found == ["'../fine/#step-tow': guides/fine.md has no section '#step-tow'; did you mean '#step-two'?",
                     "this page has no section '#nope'; link to one of its headings' addresses (the ¶ beside it)"]


def test_the_scan_finds_links_and_anchors_in_any_quoting_and_in_comments():
    links, anchors = scan("""<p id="a">x</p><a name='b' href='x.md'>y</a><img src=p.png srcset="q.png 2x, r.png 3x">"""
                          """<!-- <a href="hidden.md">the comment is written into the page</a> -->""")
    assert links == ["x.md", "p.png", "q.png", "r.png", "hidden.md"] and anchors == {"a", "b"}


# --- engine independence ----------------------------------------------------------------------

def test_a_whole_build_driven_through_hub_build_needs_no_engine(tmp_path):
    """In a fresh interpreter where `import mkdocs` fails, a port's loop: HubBuild's steps in
    order, pages converted by Python-Markdown and written as a theme would, then every output
    (search index, CSP, offline bundles and worker, booklet PDFs, exports, feeds) and the zip."""
    content = tmp_path / "content"
    pages = {"index.md": valid("page"), "guides/stop.md": AIDE, "debriefs/op.md": valid("debrief"),
             "guides/hidden.md": valid("guide", classification="OFFICIAL-SENSITIVE")}
    for path, meta in pages.items():
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        body = "## First\n\nCheck the person is safe.\n" + ("\n![The area](../map.png)\n" if path == "guides/stop.md" else "")
        (content / path).write_text(front_matter(meta, body), encoding="utf-8")
    (content / "guides" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (content / "guides" / "tool.exe").write_bytes(b"MZ")  # no page uses it: left out, never refused
    script = textwrap.dedent(f"""
        import sys
        sys.modules["mkdocs"] = None  # any import of MkDocs now fails
        from pathlib import Path
        import logging, frontmatter, jinja2, markdown, yaml
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
        from msht_hub.planning.addresses import page_url
        from msht_hub.build import HubBuild, Mode
        from msht_hub.outputs.csp import meta_tag
        from msht_hub.outputs.zip_edition import zip_site
        class Loader(yaml.SafeLoader):
            pass
        Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
        extra = yaml.load(Path({str(ROOT / "mkdocs.yml")!r}).read_text(), Loader=Loader)["extra"]
        extra["hub"].update(today="2026-11-23", glossary=None)
        content, site = Path({str(content)!r}), Path({str(tmp_path / "site")!r})

        build = HubBuild.start(extra, Path({str(ROOT / "mkdocs.yml")!r}), site, content, Mode.FULL)
        env = jinja2.Environment(loader=jinja2.FileSystemLoader({str(ROOT / "overrides")!r}))
        build.prepare(True, env)
        sources = {{path.relative_to(content).as_posix(): path for path in content.rglob("*") if path.is_file()}}
        kept = {{uri: path for uri, path in sources.items()
                 if build.sort_file(uri, page_url(uri) if uri.endswith(".md") else uri, True, uri.endswith(".md")) != "drop"}}
        generated = build.plan("Hub", "", "https://hub.example/", True, with_nav=True)
        markdown_of = {{uri: frontmatter.loads(path.read_text()).content for uri, path in kept.items() if uri.endswith(".md")}}
        markdown_of.update({{uri: text for uri, text in generated.items() if uri.endswith(".md")}})
        build.page_order = list(markdown_of)
        html_of = {{}}
        for uri, text in markdown_of.items():
            text, template = build.page_markdown(uri, text)
            converted = markdown.markdown(text, extensions=["toc", "attr_list", "md_in_html", "pymdownx.tasklist"])
            html_of[uri] = build.page_html(uri, page_url(uri), converted)
            build.page_context(uri, "https://hub.example/")
        build.check_pages({{uri: page_url(uri) for uri in markdown_of}}, [uri for uri in kept if not uri.endswith(".md")],
                          True, "https://hub.example/")
        published = build.gate_attachments()
        build.configure_templates(env, lambda uri: uri in markdown_of or uri in published)
        for uri, html in html_of.items():  # as the theme writes them
            out = build.staging / page_url(uri).replace("./", "") / "index.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("<html><head>" + meta_tag() + "</head><body>" + html + "</body></html>")
        for path, text in generated.items():
            if not path.endswith(".md"):
                (build.staging / path).parent.mkdir(parents=True, exist_ok=True)
                (build.staging / path).write_text(text)
        for uri in published:
            (build.staging / uri).write_bytes(kept[uri].read_bytes())
        build.finish("https://hub.example/", "Hub")
        assert build.swap_in(0)
        zip_site(site, site.parent / "hub.zip")
        assert "mkdocs" not in {{name.split(".")[0] for name in sys.modules if sys.modules[name] is not None}}
        print("ok", sorted(p.relative_to(site).as_posix() for p in site.rglob("*")))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    listed = done.stdout
    for name in ("search/manifest.js", "csp.txt", "sw.js", "edition.json", "offline-bundles", "exports", "feeds",
                 "guides/stop/index.html", "guides/map.png", "reports/review.json"):
        assert f"'{name}" in listed, name
    assert "guides/hidden" not in listed and "tool.exe" not in listed  # the classification gate; an unused file
    assert (tmp_path / "hub.zip").stat().st_size > 0
    assert list((tmp_path / "site" / "booklets").glob("*.pdf"))


def test_the_hubs_pages_are_named_in_one_registry_that_templates_use(tmp_path):
    import re

    from msht_hub.planning.addresses import named_pages

    plan = plan_of(tmp_path, {})
    assert set(named_pages().values()) - {"index.md"} <= set(plan.pages)  # every named page is one the plan makes
    assert plan.template_globals()["hub_pages"]["register"] == "lessons/"
    literal = re.compile(r"""hub_url\(\s*['"](?:[a-z-]+/)?index\.md['"]\s*\)""")
    written_out = [path.name for path in (ROOT / "overrides").rglob("*.html") if literal.search(path.read_text(encoding="utf-8"))]
    assert written_out == []  # templates reach the hub's pages as hub_pages.<name>, never by a written path


# --- the action bar: numbers and referral guidance, one place of configuration --------------

def test_the_action_bar_carries_the_configured_numbers_and_only_published_referral_pages(tmp_path):
    plan = plan_of(tmp_path, {"guides/nrm.md": valid("guide")}, refer=[
        {"title": "Refer to the NRM", "page": "guides/nrm.md"},
        {"title": "Duty to notify", "page": "guides/nrm.md#duty-to-notify"},
        {"title": "Not in this build", "page": "guides/missing.md"}])
    actions = plan.template_globals()["hub_actions"]
    assert [(n["short"], n["tel"]) for n in actions["bar"]] == [("Call 999", "tel:999"), ("Helpline", "tel:08000121700")]
    assert [n["number"] for n in actions["numbers"]] == ["999", "08000 121 700", "101", "0800 555 111"]
    assert actions["refer"] == [{"title": "Refer to the NRM", "url": "guides/nrm/"},
                                {"title": "Duty to notify", "url": "guides/nrm/#duty-to-notify"}]


@pytest.mark.parametrize("change, message", [
    ({"contacts": [{"name": "Control room", "number": "ask the desk"}]},
     r"extra\.hub\.contacts\[0\]\.number: 'ask the desk' is not a telephone number; expected digits in groups"),
    ({"contacts": [{"name": n, "number": "999", "short": n} for n in ("A", "B", "C")]},
     r"extra\.hub\.contacts: .*more than two numbers have a `short` label"),
    ({"refer": [{"title": "NRM", "page": "https://example.org/nrm"}]},
     r"extra\.hub\.refer\[0\]\.page: 'https://example\.org/nrm' is not a page under content/"),
    ({"role_for": {"detective": "Detectives"}},
     r"extra\.hub\.role_for: names detective, not roles of taxonomy\.roles"),
])
def test_a_wrong_number_or_referral_page_is_a_one_line_error_naming_the_setting(change, message):
    from msht_hub.reading.settings import SettingsError

    with pytest.raises(SettingsError, match=message):
        settings(**change)
