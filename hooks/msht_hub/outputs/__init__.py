"""The files written beside the pages: search index, booklet PDFs, offline copy, CSP, fonts, the zip edition."""
