from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Governance reports"

    def ready(self) -> None:
        from cases.changes import CHANGE_LISTENERS
        from reports.derived import mark_stale
        from reports.messages import register_messages

        register_messages()
        if mark_stale not in CHANGE_LISTENERS:
            CHANGE_LISTENERS.append(mark_stale)
