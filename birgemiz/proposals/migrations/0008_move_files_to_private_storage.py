"""Files uploaded before 0007 lie under MEDIA_ROOT (served from /media/ by the proxy): move them
to the private storage the fields now use, so a hidden proposal's files stop being public."""

from django.core.files.storage import default_storage
from django.db import migrations


def move_files(apps, schema_editor):
    from birgemiz.core.uploads import private_storage

    private = private_storage()
    for model, field in (("Attachment", "file"), ("ProposalEvent", "document")):
        for name in apps.get_model("proposals", model).objects.exclude(**{field: ""}).values_list(field, flat=True):
            if not name or private.exists(name) or not default_storage.exists(name):
                continue
            with default_storage.open(name, "rb") as public_file:
                private.save(name, public_file)
            default_storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0007_private_files")]
    operations = [migrations.RunPython(move_files, migrations.RunPython.noop)]
