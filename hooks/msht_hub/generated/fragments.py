"""Rendering hook-made snippets from templates in overrides/fragments/hub/, autoescaped."""
from __future__ import annotations

from typing import Any

import jinja2


class Fragments:
    def __init__(self, theme_env: jinja2.Environment):
        # Same loader as the theme (so overrides/ wins), but escaping every value.
        self._env = theme_env.overlay(autoescape=True)

    def render(self, name: str, **context: Any) -> str:
        return self._env.get_template(f"fragments/hub/{name}").render(**context)
