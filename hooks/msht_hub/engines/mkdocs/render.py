"""The engine's side of the render cache (render_cache.py): MkDocs converts a page in
`Page.render`; the page's own `render` is replaced by one that takes the kept conversion
when nothing the page reached has changed, and otherwise converts it as MkDocs does,
recording each link target it looked up."""
from __future__ import annotations

from typing import Any

import markdown
import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from msht_hub.reading.render_cache import Conversion, RenderCache, include_texts, reached_link, still_valid
from msht_hub.reading.snippets import GatedSnippets


def _resolution(file: File | None) -> str | None:
    return None if file is None else f"{file.url}|{file.inclusion.name}"


class _Recorded:
    """The engine's Files, recording each link target a conversion looks up."""

    def __init__(self, files: Files) -> None:
        self._files = files

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        reached_link(path, _resolution(found))
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


def _tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    return [{"level": item.level, "id": item.id, "name": item.title, "children": _tokens(item.children)} for item in items]


def _settings(config: MkDocsConfig) -> Any:
    """The engine (MkDocs, or ProperDocs in its place) and the Markdown settings, with the
    includes' folders left out (what is read from them is checked by its content)."""
    configs = {name: {key: value for key, value in (options or {}).items() if key not in {"base_path", "auto_append"}}
               for name, options in (config.mdx_configs or {}).items()}
    snippets = (config.mdx_configs or {}).get("msht_hub.reading.snippets", {})
    return [mkdocs.__name__, list(config.markdown_extensions), configs, config.use_directory_urls,
            [str(name).rsplit("/", 1)[-1] for name in snippets.get("auto_append", [])]]


def _include_resolver(config: MkDocsConfig) -> GatedSnippets:
    from pymdownx.snippets import SnippetExtension

    options = {key: value[0] for key, value in SnippetExtension().config.items()}
    options.update({key: value for key, value in (config.mdx_configs or {}).get("msht_hub.reading.snippets", {}).items()})
    return GatedSnippets(options, markdown.Markdown())


def render_through(cache: RenderCache, page: Page) -> None:
    """From now on this page converts through the cache."""
    original = Page.render

    def render(config: MkDocsConfig, files: Files) -> None:
        assert page.markdown is not None
        key = cache.key(page.markdown, page.file.src_uri, page.file.url, _settings(config))
        resolver: GatedSnippets | None = None

        def include(request: str) -> str | None:
            nonlocal resolver
            resolver = resolver or _include_resolver(config)
            try:
                found: str | None = GatedSnippets.get_snippet_path(resolver, request)
            except Exception:  # noqa: BLE001 - refused now: the page is converted again, which says why
                return "\0refused"
            return found

        def still(reached: dict[str, Any]) -> bool:
            return still_valid(reached, lambda target: _resolution(files.get_file_from_path(target)), include,
                               [page.markdown or "", *include_texts(reached)])

        def convert() -> Conversion:
            original(page, config, _Recorded(files))  # type: ignore[arg-type]
            return Conversion(html=page.content or "", toc=_tokens(list(page.toc)), title=page._title_from_render,
                              anchors=sorted(page.present_anchor_ids or ()))

        conversion = cache.convert(key, convert, still)
        page.content, page.toc, page._title_from_render = conversion.html, get_toc(conversion.toc), conversion.title  # type: ignore[arg-type]
        page.present_anchor_ids = set(conversion.anchors)
        if page.links_to_anchors is None:
            page.links_to_anchors = {}

    page.render = render  # type: ignore[method-assign]
