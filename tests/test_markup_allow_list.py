"""Page bodies are held against an allow-list on the browser's own parse (the WHATWG HTML
algorithm), not a deny-list on Python's HTMLParser: markup the two read differently, every
address and style decoded as the browser decodes it, and SVG pictures by namespace."""
from __future__ import annotations

import pytest

from conftest import valid
from msht_hub.policies.markup import unsafe_markup
from msht_hub.policies.svg import unsafe_svg


def refused(html: str) -> list[str]:
    return [finding.what for finding in unsafe_markup(html)]


@pytest.mark.parametrize("html", [
    '<!--><img src=x onerror=alert(1)>-->',  # a browser ends the comment at once
    '<!---><img src=x onerror=alert(1)>-->',
    '<![CDATA[><img src=x onerror=alert(1)>]]>',  # a bogus comment in HTML, ended by the first >
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>"></xmp>',
    '<noembed><p title="</noembed><img src=x onerror=alert(1)>"></noembed>',
    '<noframes><p title="</noframes><img src=x onerror=alert(1)>"></noframes>',
    '<title><p title="</title><img src=x onerror=alert(1)>"></title>',
    '<textarea></textarea><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<plaintext>anything',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript&colon;alert(1)">x</a>',
    '<a href=" \x01javascript:alert(1)">x</a>',
    '<svg:script>alert(1)</svg:script>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<table><tr><td><form><form><input type=image src=//e.example/x></form></table>',
    '<form id=f></form><button form=f formaction=//e.example>go</button>',
    '<p style="background:\\75 rl(//e.example/x)">x</p>',
    '<p style="background-image:image-set(\'//e.example/x.png\' 1x)">x</p>',
    '<p style="color:red;background:u\\rl(//e.example/x)">x</p>',
    '<a href="page/" ping="https://e.example/track">x</a>',
    '<img srcset="a.png 1x, https://e.example/b.png 2x">',
    '<img src="/\\e.example/x.png">',
    '<video poster="//e.example/p.png"></video>',
    '<img src="x.png" xlink:href="//e.example">',
    '<body onload=alert(1)>',
    '<p title="x',  # swallows the theme's markup after the body
    '<!-- an unclosed comment',
    '</div></article><img src=x>',  # breaks out of the page's own layout
    '<input type="image" src="x.png">',
])
def test_markup_a_browser_reads_as_active_is_refused(html):
    assert refused(html), html


@pytest.mark.parametrize("html", [
    '<p>Text with <a href="../other/">a link</a>, <a href="https://www.gov.uk/">GOV.UK</a> and <a href="mailto:a@b.org">mail</a>.</p>',
    '<p><img src="chart.png" alt="A chart" srcset="chart.png 1x, chart@2x.png 2x"></p>',
    '<table><thead><tr><th style="text-align: center;">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
    '<details><summary>More</summary><p>Text</p></details><!-- an editor\'s note -->',
    '<ul class="task-list"><li class="task-list-item"><label class="task-list-control"><input type="checkbox" data-hub-tick="1">'
    '<span class="task-list-indicator"></span></label></li></ul>',
    '<p><abbr title="National Referral Mechanism &lt;b&gt;">NRM</abbr> &lt;script&gt; is text</p>',
])
def test_ordinary_markdown_output_is_accepted(html):
    assert refused(html) == []


def test_each_refusal_names_the_construct_as_the_browser_reads_it():
    assert refused('<a href="java&#x09;script:alert(1)">x</a>') == [
        '<a href="java script:alert(1)"> uses a javascript: address; expected a page or file of the hub, or an http(s), mailto or tel address']
    assert any("url(//e.example/x)" in what for what in refused('<p style="background:\\75 rl(//e.example/x)">x</p>'))
    assert any(what.startswith("leaves a comment, an attribute's quotes or a raw-text element") for what in refused('<p title="x'))


def test_a_placeholder_written_as_a_tag_is_refused_with_how_to_show_it_as_text():
    assert refused("<p>Run it in <environment></p>") == [
        "a <environment> element is not allowed in content (only text, links, pictures, lists, tables and the other elements "
        "SECURITY.md lists are: others can run code, embed another page or change this one); remove it, or write "
        "`<environment>` in backticks if it is meant as text"]


def test_the_refusal_inside_a_lesson_names_the_lesson(project, caplog):
    lessons = [{"id": f"x-0{n}", "theme": "safeguarding", "kind": "lesson", "title": f"Lesson {n}", "text": text}
               for n, text in ((1, "Text."), (2, "Text\n{: style=background:\\75rl(//e.example/x) }"))]
    project.page("debriefs/op.md", valid("debrief", lessons=lessons))
    result = project.build(caplog)
    assert not result.ok
    assert any(error.startswith("content/debriefs/op.md: lessons[1].text: the style= on <p>") and "url(//e.example/x)" in error for error in result.errors), result.errors


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">{}</svg>'


@pytest.mark.parametrize("inner", [
    '<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>',
    '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
    '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></body></foreignObject>',
    '<rect s:onclick="alert(1)" xmlns:s="http://www.w3.org/2000/svg"/>',
    '<use xlink:href="https://e.example/x.svg#a"/>',
    '<linearGradient id="g" xlink:href="//e.example/g.svg#a"/>',
    '<rect fill="\\75 rl(//e.example/x)"/>',
    '<style>@import url(//e.example/x.css);</style>',
    '<style>rect{fill:url(//e.example/x)}</style>',
    '<rect style="fill:image-set(\'//e.example/x.png\' 1x)"/>',
    '<image href="//e.example/x.png"/>',
    '<animate attributeName="href" to="javascript:alert(1)"/>',
    '<rect xml:base="https://e.example/"/>',
])
def test_an_svg_picture_is_judged_by_namespace_and_decoded_values(inner):
    assert unsafe_svg(SVG.format(inner)), inner


@pytest.mark.parametrize("text", [
    SVG.format('<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
               '<rect fill="url(#g)" transform="translate(1,2) rotate(3)" style="stroke:rgb(1,2,3)"/>'),
    '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
    + SVG.format('<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"/><text>Hi</text>'),
])
def test_an_ordinary_svg_picture_is_accepted(text):
    assert unsafe_svg(text) == []


def test_an_svg_that_declares_entities_or_a_stylesheet_instruction_is_refused():
    assert unsafe_svg('<!DOCTYPE svg [<!ENTITY a "b">]>' + SVG.format("&a;"))
    assert [f.what for f in unsafe_svg('<?xml-stylesheet href="x.xsl" type="text/xsl"?>' + SVG.format(""))] == [
        "a processing instruction (<?xml-stylesheet ...?>) is not allowed in a picture; remove it"]
