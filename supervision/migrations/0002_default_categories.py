from django.db import migrations

CATEGORIES = [
    "党组决策部署督察",
    "上级院部署督察",
    "司法办案督察",
    "检风检纪督察",
    "专项督察",
    "内部审计",
    "机关作风督察",
    "其他",
]


def add_categories(apps, schema_editor):
    MatterCategory = apps.get_model("supervision", "MatterCategory")
    for order, name in enumerate(CATEGORIES):
        MatterCategory.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
