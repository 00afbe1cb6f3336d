"""The Nu HTML Checker (vnu.jar, from npm's vnu-jar, on the machine's Java) finds no error
in the HTML our templates write. Errors that come from Material's own templates, which the
hub does not copy, are listed here by message and documented in the README."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # the Nu HTML Checker, a Java program, over whole built sites

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FROM_MATERIAL = [
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off"
    re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"),
    # partials/nav-item.html: section labels get tabindex="" when navigation.sections is on
    re.compile(r"^Bad value “” for attribute “tabindex” on element “label”"),
    # partials/toc.html: a label for the table of contents' toggle, which the page hides
    re.compile(r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control"),
]
PAGES = [
    "index.html", "roles/frontline/index.html", "guides/index.html", "guides/initial-actions/index.html",
    "guides/nrm-first-responders/index.html", "guides/nrm-referrals-2019/index.html", "debriefs/index.html",
    "debriefs/op-fort/index.html", "training/index.html", "training/general-awareness/index.html", "lessons/index.html",
    "search/index.html", "glossary/index.html", "whats-new/index.html", "booklets/first-contact/index.html",
    "accessibility/index.html", "help/index.html", "offline/index.html", "404.html",
    "guides/nrm/index.html", "guides/county-lines-interim-note/index.html", "b/fc/index.html",
]


def test_the_nu_html_checker_finds_no_error_of_ours(shipped_site, tmp_path):
    java = shutil.which("java")
    if not VNU.exists() or java is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Java and vnu.jar (python3 dev.py test runs npm ci; .ci/run installs Java)")
        pytest.skip("needs Java and vnu.jar (npm ci)")
    control = tmp_path / "control.html"  # proves the checker ran and its report was read
    control.write_text("<!doctype html><html lang=en><title>x</title><p><div></span>", encoding="utf-8")
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", str(control),
                           *[str(shipped_site / p) for p in PAGES]], capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    assert any(m["url"].endswith("control.html") for m in messages)
    ours = [f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
            if m["type"] == "error" and not m["url"].endswith("control.html")
            and not any(rule.search(m["message"]) for rule in FROM_MATERIAL)]
    assert ours == []
