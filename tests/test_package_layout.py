"""The package's layout shows its architecture: each subpackage is one layer, and no import
runs back up (a layer imports only itself and the layers below it). Read statically, lazy
imports inside functions included, so a new module is judged the day it is written."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "msht_hub"

# Bottom to top. A module's layer is its subpackage, or its own name for the few at the top.
LAYERS = ["faults", "policies", "reading", "planning", "generated", "editions", "pages", "outputs", "preview",
          "content", "build", "engines", "commands"]
SESSION = {"content": "build"}  # content.py (what a build starts from) stands beside build.py


def modules() -> dict[str, Path]:
    """Every module by its dotted name under msht_hub ("" for the package itself)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def layer_of(module: str) -> str:
    head = module.split(".")[0]
    return SESSION.get(head, head)


def imports_of(path: Path, module: str) -> set[str]:
    """The modules of the package `module` (at `path`) imports: `from X import a` counts X.a
    where that is a module, X otherwise."""
    known = set(modules())
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == "msht_hub"):
            if node.level:
                parts = package.split(".") if package else []
                target = ".".join([*parts[: len(parts) - node.level + 1], *([node.module] if node.module else [])])
            else:
                target = (node.module or "").removeprefix("msht_hub").lstrip(".")
            for alias in node.names:
                name = f"{target}.{alias.name}".lstrip(".")
                found.add(name if name in known else target)
        elif isinstance(node, ast.Import):
            found |= {alias.name.removeprefix("msht_hub.") for alias in node.names if alias.name.startswith("msht_hub.")}
    return {name for name in found if name and name != module}


def engine_imports(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if any(name.split(".")[0] in {"mkdocs", "properdocs", "material"} for name in names):
            return True
    return False


def test_every_module_belongs_to_a_declared_layer():
    assert {layer_of(module) for module in modules() if module} <= set(LAYERS)
    assert not [module for module in modules() if "." not in module and module and layer_of(module) not in
                {"faults", "content", "build"} and not (PACKAGE / module).is_dir()], "a module outside the subpackages"


def test_no_import_runs_back_up():
    upward = []
    for module, path in modules().items():
        if not module:
            continue
        own = LAYERS.index(layer_of(module))
        for target in imports_of(path, module):
            if layer_of(target) in LAYERS and LAYERS.index(layer_of(target)) > own:
                upward.append(f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})")
    assert upward == []


def test_only_the_engines_adapters_and_commands_import_an_engine():
    importing = sorted(module for module, path in modules().items() if engine_imports(path))
    assert importing and all(layer_of(module) in {"engines", "commands"} or module == "preview.server" for module in importing), importing


@pytest.mark.parametrize("subpackage", sorted({module.split(".")[0] for module in modules() if "." in module}))
def test_the_readme_describes_each_subpackage(subpackage):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    built = readme[readme.index("## How it is built"):]
    assert f"`{subpackage}/`" in built[:built.index("\n## ", 5)]


def test_the_layer_check_sees_an_import_that_runs_back_up(tmp_path):
    # a reading module importing an output, at the top or inside a function, is found
    path = tmp_path / "catalogue.py"
    path.write_text("from ..outputs import write\n\ndef later():\n    from msht_hub.preview import memory\n", encoding="utf-8")
    found = imports_of(path, "reading.catalogue")
    assert found == {"outputs.write", "preview.memory"}
    assert all(LAYERS.index(layer_of(target)) > LAYERS.index("reading") for target in found)
