import datetime as dt

from django.db import migrations

MEASURE_DAYS = {
    "class_separation": (2, 5),
    "no_contact_directive": (2, 5),
    "tutor_notification": (5, 10),
    "exam_arrangement": (5, 10),
    "housing_change": (5, 10),
    "campus_access_restriction": (5, 10),
    "support_referral": (5, 10),
}
STAGE_RULES = {
    "received": ("received", 10),
    "preliminary_assessment": ("received", 10),
    "investigation": ("entered", 40),
}


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Policy = apps.get_model("deadlines", "DeadlinePolicy")
    MeasureRule = apps.get_model("deadlines", "MeasureDeadlineRule")
    StageRule = apps.get_model("deadlines", "StageDeadlineRule")
    policy = Policy.objects.create(
        name="casemgr/1 default",
        effective_from=dt.date(2000, 1, 1),
        dormancy_working_days=15,
        level_2_after_working_days=5,
        level_3_after_working_days=15,
    )
    for measure_type, (decide, implement) in MEASURE_DAYS.items():
        MeasureRule.objects.create(
            policy=policy,
            measure_type=measure_type,
            decision_working_days=decide,
            implementation_working_days=implement,
        )
    for stage, (basis, days) in STAGE_RULES.items():
        StageRule.objects.create(policy=policy, stage=stage, basis=basis, working_days=days)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
