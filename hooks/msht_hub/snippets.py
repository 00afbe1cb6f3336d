"""Snippet inclusions (`--8<-- "file.md"`) in page bodies, checked when the page is read, so
that a missing or out-of-bounds snippet is a content error naming the page before the build
starts, not a traceback half-way through it. pymdownx.snippets' own preprocessor does the
reading, with the same settings as the build: only files under the includes folder."""
from __future__ import annotations

from pathlib import Path

import markdown
from pymdownx.snippets import SnippetExtension, SnippetMissingError, SnippetPreprocessor


def snippet_problem(body: str, base_paths: list[Path]) -> str | None:
    """Why the body's snippets cannot be included, or None."""
    if "8<" not in body:
        return None
    config = {key: value[0] for key, value in SnippetExtension().config.items()}
    config.update(base_path=[str(path) for path in base_paths], check_paths=True, restrict_base_path=True,
                  url_download=False, auto_append=[])
    preprocessor = SnippetPreprocessor(config, markdown.Markdown())
    try:
        preprocessor.run(body.splitlines())
    except SnippetMissingError as error:
        return f"{error}; expected a file under {', '.join(path.name + '/' for path in base_paths) or 'the includes folder'}"
    return None
