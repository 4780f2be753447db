from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("supervision", "0009_page_indexes")]

    operations = []
