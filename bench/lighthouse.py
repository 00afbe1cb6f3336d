"""Lighthouse mobile scores (npm `lighthouse`, against Debian's Chromium) for the home page,
an aide-memoire and a debrief of the shipped content, served from 127.0.0.1 with gzip as a
real web server would, and the bytes transferred for the first load of the aide-memoire.

    python3 dev.py bench-lighthouse            # builds site/ first if it is missing

Lighthouse is fetched with npx into a cache on first use; nothing of it is committed."""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@13.5.0"
PAGES = {"home": "", "aide-memoire": "guides/initial-actions/", "debrief": "debriefs/op-fort/"}
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".webmanifest", ".txt", "/")


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed when the browser accepts it, with a day's caching for assets."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts or not self.path.split("?")[0].endswith(COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        if "/assets/" in self.path:
            self.send_header("Cache-Control", "max-age=86400")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def measure(site: Path) -> dict:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    results = {}
    env = {**os.environ, "CHROME_PATH": os.environ.get("HUB_CHROMIUM", "/usr/bin/chromium")}
    try:
        for name, path in PAGES.items():
            with tempfile.TemporaryDirectory() as work:
                report = Path(work) / "report.json"
                subprocess.run(["npx", "--yes", LIGHTHOUSE, base + path, "--quiet", "--output=json", f"--output-path={report}",
                                "--form-factor=mobile", f"--chrome-flags={FLAGS}"], check=True, env=env, timeout=300)
                data = json.loads(report.read_text())
            results[name] = {
                "scores": {key: round(value["score"] * 100) for key, value in data["categories"].items()
                           if key in ("performance", "accessibility", "best-practices")},
                "bytes_transferred": data["audits"]["total-byte-weight"]["numericValue"],
                "first_contentful_paint_ms": data["audits"]["first-contentful-paint"]["numericValue"],
                "largest_contentful_paint_ms": data["audits"]["largest-contentful-paint"]["numericValue"],
            }
            print(name, json.dumps(results[name]), flush=True)
    finally:
        server.shutdown()
    return results


def main() -> int:
    site = ROOT / "site"
    if not (site / "index.html").exists():
        subprocess.run([sys.executable, str(ROOT / "dev.py"), "build"], check=True)
    results = measure(site)
    target = ROOT / "bench" / "results" / "lighthouse.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
