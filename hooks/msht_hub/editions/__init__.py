"""A force's edition: its layer over the national library."""
