from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_work_kind")]

    operations = []
