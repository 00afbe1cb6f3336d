"""The editors' commands (`hub ...`): check, new, serve, import, cms, editions, schema, report."""
