"""Language cards (`guide_type: language-card`): the typed front-matter and its one-line
errors, the review gate (a translation nobody reviewed is in no output at all), the fonts cut
from the machine's Noto fonts to the characters published, search by a language's names, and
the offline essentials. Each test builds its own small project."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from conftest import CONFIG, ROOT, output_text, sample_only, valid
from msht_hub.commands.project import load_project
from msht_hub.reading.catalogue import read_catalogue
from msht_hub.reading.problems import ContentError

NOTO = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
needs_noto = pytest.mark.skipif(not NOTO.exists(), reason="needs Debian's fonts-noto-core (apt-get install fonts-noto-core; .ci/run installs it)")

ALBANIAN = {"tag": "sq", "name": "Shqip", "english_name": "Albanian", "direction": "ltr", "translator": "T. One",
            "reviewer": "R. One", "reviewed": "2026-01-10",
            "statements": ["Jeni të sigurt.", "A jeni lënduar?"], "answers": {"say_yes": "Po", "say_no": "Jo", "say_dont_know": "Nuk e di"}}
ARABIC = {"tag": "ar", "name": "العربية", "english_name": "Arabic", "direction": "rtl", "translator": "T. Two",
          "reviewer": "R. Two", "reviewed": "2026-01-10",
          "statements": ["أنت في أمان.", "هل أنت مصاب؟"], "answers": {"say_yes": "نعم", "say_no": "لا", "say_dont_know": "لا أعرف"}}
# Unreviewed, with words and a letter (ų, U+0173) no other language of the card uses.
LITHUANIAN = {"tag": "lt", "name": "Lietuviųzz", "english_name": "Lithuanianzz", "direction": "ltr", "translator": "T. Three",
              "statements": ["Jūs esate saugūsqq.", "Ar esate sužeistasqq?"],
              "answers": {"say_yes": "Taipqq", "say_no": "Neqq", "say_dont_know": "Nežinauqq"}}
UNREVIEWED_WORDS = ("Lietuviųzz", "Lithuanianzz", "saugūsqq", "sužeistasqq", "Taipqq", "Nežinauqq", '"lt"', "lang=\"lt\"")


def card(*languages: dict, **changes) -> dict:
    meta = valid("guide", guide_type="language-card", title="Show this screen", roles=["frontline"],
                 statements=["You are safe.", "Are you hurt?"], answers={"say_yes": "Yes", "say_no": "No", "say_dont_know": "I don't know"},
                 languages=[copy.deepcopy(language) for language in languages])
    meta.update(changes)
    return meta


def problems_of(project) -> list[str]:
    settings = load_project(CONFIG).settings
    try:
        read_catalogue(project.content, settings, shown_root=project.root)
    except ContentError as error:
        return [str(problem) for problem in error.problems]
    return []


@pytest.mark.parametrize("change, expected", [
    ({"tag": "albanian"}, "content/guides/card.md: languages[0].tag: 'albanian' is not a language CLDR knows"),
    ({"tag": "sq_AL"}, "content/guides/card.md: languages[0].tag: 'sq_AL' is not a BCP 47 language tag"),
    ({"tag": "xq-Latn"}, "content/guides/card.md: languages[0].tag: 'xq-Latn': 'xq' is not a language CLDR knows"),
    ({"direction": "rtl"}, "content/guides/card.md: languages[0].direction: 'rtl', but name is written left to right"),
    ({"reviewed": None}, "content/guides/card.md: languages[0].reviewed: required with a reviewer"),
    ({"reviewer": None, "reviewed": "2026-01-10"}, "content/guides/card.md: languages[0].reviewer: required with a reviewed date"),
    ({"statements": ["Jeni të sigurt."]}, "content/guides/card.md: languages[0].statements: has 1 statement(s) but the English has 2"),
    ({"answers": {"say_yes": "Po", "say_no": "Jo"}}, "content/guides/card.md: languages[0].answers.say_dont_know: required field is missing"),
    ({"name": ""}, "content/guides/card.md: languages[0].name: must not be empty"),
])
def test_a_mistake_in_a_translation_is_one_line_naming_the_file_and_field(project, change, expected):
    project.page("guides/card.md", card({**ALBANIAN, **change}))
    found = problems_of(project)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_right_to_left_text_marked_left_to_right_is_refused(project):
    project.page("guides/card.md", card({**ARABIC, "direction": "ltr"}))
    assert problems_of(project) == [
        "content/guides/card.md: languages[0].direction: 'ltr', but name is written right to left "
        "(its first letter 'ا' is Arabic); expected rtl"]


def test_one_language_twice_is_refused(project):
    project.page("guides/card.md", card(ALBANIAN, {**ALBANIAN, "tag": "SQ"}))
    assert problems_of(project) == ["content/guides/card.md: languages[1].tag: 'SQ' is already the tag of languages[0]; expected each language once"]


def test_card_fields_belong_to_language_cards_only(project):
    project.page("guides/bulletin.md", valid("guide", statements=["Hello."]))
    assert problems_of(project) == ["content/guides/bulletin.md: statements: unknown field (value a list ['Hello.']); "
                                    "check the spelling against the front-matter reference"]


def test_the_catalogue_keeps_only_reviewed_translations_and_says_what_it_left_out(project):
    project.page("guides/card.md", card(ALBANIAN, LITHUANIAN, ARABIC))
    catalogue = read_catalogue(project.content, load_project(CONFIG).settings, shown_root=project.root)
    meta = catalogue.documents["guides/card.md"].meta
    assert [language.tag for language in meta.languages] == ["sq", "ar"]
    assert catalogue.withheld == {"guides/card.md": [
        "content/guides/card.md: languages[1]: Lithuanianzz (lt) has no reviewer; left out of this build"]}


def test_hub_check_names_the_unreviewed_translation(tmp_path):
    import subprocess
    import sys

    from conftest import copy_config, front_matter
    copy_config(tmp_path)
    (tmp_path / "content" / "guides").mkdir(parents=True)
    (tmp_path / "content" / "index.md").write_text(front_matter({"title": "Home"}), encoding="utf-8")
    (tmp_path / "content" / "guides" / "card.md").write_text(front_matter(card(ALBANIAN, LITHUANIAN)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "msht_hub.commands.cli", "check"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "left out: content/guides/card.md: languages[1]: Lithuanianzz (lt) has no reviewer; left out of this build" in done.stdout
    (tmp_path / "content" / "guides" / "card.md").write_text(front_matter(card({**ALBANIAN, "reviewed": None})), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "msht_hub.commands.cli", "check"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    assert "content/guides/card.md: languages[0].reviewed: required with a reviewer; expected the date of the review, YYYY-MM-DD" in done.stderr
    assert "Traceback" not in done.stderr


def every_output(site: Path) -> str:
    """Every file of the site as text, with each gzip member of the offline bundles opened."""
    import zlib

    texts = [output_text(site)]
    for bundle in (site / "offline-bundles").glob("*.bin"):
        data = bundle.read_bytes()
        while data:
            member = zlib.decompressobj(wbits=31)
            texts.append(member.decompress(data).decode("utf-8", errors="ignore"))
            data = member.unused_data
    return "\n".join(texts)


@needs_noto
def test_an_unreviewed_translation_is_in_no_output_and_no_font(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")  # the PDFs are read in test_booklets' slow run
    project.page("guides/card.md", card(ALBANIAN, LITHUANIAN, ARABIC))
    result = project.build(caplog)
    assert result.ok, result.errors
    everything = every_output(project.site)
    assert "Jeni të sigurt." in everything and "هل أنت مصاب؟" in everything  # the reviewed ones are there
    assert [word for word in UNREVIEWED_WORDS if word in everything] == []
    assert any("Lithuanianzz (lt) has no reviewer; left out of this build" in record.getMessage() for record in caplog.records)

    from fontTools.ttLib import TTFont
    drawn: set[int] = set()
    for font in (project.site / "assets" / "hub" / "fonts").glob("*.woff2"):
        drawn |= set(TTFont(str(font)).getBestCmap())
    published = {ord(char) for language in (ALBANIAN, ARABIC) for text in [language["name"], *language["statements"], *language["answers"].values()] for char in text}
    assert published - drawn == set()  # every published letter has a glyph served by the hub
    assert ord("ų") not in drawn  # a letter only the unreviewed translation uses is not even in the font


@needs_noto
def test_the_card_page_marks_every_translation_with_its_language_and_direction(project, caplog, monkeypatch):
    from bs4 import BeautifulSoup

    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    project.page("guides/card.md", card(ALBANIAN, ARABIC))
    assert project.build(caplog).ok
    soup = BeautifulSoup(project.site.joinpath("guides/card/index.html").read_text(encoding="utf-8"), "html.parser")
    texts = {"sq": {ALBANIAN["name"], *ALBANIAN["statements"], *ALBANIAN["answers"].values()},
             "ar": {ARABIC["name"], *ARABIC["statements"], *ARABIC["answers"].values()}}
    found = {"sq": set(), "ar": set()}
    for string in soup.find_all(string=True):
        text = string.strip()
        for tag, expected in texts.items():
            if text in expected:
                holder = string.parent.find_parent(attrs={"lang": True}) if not string.parent.has_attr("lang") else string.parent
                assert holder["lang"] == tag and holder.find_parent(attrs={"dir": True}) is not None, text
                direction = holder.get("dir") or holder.find_parent(attrs={"dir": True})["dir"]
                assert direction == ("rtl" if tag == "ar" else "ltr"), text
                found[tag].add(text)
    assert found == texts  # every text of both languages was found, each inside its language
    english = soup.find_all(class_="hub-lc-english")
    assert english and all(span["lang"] == "en" and span["dir"] == "ltr" for span in english)


@needs_noto
def test_search_finds_the_card_by_a_language_english_or_own_name(project, caplog, monkeypatch):
    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    project.page("guides/card.md", card(ALBANIAN, ARABIC), body="Nothing about languages here.\n")
    spied = project.build_spied(caplog)
    assert spied.result.ok
    vocabulary = " ".join(path.read_text(encoding="utf-8") for path in (project.site / "search").glob("*"))
    assert '"albanian"' in vocabulary and '"shqip"' in vocabulary
    assert spied.plan.url("guides/card.md") in spied.plan.essentials()
    assert "languages/" in spied.plan.essentials()  # the picker, at its stable address, offline first too


@needs_noto
def test_a_script_no_installed_font_draws_stops_the_build_before_the_site_is_touched(project, caplog, monkeypatch, tmp_path):
    from conftest import site_digest

    monkeypatch.setenv("HUB_BOOKLET_PDFS", "false")
    assert project.build(caplog).ok
    before = site_digest(project.site)
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setenv("HUB_FONT_DIRS", str(empty))
    project.page("guides/card.md", card(ARABIC))
    result = project.build(caplog)
    assert not result.ok
    assert any(error.startswith("content/guides/card.md: languages[0].name: 'ا' (U+0627 ARABIC LETTER ALEF) is in no installed Noto Sans font")
               and "apt-get install fonts-noto-core" in error for error in result.errors), result.errors
    assert site_digest(project.site) == before


@sample_only
def test_the_shipped_card_is_sample_content_with_one_language_left_unreviewed():
    settings = load_project(CONFIG).settings
    catalogue = read_catalogue(ROOT / "content", settings, shown_root=ROOT)
    cards = [doc for doc in catalogue.published.values() if doc.type_id == "language-card"]
    assert cards
    for doc in cards:
        assert all("not reviewed for operational use" in language.reviewer for language in doc.meta.languages if language.reviewer)
        assert any(language.direction == "rtl" for language in doc.meta.languages)
    assert sum(len(lines) for lines in catalogue.withheld.values()) >= 1


@sample_only
def test_the_language_card_schema_accepts_the_shipped_card():
    import jsonschema

    from msht_hub.reading.reader import read_page
    schema = json.loads((ROOT / "schemas" / "language-card.schema.json").read_text(encoding="utf-8"))
    meta, _ = read_page(ROOT / "content" / "guides" / "first-contact-language-card.md", "card")
    jsonschema.validate(meta, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**meta, "languages": [{**meta["languages"][0], "direction": "sideways"}]}, schema)


def test_hub_new_scaffolds_a_valid_language_card():
    from datetime import date

    import yaml

    from msht_hub.commands.scaffold import new_page
    from msht_hub.reading.kinds import KINDS
    settings = load_project(CONFIG).settings
    uri, text = new_page("guide", "Street card", date(2026, 11, 1), settings.taxonomy, owner="Team", guide_type="language-card")
    meta = yaml.safe_load(text.split("---\n")[1])
    model = KINDS["guide"].model_for(meta).model_validate(meta, context={"taxonomy": settings.taxonomy})
    assert uri == "guides/street-card.md" and type(model).__name__ == "LanguageCard" and list(model.consistency()) == []
    assert model.reviewed_only().languages == []  # its sample translation has no reviewer until someone reviews it


@pytest.mark.slow
@needs_noto
@pytest.mark.parametrize("language, family", [(ARABIC, "Noto Sans Arabic"), (ALBANIAN, "Noto Sans")])
def test_a_printed_translation_looks_as_its_installed_font_draws_it(project, language, family):
    """A differential test of the booklet's font rules: each statement printed by WeasyPrint
    with the hub's rules and with the installed font named directly, rasterised, must be the
    same pixels (glyphs taken from the wrong font, or letters that failed to join, are not)."""
    import io

    import pypdfium2
    from PIL import ImageChops
    from weasyprint import HTML

    from msht_hub.outputs.card_fonts import print_font_rules
    project.page("guides/card.md", card(ALBANIAN, ARABIC))
    catalogue = read_catalogue(project.content, load_project(CONFIG).settings, shown_root=project.root)

    def printed(style: str, text: str):
        html = (f'<style>@page {{ size: 160mm 30mm; margin: 5mm; }} {style} .t {{ font-size: 20pt; }}</style>'
                f'<p class="t" lang="{language["tag"]}" dir="{language["direction"]}">{text}</p>')
        page = pypdfium2.PdfDocument(io.BytesIO(HTML(string=html).write_pdf()))[0]
        image = page.render(scale=2).to_pil().convert("L")
        return image.crop(ImageChops.invert(image).getbbox())

    for text in language["statements"]:
        hub, installed = printed(print_font_rules(catalogue, ".t"), text), printed(f'.t {{ font-family: "{family}"; }}', text)
        assert hub.size == installed.size, text
        assert ImageChops.difference(hub, installed).getbbox() is None, text


@needs_noto
def test_every_letter_goes_to_an_installed_font_that_has_it_or_is_named_as_missing():
    """Property: whatever letters a translation uses (any script, Ge'ez for Tigrinya, Arabic
    for Sorani, Han...), each is drawn by a font whose character map holds it, or the build is
    told which letter, in which field, has no font."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from msht_hub.outputs.card_fonts import _cmap, plan_faces

    @settings(max_examples=60, deadline=None)
    @given(st.text(st.characters(categories=["L", "M", "N", "P"]), min_size=1, max_size=40))
    def check(text):
        faces, problems = plan_faces([("content/guides/card.md", "languages[0].statements[0]", text)])
        drawn = {char: face for face in faces for char in face.chars}
        reported = {problem.message[1] for problem in problems}
        for char in set(text):
            if char in drawn:
                assert ord(char) in _cmap(drawn[char].file)
            else:
                assert char in reported and all(ord(char) not in _cmap(face.file) for face in faces)
        assert all(problem.field == "languages[0].statements[0]" for problem in problems)

    check()
    faces, problems = plan_faces([("f", "name", "ትግርኛ کوردی")])  # Tigrinya, Kurdish (Sorani)
    assert problems == [] and sorted(face.stem for face in faces) == ["NotoSans-Regular", "NotoSansArabic-Regular", "NotoSansEthiopic-Regular"]
