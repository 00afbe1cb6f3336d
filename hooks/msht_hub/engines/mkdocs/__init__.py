"""MkDocs (and ProperDocs): its configuration, files and errors, and page conversion through the render cache."""
