"""Entries already in the table were hashed with plain SM3 (version 1); every new one is HMAC-SM3 (version 2).

Adding a column with a default is not an UPDATE, so the append-only trigger lets it through.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="链版本"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=2, verbose_name="链版本"),
        ),
    ]
