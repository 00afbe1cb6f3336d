"""Whether this process is the editors' preview (`mkdocs serve`). Kept here, in a module
imported once, because the hooks module is loaded afresh for every rebuild.

The preview answers quickly and never shows a stale page: it makes no booklet PDFs (the
online booklet page is built as usual; `python3 dev.py build` makes the PDFs), and it keeps
nothing offline: its service worker removes any saved copy, so every edit shows at once."""
from __future__ import annotations

serving = False
