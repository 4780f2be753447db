from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("supervision", "0008_deadline_scan_indexes")]

    operations = []
