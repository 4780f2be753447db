from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("supervision", "0007_monthly_reports")]

    operations = []
