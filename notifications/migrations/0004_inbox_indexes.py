from django.db import migrations

# The inbox's list, newest first, and its counts read the user's entries of this index only; the unread count
# and the unread tab have the partial index ``notification_unread``.
INBOX_INDEX = (
    "CREATE INDEX IF NOT EXISTS notification_inbox "
    "ON notifications_notification (recipient_id, created_at DESC, id DESC)"
)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_work_kind")]

    operations = [
        migrations.RunSQL(INBOX_INDEX, reverse_sql="DROP INDEX IF EXISTS notification_inbox"),
    ]
