import importlib

from django.db import migrations

# On SQLite, 0010's AlterFields remade the slips' table and with it dropped the scan's partial indexes of 0008,
# which no model declares (PostgreSQL altered the table in place and kept them). Creating them again where they
# are missing; IF NOT EXISTS leaves PostgreSQL's as they are.
scan_indexes = importlib.import_module("supervision.migrations.0008_deadline_scan_indexes")


class Migration(migrations.Migration):
    dependencies = [("supervision", "0011_matter_status_redundant_index")]

    operations = [
        migrations.RunSQL(scan_indexes.create(*index), migrations.RunSQL.noop) for index in scan_indexes.INDEXES
    ]
