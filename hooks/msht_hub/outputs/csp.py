"""The Content-Security-Policy the whole site works under: written into every page as a
`<meta http-equiv>` (so the file-system edition, a server that sends no header and the
offline copy keep it) and to csp.txt at the site's root for the web server's header, which
alone can carry frame-ancestors (see README and SECURITY.md).

The hub's and Material's templates write no inline script: Material's small inline helpers
are overridden to load from files (overrides/partials/javascripts/). So the policy allows
scripts from the site's own files only, with no hash and no 'unsafe-inline': a script that
content managed to put into a page would not run. `inline_scripts` is the build's guard that
this stays true: a page with an inline script stops the build."""
from __future__ import annotations

import re
import secrets
from pathlib import Path

WRITES = {"csp.txt": "the Content-Security-Policy for the server's header"}  # the paths this output writes (outputs/paths.py)
_INLINE = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPES = ("application/json", "application/ld+json")
_HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")  # ignored (with a console warning) in a <meta> policy


def inline_scripts(html: str) -> list[str]:
    """The bodies of the inline scripts a browser would run (data blocks are not run)."""
    return [body for attributes, body in _INLINE.findall(html)
            if body.strip() and not any(kind in attributes.lower() for kind in _DATA_TYPES)]


def pages_with_inline_scripts(site_dir: Path, newer_than: float = 0.0) -> list[str]:
    """Pages under site_dir (written after `newer_than`, a time stamp) that carry an inline script."""
    return sorted(path.relative_to(site_dir).as_posix() for path in Path(site_dir).rglob("*.html")
                  if (not newer_than or path.stat().st_mtime >= newer_than)
                  and inline_scripts(path.read_text(encoding="utf-8", errors="ignore")))


def pages_without_policy(site_dir: Path, newer_than: float = 0.0) -> list[str]:
    """Pages under site_dir (written after `newer_than`) whose <head> does not open with the policy."""
    meta = meta_tag().encode("utf-8")
    return sorted(path.relative_to(site_dir).as_posix() for path in Path(site_dir).rglob("*.html")
                  if (not newer_than or path.stat().st_mtime >= newer_than) and meta not in path.read_bytes()[:2048])


def page_policy() -> str:
    """The policy as a page carries it: the header's, less what only a header can say."""
    return "; ".join(part for part in policy().split("; ") if not part.startswith(_HEADER_ONLY))


def meta_tag() -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{page_policy()}">'


def policy() -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # Material sets style attributes; styles cannot run code
        "img-src 'self' data:",  # Material's icons are data: SVG in its CSS; content may not use data: (policies/markup.py)
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def allow_reload_script(html: bytes) -> bytes:
    """The preview's page with its live-reload script (the engine's inline <script>, the last
    one of the page) allowed by a nonce of this response alone; every other inline script
    stays refused by the page's policy."""
    at = html.rfind(b"<script>")
    meta = meta_tag().encode("utf-8")
    if at < 0 or meta not in html:
        return html
    nonce = secrets.token_urlsafe(18).encode("ascii")
    html = html[:at] + b'<script nonce="' + nonce + b'">' + html[at + len(b"<script>"):]
    return html.replace(meta, meta.replace(b"script-src 'self'", b"script-src 'self' 'nonce-" + nonce + b"'"), 1)
