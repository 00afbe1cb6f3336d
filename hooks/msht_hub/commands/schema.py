"""JSON Schemas of the front-matter, one per kind, generated from the model so that editors'
editors can offer completion and checking. Taxonomy fields list the ids of mkdocs.yml."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from msht_hub.reading.kinds import KINDS, MODELS
from msht_hub.reading.settings import Taxonomy

DIALECT = "http://json-schema.org/draft-07/schema#"  # the dialect editors support best (VS Code, remark, ajv)


def _models() -> dict[str, Any]:
    """Each kind's model, and each type that has a model of its own (a language card)."""
    return {**MODELS, **{variant: model for kind in KINDS.values() for variant, (model, _) in kind.variants.items()}}


def json_schema(kind: str, taxonomy: Taxonomy) -> dict[str, Any]:
    schema = _models()[kind].model_json_schema(mode="validation")
    schema = _fill_taxonomies(schema, taxonomy)
    return {"$schema": DIALECT, "title": f"MSHT Knowledge Hub front-matter: {kind}", **{k: v for k, v in schema.items() if k != "title"}}


def _fill_taxonomies(node: Any, taxonomy: Taxonomy) -> Any:
    if isinstance(node, dict):
        out = {key: _fill_taxonomies(value, taxonomy) for key, value in node.items()}
        vocabulary = out.pop("x-taxonomy", None)
        if vocabulary:
            out["enum"] = list(taxonomy.vocabulary(vocabulary))
        return out
    if isinstance(node, list):
        return [_fill_taxonomies(item, taxonomy) for item in node]
    return node


def rendered_schemas(taxonomy: Taxonomy) -> dict[str, str]:
    """File name -> file text, for every kind."""
    return {f"{kind}.schema.json": json.dumps(json_schema(kind, taxonomy), indent=2) + "\n" for kind in _models()}


def stale_schemas(folder: Path, taxonomy: Taxonomy) -> list[str]:
    """Names of the schema files in folder that are missing or differ from the model."""
    return [
        name for name, text in rendered_schemas(taxonomy).items()
        if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text
    ]


def write_schemas(folder: Path, taxonomy: Taxonomy) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered_schemas(taxonomy).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
