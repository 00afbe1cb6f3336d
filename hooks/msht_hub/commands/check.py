"""`hub check`: the one content check. It is the strict build itself, run until every page is
rendered and judged (front-matter, addresses, glossary, includes, the markup policy, every
link and anchor, attachments, overdue pages when fail_on_overdue is set) and stopped before
anything is written, so "valid" means what the build means, with no second implementation.
Each problem is one line: file, line, field, what is wrong and the fix."""
from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from msht_hub.build import checking
from msht_hub.content import overdue_problems
from msht_hub.reading.problems import Problem, is_summary
from msht_hub.reading.settings import SettingsError, load_settings


class _Checked(Exception):
    """Every page was rendered and judged: the check stops the build here."""


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)  # the hub's, with file, line and field
    other: list[str] = field(default_factory=list)  # the engine's own warnings and errors (a nav entry, a setting)
    judged: bool = False  # every page was read and rendered (False: stopped at the front-matter)
    catalogue: Any = None  # msht_hub.reading.catalogue.Catalogue, when the content was read

    @property
    def ok(self) -> bool:
        return not self.problems and not self.other


class _Collect(logging.Handler):
    def __init__(self, result: CheckResult):
        super().__init__(logging.WARNING)
        self.result = result

    def emit(self, record: logging.LogRecord) -> None:
        problem = getattr(record, "hub_problem", None)
        if isinstance(problem, Problem):
            self.result.problems.append(problem)
        elif not is_summary(record.getMessage()):
            self.result.other.append(record.getMessage())


def run_check(config_file: Path, changed: set[str] | None = None) -> CheckResult:
    """Run the strict build over the project until every page is judged, writing nothing.
    Pages overdue for review are problems when fail_on_overdue is set; with `changed` (the
    paths, as an editor sees them, that a pull request adds or changes), only those pages."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError
    from mkdocs.plugins import BasePlugin

    from msht_hub.planning.booklets import public_address

    result = CheckResult()

    class Stop(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
            state = next(iter(config.hooks.values()))._build
            result.judged, result.catalogue = True, state.catalogue
            if rule:
                result.problems.extend(overdue_problems(state.review, changed))
            raise _Checked

    collect = _Collect(result)
    engine = logging.getLogger("mkdocs")
    with tempfile.TemporaryDirectory(prefix="hub-check-") as scratch:
        engine.addHandler(collect)
        try:
            config = load_config(str(config_file), site_dir=os.path.join(scratch, "site"), strict=True)
        except (Abort, ConfigurationError) as error:
            engine.removeHandler(collect)
            result.other = result.other or [str(error)]
            return result
        try:
            rule = load_settings(dict(config.extra)).fail_on_overdue
        except SettingsError:
            rule = False  # the build reports the setting
        config.extra.setdefault("hub", {})["fail_on_overdue"] = False  # the build reads every page first; the rule is applied after, to the pages asked about
        if public_address(config.site_url) is None:
            config.site_url = "https://hub.example/"  # the address is the deployment's concern, not the content's
        config.plugins["hub-check"] = Stop()
        # Code blocks are escaped text either way: colouring them (Pygments, a quarter of the
        # rendering) changes nothing that is judged, so the check leaves it out.
        if "pymdownx.highlight" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.highlight")
        config.mdx_configs.setdefault("pymdownx.highlight", {})["use_pygments"] = False
        try:
            with checking():
                build(config)
        except _Checked:
            pass
        except (Abort, ConfigurationError) as error:
            if not result.problems and not result.other:
                result.other.append(str(error))
        finally:
            engine.removeHandler(collect)
    result.problems = sorted(set(result.problems))
    return result


def _escape(text: str) -> str:
    return " ".join(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").splitlines())


def summary_markdown(result: CheckResult) -> str:
    """The problems per file, for the job summary a reviewer reads (GitHub's
    $GITHUB_STEP_SUMMARY): what content says is shown as text, never as markup."""
    count = len(result.problems) + len(result.other)
    if not count:
        return "### Content check: no problems\n\nEvery page is valid, and the strict build would accept them.\n"
    by_file: dict[str, list[Problem]] = {}
    for problem in result.problems:
        by_file.setdefault(problem.path, []).append(problem)
    lines = [f"### Content check: {count} problem{'s' if count != 1 else ''}"
             f"{f' in {len(by_file)} file' + ('s' if len(by_file) != 1 else '') if by_file else ''}", ""]
    for path, problems in by_file.items():
        lines.append(f"**{_escape(path)}**")
        lines.append("")
        for problem in problems:
            where = f"line {problem.line}, {problem.field}" if problem.line else problem.field
            lines.append(f"- {_escape(where)}: {_escape(problem.message)}")
        lines.append("")
    lines += [f"- {_escape(line)}" for line in result.other]
    return "\n".join(lines).rstrip("\n") + "\n"


def _property(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def github_annotations(result: CheckResult) -> list[str]:
    """Each problem as a GitHub workflow command, shown on the line of the pull request's diff."""
    out = []
    for problem in result.problems:
        line = f",line={problem.line}" if problem.line else ""
        message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        out.append(f"::error file={_property(problem.path)}{line},title={_property(problem.field)}::{message}")
    return out
