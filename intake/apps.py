from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"

    def ready(self) -> None:
        from intake.flag_kinds import register_flag_kinds

        register_flag_kinds()
