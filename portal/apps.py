from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Parties' pages"

    def ready(self) -> None:
        from casemgr.erasure import register_case_eraser
        from portal.erasure import erase_case
        from portal.flag_kinds import register_flag_kinds
        from portal.mail import register_messages

        register_flag_kinds()
        register_messages()
        register_case_eraser(erase_case)
