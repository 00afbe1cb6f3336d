"""The benchmark runner works end to end at N = 100: every figure is measured (a real
number in a range a build of 100 pages can have, not a placeholder) and the report prints
the figures of the result as they are. Floors are recorded by `python3 dev.py bench`, not
judged here."""
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
        assert 0.1 < data["build_seconds"] < 300 and len(data["build_seconds_all"]) == 1, data
        assert 20 < data["peak_mb"] < 4000, data
        assert 1_000 < data["page_html_bytes"] < 1_000_000 and data["site_bytes"] > 100 * data["page_html_bytes"] / 10, data
        assert 0 < data["index_gzip_bytes"] < data["index_bytes"], data  # compressed, so smaller
        assert 0 < data["first_result_ms"]["x1"] < 60_000 and 0 < data["first_result_ms"]["x4"] < 60_000, data
    assert 0 < row["hub"]["query_ms"] < 10_000
    assert 0 < row["hub"]["offline_cache_bytes"] < row["hub"]["site_bytes"] * 2 and row["hub"]["booklet_seconds"] > 0
    text = report.table(results).splitlines()
    hub = next(line for line in text if line.startswith("| 100 | hub |"))
    stock = next(line for line in text if line.startswith("| 100 | stock Material |"))
    for line, data in ((hub, row["hub"]), (stock, row["stock"])):  # the report shows this result's own figures
        assert f"| {data['build_seconds']:.1f} (" in line and f"| {data['peak_mb']:.0f} MB |" in line, line
        assert f"{data['first_result_ms']['x1']:.0f} / {data['first_result_ms']['x4']:.0f}" in line, line
    assert f"| {row['hub']['booklet_seconds']:.1f} |" in next(line for line in text if line.startswith("| 100 | ") and "MB |" in line
                                                             and line.count("|") == 5)
