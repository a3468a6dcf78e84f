"""A recorded announcement names its cycle's first terms when it is read (issue 18): its award
rows, written when it was published and when a later term joined it, go (the next migration makes
an award's nomination required). Backwards, each recorded announcement gets an award for every
first term its cycle has then."""

from django.db import migrations


def drop_recorded_awards(apps, schema_editor):
    Award = apps.get_model("cohorts", "Award")
    Award.objects.filter(announcement__recorded=True).delete()


def restore_recorded_awards(apps, schema_editor):
    Award = apps.get_model("cohorts", "Award")
    Announcement = apps.get_model("cohorts", "Announcement")
    Membership = apps.get_model("membership", "Membership")
    for announced in Announcement.objects.filter(recorded=True):
        terms = Membership.objects.filter(cycle_id=announced.cycle_id, previous__isnull=True)
        Award.objects.bulk_create(Award(announcement=announced, membership=term) for term in terms)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0005_announcement_language"),
        ("membership", "0005_directory_listing"),
    ]

    operations = [migrations.RunPython(drop_recorded_awards, restore_recorded_awards)]
