# The trail keeps people by internal id only; usernames are read from the account at display.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_reseal_with_key'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='auditentry',
            name='actor_username',
        ),
    ]
