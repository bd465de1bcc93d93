"""The default retention schedule (casemgr/1, Retention): cases and their evidence 7 years after closure;
sign-in records 2 years and finished notifications 7 years after they were made; intake reports that
never became cases 1 year. An institution edits or adds versions in the admin."""

import datetime as dt

from django.db import migrations

RULES = [
    ("cases", 84, "case_closed"),
    ("evidence", 84, "case_closed"),
    ("sign_in_records", 24, "created"),
    ("notifications", 84, "created"),
    ("intake_reports", 12, "created"),
]


def seed(apps, schema_editor):
    Schedule = apps.get_model("privacy", "RetentionSchedule")
    Rule = apps.get_model("privacy", "RetentionRule")
    schedule, created = Schedule.objects.get_or_create(
        name="Default", defaults={"effective_from": dt.date(2000, 1, 1), "request_days": 40}
    )
    if created:
        Rule.objects.bulk_create(
            Rule(schedule=schedule, record_type=t, months=m, counted_from=c) for t, m, c in RULES
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
