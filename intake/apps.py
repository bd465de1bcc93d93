from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"

    def ready(self) -> None:
        from casemgr.erasure import register_case_eraser, register_old_record_purger, register_person_eraser
        from intake.erasure import erase_case, erase_person, purge_old_reports
        from intake.flag_kinds import register_flag_kinds

        register_flag_kinds()
        register_case_eraser(erase_case)
        register_person_eraser(erase_person)
        # The retention schedule's record type for reports that never became cases (privacy.models).
        register_old_record_purger("intake_reports", purge_old_reports)
