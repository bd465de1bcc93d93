from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"

    def ready(self) -> None:
        from cases.flag_kinds import register_flag_kinds

        register_flag_kinds()
