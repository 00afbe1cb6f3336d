"""Every test can fail: the suite is read with the ast module and refused where an
assertion can never be false (`len(x) >= 0`, `.count() >= 0`, `assert True`, `... or True`,
a value compared with itself), where any exception at all is accepted
(`pytest.raises(Exception)`, a bare `except:` or `except Exception:` in a test), or where a
test checks nothing (no `assert`, no `pytest.raises`, no Playwright `expect`, no call of a
helper that does one of these)."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ANY_EXCEPTION = {"Exception", "BaseException"}
CHECKS = {"raises", "fail", "expect"}  # pytest.raises/fail/skip, Playwright's expect


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"tests/{self.file}:{self.line}: {self.what}"


def _name(node: ast.AST) -> str:
    """The last name of a call's target: `pytest.raises` -> raises, `expect` -> expect."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _is_size(node: ast.AST) -> bool:
    """len(x) or x.count(...): a size, which is never negative."""
    return isinstance(node, ast.Call) and _name(node.func) in ("len", "count")


def _is_zero(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == 0 and not isinstance(node.value, bool)


def _never_false(test: ast.expr) -> str | None:
    """Why an asserted expression can never be false, or None."""
    if isinstance(test, ast.Constant) and test.value:
        return f"`assert {test.value!r}` can never fail"
    if isinstance(test, ast.BoolOp):
        if isinstance(test.op, ast.Or) and any(isinstance(value, ast.Constant) and value.value for value in test.values):
            return "`... or True` can never fail"
        for value in test.values:
            if isinstance(test.op, ast.Or):
                why = _never_false(value)
                if why:
                    return why
    if isinstance(test, ast.Compare):
        left = test.left
        for op, right in zip(test.ops, test.comparators):
            if isinstance(op, ast.GtE) and _is_size(left) and _is_zero(right):
                return "a size is never below 0: `>= 0` can never fail"
            if isinstance(op, ast.LtE) and _is_zero(left) and _is_size(right):
                return "a size is never below 0: `0 <= ...` can never fail"
            if isinstance(op, (ast.Eq, ast.Is, ast.GtE, ast.LtE)) and ast.dump(left) == ast.dump(right) \
                    and not isinstance(left, ast.Constant):
                return "a value compared with itself can never differ"
            left = right
    return None


def _any_exception(node: ast.AST | None) -> bool:
    if node is None:
        return True
    if isinstance(node, ast.Tuple):
        return any(_any_exception(element) for element in node.elts)
    return _name(node) in ANY_EXCEPTION


class _Module:
    def __init__(self, path: Path) -> None:
        self.file = path.relative_to(TESTS).as_posix()
        self.tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        self.functions = {node.name: node for node in ast.walk(self.tree)
                          if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _modules() -> list[_Module]:
    return [_Module(path) for path in sorted(TESTS.rglob("*.py"))]


def _checks_directly(function: ast.AST) -> bool:
    for node in ast.walk(function):
        if isinstance(node, (ast.Assert, ast.Raise)):
            return True
        if isinstance(node, ast.Call) and _name(node.func) in CHECKS:
            return True
    return False


def _checking_helpers(modules: list[_Module]) -> set[str]:
    """Names of functions anywhere in tests/ that check something, themselves or through
    another such function (fixtures and helpers shared by conftest.py included)."""
    functions = {name: node for module in modules for name, node in module.functions.items()}
    checking = {name for name, node in functions.items() if _checks_directly(node)}
    grown = True
    while grown:
        grown = False
        for name, node in functions.items():
            if name in checking:
                continue
            if any(isinstance(call, ast.Call) and _name(call.func) in checking for call in ast.walk(node)):
                checking.add(name)
                grown = True
    return checking


def findings(modules: list[_Module]) -> list[Finding]:
    checking = _checking_helpers(modules)
    found: list[Finding] = []
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Assert):
                why = _never_false(node.test)
                if why:
                    found.append(Finding(module.file, node.lineno, why))
            elif isinstance(node, ast.Call) and _name(node.func) == "raises" and node.args and _any_exception(node.args[0]):
                found.append(Finding(module.file, node.lineno, "pytest.raises(Exception) accepts any error; name the one expected"))
            elif isinstance(node, ast.ExceptHandler) and _any_exception(node.type):
                found.append(Finding(module.file, node.lineno, "`except Exception` hides what went wrong; catch the error expected"))
        for name, function in module.functions.items():
            if name.startswith("test_") and not _checks_directly(function) \
                    and not any(isinstance(call, ast.Call) and _name(call.func) in checking for call in ast.walk(function)):
                found.append(Finding(module.file, function.lineno, f"{name} checks nothing: no assert, pytest.raises or expect"))
    return found


def test_no_assertion_in_the_suite_can_never_fail():
    assert [str(finding) for finding in findings(_modules())] == []


NEVER_FAILING = {
    "assert tab.locator('.x').count() >= 0": "a size is never below 0",
    "assert len(items) >= 0": "a size is never below 0",
    "assert 0 <= len(items)": "a size is never below 0",
    "assert True": "can never fail",
    "assert ok or True": "or True",
    "assert result == result": "compared with itself",
    "with pytest.raises(Exception):\n    run()": "accepts any error",
    "with pytest.raises((ValueError, BaseException)):\n    run()": "accepts any error",
    "try:\n    run()\nexcept Exception:\n    pass": "except Exception",
    "try:\n    run()\nexcept:\n    pass": "except Exception",
}


@pytest.mark.parametrize("body", NEVER_FAILING)
def test_each_pattern_that_cannot_fail_is_found(tmp_path, body):
    source = tmp_path / "test_example.py"
    source.write_text("def test_example():\n" + "".join(f"    {line}\n" for line in body.splitlines()) + "    assert run() == 2\n")
    module = _Module.__new__(_Module)
    module.file, module.tree = source.name, ast.parse(source.read_text())
    module.functions = {node.name: node for node in ast.walk(module.tree) if isinstance(node, ast.FunctionDef)}
    found = findings([module])
    assert len(found) == 1 and NEVER_FAILING[body] in found[0].what, found


@pytest.mark.parametrize("body, silent", [
    ("run()", False),
    ("assert run() == 2", True),
    ("check(run())", True),          # a helper that asserts
    ("expect(tab).to_have_title('Hub')", True),
    ("with pytest.raises(ValueError):\n    run()", True),
    ("assert box['y'] >= 0", True),  # a position can be negative: a real check
])
def test_a_test_that_checks_nothing_is_found_and_one_that_checks_is_not(tmp_path, body, silent):
    source = "def check(value):\n    assert value\n\ndef test_example():\n" + "".join(f"    {line}\n" for line in body.splitlines())
    module = _Module.__new__(_Module)
    module.file, module.tree = "test_example.py", ast.parse(source)
    module.functions = {node.name: node for node in ast.walk(module.tree) if isinstance(node, ast.FunctionDef)}
    assert (findings([module]) == []) is silent
