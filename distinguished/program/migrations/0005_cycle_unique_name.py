"""Two cycles may not share a name: nominators choose among the open cycles by name. A database
whose cycles already share one stops here, naming them, before anything changes."""

from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_shared_names(apps, schema_editor):
    Cycle = apps.get_model("program", "Cycle")
    shared = (
        Cycle.objects.annotate(key=Lower("name"))
        .values("key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("key", flat=True)
    )
    clashes = []
    for key in shared:
        slugs = sorted(c.slug for c in Cycle.objects.all() if c.name.lower() == key)
        clashes.append(f"“{key}” ({', '.join(slugs)})")
    if clashes:
        raise RuntimeError(
            "Cycles must have different names; these share one: "
            + "; ".join(clashes)
            + ". Rename all but one of each (Django admin or PATCH /api/v1/cycles/{slug}/), then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("program", "0004_cycle_list_signed_off"),
    ]

    operations = [
        migrations.RunPython(refuse_shared_names, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="cycle",
            constraint=models.UniqueConstraint(fields=("name",), name="cycle_unique_name"),
        ),
    ]
