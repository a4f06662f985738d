from django.db import migrations

from hexad.transfer.defaults import seed


class Migration(migrations.Migration):
    dependencies = [("transfer", "0001_import_batches_and_salesforce_roles"), ("roles", "0002_seed_six_roles")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
