"""Reading content is bounded: YAML anchors and aliases, deep nesting and oversized
front-matter are refused with one line naming the file; long pages cost time in proportion
to their length."""
from __future__ import annotations

import markdown
import pytest

from conftest import copy_config, valid

LAUGHS = "\n".join(["title: &a [x,x,x,x,x,x,x,x,x]"] + [
    f"l{n}: &{chr(98 + n)} [" + ",".join([f"*{chr(97 + n)}"] * 9) + "]" for n in range(8)
]) + "\n"


@pytest.mark.parametrize("block, expected", [
    (LAUGHS, "front-matter: an alias (*name) repeats another value; YAML anchors and aliases are not allowed in front-matter"),
    ("base: &b {owner: x}\npage:\n  <<: *b\n", "YAML anchors and aliases are not allowed"),
    ("title: " + "[" * 3000 + "]" * 3000 + "\n", "front-matter: values are nested more than 20 levels deep"),
    ("title: " + "{a: " * 200 + "1" + "}" * 200 + "\n", "front-matter: values are nested more than 20 levels deep"),
    ("title: x\nsummary: '" + "y" * 300_000 + "'\n", "front-matter: is larger than 256 KB"),
])
def test_hostile_front_matter_is_refused_in_one_line(project, caplog, block, expected):
    project.write("guides/bad.md", f"---\n{block}---\nBody.\n")
    result = project.build(caplog)
    assert not result.ok
    assert any(error.startswith("content/guides/bad.md: ") and expected in error for error in result.errors), result.errors


def test_hub_check_refuses_an_alias_bomb_without_a_traceback(project, capsys):
    from msht_hub.commands.cli import main

    project.write("guides/bad.md", f"---\n{LAUGHS}---\nBody.\n")
    copy_config(project.root)
    assert main(["--config", str(project.root / "mkdocs.yml"), "check"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "guides/bad.md: front-matter: an alias (*name)" in err


def test_a_plain_anchor_free_block_still_reads(project, caplog):
    project.page("guides/ok.md", valid("guide", tags=["a", "b"]))
    assert project.build(caplog).ok


GLOSSARY = "\n\n*[NRM]: National Referral Mechanism\n*[SIO]: Senior investigating officer\n"


def render(text: str, extensions: list) -> str:
    return markdown.markdown(text + GLOSSARY, extensions=extensions)


def test_the_linear_abbreviation_pass_gives_the_same_html_as_markdowns_own():
    text = "\n\n".join([
        "The NRM and the SIO.", "* NRM first\n* then the SIO and NRM", "> NRM in a quote",
        "A [link to NRM](x.md) then NRM *NRM* and **SIO** NRM.", "| a | b |\n|---|---|\n| NRM | SIO |",
        "Text with NRM<br>tail NRM", "Done with NRMs and SIOx (no match).",
    ])
    stock = render(text, ["abbr", "tables"])
    linear = render(text, ["abbr", "tables", "msht_hub.reading.abbreviations"])
    assert linear == stock
    assert linear.count('<abbr title="National Referral Mechanism">') == 11


def test_the_build_uses_the_linear_abbreviation_pass(project, caplog, monkeypatch):
    from msht_hub.reading.abbreviations import LinearAbbrTreeprocessor

    seen = []
    original = LinearAbbrTreeprocessor.run
    monkeypatch.setattr(LinearAbbrTreeprocessor, "run", lambda self, root: (seen.append(1), original(self, root))[1])
    project.page("guides/one.md", valid("guide"), "About the NRM.\n")
    assert project.build(caplog).ok
    assert seen


def test_the_abbreviation_pass_visits_each_element_a_bounded_number_of_times(monkeypatch):
    """Markdown's own pass looks each element up among its siblings (n² for n paragraphs);
    the hub's counts sibling look-ups and must do none."""
    import xml.etree.ElementTree as etree

    from msht_hub.reading.abbreviations import LinearAbbrTreeprocessor

    lookups = []

    class Counting(list):
        def index(self, *args):
            lookups.append(1)
            return super().index(*args)

    monkeypatch.setattr("builtins.list", Counting, raising=False)
    md = markdown.Markdown(extensions=["abbr", "msht_hub.reading.abbreviations"])
    assert isinstance(md.treeprocessors["abbr"], LinearAbbrTreeprocessor)
    root = etree.Element("div")
    for number in range(200):
        child = etree.SubElement(root, "p")
        child.text = f"Paragraph {number}"
        child.tail = "NRM tail"
    processor = md.treeprocessors["abbr"]
    processor.abbrs["NRM"] = "National Referral Mechanism"
    processor.run(root)
    assert lookups == []
    assert len(root) == 400  # every tail's NRM became an <abbr> beside its paragraph


def test_a_long_page_builds(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    body = "\n\n".join(f"Paragraph {n} about the NRM and the SIO." for n in range(3000))
    project.page("guides/long.md", valid("guide"), body + "\n")
    result = project.build(caplog)
    assert result.ok, result.errors
    assert result.page("guides/long").count("<abbr") >= 6000


@pytest.mark.parametrize("body, expected", [
    (">" * 2000 + " deep\n", "body: has quotes nested 2000 deep; expected at most 20"),
    ("\n".join("    " * level + "- item" for level in range(500)) + "\n", "body: has a list item indented"),
])
def test_a_body_nested_deeper_than_the_markdown_engine_can_read_is_refused_in_one_line(project, caplog, body, expected):
    project.page("guides/deep.md", valid("guide"), body)
    result = project.build(caplog)
    assert not result.ok
    assert any(error.startswith("content/guides/deep.md: ") and expected in error for error in result.errors), result.errors
