import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Each foreign key's own index duplicates the first column of a wider one (delivery_once_per_channel;
# notification_once_per_step and notification_inbox). Only the indexes go: AlterField would also drop and
# re-create the foreign keys, which re-checks every row of the largest tables under an exclusive lock.
DROPS = [
    ("notifications_delivery_notification_id_ea8dc048", "notifications_delivery", "notification_id"),
    ("notifications_notification_recipient_id_d055f3f0", "notifications_notification", "recipient_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_inbox_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" ("{column}")',
                )
                for index, table, column in DROPS
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="delivery",
                    name="notification",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="notifications.notification",
                        verbose_name="消息",
                    ),
                ),
                migrations.AlterField(
                    model_name="notification",
                    name="recipient",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="接收人",
                    ),
                ),
            ],
        ),
    ]
