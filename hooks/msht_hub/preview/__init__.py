"""The editors' preview: what it remembers between rebuilds, and its server."""
