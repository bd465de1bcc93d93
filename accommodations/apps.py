from django.apps import AppConfig


class AccommodationsConfig(AppConfig):
    name = "accommodations"
    verbose_name = "Interim measures"

    def ready(self) -> None:
        from accommodations.closing import measures_blocking_closure
        from accommodations.flag_kinds import register_flag_kinds
        from accommodations.tutor_messages import register_messages
        from cases.workflow import CLOSING_BLOCKERS

        register_flag_kinds()
        register_messages()
        if measures_blocking_closure not in CLOSING_BLOCKERS:
            CLOSING_BLOCKERS.append(measures_blocking_closure)
