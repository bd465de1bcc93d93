from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from evidence import checks  # noqa: F401 - registers the system check
        from evidence.messages import register_messages

        register_messages()
