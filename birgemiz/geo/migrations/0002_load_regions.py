from django.db import migrations


def load(apps, schema_editor):
    from birgemiz.geo.loaders import load_regions

    load_regions(apps.get_model("geo", "Region"), apps.get_model("geo", "City"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
