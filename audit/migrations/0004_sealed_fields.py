# The trail holds people by id (the username column goes in 0006, once 0005 has re-sealed the rows),
# seals its erasable texts by digest, may hold rows not linked yet, and indexes the cases exports name.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_export_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEntryCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('case_id', models.BigIntegerField()),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='case_links', to='audit.auditentry')),
            ],
            options={
                'verbose_name': 'case named by an audit entry',
                'verbose_name_plural': 'cases named by audit entries',
                'constraints': [models.UniqueConstraint(fields=('case_id', 'entry'), name='audit_entry_case_once')],
            },
        ),
        migrations.AlterModelOptions(
            name='auditentry',
            options={'ordering': [models.OrderBy(models.F('seq'), nulls_last=True), 'id'], 'verbose_name': 'audit entry', 'verbose_name_plural': 'audit entries'},
        ),
        migrations.RemoveIndex(
            model_name='auditentry',
            name='audit_export_seq',
        ),
        # The same column (actor_id) and index, now known to Django as a relation to the account, so that
        # names are read by a join; no constraint, so the trail outlives accounts.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name='auditentry', name='audit_actor_seq'),
                migrations.RemoveField(model_name='auditentry', name='actor_id'),
                migrations.AddField(
                    model_name='auditentry',
                    name='actor',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who'),
                ),
                migrations.AddIndex(
                    model_name='auditentry',
                    index=models.Index(fields=['actor', 'seq'], name='audit_actor_seq'),
                ),
            ],
        ),
        migrations.AddField(
            model_name='auditentry',
            name='digests',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='redacted_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='seq',
            field=models.BigIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(condition=models.Q(('seq__isnull', True)), fields=['id'], name='audit_unlinked'),
        ),
    ]
