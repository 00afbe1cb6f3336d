"""Every test can fail: the suite is read with the ast module and refused where an
assertion can never be false (`len(x) >= 0`, `.count() >= 0`, `len(x) > -1`, a size's name
`>= 0`, `assert True`, `... or True`, a non-empty tuple, list or f-string asserted, two
constants compared, a value compared with itself, a call compared with the same call made
just before), where any exception at all is accepted (`pytest.raises(Exception)`, a bare
`except:` or `except Exception:` in a test, `contextlib.suppress(Exception)`), where a test
checks nothing (no `assert`, no `pytest.raises`, no Playwright `expect`, no call of a helper
that does one of these; a skip is not a check) or only that every item of something is right
(`assert all(...)` alone passes when there is nothing), and where a test sleeps for a fixed
time (`time.sleep`, `wait_for_timeout`, `asyncio.sleep`, a script's `setTimeout`) instead of
waiting on a condition: tests/waiting.py holds the waits, and the one fixed wait, named for
what it proves does not happen."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ANY_EXCEPTION = {"Exception", "BaseException"}
SLEEPS = {"sleep", "wait_for_timeout"}  # time.sleep, asyncio.sleep, Playwright's page.wait_for_timeout
WAITS = "waiting.py"  # the one module that may pause: between polls of a condition, and nothing_happens_for
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


def _is_number(node: ast.AST, value: int) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _is_number(node.operand, -value)
    return isinstance(node, ast.Constant) and node.value == value and not isinstance(node.value, bool)


def _is_zero(node: ast.AST) -> bool:
    return _is_number(node, 0)


def _sizes(function: ast.AST) -> set[str]:
    """Names a function gives a size to (`n = len(x)`, `shown = tab.locator(...).count()`)."""
    return {target.id for node in ast.walk(function) if isinstance(node, ast.Assign) and _is_size(node.value)
            for target in node.targets if isinstance(target, ast.Name)}


def _never_false(test: ast.expr, sizes: frozenset[str] = frozenset()) -> str | None:
    """Why an asserted expression can never be false, or None; `sizes` are the names that
    hold a size in the function the assertion is in."""
    def is_size(node: ast.AST) -> bool:
        return _is_size(node) or (isinstance(node, ast.Name) and node.id in sizes)

    if isinstance(test, ast.Constant) and test.value:
        return f"`assert {test.value!r}` can never fail"
    if isinstance(test, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.JoinedStr)) and \
            (test.keys if isinstance(test, ast.Dict) else test.values if isinstance(test, ast.JoinedStr) else test.elts):
        return "a non-empty tuple, list, set, dict or f-string is always true: `assert (a, b)` can never fail"
    if isinstance(test, ast.BoolOp):
        if isinstance(test.op, ast.Or) and any(isinstance(value, ast.Constant) and value.value for value in test.values):
            return "`... or True` can never fail"
        for value in test.values:
            if isinstance(test.op, ast.Or):
                why = _never_false(value, sizes)
                if why:
                    return why
    if isinstance(test, ast.Compare):
        left = test.left
        for op, right in zip(test.ops, test.comparators):
            if isinstance(op, ast.GtE) and is_size(left) and _is_zero(right):
                return "a size is never below 0: `>= 0` can never fail"
            if isinstance(op, ast.LtE) and _is_zero(left) and is_size(right):
                return "a size is never below 0: `0 <= ...` can never fail"
            if (isinstance(op, ast.Gt) and is_size(left) and _is_number(right, -1)) or \
                    (isinstance(op, ast.Lt) and _is_number(left, -1) and is_size(right)):
                return "a size is never below 0: `> -1` can never fail"
            if isinstance(left, ast.Constant) and isinstance(right, ast.Constant):
                return "two constants compared: the answer is fixed before the test runs"
            if isinstance(op, (ast.Eq, ast.Is, ast.GtE, ast.LtE)) and ast.dump(left) == ast.dump(right) \
                    and not isinstance(left, ast.Constant):
                return "a value compared with itself can never differ"
            left = right
    return None


def _same_call_twice(function: ast.AST) -> list[int]:
    """Lines where a call's result is compared with the same call made just before it
    (`first = built()` then `assert first == built()`): in one process, the code compared
    with itself. (A snapshot taken, something done, then taken again is a real check.)"""
    lines = []
    for node in ast.walk(function):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for first, then in zip(body, body[1:]):
            if not (isinstance(first, ast.Assign) and len(first.targets) == 1 and isinstance(first.targets[0], ast.Name)
                    and isinstance(first.value, ast.Call) and isinstance(then, ast.Assert) and isinstance(then.test, ast.Compare)):
                continue
            name, made = first.targets[0].id, ast.dump(first.value)
            sides = [then.test.left, *then.test.comparators]
            if any(isinstance(side, ast.Name) and side.id == name for side in sides) and \
                    any(ast.dump(side) == made for side in sides):
                lines.append(then.lineno)
    return lines


def _only_checks_every(function: ast.AST) -> bool:
    """The test's one check is `assert all(...)`, true of nothing at all."""
    asserts = [node for node in ast.walk(function) if isinstance(node, ast.Assert)]
    other = any(isinstance(node, ast.Call) and _name(node.func) in CHECKS for node in ast.walk(function))
    return len(asserts) == 1 and not other and isinstance(asserts[0].test, ast.Call) and _name(asserts[0].test.func) == "all"


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
        sizes: dict[int, frozenset[str]] = {}
        for function in module.functions.values():  # outer functions first: an inner one's names win
            named = frozenset(_sizes(function))
            sizes.update({id(node): named for node in ast.walk(function)})
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Assert):
                why = _never_false(node.test, sizes.get(id(node), frozenset()))
                if why:
                    found.append(Finding(module.file, node.lineno, why))
            elif isinstance(node, ast.Call) and _name(node.func) in ("raises", "suppress") and node.args \
                    and any(_any_exception(argument) for argument in node.args):
                found.append(Finding(module.file, node.lineno, f"{_name(node.func)}(Exception) accepts any error; name the one expected"))
            elif isinstance(node, ast.ExceptHandler) and _any_exception(node.type):
                found.append(Finding(module.file, node.lineno, "`except Exception` hides what went wrong; catch the error expected"))
        for name, function in module.functions.items():
            for line in _same_call_twice(function):
                found.append(Finding(module.file, line, "a call compared with the same call made just before: the code compared with itself"))
            if not name.startswith("test_"):
                continue
            if not _checks_directly(function) \
                    and not any(isinstance(call, ast.Call) and _name(call.func) in checking for call in ast.walk(function)):
                found.append(Finding(module.file, function.lineno, f"{name} checks nothing: no assert, pytest.raises or expect"))
            elif _only_checks_every(function) \
                    and not any(isinstance(call, ast.Call) and _name(call.func) in checking for call in ast.walk(function)):
                found.append(Finding(module.file, function.lineno,
                                     f"{name} only asserts all(...), which is true of nothing: check there is something"))
    return found


def fixed_waits(modules: list[_Module]) -> list[Finding]:
    """Every pause for a fixed time outside tests/waiting.py."""
    return [Finding(module.file, node.lineno, f"`{ast.unparse(node.func)}(...)` waits for a time: wait on the condition "
                                              "(tests/waiting.py), or say with nothing_happens_for what must not happen")
            for module in modules if module.file != WAITS
            for node in ast.walk(module.tree) if isinstance(node, ast.Call) and _name(node.func) in SLEEPS]


def script_waits() -> list[str]:
    """A JavaScript test that waits for a time (`setTimeout`, a `sleep` helper) instead of on a promise."""
    import re

    return [f"tests/{path.relative_to(TESTS).as_posix()}:{number}: waits for a time: await what it waits for"
            for path in sorted(TESTS.rglob("*.js")) if "node_modules" not in path.parts
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if re.search(r"\bsetTimeout\s*\(|\bsleep\s*\(", line)]


def test_no_assertion_in_the_suite_can_never_fail():
    assert [str(finding) for finding in findings(_modules())] == []


def test_no_test_waits_for_a_fixed_time():
    assert [str(finding) for finding in fixed_waits(_modules())] + script_waits() == []


NEVER_FAILING = {
    "assert tab.locator('.x').count() >= 0": "a size is never below 0",
    "assert len(items) >= 0": "a size is never below 0",
    "assert 0 <= len(items)": "a size is never below 0",
    "assert True": "can never fail",
    "assert ok or True": "or True",
    "assert result == result": "compared with itself",
    "assert len(items) > -1": "`> -1` can never fail",
    "shown = tab.locator('.x').count()\nassert shown >= 0": "a size is never below 0",
    "assert (result, 'the reason')": "non-empty tuple",
    "assert f'{result}'": "non-empty tuple, list, set, dict or f-string",
    "assert 2 == 2": "two constants compared",
    "first = built()\nassert first == built()": "the code compared with itself",
    "with contextlib.suppress(Exception):\n    run()": "accepts any error",
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


@pytest.mark.parametrize("body", [
    "time.sleep(0.5)",
    "sleep(0.5)",
    "tab.wait_for_timeout(300)",
    "asyncio.sleep(1)",
])
def test_each_wait_for_a_fixed_time_is_found(body):
    module = _Module.__new__(_Module)
    module.file, module.tree = "test_example.py", ast.parse(f"def test_example(tab):\n    {body}\n    assert run() == 2\n")
    module.functions = {}
    assert [finding.line for finding in fixed_waits([module])] == [2]
    module.file = WAITS  # where the waits on a condition, and the one named fixed wait, are kept
    assert fixed_waits([module]) == []


@pytest.mark.parametrize("body, silent", [
    ("run()", False),
    ("pytest.skip('not here')", False),  # a skip is not a check
    ("assert all(item.ok for item in run())", False),  # true when run() gives nothing
    ("items = run()\nassert items\nassert all(item.ok for item in items)", True),
    ("before = digest()\nrun()\nassert digest() == before", True),  # a snapshot, an action, a snapshot: a real check
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
