"""The hub's settings and taxonomies: one key of mkdocs.yml (`extra.hub`), validated once."""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal, Optional, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from msht_hub.reading.problems import validation_failures

# Classification levels in ascending order. Nothing above the last is ever accepted.
Classification = Literal["OFFICIAL", "OFFICIAL-SENSITIVE"]
CLASSIFICATIONS: tuple[str, ...] = get_args(Classification)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_TAXONOMY = 31  # values per vocabulary: search filters keep one bit each in a 32-bit integer


class Taxonomy(BaseModel):
    """Every controlled vocabulary of the content, id -> label. Order is display order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    roles: dict[str, str] = Field(min_length=1)
    exploitation: dict[str, str] = Field(min_length=1)
    lesson_themes: dict[str, str] = Field(min_length=1)

    @field_validator("roles", "exploitation", "lesson_themes")
    @classmethod
    def _ids_are_slugs(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if not re.match(SLUG, str(key)):
                raise ValueError(f"'{key}' is not a valid id (lower-case letters, digits and hyphens)")
        return value

    @field_validator("roles", "exploitation", "lesson_themes")
    @classmethod
    def _fits_the_search_filters(cls, value: dict[str, str]) -> dict[str, str]:
        # search.js narrows results with one bit per value in a 32-bit integer
        if len(value) > MAX_TAXONOMY:
            raise ValueError(f"has {len(value)} values; search filters allow at most {MAX_TAXONOMY}")
        return value

    def vocabulary(self, name: str) -> dict[str, str]:
        return dict(getattr(self, name))


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    detail: str = Field(min_length=1)


_NUMBER = re.compile(r"^\+?[0-9]+(?: [0-9]+)*$")


class PhoneNumber(BaseModel):
    """A number an officer may call from any page (a `tel:` link) and that the booklets print
    on their key contacts page. One with a `short` label sits in the action bar itself; the
    others are one tap further, under "More"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    number: str
    short: Optional[str] = Field(default=None, min_length=1, max_length=12)

    @field_validator("number")
    @classmethod
    def _dialable(cls, value: str) -> str:
        if not _NUMBER.match(value.strip()) or len(re.sub(r"\D", "", value)) < 3:
            raise ValueError(f"'{value}' is not a telephone number; expected digits in groups, e.g. '08000 121 700' or '999'")
        return value.strip()

    @property
    def tel(self) -> str:
        return "tel:" + self.number.replace(" ", "")


class ReferPage(BaseModel):
    """A page of guidance on referring (the NRM, the duty to notify), offered by the action bar's Refer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    page: str = Field(min_length=1)  # a path under content/, optionally with a #section

    @field_validator("page")
    @classmethod
    def _a_content_page(cls, value: str) -> str:
        path = value.split("#", 1)[0]
        if not path.endswith(".md") or path.startswith("/") or ".." in path.split("/"):
            raise ValueError(f"'{value}' is not a page under content/; expected e.g. 'guides/nrm.md' or 'guides/nrm.md#duty-to-notify'")
        return value

    @property
    def src_uri(self) -> str:
        return self.page.split("#", 1)[0]

    @property
    def anchor(self) -> str:
        return self.page.split("#", 1)[1] if "#" in self.page else ""


class BookletSettings(BaseModel):
    """A printed pocket booklet; its sections are the aide-memoires whose front-matter says
    `booklet: {booklet: <id>, order: <n>}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    subtitle: Optional[str] = None
    sizes: list[Literal["A6", "A5"]] = Field(default=["A6", "A5"], min_length=1)
    note_pages: int = Field(default=2, ge=0, le=20)  # ruled pages after the structured notes page
    short: Optional[str] = Field(default=None, pattern=SLUG)  # short link: /b/<short>/
    contacts: list[Contact] = []  # printed after the hub's own numbers (extra.hub.contacts)
    local_number_lines: int = Field(default=3, ge=0, le=10)  # blank lines for the reader's local numbers


# What a named style of a Word document becomes on import (`hub import`, README): action
# prompts, a debrief lesson or good practice, a quote, or an admonition of that type.
StyleTarget = Literal["action-prompt", "lesson", "good-practice", "quote", "note", "info", "tip", "warning", "danger"]


class ImportSettings(BaseModel):
    """`extra.hub.import`: how `hub import` reads a force's document templates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    style_map: dict[str, StyleTarget] = {}  # style name as Word shows it -> what it becomes


class HubSettings(BaseModel):
    """`extra.hub` of mkdocs.yml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_classification: Classification = "OFFICIAL"
    review_due_soon_days: int = Field(default=30, ge=0)
    notice: Optional[str] = None  # a line shown at the top of every page, e.g. "sample content"
    fail_on_overdue: bool = False  # stop the build while any published page is overdue for review
    today: Optional[date] = None  # the build's clock; empty means the real date (tests set HUB_TODAY)
    glossary: Optional[str] = None  # the abbreviations file, relative to mkdocs.yml
    whats_new_items: int = Field(default=50, ge=1)  # how many recent changes the What's new page and feeds show
    booklets: list[BookletSettings] = []
    booklet_pdfs: bool = True  # make the booklets' PDFs (WeasyPrint) at build time
    offline_budget_mb: float = Field(default=300, gt=0)  # the most the offline cache may hold; more fails the build
    # Folders under content/ whose files are published even when no page links to them
    # (e.g. shared images); every other file beside the pages is published only when used.
    public_folders: list[str] = []
    # The page for an officer with a potential victim now: first on the home page and first
    # among the aide-memoires of every role it is for (a path under content/).
    urgent: Optional[str] = None
    # The numbers on every page's action bar (tel: links) and on every booklet's key contacts.
    contacts: list[PhoneNumber] = []
    # The guidance the action bar's "Refer" leads to (the NRM, the duty to notify).
    refer: list[ReferPage] = []

    @field_validator("contacts")
    @classmethod
    def _few_in_the_bar(cls, value: list[PhoneNumber]) -> list[PhoneNumber]:
        if sum(1 for number in value if number.short) > 2:
            raise ValueError("more than two numbers have a `short` label; the action bar holds two (the rest go under More)")
        return value

    import_: ImportSettings = Field(default=ImportSettings(), alias="import")

    @field_validator("public_folders")
    @classmethod
    def _inside_content(cls, value: list[str]) -> list[str]:
        for folder in value:
            parts = folder.strip("/").split("/")
            if folder.startswith("/") or any(part in ("", ".", "..") for part in parts):
                raise ValueError(f"'{folder}' is not a folder inside content/; expected e.g. 'images/shared'")
        return value

    def clock(self) -> date:
        return self.today or date.today()
    taxonomy: Taxonomy
    # One line per role, saying who it is for, under its name on the role chooser.
    role_for: dict[str, str] = {}

    @field_validator("role_for")
    @classmethod
    def _roles_described_exist(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        taxonomy = info.data.get("taxonomy")
        if not isinstance(taxonomy, Taxonomy):
            return value  # the taxonomy's own error is reported
        unknown = sorted(set(value) - set(taxonomy.roles))
        if unknown:
            raise ValueError(f"names {', '.join(unknown)}, not roles of taxonomy.roles ({', '.join(taxonomy.roles)})")
        return value


class SettingsError(Exception):
    """The hub's settings in mkdocs.yml are wrong; each line names the setting."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def load_settings(extra: dict[str, Any] | None) -> HubSettings:
    raw = (extra or {}).get("hub")
    if not isinstance(raw, dict):
        raise SettingsError(["extra.hub: missing; expected the hub's settings and taxonomy (see README)"])
    try:
        return HubSettings.model_validate(raw)
    except ValidationError as error:
        raise SettingsError([f"extra.hub.{field}: {message}" for field, message in validation_failures(error)]) from None
