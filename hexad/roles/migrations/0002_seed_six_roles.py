from django.db import migrations

from hexad.roles.catalogue import SIX_ROLES


def seed(apps, schema_editor):
    Role = apps.get_model("roles", "Role")
    for text in SIX_ROLES:
        Role.objects.update_or_create(
            key=text["key"], defaults={**text, "is_builtin": True}
        )


class Migration(migrations.Migration):
    dependencies = [("roles", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
