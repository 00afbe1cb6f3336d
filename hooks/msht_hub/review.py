"""Review status of a page: current, due soon or overdue, from its review_due date."""
from __future__ import annotations

from datetime import date, timedelta

STATES = {"current": "Current", "due-soon": "Review due soon", "overdue": "Review overdue"}


def review_state(review_due: date, today: date, due_soon_days: int) -> str:
    if review_due < today:
        return "overdue"
    if review_due <= today + timedelta(days=due_soon_days):
        return "due-soon"
    return "current"
