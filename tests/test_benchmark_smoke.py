"""The benchmark runner works end to end at N = 100 (no timing is asserted: the numbers
are recorded by `python3 dev.py bench`, not judged by tests)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import CHROMIUM, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # the benchmark builds and browses hub and stock Material


def test_the_benchmark_runner_measures_hub_and_stock_material_at_100_pages(tmp_path):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Chromium at {CHROMIUM}")
        pytest.skip("the benchmark needs Debian's chromium")
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "100", "--runs", "1", "--browser-runs", "1",
               "--work", str(tmp_path / "work"), "--out", str(tmp_path), "--label", "smoke"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env={**os.environ, "HUB_CHROMIUM": str(CHROMIUM)})
    assert done.returncode == 0, done.stderr[-2000:]
    sys.path.insert(0, str(ROOT / "bench"))
    import report

    results = json.loads((tmp_path / "smoke.json").read_text())
    row = results["sizes"]["100"]
    for tool in ("hub", "stock"):
        data = row[tool]
        assert data["build_seconds"] > 0 and data["peak_mb"] > 0 and data["page_html_bytes"] > 0
        assert data["index_gzip_bytes"] > 0 and data["first_result_ms"]["x4"] > 0
    assert row["hub"]["query_ms"] > 0
    text = report.table(results)
    assert "stock Material" in text and "| 100 | hub |" in text.replace("| 100 | MSHT", "| 100 | hub")
    assert row["hub"]["offline_cache_bytes"] > 0 and row["hub"]["booklet_seconds"] > 0
