"""Legal forms (``data/legal_forms.csv``, from ../shared/data) and the spheres of activity."""

from django.db import migrations

from birgemiz.orgs.loaders import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("orgs", "LegalForm"), apps.get_model("orgs", "Sphere"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
