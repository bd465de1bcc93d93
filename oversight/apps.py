from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "Overdue flags"

    def ready(self) -> None:
        from oversight import kinds, messages
        from oversight.failures import SweepFailure
        from oversight.mail import MailGivenUp

        messages.register_messages()
        kinds.register(SweepFailure())
        kinds.register(MailGivenUp())
