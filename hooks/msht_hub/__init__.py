"""The MSHT Knowledge Hub: content model, catalogue and build concerns behind the MkDocs hooks."""
