"""The pages and files the hub makes from the catalogue, and the site plan that assembles them (plan.py)."""
