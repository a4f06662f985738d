from django.core.validators import MinValueValidator
from django.db import migrations, models

# Review cadence of the three default tiers (days between reviews of each kind; None: not
# required). Tiers an administrator created or renamed keep the field defaults.
CADENCE = {
    "Tier 1 — Strategic": (30, 90, 180),
    "Tier 2 — Key": (60, 90, 365),
    "Tier 3 — Development": (90, 180, None),
}


def seed(apps, schema_editor):
    Tier = apps.get_model("accounts", "Tier")
    for name, (check_in, quarterly, executive) in CADENCE.items():
        Tier.objects.filter(name=name).update(
            check_in_days=check_in,
            quarterly_review_days=quarterly,
            executive_review_days=executive,
        )


def cadence_field(label, default, help_text):
    return models.PositiveSmallIntegerField(
        blank=True,
        default=default,
        help_text=help_text,
        null=True,
        validators=[MinValueValidator(1)],
        verbose_name=label,
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_default_tiers")]

    operations = [
        migrations.AddField(
            model_name="tier",
            name="check_in_days",
            field=cadence_field(
                "check-in every (days)", 30, "Empty: no regular check-ins required."
            ),
        ),
        migrations.AddField(
            model_name="tier",
            name="quarterly_review_days",
            field=cadence_field(
                "quarterly review every (days)", 90, "Empty: no quarterly reviews required."
            ),
        ),
        migrations.AddField(
            model_name="tier",
            name="executive_review_days",
            field=cadence_field(
                "executive review every (days)", 365, "Empty: no executive reviews required."
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
