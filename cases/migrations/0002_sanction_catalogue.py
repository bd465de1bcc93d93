from django.db import migrations

# (code, English, Traditional Chinese, statutory, parameter)
CATALOGUE = [
    ("reprimand", "Reprimand", "譴責", True, "none"),
    ("fine", "Fine", "罰款", True, "amount"),
    ("withdrawal_from_courses", "Withdrawal from courses", "停修課程", True, "courses"),
    ("withdrawal_from_examinations", "Withdrawal from examinations", "取消考試資格", True, "courses"),
    ("suspension", "Suspension", "停學", True, "months"),
    ("expulsion", "Expulsion", "開除學籍", True, "none"),
    ("warning_letter", "Warning letter (not a statutory sanction)", "警告信（非法定處分）", False, "none"),
    ("apology", "Apology (not a statutory sanction)", "道歉（非法定處分）", False, "none"),
    ("no_further_action", "No further action", "不採取進一步行動", False, "none"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    SanctionType = apps.get_model("cases", "SanctionType")
    for position, (code, name_en, name_zh, statutory, parameter) in enumerate(CATALOGUE):
        SanctionType.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_zh_hant": name_zh,
                "statutory": statutory,
                "parameter": parameter,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
