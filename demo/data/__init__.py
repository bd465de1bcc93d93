"""Fictional demo data for `manage.py seed_demo`: staff, people, cases built through the real actions."""
