"""The Content-Security-Policy the whole site works under, written to csp.txt at the site's
root for the web server's configuration (see README and SECURITY.md).

The hub's and Material's templates write no inline script: Material's small inline helpers
are overridden to load from files (overrides/partials/javascripts/). So the policy allows
scripts from the site's own files only, with no hash and no 'unsafe-inline': a script that
content managed to put into a page would not run. `inline_scripts` is the build's guard that
this stays true: a page with an inline script stops the build."""
from __future__ import annotations

import re
from pathlib import Path

_INLINE = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPES = ("application/json", "application/ld+json")


def inline_scripts(html: str) -> list[str]:
    """The bodies of the inline scripts a browser would run (data blocks are not run)."""
    return [body for attributes, body in _INLINE.findall(html)
            if body.strip() and not any(kind in attributes.lower() for kind in _DATA_TYPES)]


def pages_with_inline_scripts(site_dir: Path, newer_than: float = 0.0) -> list[str]:
    """Pages under site_dir (written after `newer_than`, a time stamp) that carry an inline script."""
    return sorted(path.relative_to(site_dir).as_posix() for path in Path(site_dir).rglob("*.html")
                  if (not newer_than or path.stat().st_mtime >= newer_than)
                  and inline_scripts(path.read_text(encoding="utf-8", errors="ignore")))


def policy() -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # Material sets style attributes; styles cannot run code
        "img-src 'self' data:",  # Material's icons are data: SVG in its CSS; content may not use data: (markup_policy)
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
