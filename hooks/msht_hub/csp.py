"""A Content-Security-Policy the whole site works under. Material puts small inline scripts
in every page (they differ only with the page's depth); each distinct one is allowed by its
hash, computed here from the built pages, so no 'unsafe-inline' is needed for scripts.
Written to csp.txt at the site's root for the web server's configuration (see README)."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_INLINE = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)


def inline_script_hashes(site_dir: Path) -> list[str]:
    hashes = set()
    for path in site_dir.rglob("*.html"):
        for attributes, body in _INLINE.findall(path.read_text(encoding="utf-8", errors="ignore")):
            if "application/json" in attributes or not body.strip():
                continue  # a data block is never run
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def policy(hashes: list[str]) -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(hashes),
        "style-src 'self' 'unsafe-inline'",  # Material sets style attributes; styles cannot run code
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
