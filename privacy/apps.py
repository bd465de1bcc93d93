from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Data protection"

    def ready(self) -> None:
        from privacy.flag_kinds import register_kinds

        register_kinds()
