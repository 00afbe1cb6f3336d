"""Snippet inclusions (`--8<-- "file.md"`) in page bodies, and the glossary appended to every
page, read only through the gate of project_files.py: an include is a real file inside the
includes folder and never a page's file. The check runs when the page is read, so a missing,
out-of-bounds or gated snippet is a content error naming the page before the build starts;
the build's own snippet reader (`msht_hub.reading.snippets`, in place of pymdownx.snippets) applies
the same gate again."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
from pymdownx.snippets import SnippetExtension, SnippetMissingError, SnippetPreprocessor

from msht_hub.reading.project_files import include_problem
from msht_hub.reading.render_cache import reached_include


class GatedSnippets(SnippetPreprocessor):
    """pymdownx.snippets' reader, with every file it finds judged by its real path first."""

    pages: frozenset[tuple[int, int]] = frozenset()

    def get_snippet_path(self, path: str) -> str | None:
        found: str | None = super().get_snippet_path(path)
        reached_include(path, found)  # what a kept conversion depends on (render_cache.py)
        if found is None:
            return None
        for base, is_dir in self.get_bases():
            if is_dir and Path(found).is_relative_to(base):
                problem = include_problem(Path(found), Path(base), self.pages, Path(base).parent)
                if problem:
                    raise SnippetMissingError(problem)
                return found
        raise SnippetMissingError(f"includes '{path}', which is not under the includes folder")


class GatedSnippetExtension(SnippetExtension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        self.md = md
        md.registerExtension(self)
        config = self.getConfigs()
        snippet = GatedSnippets(config, md)
        md.preprocessors.register(snippet, "snippet", 32)


def makeExtension(**kwargs: Any) -> GatedSnippetExtension:  # noqa: N802 - Python-Markdown's entry point
    return GatedSnippetExtension(**kwargs)


def snippet_problem(body: str, base_paths: list[Path], pages: frozenset[tuple[int, int]] = frozenset()) -> str | None:
    """Why the body's snippets cannot be included, or None."""
    if "8<" not in body:
        return None
    config = {key: value[0] for key, value in SnippetExtension().config.items()}
    config.update(base_path=[str(path) for path in base_paths], check_paths=True, restrict_base_path=True,
                  url_download=False, auto_append=[])
    preprocessor = GatedSnippets(config, markdown.Markdown())
    preprocessor.pages = pages
    try:
        preprocessor.run(body.splitlines())
    except SnippetMissingError as error:
        text = str(error)
        return text if text.startswith("includes '") else \
            f"{text}; expected a file under {', '.join(path.name + '/' for path in base_paths) or 'the includes folder'}"
    return None
