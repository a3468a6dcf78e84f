# The evidence of nominations submitted before issue 13 becomes the nominees' contributions, as
# submitting does now (contributions/evidence.py): self-reported, once per link, audited as done by
# the system.

from django.db import migrations


def record_submitted_evidence(apps, schema_editor):
    Evidence = apps.get_model("nominations", "Evidence")
    Contribution = apps.get_model("contributions", "Contribution")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    items = (
        Evidence.objects.filter(nomination__submitted__isnull=False)
        .exclude(nomination__state="draft")
        .select_related("nomination")
        .order_by("id")
    )
    for item in items.iterator():
        nominee_id = item.nomination.nominee_id
        external_id = f"evidence:{item.pk}"
        if Contribution.objects.filter(source="nomination", external_id=external_id).exists():
            continue
        if item.url and Contribution.objects.filter(contributor_id=nominee_id, url=item.url).exists():
            continue
        contribution = Contribution.objects.create(
            contributor_id=nominee_id,
            kind=item.kind,
            date=item.date,
            title=item.title,
            url=item.url,
            source="nomination",
            external_id=external_id,
            recorded_by_id=item.added_by_id,
            verified=False,
        )
        AuditEvent.objects.create(
            actor=None,
            actor_name="system",
            verb="contribution.recorded",
            object_type="contributions.contribution",
            object_id=str(contribution.pk),
            object_repr=f"{contribution.title} ({contribution.date})"[:200],
            to_state="unverified",
            reason=f"Evidence of nomination #{item.nomination_id}, submitted before evidence counted.",
            data={"nomination": item.nomination_id, "evidence": item.pk},
        )


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_initial"),
        ("contributions", "0004_slack_source_and_run_summary"),
        ("nominations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(record_submitted_evidence, migrations.RunPython.noop),
    ]
