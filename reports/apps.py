from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Governance reports"

    def ready(self) -> None:
        from reports.messages import register_messages

        register_messages()
