"""`hub`: the editors' commands. They use the same model and catalogue as the build, so
"valid" means the same thing everywhere.

    hub new KIND TITLE   write a new draft page of a kind (guide, debrief, training)
    hub import PATH...   import Word (.docx) and PDF documents as draft pages (importing/)
    hub check            everything the strict build would refuse, one line each, writing nothing
                         (--changed-since REF: the overdue rule for pages changed since REF only)
    hub report           list published pages overdue or due soon for review
    hub schema           regenerate the JSON Schemas in schemas/
    hub schema --check   fail if the committed JSON Schemas are out of date
    hub zip [--out DIR]  build the file-system edition and zip it (default: dist/)
    hub serve            preview on http://127.0.0.1:8000/, rebuilding only what changed
    hub build [--layer FORCE]  build the national edition, or a force's (layers/FORCE/), into site/
    hub editions [--out DIR]   build every edition: DIR/national/ and DIR/<force>/ (default: site/)
    hub cms              edit in the browser (Decap CMS on 127.0.0.1:8010); each save is a branch
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from msht_hub.commands.changes import ChangesError
from msht_hub.commands.importing.command import add_import_command
from msht_hub.commands.project import Project, load_project
from msht_hub.commands.scaffold import new_page
from msht_hub.commands.schema import stale_schemas, write_schemas
from msht_hub.content import read_content
from msht_hub.editions.layers import edition_content
from msht_hub.faults import PREVIEW, describe, record
from msht_hub.reading.catalogue import Catalogue
from msht_hub.reading.kinds import FOLDERS
from msht_hub.reading.model import GUIDE_TYPES, PLACEHOLDERS, TRAINING_FORMATS
from msht_hub.reading.problems import ContentError
from msht_hub.reading.review import review_report
from msht_hub.reading.settings import SettingsError

T = TypeVar("T")


def _catalogue(project: Project, layer: str | None = None) -> Catalogue | None:
    """The project's catalogue (a force's edition's with `layer`), or None after printing every
    content problem."""
    try:
        edition = edition_content(project.docs_dir, project.settings, layer) if layer else None
        if edition is not None:
            return read_content(edition.composition.docs_dir, edition.settings, project.root, layer=edition.composition)[0]
        return read_content(project.docs_dir, project.settings, project.root)[0]
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{error}.", file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    from msht_hub.commands.changes import changed_pages
    from msht_hub.commands.check import github_annotations, run_check, summary_markdown

    project = load_project(args.config)
    if args.layer:  # a force's edition: its layer over the national content (the build reads HUB_LAYER)
        os.environ["HUB_LAYER"] = args.layer
    changed = changed_pages(project, args.changed_since) if args.changed_since else None
    result = run_check(args.config, changed)
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(summary_markdown(result))
    if args.annotate:
        print("\n".join(github_annotations(result)))
    for problem in result.problems:
        print(problem, file=sys.stderr)
    for line in result.other:
        print(f"{args.config}: {line}", file=sys.stderr)
    count = len(result.problems) + len(result.other)
    if count or result.catalogue is None:
        print(f"{count} content problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    catalogue = result.catalogue
    published = len(catalogue.published)
    print(f"All {len(catalogue.documents)} pages are valid; {published} would be published at {project.settings.max_classification}.")
    for uri, why in sorted(catalogue.excluded.items()):
        print(f"  left out: {catalogue.documents[uri].shown_path} ({why})")
    for _, lines in sorted(catalogue.withheld.items()):
        for line in lines:
            print(f"  left out: {line}")
    return 0


def _new(args: argparse.Namespace) -> int:
    project = load_project(args.config)
    uri, text = new_page(args.kind, args.title, project.settings.clock(), project.settings.taxonomy,
                         owner=args.owner, guide_type=args.guide_type, format=args.format)
    path = project.docs_dir / uri
    shown = path.relative_to(project.root).as_posix()
    if path.exists():
        print(f"{shown}: already exists; choose another title or edit that page", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {shown} (status: draft); edit its front-matter, then run `hub check`")
    return 0


def _report(args: argparse.Namespace) -> int:
    project = load_project(args.config)
    catalogue = _catalogue(project)
    if catalogue is None:
        return 1
    today = project.settings.clock()
    entries = review_report(catalogue, today)
    for entry in entries:
        print(entry.line())
    overdue = sum(entry.state == "overdue" for entry in entries)
    print(f"{overdue} overdue, {len(entries) - overdue} due within {project.settings.review_due_soon_days} days of {today}.")
    return 1 if overdue and project.settings.fail_on_overdue else 0


def _schema(args: argparse.Namespace) -> int:
    project = load_project(args.config)
    folder = project.root / "schemas"
    if args.check:
        stale = stale_schemas(folder, project.settings.taxonomy)
        for name in stale:
            print(f"schemas/{name}: out of date with the content model; run `hub schema`", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(folder, project.settings.taxonomy):
        print(f"wrote {path.relative_to(project.root)}")
    return 0


def _engine_build(run: Callable[[], T], config: Path, stopped: str, unmade: str) -> T | None:
    """A command's build by the engine: a stop of the build is one line (`stopped: why`), and
    so is a fault of the machine (`unmade`, the traceback in a log file); None for either."""
    from mkdocs.exceptions import Abort, PluginError

    try:
        return run()
    except (Abort, PluginError) as error:
        print(f"{stopped}: {error}", file=sys.stderr)
    except OSError as error:  # the machine, not the content
        where = record(error, Path(config).resolve().parent)
        print(f"{unmade}: {describe(error)}. (Details for the hub's maintainers: {where})", file=sys.stderr)
    return None


def _zip(args: argparse.Namespace) -> int:
    from msht_hub.commands.file_edition import make_file_edition

    target = _engine_build(lambda: make_file_edition(args.config, args.out), args.config,
                           "The build failed, so no zip was made", "hub zip: no zip was made")
    if target is None:
        return 1
    print(f"wrote {target}: unzip it and open msht-hub/index.html")
    return 0


def _build(args: argparse.Namespace) -> int:
    from msht_hub.commands.editions import build_edition

    project = load_project(args.config)
    seconds = _engine_build(lambda: build_edition(args.config, args.site_dir, args.layer, strict=not args.lenient,
                                                  docs_dir=str(project.docs_dir)), args.config, "The build stopped", "hub build: nothing was built")
    if seconds is None:
        return 1
    print(f"Built the {f'{args.layer} edition' if args.layer else 'national edition'} into {args.site_dir}/ in {seconds:.1f} s")
    return 0


def _editions(args: argparse.Namespace) -> int:
    from msht_hub.commands.editions import build_all

    project = load_project(args.config)
    times = _engine_build(lambda: build_all(args.config, args.out, project.docs_dir, strict=not args.lenient), args.config,
                          "The build stopped", "hub editions: the editions were not all built")
    if times is None:
        return 1
    for name, seconds in times.items():
        print(f"  {args.out}/{name}/  {seconds:.1f} s")
    print(f"Built {len(times)} editions in {sum(times.values()):.1f} s; the divergence report is {args.out}/national/reports/divergence/")
    return 0


def _cms(args: argparse.Namespace) -> int:
    import tempfile
    import time

    from msht_hub.commands.cms import CmsError, running_editor

    project = load_project(args.config)
    try:
        with tempfile.TemporaryDirectory(prefix="hub-cms-") as folder, \
                running_editor(project.root, project.docs_dir, project.settings, Path(folder), port=args.port) as editor:
            print(f"The editor is at {editor.url} (Ctrl+C to stop). Each save is a branch cms/<folder>/<page> of this repository.")
            while True:
                time.sleep(3600)
    except CmsError as error:
        print(f"hub cms: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


def _serve(args: argparse.Namespace) -> int:
    import logging

    from mkdocs.exceptions import Abort, ConfigurationError

    from msht_hub.preview.server import serve

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    load_project(args.config)  # a broken mkdocs.yml or hub setting is one line, before anything starts
    overrides = {"docs_dir": str(args.docs_dir)} if args.docs_dir else {}
    try:
        serve(str(args.config), args.dev_addr, **overrides)
    except (ConfigurationError, Abort) as error:
        print(f"{args.config}: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # the machine (a port in use, no temporary folder): one line, the traceback in a log file
        where = record(error, Path(args.config).resolve().parent)
        print(f"hub serve: {describe(error, path=args.dev_addr, command=PREVIEW)}. (Details for the hub's maintainers: {where})", file=sys.stderr)
        return 2
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="hub", description="Editors' commands for the MSHT Knowledge Hub.")
    root.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"), help="path to mkdocs.yml (default: ./mkdocs.yml)")
    commands = root.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="write a new draft page with valid front-matter")
    new.add_argument("kind", choices=sorted(FOLDERS))
    new.add_argument("title")
    new.add_argument("--owner", default=PLACEHOLDERS["owner"], help="the owning team (default: a placeholder the check refuses until replaced)")
    new.add_argument("--guide-type", choices=sorted(GUIDE_TYPES), help="for a guide (default: bulletin)")
    new.add_argument("--format", choices=sorted(TRAINING_FORMATS), help="for training (default: course)")
    new.set_defaults(run=_new)
    add_import_command(commands)
    report = commands.add_parser("report", help="list pages overdue or due soon for review")
    report.set_defaults(run=_report)
    check = commands.add_parser("check", help="check all content as the strict build would, writing nothing")
    check.add_argument("--layer", help="check a force's edition: its layer (layers/LAYER/) over the national content")
    check.add_argument("--changed-since", metavar="REF", help="apply the overdue rule only to pages changed since this git ref (a pull request's base)")
    check.add_argument("--summary", metavar="FILE", help="also append the problems per file, in Markdown, to FILE (a CI job summary)")
    check.add_argument("--annotate", action="store_true", help="also print each problem as a GitHub Actions annotation")
    check.set_defaults(run=_check)
    schema = commands.add_parser("schema", help="regenerate the JSON Schemas of the front-matter")
    schema.add_argument("--check", action="store_true", help="only report schemas that are out of date")
    schema.set_defaults(run=_schema)
    zipped = commands.add_parser("zip", help="build the file-system edition (opens from file://) and zip it")
    zipped.add_argument("--out", type=Path, default=Path("dist"), help="folder for the zip (default: dist/)")
    zipped.set_defaults(run=_zip)
    built = commands.add_parser("build", help="build the national edition, or a force's edition with --layer")
    built.add_argument("--layer", help="the force's layer (a folder of layers/); default: HUB_LAYER, else the national edition",
                       default=__import__("os").environ.get("HUB_LAYER") or None)
    built.add_argument("--site-dir", type=Path, default=Path("site"), help="where the site goes (default: site/)")
    built.add_argument("--lenient", action="store_true", help="do not stop on warnings (strict by default)")
    built.set_defaults(run=_build)
    editions = commands.add_parser("editions", help="build the national edition and every force's, each in a folder of its own")
    editions.add_argument("--out", type=Path, default=Path("site"), help="the editions' folder (default: site/)")
    editions.add_argument("--lenient", action="store_true", help="do not stop on warnings (strict by default)")
    editions.set_defaults(run=_editions)
    cms = commands.add_parser("cms", help="edit pages in the browser; each save becomes a branch (Decap CMS, served on 127.0.0.1)")
    cms.add_argument("--port", type=int, default=8010, help="port of the editor's page (default: 8010)")
    cms.set_defaults(run=_cms)
    served = commands.add_parser("serve", help="preview the hub, rebuilding only what changed on every save")
    served.add_argument("--dev-addr", "-a", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    served.add_argument("--docs-dir", type=Path, help="another content folder (the benchmark corpora)")
    served.set_defaults(run=_serve)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except SettingsError as error:
        print(f"{args.config}: {error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"{error.filename}: not found", file=sys.stderr)
        return 2
    except ChangesError as error:
        print(f"--changed-since: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
