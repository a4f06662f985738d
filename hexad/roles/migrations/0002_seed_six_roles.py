from django.db import migrations

from hexad.roles.catalogue import SIX_ROLES


FIELDS = ("order", "name_en", "name_pl", "purpose_en", "purpose_pl", "missing_en",
          "missing_pl", "tips_en", "tips_pl")


def seed(apps, schema_editor):
    Role = apps.get_model("roles", "Role")
    for text in SIX_ROLES:
        Role.objects.update_or_create(
            key=text["key"],
            defaults={**{name: text[name] for name in FIELDS}, "is_builtin": True},
        )


class Migration(migrations.Migration):
    dependencies = [("roles", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
