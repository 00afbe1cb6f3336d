"""`hub cms`: an editor in the browser for editors who never use Git. Decap CMS (pinned in
cms/package.json) is served by the hub itself on 127.0.0.1, never from a CDN, and never as
part of the published site or its offline copy; its local Git proxy (decap-server, in git
mode) turns each saved change into a branch (`cms/<collection>/<slug>`) of the project's own
repository, the editorial workflow's pull request.

Its collections and fields are generated from the typed model, through the JSON Schemas the
model makes (schema.py): taxonomy fields (roles, exploitation types, lesson themes) and
every choice are selects with their labels, dates are date pickers, lessons are a list with
a theme each, and what the model requires the form requires."""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msht_hub
from msht_hub.commands.schema import json_schema
from msht_hub.reading.kinds import KINDS
from msht_hub.reading.model import GUIDE_TYPES, LESSON_KINDS, TRAINING_FORMATS
from msht_hub.reading.settings import HubSettings

CMS_FOLDER = Path(msht_hub.__file__).resolve().parents[2] / "cms"  # cms/package.json: decap-cms and decap-server, pinned
LEFT_OUT = frozenset({"source"})  # written by `hub import`, not by an editor
LONG_TEXT = frozenset({"summary", "text", "outcome"})


class CmsError(Exception):
    """The editor cannot start (no Node, no npm, a port in use): one line saying what to do."""


def _labels(settings: HubSettings) -> dict[str, str]:
    taxonomy = settings.taxonomy
    return {**GUIDE_TYPES, **TRAINING_FORMATS, **LESSON_KINDS, **taxonomy.roles, **taxonomy.exploitation, **taxonomy.lesson_themes}


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The schema of a field without $ref and optional-null wrapping; and whether it may be empty."""
    nullable = False
    if "anyOf" in node:
        options = [option for option in node["anyOf"] if option.get("type") != "null"]
        nullable = len(options) < len(node["anyOf"])
        node = {**{k: v for k, v in node.items() if k != "anyOf"}, **options[0]}
    if "$ref" in node:
        node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    return node, nullable


def _field(name: str, node: dict[str, Any], required: bool, defs: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    node, nullable = _resolve(node, defs)
    field: dict[str, Any] = {"name": name, "label": str(node.get("title") or name.replace("_", " ").capitalize()),
                             "required": required and not nullable}
    if node.get("description"):
        field["hint"] = node["description"]
    kind = node.get("type")
    items = _resolve(node.get("items", {}), defs)[0] if kind == "array" else {}
    if "enum" in node or "enum" in items:
        choices = node.get("enum") or items["enum"]
        field.update(widget="select", options=[{"label": labels.get(value, value), "value": value} for value in choices])
        if kind == "array":
            field["multiple"] = True
            field["min"] = node.get("minItems", 0) or None
    elif kind == "string" and node.get("format") == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False, picker_utc=True)
    elif kind == "string":
        field["widget"] = "text" if name in LONG_TEXT else "string"
        if node.get("pattern"):
            field["pattern"] = [node["pattern"], f"expected text matching {node['pattern']}"]
    elif kind in ("integer", "number"):
        field.update(widget="number", value_type="int" if kind == "integer" else "float")
        for bound, key in (("minimum", "min"), ("maximum", "max")):
            if bound in node:
                field[key] = node[bound]
    elif kind == "boolean":
        field["widget"] = "boolean"
    elif kind == "object":  # an optional object's fields are asked for only when it is filled in (the model checks them then)
        field.update(widget="object", fields=_fields(node, defs, labels, required and not nullable))
        if not field["required"]:
            field["collapsed"] = True
    elif kind == "array" and items.get("type") == "object":
        field.update(widget="list", fields=_fields(items, defs, labels))
        field["min"] = node.get("minItems") or None
    elif kind == "array":
        field.update(widget="list")
    else:
        field["widget"] = "string"
    if "default" in node and node["default"] not in (None, [], {}):
        field["default"] = node["default"]
    return {key: value for key, value in field.items() if value is not None}


def _fields(schema: dict[str, Any], defs: dict[str, Any], labels: dict[str, str], asked: bool = True) -> list[dict[str, Any]]:
    required = set(schema.get("required", ())) if asked else set()
    return [_field(name, node, name in required, defs, labels) for name, node in schema.get("properties", {}).items()
            if name not in LEFT_OUT]


def cms_config(settings: HubSettings, docs_dir: str, proxy_url: str, branch: str) -> dict[str, Any]:
    """The CMS's configuration (config.yml), generated from the model of each kind."""
    labels = _labels(settings)
    collections = []
    for kind in KINDS.values():
        if not kind.folder:
            continue
        schema = json_schema(kind.id, settings.taxonomy)
        fields = _fields(schema, schema.get("$defs", {}), labels)
        for field in fields:
            if field["name"] == "status":
                field["default"] = "draft"  # nothing is published before an editor means it to be
        fields.append({"name": "body", "label": "Page", "widget": "markdown", "required": False})
        collections.append({"name": kind.folder, "label": kind.index_title or kind.label, "label_singular": kind.label,
                            "folder": f"{docs_dir}/{kind.folder}", "create": True, "slug": "{{slug}}", "extension": "md",
                            "format": "frontmatter", "fields": fields})
    return {"local_backend": {"url": proxy_url}, "backend": {"name": "git-gateway", "branch": branch},
            "publish_mode": "editorial_workflow", "media_folder": f"{docs_dir}/media", "public_folder": "/media",
            "collections": collections}


INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Edit the hub</title></head>
<body><script src="decap-cms.js"></script></body></html>
"""


def cms_dist() -> Path:
    """Decap CMS's built files, installed from cms/package-lock.json the first time (npm ci)."""
    dist = CMS_FOLDER / "node_modules" / "decap-cms" / "dist"
    if not (dist / "decap-cms.js").exists():
        npm = shutil.which("npm")
        if npm is None:
            raise CmsError("npm is not installed; install Node.js 20 or later (https://nodejs.org/), then run `hub cms` again")
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=CMS_FOLDER, capture_output=True, text=True)
        if done.returncode:
            raise CmsError(f"npm ci in {CMS_FOLDER} failed: {(done.stderr.strip().splitlines() or ['no message'])[-1]}")
    return dist


def write_admin(folder: Path, config: dict[str, Any]) -> Path:
    """The editor's page: index.html, config.yml (as JSON, which is YAML) and the CMS's files."""
    admin = folder / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    (admin / "index.html").write_text(INDEX, encoding="utf-8")
    (admin / "config.yml").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    for script in cms_dist().glob("*.js"):
        shutil.copyfile(script, admin / script.name)
    return admin


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml", ".js": "text/javascript"}

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Editor:
    url: str  # the editor's page
    proxy_url: str


@contextmanager
def running_editor(root: Path, docs_dir: Path, settings: HubSettings, folder: Path, port: int = 0,
                   proxy_port: int = 0) -> Iterator[Editor]:
    """Serve the editor on 127.0.0.1 and run its Git proxy over the project's repository;
    stopped, both, on leaving."""
    node = shutil.which("node")
    if node is None:
        raise CmsError("node is not installed; install Node.js 20 or later (https://nodejs.org/)")
    branch = subprocess.run(["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd=root, capture_output=True, text=True)
    if branch.returncode:
        raise CmsError(f"{root} is not a Git repository; the editor saves each change as a branch of one")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(folder)))
    proxy_port = proxy_port or _free_port()
    proxy_url = f"http://127.0.0.1:{proxy_port}/api/v1"
    docs = docs_dir.resolve().relative_to(root.resolve()).as_posix()
    write_admin(folder, cms_config(settings, docs, proxy_url, branch.stdout.strip()))
    proxy = subprocess.Popen([node, str(CMS_FOLDER / "node_modules" / "decap-server" / "dist" / "index.js")],
                             env={**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(root.resolve()),
                                  "PORT": str(proxy_port), "BIND_HOST": "127.0.0.1"},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(proxy)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield Editor(f"http://127.0.0.1:{server.server_port}/admin/", proxy_url)
    finally:
        server.shutdown()
        server.server_close()
        proxy.terminate()
        proxy.wait(timeout=10)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(proxy: subprocess.Popen[str]) -> None:
    assert proxy.stdout is not None
    for line in proxy.stdout:
        if "listening on" in line:
            threading.Thread(target=proxy.stdout.read, daemon=True).start()  # keep its pipe drained
            return
    raise CmsError(f"the editor's Git proxy stopped (exit {proxy.wait()}); is its port in use?")
