from django.db import migrations

from hexad.roles.catalogue import SIX_ROLES

# A new instance starts with three tiers; administrators rename or change them freely.
TIERS = [
    ("Tier 1 — Strategic", 1, 60, [role["key"] for role in SIX_ROLES]),
    ("Tier 2 — Key", 2, 50, ["results-driver", "relationship-manager", "technical-expert",
                             "project-manager"]),
    ("Tier 3 — Development", 3, 40, ["results-driver", "relationship-manager"]),
]


def seed(apps, schema_editor):
    Tier = apps.get_model("accounts", "Tier")
    Role = apps.get_model("roles", "Role")
    if Tier.objects.exists():
        return
    for name, rank, minimum, keys in TIERS:
        tier = Tier.objects.create(name=name, rank=rank, minimum_coverage=minimum)
        tier.required_roles.set(Role.objects.filter(key__in=keys))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("roles", "0002_seed_six_roles")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
