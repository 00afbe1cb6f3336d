"""The typed front-matter model: one model per kind of content, the only place that knows
a field's type, default and allowed values. Taxonomy values are checked against the
taxonomy of mkdocs.yml, passed in as validation context."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional, TypeAlias, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from msht_hub.policies.text_hygiene import file_name_problem, invisible_problem, line_break_problem
from msht_hub.reading.problems import did_you_mean
from msht_hub.reading.settings import SLUG, Classification, Taxonomy

KINDS = ("guide", "debrief", "training", "page")
GUIDE_TYPES = {
    "aide-memoire": "Aide-memoire",
    "investigation-guide": "Investigation guide",
    "bulletin": "Bulletin",
    "standard": "Standard",
    "role-profile": "Role profile",
    "language-card": "Language card",  # its own model: language_card.py
}
TRAINING_FORMATS = {
    "course": "Course",
    "lesson-plan": "Lesson plan",
    "masterclass-video": "Masterclass video",
    "e-learning": "E-learning",
}
LESSON_KINDS = {"lesson": "Lesson", "good-practice": "Good practice"}
STATUSES = ("draft", "published", "superseded", "withdrawn")
# What `hub new` writes where only an editor knows the answer: a page still holding one fails
# the check (draft or not) until the editor writes the real value.
PLACEHOLDERS = {
    "owner": "Owning team",
    "lead_force": "Lead force",
    "outcome": "The criminal justice outcome.",
    "lesson_title": "The lesson in a line",
    "lesson_text": "What was learned, and what to do differently.",
    "training_outcome": "What a learner can do after it.",
}


def placeholder(field: str, value: str) -> str:
    return f"'{value}' is the placeholder `hub new` wrote; replace it with the real {field.replace('_', ' ')}"

# Literal types built from the label tables above, so ids and labels cannot drift apart.
if TYPE_CHECKING:  # the type checker sees the ids as text; pydantic checks them against the tables
    GuideType: TypeAlias = str
    TrainingFormat: TypeAlias = str
    LessonKind: TypeAlias = str
    Status: TypeAlias = str
else:
    GuideType = Literal[tuple(GUIDE_TYPES)]
    TrainingFormat = Literal[tuple(TRAINING_FORMATS)]
    LessonKind = Literal[tuple(LESSON_KINDS)]
    Status = Literal[STATUSES]


class Taxon:
    """Marks a text field whose value must be an id of one taxonomy of mkdocs.yml."""

    def __init__(self, vocabulary: str):
        self.vocabulary = vocabulary

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.with_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        json_schema = handler(schema)
        json_schema["x-taxonomy"] = self.vocabulary  # replaced by the allowed ids in schema.py
        return json_schema

    def _check(self, value: str, info: core_schema.ValidationInfo) -> str:
        taxonomy: Taxonomy | None = (info.context or {}).get("taxonomy")
        if taxonomy is None:
            raise RuntimeError("content must be validated with the taxonomy as context")
        allowed = taxonomy.vocabulary(self.vocabulary)
        if value not in allowed:
            raise PydanticCustomError(
                "hub_taxonomy", "{text}", {"text": f"{value!r} is not one of: {', '.join(allowed)}{did_you_mean(value, list(allowed))}"}
            )
        return value


def _iso_date(value: Any) -> Any:
    """Dates are written YYYY-MM-DD. YAML timestamps are read as text (see reader.py)."""
    if isinstance(value, datetime):
        raise PydanticCustomError("hub_date", "{text}", {"text": f"'{value}' has a time; expected a date YYYY-MM-DD"})
    if isinstance(value, date):
        return value
    if value is None:
        raise PydanticCustomError("hub_date", "{text}", {"text": "is empty; fill in a date YYYY-MM-DD"})
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
        year, month, day = (int(part) for part in value.strip().split("-"))
        try:
            return date(year, month, day)
        except ValueError:
            raise PydanticCustomError("hub_date", "{text}", {"text": f"'{value}' is not a real date; expected YYYY-MM-DD"}) from None
    shown = f"'{value}'" if isinstance(value, str) else f"{type(value).__name__} {value!r}"
    raise PydanticCustomError("hub_date", "{text}", {"text": f"{shown} is not a date; expected YYYY-MM-DD"})


def _visible(value: Any) -> Any:
    """Titles, ids, names and addresses hold no character that reorders or hides text."""
    if isinstance(value, str) and (problem := invisible_problem(value)):
        raise PydanticCustomError("hub_invisible", "{text}", {"text": problem})
    return value


def _one_line(value: Any) -> Any:
    value = _visible(value)
    if isinstance(value, str) and (problem := line_break_problem(value.strip())):
        raise PydanticCustomError("hub_line", "{text}", {"text": problem})
    return value


Text = Annotated[str, Field(min_length=1)]
Name = Annotated[str, BeforeValidator(_one_line), Field(min_length=1)]
"""A title, id or name: one line of visible characters."""
Slug = Annotated[str, BeforeValidator(_visible), Field(pattern=SLUG, min_length=1)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Role = Annotated[str, Taxon("roles")]
Exploitation = Annotated[str, Taxon("exploitation")]
Theme = Annotated[str, Taxon("lesson_themes")]
def _content_path(value: Any) -> Any:
    """A path taken from front-matter is relative to content/ and stays inside it."""
    value = _visible(value)
    if isinstance(value, str):
        text = value.strip()
        if text.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", text):
            raise PydanticCustomError("hub_path", "{text}", {"text": f"'{value}' is an absolute path; expected a path relative to content/, e.g. 'guides/old-name.md'"})
        if any(part in ("..", ".", "") for part in re.split(r"[/\\]", text)):
            raise PydanticCustomError("hub_path", "{text}", {"text": f"'{value}' leaves or repeats a folder ('..', '.' or '//'); expected a path inside content/, e.g. 'guides/old-name.md'"})
        for part in re.split(r"[/\\]", text):  # each folder and name becomes one of the site's (a kept old address)
            if unfit := file_name_problem(part):
                raise PydanticCustomError("hub_path", "{text}", {"text": f"'{value}': {unfit}"})
    return value


# Each segment starts with a letter, digit, '_' or '-': no absolute paths, no '..', no '.'.
CONTENT_PATH = r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\.md$"
ContentPath = Annotated[str, BeforeValidator(_content_path), Field(pattern=CONTENT_PATH, description="Path of a page under content/", json_schema_extra={"pattern": CONTENT_PATH})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Change(Strict):
    """One entry of a page's change log, shown on the What's new page."""

    date: IsoDate
    note: Text


class BookletPlacement(Strict):
    """Where an aide-memoire section goes in a printed booklet."""

    booklet: Slug
    order: int = Field(ge=1)


SHA256 = r"^[0-9a-f]{64}$"
RANGE = r"^[1-9][0-9]*(-[1-9][0-9]*)?$"


class Source(Strict):
    """Where an imported page came from, written by `hub import`: the file, the SHA-256 of its
    bytes, the part of it read and the converter that read it."""

    file: Name = Field(description="The file's name as imported, e.g. 'labour-guide.docx'")
    sha256: Annotated[str, Field(pattern=SHA256, description="SHA-256 of the file's bytes: 64 lower-case hex digits")]
    pages: Optional[Annotated[str, Field(pattern=RANGE)]] = Field(default=None, description="The pages read from a PDF, e.g. '1-12'")
    paragraphs: Optional[Annotated[str, Field(pattern=RANGE)]] = Field(default=None, description="The paragraphs read from a Word document, e.g. '1-140'")
    converter: Name = Field(description="What read it: pandoc or pdfplumber")
    converter_version: Name
    imported: IsoDate

    def consistency(self) -> Iterator[tuple[str, str]]:
        if (self.pages is None) == (self.paragraphs is None):
            yield "source", "expected either pages (of a PDF) or paragraphs (of a Word document), not both or neither"
        for name in ("pages", "paragraphs"):
            value = getattr(self, name)
            if value and "-" in value and int(value.split("-")[0]) > int(value.split("-")[1]):
                yield f"source.{name}", f"'{value}' runs backwards; expected first-last, e.g. '1-12'"


class Override(Strict):
    """A force's page that replaces the national page at its address (layers.py): which page,
    why, and when the replacement is next reviewed against the national text."""

    page: ContentPath = Field(description="The national page replaced, e.g. 'guides/nrm-referrals.md'")
    reason: Text
    review_due: IsoDate


class FrontMatter(Strict):
    """Fields every page of guidance, debrief or training carries."""

    title: Name
    summary: Annotated[str, Field(min_length=1, max_length=400)]
    roles: Annotated[list[Role], Field(min_length=1)]
    tags: list[Slug] = []
    exploitation: list[Exploitation] = []
    owner: Name
    last_reviewed: IsoDate
    review_due: IsoDate
    status: Status = "published"
    superseded_by: Optional[ContentPath] = None
    classification: Classification = "OFFICIAL"
    published: Optional[IsoDate] = Field(default=None, description="First published; shown as new on the What's new page")
    changes: list[Change] = []
    redirect_from: list[ContentPath] = Field(default=[], description="Old paths of this page under content/, e.g. 'guides/old-name.md'; their addresses lead here")
    source: Optional[Source] = Field(default=None, description="The document this page was imported from (hub import)")
    overrides: Optional[Override] = Field(default=None, description="On a force's page (layers/<force>/): the national page it replaces")

    def consistency(self) -> Iterator[tuple[str, str]]:
        """Rules across fields of one page, as (field, message)."""
        if self.owner == PLACEHOLDERS["owner"]:
            yield "owner", placeholder("owning team", self.owner)
        if self.source:
            yield from self.source.consistency()
        if self.review_due <= self.last_reviewed:
            yield "review_due", f"{self.review_due} is not after last_reviewed ({self.last_reviewed}); expected a later date"
        if self.status == "superseded" and not self.superseded_by:
            yield "superseded_by", "required when status is 'superseded'; expected the path of the replacement page"
        if self.superseded_by and self.status not in ("superseded", "withdrawn"):
            yield "superseded_by", f"only allowed when status is 'superseded' or 'withdrawn', but status is '{self.status}'"


class Guide(FrontMatter):
    """Guidance products: aide-memoires, investigation guides, bulletins, standards, role profiles."""

    guide_type: GuideType
    booklet: Optional[BookletPlacement] = None

    def consistency(self) -> Iterator[tuple[str, str]]:
        yield from super().consistency()
        if self.booklet and self.guide_type != "aide-memoire":
            yield "booklet", f"only aide-memoires go in a booklet, but guide_type is '{self.guide_type}'"


class Period(Strict):
    start: int = Field(ge=1990, le=2100)
    end: Optional[int] = Field(default=None, ge=1990, le=2100)


class Scale(Strict):
    """The scale of an operation, as far as it is public."""

    potential_victims: Optional[int] = Field(default=None, ge=0)
    victims_gave_evidence: Optional[int] = Field(default=None, ge=0)
    convictions: Optional[int] = Field(default=None, ge=0)
    total_sentence_years: Optional[float] = Field(default=None, ge=0)


class Lesson(Strict):
    """One lesson or piece of good practice from a debrief; addressable by its id."""

    id: Slug
    theme: Theme
    kind: LessonKind
    title: Name
    text: Text


class Debrief(FrontMatter):
    """An operational debrief of an investigation, with its structured lessons."""

    exploitation: Annotated[list[Exploitation], Field(min_length=1)]
    operation: Name
    lead_force: Name
    partners: list[Name] = []
    period: Period
    published: IsoDate = Field(description="When the debrief was published")
    scale: Scale = Scale()
    outcome: Text
    lessons: Annotated[list[Lesson], Field(min_length=1)]

    def consistency(self) -> Iterator[tuple[str, str]]:
        yield from super().consistency()
        if self.period.end is not None and self.period.end < self.period.start:
            yield "period.end", f"{self.period.end} is before period.start ({self.period.start})"
        if self.lead_force == PLACEHOLDERS["lead_force"]:
            yield "lead_force", placeholder("lead force", self.lead_force)
        if self.outcome == PLACEHOLDERS["outcome"]:
            yield "outcome", placeholder("outcome", self.outcome)
        for index, lesson in enumerate(self.lessons):
            if lesson.title == PLACEHOLDERS["lesson_title"]:
                yield f"lessons[{index}].title", placeholder("lesson title", lesson.title)
            if lesson.text == PLACEHOLDERS["lesson_text"]:
                yield f"lessons[{index}].text", placeholder("lesson text", lesson.text)
        seen: dict[str, int] = {}
        for index, lesson in enumerate(self.lessons):
            if lesson.id in seen:
                yield f"lessons[{index}].id", f"'{lesson.id}' is already the id of lessons[{seen[lesson.id]}]; expected a unique id"
            seen.setdefault(lesson.id, index)


class Training(FrontMatter):
    """Courses, lesson plans, masterclass videos and e-learning; `roles` is the audience."""

    format: TrainingFormat
    duration: Annotated[str, Field(pattern=r"^\d+(\.\d+)? (minutes|hours|days)$", description="e.g. '2.5 hours' or '4 days'")]
    outcomes: Annotated[list[Text], Field(min_length=1)]
    prerequisites: list[Text] = []
    accreditation: Optional[Text] = None

    def consistency(self) -> Iterator[tuple[str, str]]:
        yield from super().consistency()
        for index, outcome in enumerate(self.outcomes):
            if outcome == PLACEHOLDERS["training_outcome"]:
                yield f"outcomes[{index}]", placeholder("learning outcome", outcome)


class Page(Strict):
    """Any other page (home, accessibility statement): a title and little else."""

    title: Name
    summary: Optional[Text] = None
    hide: list[Literal["navigation", "toc", "footer", "path", "tags"]] = []
    status: Literal["draft", "published"] = "published"
    classification: Classification = "OFFICIAL"
    redirect_from: list[ContentPath] = []

    def consistency(self) -> Iterator[tuple[str, str]]:
        return iter(())


Meta = Union[Guide, Debrief, Training, Page]
"""The validated front-matter of one page: the model of its kind (kinds.py)."""
