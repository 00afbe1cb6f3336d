"""Language cards (`guide_type: language-card`): short numbered statements and questions in
English, and their translations, to turn round and show a person who speaks no English.

A translation is published only once someone has reviewed it: one without a `reviewer` is
kept out of the catalogue like a draft (`reviewed_only`), so no page, search document,
offline copy, booklet, font or export can carry it. Each language's tag is a well-formed
BCP 47 tag whose language subtag CLDR knows, and its direction must match its script."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from msht_hub.reading.model import Guide, IsoDate, Strict, Text

# RFC 5646 section 2.1, well-formed tags (irregular grandfathered tags are not accepted).
_LANGTAG = re.compile(r"""^
    (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})
    (?:-(?P<script>[a-z]{4}))?
    (?:-(?P<region>[a-z]{2}|\d{3}))?
    (?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*
    (?:-[\da-wy-z](?:-[a-z\d]{2,8})+)*
    (?:-x(?:-[a-z\d]{1,8})+)?
$""", re.X | re.I)


def _known_languages() -> set[str]:
    from babel import Locale  # CLDR's language names, shipped with MkDocs' own dependency

    return set(Locale("en").languages)


def language_tag(value: str) -> str:
    match = _LANGTAG.match(value)
    if not match:
        raise PydanticCustomError("hub_language_tag", "{text}", {"text": f"{value!r} is not a BCP 47 language tag; expected e.g. 'sq', 'ar', 'zh-Hans' or 'pt-BR'"})
    language = match.group("language").split("-")[0].lower()
    if language not in _known_languages():
        raise PydanticCustomError("hub_language_tag", "{text}", {"text": f"{(repr(value) + ': ') if language != value else ''}'{language}' is not a language CLDR knows; expected an ISO 639 code such as 'sq' (Albanian) or 'ti' (Tigrinya)"})
    return value


LanguageTag = Annotated[str, AfterValidator(language_tag)]
Direction = Literal["ltr", "rtl"]
ANSWERS = ("yes", "no", "dont_know")


class Answers(Strict):
    """The three answer buttons, in one language. (`yes` and `no` would be read by YAML as true
    and false, so the fields are named by what the button says.)"""

    say_yes: Text
    say_no: Text
    say_dont_know: Text

    def labels(self) -> list[tuple[str, str]]:
        return list(zip(ANSWERS, (self.say_yes, self.say_no, self.say_dont_know)))


class Translation(Strict):
    """One language of a card: its statements in the order of the English ones."""

    tag: LanguageTag = Field(description="BCP 47 language tag, e.g. 'sq', 'ar', 'zh-Hans'")
    name: Text = Field(description="The language's own name, in its own script, e.g. 'Shqip', 'العربية'")
    english_name: Text = Field(description="The language's name in English, e.g. 'Albanian'")
    direction: Direction = "ltr"
    translator: Text
    reviewer: Optional[Text] = Field(default=None, description="Who checked the translation; without one it is never published")
    reviewed: Optional[IsoDate] = None
    statements: Annotated[list[Text], Field(min_length=1)]
    answers: Answers

    @property
    def is_reviewed(self) -> bool:
        return bool(self.reviewer)

    def texts(self) -> Iterator[tuple[str, str]]:
        """(field, text) of every text shown in this language."""
        yield "name", self.name
        for index, statement in enumerate(self.statements):
            yield f"statements[{index}]", statement
        for answer, label in zip(("say_yes", "say_no", "say_dont_know"), (self.answers.say_yes, self.answers.say_no, self.answers.say_dont_know)):
            yield f"answers.{answer}", label


def written_direction(text: str) -> tuple[Direction, str] | None:
    """The direction of a text by its first strong letter (Unicode bidi class), and the letter."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr", char
        if kind in ("R", "AL"):
            return "rtl", char
    return None


class LanguageCard(Guide):
    """A guide of type language-card: numbered English statements and their translations."""

    guide_type: Literal["language-card"]
    statements: Annotated[list[Text], Field(min_length=1, description="The numbered statements and questions, in English")]
    answers: Answers = Field(description="The answer buttons in English")
    languages: Annotated[list[Translation], Field(min_length=1)]

    def consistency(self) -> Iterator[tuple[str, str]]:
        for where, what in super().consistency():
            if where != "booklet":  # a language card goes in a booklet as tear-out pages
                yield where, what
        seen: dict[str, int] = {}
        for index, language in enumerate(self.languages):
            where = f"languages[{index}]"
            key = language.tag.lower()
            if key in seen:
                yield f"{where}.tag", f"'{language.tag}' is already the tag of languages[{seen[key]}]; expected each language once"
            seen.setdefault(key, index)
            if len(language.statements) != len(self.statements):
                yield f"{where}.statements", (f"has {len(language.statements)} statement(s) but the English has {len(self.statements)}; "
                                              "expected one translation of each, in the same order")
            if language.reviewer and not language.reviewed:
                yield f"{where}.reviewed", "required with a reviewer; expected the date of the review, YYYY-MM-DD"
            if language.reviewed and not language.reviewer:
                yield f"{where}.reviewer", "required with a reviewed date; expected who reviewed the translation"
            for field, text in language.texts():
                written = written_direction(text)
                if written and written[0] != language.direction:
                    yield f"{where}.direction", (f"'{language.direction}', but {field} is written {'right to left' if written[0] == 'rtl' else 'left to right'} "
                                                 f"(its first letter '{written[1]}' is {unicodedata.name(written[1], 'a letter').split()[0].title()}); "
                                                 f"expected {written[0]}")
                    break

    def reviewed_only(self) -> LanguageCard:
        """The card as it may be published: only the translations someone has reviewed."""
        return self.model_copy(update={"languages": [language for language in self.languages if language.is_reviewed]})

    def unreviewed(self) -> list[tuple[int, Translation]]:
        return [(index, language) for index, language in enumerate(self.languages) if not language.is_reviewed]

    def questions(self) -> list[bool]:
        """Which statements are questions (their English ends with '?'): those get the answer buttons."""
        return [statement.rstrip().endswith("?") for statement in self.statements]
