"""`hub import PATH... [--kind guide|debrief|training] [--out DIR]`: each .docx or .pdf (or
each one in a folder) becomes a draft page of the kind under content/ (or DIR), its images
in a folder beside it and its report beside it. A file that cannot be read gets one line
naming it and the problem, and nothing of it is written."""
from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from msht_hub.commands.importing.blocks import Converted
from msht_hub.commands.importing.docx import convert_docx
from msht_hub.commands.importing.draft import draft_page, front_matter_text, hints
from msht_hub.commands.importing.failures import ImportFailure
from msht_hub.commands.importing.inputs import check_file, files_to_import
from msht_hub.commands.importing.pdf import convert_pdf
from msht_hub.commands.importing.report import ImportReport
from msht_hub.commands.importing.styles import StyleMap
from msht_hub.commands.project import Project, load_project
from msht_hub.commands.scaffold import slugify
from msht_hub.reading.kinds import FOLDERS, MODELS
from msht_hub.reading.problems import validation_failures

IMPORTABLE = ("guide", "debrief", "training")
_IMAGES = "\ue000images"  # stands for the page's image folder until the page's name is known


def add_import_command(commands: Any) -> None:
    """The `hub import` subcommand, on the `hub` parser's subcommands."""
    command = commands.add_parser("import", help="import Word (.docx) and PDF documents as draft pages")
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a .docx or .pdf file, or a folder of them")
    command.add_argument("--kind", choices=IMPORTABLE, default="guide", help="the kind of page to make (default: guide)")
    command.add_argument("--out", type=Path, help="write under this folder instead of the content folder")
    command.set_defaults(run=run)


@dataclass(frozen=True)
class Written:
    page: Path
    report: ImportReport


def run(args: argparse.Namespace) -> int:
    project = load_project(args.config)
    files, problems = files_to_import(list(args.paths))
    for line in problems:
        print(line, file=sys.stderr)
    failed = len(problems)
    out = args.out if args.out else project.docs_dir
    for path in files:
        try:
            written = import_document(path, args.kind, out, project)
        except ImportFailure as failure:
            print(f"{path}: {failure}", file=sys.stderr)
            failed += 1
            continue
        print(written.report.text())
    imported = len(files) - (failed - len(problems))
    print(f"{imported} document{'s' if imported != 1 else ''} imported as drafts; {failed} not imported."
          + (" Fill in the fields listed above, then run `hub check`." if imported else ""))
    return 1 if failed else 0


def import_document(path: Path, kind: str, out: Path, project: Project) -> Written:
    """Convert one document and write its page, images and report; ImportFailure (nothing
    written) when the file cannot be read or its page already exists."""
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    kind_of_file = check_file(path)
    style_map = StyleMap(project.settings.import_.style_map)
    converted: Converted = (convert_docx(path, style_map, _IMAGES) if kind_of_file == "docx" else convert_pdf(path, _IMAGES))
    today = project.settings.clock()
    first = draft_page(converted, kind, "x", path.name, sha256, today)
    slug = slugify(str(first.meta["title"]))[:80].strip("-") or "untitled"
    draft = draft_page(converted, kind, slug, path.name, sha256, today)
    folder = out / FOLDERS[kind]
    page = folder / f"{slug}.md"
    images = f"{slug}-images"
    shown = _shown(page, project.root)
    if page.exists():
        raise ImportFailure(f"its page {shown} already exists (an earlier import, or another document of the same title); "
                            "remove or rename it, or import into another folder with --out")
    field_hints = hints(kind, project.settings.taxonomy)
    text = front_matter_text(draft.meta, field_hints, project.settings.taxonomy) + draft.body
    text = text.replace(_IMAGES, images)
    report = ImportReport(
        source=str(path), page=shown,
        provenance=f"{path.name}, sha256 {sha256}, "
                   + (f"pages {converted.pages}" if converted.pages else f"paragraphs {converted.paragraphs}")
                   + f", {converted.converter} {converted.converter_version}",
        mapped=[*draft.notes, *(line.replace(_IMAGES, images) for line in converted.mapped)]
               + ([f"{len(converted.images)} image(s) written to {_shown(folder / images, project.root)}/"] if converted.images else []),
        unmapped=[line.replace(_IMAGES, f"{_shown(folder, project.root)}/{images}") for line in converted.unmapped],
        to_fill=_to_fill(draft.meta, kind, field_hints, project),
    )
    folder.mkdir(parents=True, exist_ok=True)
    if converted.images:
        (folder / images).mkdir(exist_ok=True)
        for image in converted.images:
            (folder / images / image.name).write_bytes(image.data)
    page.write_text(text, encoding="utf-8")
    (folder / f"{slug}.import.txt").write_text(report.text(), encoding="utf-8")
    return Written(page, report)


def _to_fill(meta: dict[str, Any], kind: str, field_hints: dict[str, str], project: Project) -> list[str]:
    """What `hub check` will say of the drafted front-matter: the model's own verdict."""
    try:
        model = MODELS[kind].model_validate(meta, context={"taxonomy": project.settings.taxonomy})
    except ValidationError as error:
        failures = validation_failures(error)
    else:
        failures = list(model.consistency())
    lines = []
    for where, message in failures:
        hint = field_hints.get(where) if "one of:" not in message and "date" not in message else None
        lines.append(f"{where}: {message}" + (f" ({hint})" if hint else ""))
    return lines


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
