"""The conduct office's working pages: the case list, the case page and the overdue-flag dashboards.

They compose what the apps below them hold (cases, measures, flags); each app's own action pages stay
with the app (cases.views, accommodations.views, evidence.views).
"""
