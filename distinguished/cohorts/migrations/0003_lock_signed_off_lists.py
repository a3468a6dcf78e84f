"""Cycles signed off before `Cycle.list_signed_off` existed get it from their sign-off."""

from django.db import migrations


def lock(apps, schema_editor):
    SignOff = apps.get_model("cohorts", "SignOff")
    Cycle = apps.get_model("program", "Cycle")
    for cycle_id, signed in SignOff.objects.values_list("cycle_id", "signed"):
        Cycle.objects.filter(pk=cycle_id, list_signed_off__isnull=True).update(list_signed_off=signed)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0002_recorded_announcements"),
        ("program", "0004_cycle_list_signed_off"),
    ]

    operations = [migrations.RunPython(lock, migrations.RunPython.noop)]
