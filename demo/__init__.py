"""Fictional demo data for `scripts/run`: staff, people, cases and a timetable, built through the real actions."""
